"""Lists: my proposals, the unit queue, the register and its export."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from cppcc.choices import cache_model_choices
from cppcc.pagination import CappedPaginator
from cppcc.views import xlsx_response
from members.models import Role

from .. import permissions, selectors
from ..filters import ProposalFilter
from ..resources import ProposalResource
from ._common import _page


# --- lists -----------------------------------------------------------------------------------
def proposal_mine(request):
    page = _page(request, selectors.proposal_list_mine(user=request.user))
    invitations = list(selectors.cosign_invitations(user=request.user))
    return render(request, "proposals/mine.html", {"page_obj": page, "invitations": invitations})


def unit_queue(request):
    if request.user.role != Role.UNIT:
        raise PermissionDenied("只有承办单位用户可以查看本单位提案。")
    page = _page(request, selectors.unit_queue(user=request.user))
    return render(request, "proposals/unit_queue.html", {"page_obj": page, "today": timezone.localdate()})


def _register_filter(request):
    if not permissions.can_view_register(request.user):
        raise PermissionDenied("只有机关工作人员和领导可以查看提案管理。")
    flt = ProposalFilter(request.GET or None, queryset=selectors.register_queryset(user=request.user))
    cache_model_choices(flt.form, "plenary", "category", "unit")
    return flt


def register(request):
    flt = _register_filter(request)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    return render(
        request,
        "proposals/register.html",
        {
            "filter": flt,
            # a keyword search counts up to a cap ("1,000+"); other filters count exactly
            "page_obj": _page(
                request,
                selectors.table_rows(qs),
                CappedPaginator if request.GET.get("q", "").strip() else Paginator,
            ),
            "can_export": permissions.can_export(request.user),
            "selectable": permissions.can_batch_review(request.user),
            "query": request.GET.urlencode(),
        },
    )


def register_export(request):
    if not permissions.can_export(request.user):
        raise PermissionDenied("只有机关工作人员可以导出。")
    flt = _register_filter(request)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    dataset = ProposalResource().export(queryset=selectors.export_rows(qs))
    return xlsx_response(dataset.export("xlsx"), f"proposals-{timezone.localdate():%Y%m%d}.xlsx")

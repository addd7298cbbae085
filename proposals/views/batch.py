"""批量审查交办: submitted proposals with suggestions from history; 立案 + 交办 of a selection at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc.params import id_list, id_param
from cppcc.templatetags.portal import option_pairs
from cppcc.views import xlsx_response
from members.models import HandlingUnit

from .. import permissions, selectors, services, suggest
from ..models import Category
from ..resources import ProposalResource
from .detail import _print_context

BATCH_PAGE_SIZE = 50


def _require(request):
    if not permissions.can_batch_review(request.user):
        raise PermissionDenied("只有机关工作人员可以批量审查交办提案。")


def _choices():
    return list(Category.objects.order_by("order", "id")), list(
        HandlingUnit.objects.filter(is_active=True).order_by("order", "id")
    )


def _rows(page, posted=None):
    found = suggest.suggestions_for(list(page.object_list))
    picked = set(id_list(posted.getlist("pick"))) if posted is not None else None
    rows = []
    for p in page.object_list:
        suggestion, merges = found[p.pk]
        if posted is not None:
            chosen = {
                "category": id_param(posted.get(f"category_{p.pk}")),
                "lead": id_param(posted.get(f"lead_{p.pk}")),
                "assisting": set(id_list(posted.getlist(f"assist_{p.pk}"))),
                "picked": p.pk in picked,
            }
        else:
            chosen = {
                "category": suggestion.category.pk if suggestion.category else p.category_id,
                "lead": suggestion.lead_unit.pk if suggestion.lead_unit else None,
                "assisting": {v.pk for v in suggestion.assisting},
                "picked": False,
            }
        rows.append({"p": p, "s": suggestion, "merges": merges, "chosen": chosen})
    return rows


def _parse(post, categories, units) -> list[services.BatchRow]:
    """The selected rows with their category and units; an unknown choice names its row."""
    cats = {c.pk: c for c in categories}
    by_pk = {u.pk: u for u in units}
    rows = []
    for pk in id_list(post.getlist("pick"))[: services.batch.BATCH_MAX]:
        lead = by_pk.get(id_param(post.get(f"lead_{pk}")))
        rows.append(
            services.BatchRow(
                proposal_id=pk,
                category=cats.get(id_param(post.get(f"category_{pk}"))),
                lead_unit=lead,
                assisting_units=[
                    by_pk[u] for u in id_list(post.getlist(f"assist_{pk}")) if u in by_pk and by_pk[u] != lead
                ],
            )
        )
    return rows


def batch_review(request):
    _require(request)
    page = Paginator(selectors.review_queue(), BATCH_PAGE_SIZE).get_page(request.GET.get("page"))
    categories, units = _choices()
    posted = None
    if request.method == "POST":
        action = request.POST.get("do")
        try:
            if action == "accept_assign":
                done = services.proposals_batch_accept_assign(
                    rows=_parse(request.POST, categories, units), by=request.user
                )
                messages.success(request, f"已立案并交办 {len(done)} 件提案,各承办单位收到一条汇总通知。")
                return redirect(f"{reverse('proposals:batch')}?page={page.number}")
            raise ValidationError("请选择要执行的批量操作。")
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
            posted = request.POST
    return render(
        request,
        "proposals/batch.html",
        {
            "page_obj": page,
            "rows": _rows(page, posted),
            # each select repeats on 50 rows: the options are escaped once and written by a plain loop
            "category_options": option_pairs(categories),
            "unit_options": option_pairs(units),
        },
    )


SELECTION_MAX = 200


@require_POST
def selection_action(request):
    """The register's list actions on the ticked rows: export, print / PDF of 提案表, 评为优秀提案."""
    _require(request)
    ids = list(dict.fromkeys(id_list(request.POST.getlist("ids"))))[:SELECTION_MAX]
    query = QueryDict(request.POST.get("query", "")).urlencode()
    back = reverse("proposals:register") + (f"?{query}" if query else "")
    action = request.POST.get("do")
    visible = selectors.register_queryset(user=request.user).filter(pk__in=ids)
    if not ids:
        messages.error(request, "请先勾选提案。")
        return redirect(back)
    if action == "export":
        dataset = ProposalResource().export(queryset=selectors.export_rows(visible))
        return xlsx_response(dataset.export("xlsx"), f"proposals-selected-{timezone.localdate():%Y%m%d}.xlsx")
    if action in ("print", "pdf"):
        found = set(visible.values_list("pk", flat=True))
        sheets = [_print_context(request, pk) for pk in ids if pk in found]
        if action == "print":
            return render(request, "proposals/print_selection.html", {"sheets": sheets})
        from weasyprint import HTML

        html = render_to_string(
            "proposals/print_selection.html", {"sheets": sheets, "pdf": True}, request=request
        )
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="proposals-selected.pdf"'
        return response
    if action == "excellent":
        try:
            done = services.proposals_batch_mark_excellent(proposal_ids=ids, by=request.user)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            messages.success(request, f"已将 {len(done)} 件提案评为优秀提案。")
        return redirect(back)
    messages.error(request, "请选择要执行的操作。")
    return redirect(back)

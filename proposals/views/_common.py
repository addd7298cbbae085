"""Shared by the proposal views."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404

from .. import conf, selectors
from ..models import Proposal


def _page(request, qs, paginator: type[Paginator] = Paginator):
    return paginator(qs, conf.LIST_PAGE_SIZE).get_page(request.GET.get("page"))


def _get_proposal(user, pk) -> Proposal:
    try:
        return selectors.proposal_get(user=user, pk=pk)
    except Proposal.DoesNotExist:
        raise Http404("没有找到这件提案,或您无权查看。") from None

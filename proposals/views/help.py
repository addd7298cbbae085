"""Help while drafting (htmx fragment): similar proposals of recent years with their replies and a
pre-check of the draft's shape. It advises, never blocks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from cppcc.params import this_year

from .. import conf, permissions, suggest
from ..models import Proposal

TEXT_CAP = conf.PROPOSAL_BODY_MAX_CHARS + 1000


@require_POST
def draft_help(request):
    if not permissions.can_create_proposal(request.user):
        raise PermissionDenied("您的角色不能提出提案。")
    title = request.POST.get("title", "")[: conf.PROPOSAL_TITLE_MAX_CHARS + 1000]
    body = request.POST.get("body", "")[:TEXT_CAP]
    found = suggest.similar_for_draft(title=title, body=body, today_year=this_year())
    visible = set(
        Proposal.objects.filter(permissions.proposal_visibility_q(request.user))
        .filter(pk__in=[doc.pk for _, doc in found])
        .values_list("pk", flat=True)
    )
    # only what this user may open (a reply that is not public stays with its proposer and the office)
    similar = [{"doc": doc, "score": score, "open": True} for score, doc in found if doc.pk in visible]
    advice = suggest.draft_advice(
        title=title,
        body=body,
        title_max=conf.PROPOSAL_TITLE_MAX_CHARS,
        body_max=conf.PROPOSAL_BODY_MAX_CHARS,
    )
    return render(
        request,
        "proposals/_draft_help.html",
        {"similar": similar, "advice": advice, "started": bool(title.strip() or body.strip())},
    )

"""Writing a proposal: create and edit drafts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from cppcc.workflow import TransitionNotAllowed
from cppcc.workflow_views import error_text

from .. import forms, permissions, services
from ..models import Proposal
from ._common import _get_proposal


# --- create and edit -------------------------------------------------------------------------
def proposal_create(request):
    if not permissions.can_create_proposal(request.user):
        raise PermissionDenied("您的角色不能提出提案。")
    return _proposal_form(request, None)


def proposal_edit(request, pk: int):
    proposal = _get_proposal(request.user, pk)
    if not permissions.can_edit_proposal(proposal, request.user):
        raise PermissionDenied("只有提案人可以修改草稿或退回修改的提案。")
    return _proposal_form(request, proposal)


def _proposal_form(request, proposal):
    initial = {}
    if proposal is not None:
        initial = {
            "title": proposal.title,
            "category": proposal.category_id,
            "body": proposal.body,
            "organisation": proposal.organisation_id,
            "cosigners": [s.member_id for s in proposal.signers.all() if s.role == "cosigner"],
            "token": "edit",
        }
    form = forms.ProposalForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.proposal_save_draft(
                by=request.user,
                title=data["title"],
                category=data["category"],
                body=data["body"],
                cosigners=list(data["cosigners"]),
                organisation=data.get("organisation"),
                proposal=proposal,
                token=None if proposal else data.get("token"),
                files=[data["attachment"]] if data.get("attachment") else [],
            )
            if "submit" in request.POST:
                services.proposal_submit(proposal=saved, by=request.user)
                messages.success(request, "提案已提交,等待提案委审查。")
            else:
                messages.success(request, "草稿已保存。")
            return redirect(saved)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            messages.error(request, error_text(exc))
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
            existing = Proposal.objects.filter(client_token=form.cleaned_data.get("token") or "-").first()
            if existing is not None:
                return redirect(existing)
    elif request.method == "POST":
        messages.error(request, "请检查填写的内容。")
    return render(request, "proposals/form.html", {"form": form, "proposal": proposal})

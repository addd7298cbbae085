"""A proposal's page, its workflow actions (one view for all: cppcc.workflow_views.run_action), attachments, print and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from cppcc.choices import cache_model_choices
from cppcc.uploads import serve_file
from cppcc.workflow_views import action_forms, run_action

from .. import forms, permissions, selectors, services
from ..models import Assignment, Attachment, Reply
from ..workflow import proposal_machine
from ._common import _get_proposal

# --- detail, actions -------------------------------------------------------------------------
# Every action is a row of proposals/workflow.py (its form, service and message); this page only
# loops over what the machine offers.
EXTENSION_DECISIONS = ("approve_extension", "refuse_extension")


def _detail_context(request, proposal, bound=None):
    user = request.user
    relations = proposal_machine.relations(proposal, user)
    parts = selectors.proposal_detail_parts(proposal=proposal)
    similar = (
        selectors.proposal_similar(proposal=proposal)
        if "staff" in relations and proposal.status in ("submitted", "reviewing")
        else []
    )
    my_signer = next((s for s in proposal.signers.all() if s.member.user_id == user.pk), None)
    decisions = [t for t in proposal_machine.available(proposal, user) if t.action in EXTENSION_DECISIONS]
    pending = [a for a in parts["assignments"] if a.extension == Assignment.Extension.REQUESTED]
    actions = action_forms(proposal_machine, proposal, user, bound)
    for _t, form in actions:
        if form is not None:
            cache_model_choices(form)  # e.g. the leader lists of two forms: one cached list
    return {
        "proposal": proposal,
        "relations": relations,
        "actions": actions,
        "similar": similar,
        "show_reply": permissions.can_view_reply(proposal, user, relations),
        "can_edit": permissions.can_edit_proposal(proposal, user),
        "attachment_form": forms.AttachmentForm()
        if permissions.can_add_proposal_attachment(proposal, user)
        else None,
        "my_signer": my_signer,
        "pending_extensions": [
            (
                a,
                [
                    (
                        t,
                        proposal_machine.build_form(
                            t, proposal, user, initial={"assignment": a.pk}, auto_id=f"ext{a.pk}_%s"
                        ),
                    )
                    for t in decisions
                ],
            )
            for a in pending
        ]
        if decisions
        else [],
        **parts,
    }


def proposal_detail(request, pk: int):
    proposal = _get_proposal(request.user, pk)
    return render(request, "proposals/detail.html", _detail_context(request, proposal))


@require_POST
def proposal_action(request, pk: int, action: str):
    proposal = _get_proposal(request.user, pk)

    def render_page(bound=None, status=200):
        fresh = _get_proposal(request.user, pk)
        return render(request, "proposals/detail.html", _detail_context(request, fresh, bound), status=status)

    return run_action(
        request,
        machine=proposal_machine,
        obj=proposal,
        action=action,
        render_page=render_page,
        success_url=reverse("proposals:detail", args=[pk]),
    )


@require_POST
def attachment_upload(request, pk: int):
    proposal = _get_proposal(request.user, pk)
    if not permissions.can_add_proposal_attachment(proposal, request.user):
        raise PermissionDenied("只有提案人可以在提交前上传附件。")
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, ";".join(e for errors in form.errors.values() for e in errors))
        return redirect(proposal)
    services.attachment_add(proposal=proposal, by=request.user, file=form.cleaned_data["file"])
    messages.success(request, "附件已上传。")
    return redirect(proposal)


def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment, pk=pk)
    _get_proposal(request.user, attachment.proposal_id)
    return serve_file(attachment.file, attachment.name)


def reply_letter_download(request, pk: int):
    reply = get_object_or_404(Reply, pk=pk)
    proposal = _get_proposal(request.user, reply.proposal_id)
    relations = proposal_machine.relations(proposal, request.user)
    if not reply.letter or not permissions.can_view_reply(proposal, request.user, relations):
        raise Http404("没有找到答复函。")
    return serve_file(reply.letter)


def _print_context(request, pk):
    proposal = _get_proposal(request.user, pk)
    relations = proposal_machine.relations(proposal, request.user)
    return {
        "proposal": proposal,
        "show_reply": permissions.can_view_reply(proposal, request.user, relations),
        **selectors.proposal_detail_parts(proposal=proposal),
    }


def proposal_print(request, pk: int):
    return render(request, "proposals/print.html", _print_context(request, pk))


def proposal_pdf(request, pk: int):
    from weasyprint import HTML

    html = render_to_string(
        "proposals/print.html", {**_print_context(request, pk), "pdf": True}, request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="proposal-{pk}.pdf"'
    return response

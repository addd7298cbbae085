"""Thin views: parse input, call one service or selector, render. Refused transitions and invalid
input are shown with messages.error and the form re-rendered with what the user typed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc.params import year_param
from cppcc.uploads import serve_file
from cppcc.views import xlsx_response
from cppcc.workflow import TransitionNotAllowed
from cppcc.workflow_views import action_forms, error_text, run_action
from members.models import Role

from . import conf, forms, permissions, selectors, services
from .filters import ProposalFilter
from .models import Assignment, Attachment, OpinionStatus, Proposal, PublicOpinion, Reply
from .resources import ProposalResource
from .workflow import opinion_machine, proposal_machine


def _page(request, qs):
    return Paginator(qs, conf.LIST_PAGE_SIZE).get_page(request.GET.get("page"))


def _get_proposal(user, pk) -> Proposal:
    try:
        return selectors.proposal_get(user=user, pk=pk)
    except Proposal.DoesNotExist:
        raise Http404("没有找到这件提案,或您无权查看。") from None


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
    return ProposalFilter(request.GET or None, queryset=selectors.register_queryset(user=request.user))


def register(request):
    flt = _register_filter(request)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    return render(
        request,
        "proposals/register.html",
        {
            "filter": flt,
            "page_obj": _page(request, qs),
            "can_export": permissions.can_export(request.user),
            "query": request.GET.urlencode(),
        },
    )


def register_export(request):
    if not permissions.can_export(request.user):
        raise PermissionDenied("只有机关工作人员可以导出。")
    flt = _register_filter(request)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    dataset = ProposalResource().export(queryset=qs)
    return xlsx_response(dataset.export("xlsx"), f"proposals-{timezone.localdate():%Y%m%d}.xlsx")


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
    return {
        "proposal": proposal,
        "relations": relations,
        "actions": action_forms(proposal_machine, proposal, user, bound),
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


# --- public opinion --------------------------------------------------------------------------
def opinion_list(request):
    if not permissions.can_view_opinions(request.user):
        raise PermissionDenied("您的角色无权查看社情民意。")
    qs = selectors.opinion_visible(user=request.user)
    status = request.GET.get("status")
    if status in OpinionStatus.values:
        qs = qs.filter(status=status)
    year = year_param(request.GET.get("year"))
    if year:
        qs = qs.filter(received_on__year=year)
    return render(
        request,
        "proposals/opinion_list.html",
        {"page_obj": _page(request, qs), "can_submit": permissions.can_submit_opinion(request.user)},
    )


def opinion_create(request):
    if not permissions.can_submit_opinion(request.user):
        raise PermissionDenied("您的角色不能报送社情民意。")
    form = forms.OpinionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = services.opinion_submit(
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                organisation=form.cleaned_data.get("organisation"),
            )
            messages.success(request, "社情民意信息已报送。")
            return redirect(opinion)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    elif request.method == "POST":
        messages.error(request, "请检查填写的内容。")
    return render(request, "proposals/opinion_form.html", {"form": form})


def _get_opinion(user, pk) -> PublicOpinion:
    try:
        return selectors.opinion_visible(user=user).get(pk=pk)
    except PublicOpinion.DoesNotExist:
        raise Http404("没有找到这条社情民意,或您无权查看。") from None


def _opinion_context(request, opinion, bound=None):
    return {
        "opinion": opinion,
        "actions": action_forms(opinion_machine, opinion, request.user, bound),
        **selectors.opinion_detail_parts(opinion=opinion),
    }


def opinion_detail(request, pk: int):
    opinion = _get_opinion(request.user, pk)
    return render(request, "proposals/opinion_detail.html", _opinion_context(request, opinion))


@require_POST
def opinion_action(request, pk: int, action: str):
    opinion = _get_opinion(request.user, pk)

    def render_page(bound=None, status=200):
        fresh = _get_opinion(request.user, pk)
        return render(
            request, "proposals/opinion_detail.html", _opinion_context(request, fresh, bound), status=status
        )

    return run_action(request, machine=opinion_machine, obj=opinion, action=action, render_page=render_page)

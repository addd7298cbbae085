"""Thin views: parse input, call one service or selector, render. Refused transitions and invalid
input are shown with messages.error and the form re-rendered with what the user typed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc.uploads import serve_file
from cppcc.views import xlsx_response
from cppcc.workflow import TransitionNotAllowed
from members.models import Role

from . import conf, forms, permissions, selectors, services
from .filters import ProposalFilter
from .models import Assignment, Attachment, Proposal, PublicOpinion, Reply
from .resources import ProposalResource
from .workflow import opinion_machine, proposal_machine


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return ";".join(exc.messages)
    return str(exc)


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
            messages.error(request, _error_text(exc))
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
            existing = Proposal.objects.filter(client_token=form.cleaned_data.get("token") or "-").first()
            if existing is not None:
                return redirect(existing)
    elif request.method == "POST":
        messages.error(request, "请检查填写的内容。")
    return render(request, "proposals/form.html", {"form": form, "proposal": proposal})


# --- detail, actions -------------------------------------------------------------------------
ACTION_FORMS = {
    "reject": forms.RejectForm,
    "merge": forms.MergeForm,
    "send_back": forms.NoteForm,
    "assign": forms.AssignForm,
    "object": forms.NoteForm,
    "contact": forms.ContactForm,
    "assisting_opinion": forms.TextForm,
    "request_extension": forms.ExtensionForm,
    "reply": forms.ReplyForm,
    "return_reply": forms.NoteForm,
    "approve_reply": forms.NoteForm,
    "rate": forms.RatingForm,
    "follow_up": forms.TextForm,
    "close": forms.NoteForm,
    "mark_key": forms.KeyForm,
    "instruct": forms.InstructionForm,
    "accept": forms.NoteForm,
}
# actions whose form is shown under another action's name
FORM_ALIASES = {"reply_part": "reply", "rate_unsatisfied": "rate"}
# not offered as buttons: chosen by the service (reply_part, rate_unsatisfied) or shown beside the
# extension request they decide
HIDDEN_ACTIONS = {"reply_part", "rate_unsatisfied", "approve_extension", "refuse_extension"}


def _detail_context(request, proposal, bound=None):
    user = request.user
    relations = proposal_machine.relations(proposal, user)
    available = proposal_machine.available(proposal, user)
    shown = []
    for t in available:
        if t.action in HIDDEN_ACTIONS:
            continue
        form_class = ACTION_FORMS.get(t.action)
        if bound is not None and bound.prefix == t.action:
            form = bound
        else:
            form = form_class(prefix=t.action) if form_class else None
        shown.append((t, form))
    parts = selectors.proposal_detail_parts(proposal=proposal)
    similar = (
        selectors.proposal_similar(proposal=proposal)
        if "staff" in relations and proposal.status in ("submitted", "reviewing")
        else []
    )
    my_signer = next((s for s in proposal.signers.all() if s.member.user_id == user.pk), None)
    return {
        "proposal": proposal,
        "relations": relations,
        "actions": shown,
        "similar": similar,
        "show_reply": permissions.can_view_reply(proposal, user, relations),
        "can_edit": permissions.can_edit_proposal(proposal, user),
        "attachment_form": forms.AttachmentForm()
        if permissions.can_add_proposal_attachment(proposal, user)
        else None,
        "my_signer": my_signer,
        "pending_extensions": [
            a for a in parts["assignments"] if a.extension == Assignment.Extension.REQUESTED
        ]
        if "staff" in relations
        else [],
        **parts,
    }


def proposal_detail(request, pk: int):
    proposal = _get_proposal(request.user, pk)
    return render(request, "proposals/detail.html", _detail_context(request, proposal))


def _run_action(request, proposal, action, data):
    user = request.user
    p = {"proposal": proposal, "by": user}
    note = (data or {}).get("note", "")
    if action == "submit":
        return services.proposal_submit(**p), "提案已提交。"
    if action in ("cosign_confirm", "cosign_decline"):
        services.proposal_cosign_answer(**p, confirm=action == "cosign_confirm")
        return None, "已确认联名。" if action == "cosign_confirm" else "已谢绝联名。"
    if action == "start_review":
        return services.proposal_start_review(**p), "已开始审查。"
    if action == "accept":
        proposal = services.proposal_accept(**p, note=note)
        return proposal, f"已立案:{proposal.number_label}。"
    if action == "reject":
        services.proposal_reject(
            **p, reason=data["reason"], note=note, disposition=data.get("disposition") or ""
        )
        return None, "已作不予立案处理,并通知提案人。"
    if action == "merge":
        into = Proposal.objects.filter(pk=data["into"]).first()
        services.proposal_merge(**p, into=into, note=note)
        return None, "已并案。"
    if action == "send_back":
        services.proposal_send_back(**p, note=note)
        return None, "已退回提案人修改。"
    if action == "convert":
        services.proposal_convert(**p)
        return None, "已转为社情民意信息。"
    if action == "assign":
        services.proposal_assign(
            **p,
            lead_unit=data.get("lead_unit"),
            assisting_units=list(data.get("assisting_units") or []),
            split_units=list(data.get("split_units") or []),
            due_on=data.get("due_on"),
            note=note,
        )
        return None, "已交办。"
    if action == "object":
        services.assignment_object(**p, note=note)
        return None, "异议已提交提案委。"
    if action == "contact":
        services.contact_record(**p, date=data["date"], form=data["form"], summary=data["summary"])
        return None, "面商情况已记录。"
    if action == "assisting_opinion":
        services.assisting_opinion_send(**p, text=data["text"])
        return None, "协办意见已报送主办单位。"
    if action == "request_extension":
        services.extension_request(**p, until=data["until"], reason=data["reason"])
        return None, "延期申请已提交。"
    if action in ("approve_extension", "refuse_extension"):
        assignment = get_object_or_404(Assignment, pk=request.POST.get("assignment"), proposal=proposal)
        services.extension_decide(
            **p, assignment=assignment, approve=action == "approve_extension", note=note
        )
        return None, "延期申请已处理。"
    if action == "reply":
        services.reply_submit(
            **p,
            reply_class=data["reply_class"],
            text=data["text"],
            letter=data.get("letter"),
            is_public=data["is_public"],
        )
        return None, "答复已提交,等待提案委审核。"
    if action == "approve_reply":
        services.reply_check(**p, approve=True, note=note)
        return None, "答复已审核通过,已通知提案人。"
    if action == "return_reply":
        services.reply_check(**p, approve=False, note=note)
        return None, "答复已退回承办单位。"
    if action == "rate":
        services.proposal_rate(**p, level=data["level"], comment=data.get("comment", ""))
        return None, "评价已提交。"
    if action == "follow_up":
        services.follow_up_report(**p, text=data["text"])
        return None, "二次反馈已提交。"
    if action == "close":
        services.proposal_close(**p, note=note)
        return None, "已办结。"
    if action == "mark_key":
        services.proposal_mark_key(**p, leader=data["leader"])
        return None, "已列为重点提案。"
    if action == "mark_excellent":
        services.proposal_mark_excellent(**p)
        return None, "已评为优秀提案。"
    if action == "instruct":
        services.proposal_instruct(
            **p,
            leader=data.get("leader") or user,
            date=data["date"],
            text=data["text"],
            leader_title=data.get("leader_title", ""),
        )
        return None, "批示已添加。"
    raise TransitionNotAllowed(f"未知的操作「{action}」")


@require_POST
def proposal_action(request, pk: int, action: str):
    proposal = _get_proposal(request.user, pk)
    form_name = FORM_ALIASES.get(action, action)
    form_class = ACTION_FORMS.get(form_name)
    form = form_class(request.POST, request.FILES, prefix=form_name) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, "请检查填写的内容。")
        return render(
            request, "proposals/detail.html", _detail_context(request, proposal, bound=form), status=400
        )
    try:
        _, text = _run_action(request, proposal, action, form.cleaned_data if form else {})
    except (TransitionNotAllowed, ValidationError) as exc:
        messages.error(request, _error_text(exc))
        if form is not None:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    if field in form.fields:
                        form.add_error(field, errors)
            proposal = _get_proposal(request.user, pk)
            return render(
                request, "proposals/detail.html", _detail_context(request, proposal, bound=form), status=400
            )
        return redirect(proposal)
    messages.success(request, text)
    return redirect("proposals:detail", pk=pk)


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
OPINION_FORMS = {
    "compile": forms.CompileForm,
    "report": forms.ReportForm,
    "adopt": forms.AdoptForm,
    "feedback": forms.TextForm,
    "not_adopt": forms.NoteForm,
    "check": forms.NoteForm,
    "instruct": forms.InstructionForm,
}


def opinion_list(request):
    if not permissions.can_view_opinions(request.user):
        raise PermissionDenied("您的角色无权查看社情民意。")
    qs = selectors.opinion_visible(user=request.user)
    status = request.GET.get("status")
    if status:
        qs = qs.filter(status=status)
    year = request.GET.get("year")
    if year and year.isdigit():
        qs = qs.filter(received_on__year=int(year))
    figure = selectors.opinion_figures().get(request.GET.get("figure", ""))
    if figure is not None:  # exactly the rows a dashboard figure counts
        qs = qs.filter(figure)
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
            messages.error(request, _error_text(exc))
    elif request.method == "POST":
        messages.error(request, "请检查填写的内容。")
    return render(request, "proposals/opinion_form.html", {"form": form})


def _get_opinion(user, pk) -> PublicOpinion:
    try:
        return selectors.opinion_visible(user=user).get(pk=pk)
    except PublicOpinion.DoesNotExist:
        raise Http404("没有找到这条社情民意,或您无权查看。") from None


def _opinion_context(request, opinion, bound=None):
    actions = []
    for t in opinion_machine.available(opinion, request.user):
        cls = OPINION_FORMS.get(t.action)
        form = (
            bound
            if bound is not None and bound.prefix == t.action
            else (cls(prefix=t.action) if cls else None)
        )
        actions.append((t, form))
    return {"opinion": opinion, "actions": actions, **selectors.opinion_detail_parts(opinion=opinion)}


def opinion_detail(request, pk: int):
    opinion = _get_opinion(request.user, pk)
    return render(request, "proposals/opinion_detail.html", _opinion_context(request, opinion))


@require_POST
def opinion_action(request, pk: int, action: str):
    opinion = _get_opinion(request.user, pk)
    cls = OPINION_FORMS.get(action)
    form = cls(request.POST, prefix=action) if cls else None
    if form is not None and not form.is_valid():
        messages.error(request, "请检查填写的内容。")
        return render(
            request, "proposals/opinion_detail.html", _opinion_context(request, opinion, form), status=400
        )
    data = form.cleaned_data if form else {}
    o = {"opinion": opinion, "by": request.user}
    try:
        if action == "check":
            services.opinion_check(**o, note=data.get("note", ""))
        elif action == "compile":
            services.opinion_compile(**o, number=data["number"])
        elif action == "report":
            services.opinion_report(**o, sent_to=data["sent_to"], sent_on=data.get("sent_on"))
        elif action == "adopt":
            services.opinion_adopt(**o, level=data["level"], adopted_on=data.get("adopted_on"))
        elif action == "feedback":
            services.opinion_feedback(**o, text=data["text"])
        elif action == "not_adopt":
            services.opinion_not_adopt(**o, note=data.get("note", ""))
        elif action == "instruct":
            services.opinion_instruct(
                **o,
                leader=data.get("leader") or request.user,
                date=data["date"],
                text=data["text"],
                leader_title=data.get("leader_title", ""),
            )
        else:
            raise TransitionNotAllowed(f"未知的操作「{action}」")
    except (TransitionNotAllowed, ValidationError) as exc:
        messages.error(request, _error_text(exc))
        if form is not None:
            return render(
                request,
                "proposals/opinion_detail.html",
                _opinion_context(request, _get_opinion(request.user, pk), form),
                status=400,
            )
        return redirect(opinion)
    messages.success(request, "操作已完成。")
    return redirect(opinion)

"""Thin views: parse input, call one service or selector, render."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc.params import id_param, year_param
from cppcc.uploads import serve_file
from cppcc.views import xlsx_response
from cppcc.workflow import TransitionNotAllowed
from cppcc.workflow_views import action_forms, error_text, run_action
from members.models import HandlingUnit, SpecialCommittee

from . import forms, permissions, selectors, services
from .models import (
    Activity,
    ActivityDocument,
    ActivityKind,
    Invitation,
    PlanTopic,
    Suggestion,
    SuggestionStatus,
    SuggestionUpdate,
)
from .workflow import suggestion_machine

PAGE_SIZE = 30


_int = id_param  # ids in filters and field names: garbage -> None (cppcc/params.py)


def _year(request, default: int | None = None) -> int | None:
    return year_param(request.GET.get("year"), default)


def _staff_only(request):
    if not permissions.can_manage_activities(request.user):
        raise PermissionDenied("只有政协机关工作人员可以进行此操作。")


def _organisers_only(request):
    """The office or an organiser of some body (members.bodies); which activity is checked next."""
    if not (permissions.can_manage_activities(request.user) or permissions.is_body_organiser(request.user)):
        raise PermissionDenied("只有政协机关工作人员或机构组织者可以进行此操作。")


def _manager_only(request, activity):
    """The office, or the organiser of the activity's body (members.bodies)."""
    if not permissions.can_manage_activity(request.user, activity):
        raise PermissionDenied("只有政协机关或该活动所属机构的组织者可以进行此操作。")


# --- activities ------------------------------------------------------------------------------
def activity_list(request):
    filters = {
        "year": _year(request),
        "kind": _int(request.GET.get("kind")),
        "organiser_type": request.GET.get("organiser_type", ""),
        "major": request.GET.get("major") == "1",
        "q": request.GET.get("q", "").strip(),
        "figure": request.GET.get("figure", ""),  # exactly the rows a dashboard figure counts
    }
    page = Paginator(selectors.activity_list(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    this_year = timezone.localdate().year
    return render(
        request,
        "consultations/activity_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "kinds": ActivityKind.objects.all(),
            "organiser_types": Activity.OrganiserType.choices,
            "years": range(this_year + 1, 2016, -1),
            "can_manage": permissions.can_manage_activities(request.user),
        },
    )


def _activity_or_404(request, pk: int) -> Activity:
    try:
        activity = selectors.activity_get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404("活动不存在。") from None
    if not permissions.can_view_activity(request.user, activity):
        raise Http404("活动不存在。")
    return activity


def activity_detail(
    request, pk: int, respond_form=None, document_form=None, suggestion_form=None, invite_form=None
):
    activity = _activity_or_404(request, pk)
    can_manage = permissions.can_manage_activity(request.user, activity)
    sees_all = permissions.sees_everything(request.user)
    my_invitation = selectors.invitation_for(activity=activity, user=request.user)
    context = {
        "activity": activity,
        "can_manage": can_manage,
        "sees_all": sees_all,
        "my_invitation": my_invitation,
        "guests": list(activity.guests.all()),
        "documents": list(activity.documents.all()),
        "suggestions": list(selectors.activity_suggestions(activity=activity)),
        "summary": selectors.attendance_summary(activity=activity),
        "invitations": list(selectors.activity_invitations(activity=activity))
        if sees_all or can_manage
        else [],
        "respond_form": respond_form or forms.RespondForm(),
        "document_form": document_form or forms.DocumentForm(initial={"date": activity.date}),
        "suggestion_form": suggestion_form or forms.SuggestionForm(),
        "invite_form": invite_form or forms.InviteForm(),
    }
    return render(request, "consultations/activity_detail.html", context)


def activity_create(request):
    _staff_only(request)
    form = forms.ActivityForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                activity = services.activity_create(by=request.user, **data)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, f"活动已创建,已向 {activity.invitations.count()} 位委员发出邀请。")
                return redirect(activity)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(request, "consultations/activity_form.html", {"form": form})


@require_POST
def activity_invite(request, pk: int):
    _organisers_only(request)
    activity = _activity_or_404(request, pk)
    _manager_only(request, activity)
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        new = services.activity_invite(
            activity=activity, members=form.cleaned_data["members"], by=request.user
        )
        messages.success(request, f"已向 {len(new)} 位委员发出邀请。")
        return redirect(activity)
    messages.error(request, "请选择要邀请的委员。")
    return activity_detail(request, pk, invite_form=form)


@require_POST
def invitation_respond(request, pk: int):
    activity = _activity_or_404(request, pk)
    invitation = selectors.invitation_for(activity=activity, user=request.user)
    if invitation is None:
        raise Http404("您未被邀请参加该活动。")
    form = forms.RespondForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_respond(invitation=invitation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return activity_detail(request, pk, respond_form=form)
        messages.success(request, "答复已提交。")
        return redirect(activity)
    messages.error(request, "请选择确认参加或请假。")
    return activity_detail(request, pk, respond_form=form)


def attendance(request, pk: int):
    _organisers_only(request)
    activity = _activity_or_404(request, pk)
    _manager_only(request, activity)
    invitations = list(selectors.activity_invitations(activity=activity))
    posted = {}
    if request.method == "POST":
        marks = {}
        bad = False
        for key, value in request.POST.items():
            if key.startswith("att_"):
                invitation_id = _int(key[4:])
                if invitation_id is None:
                    bad = True
                    continue
                marks[invitation_id] = value
        posted = {str(k): v for k, v in marks.items()}
        try:
            if bad:
                raise ValidationError("出勤名单中有无效的人员,请刷新页面后重新登记。")
            changed = services.attendance_record(activity=activity, marks=marks, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"出勤已登记(更新 {changed} 人)。")
            return redirect(activity)
    rows = [(i, posted.get(str(i.pk), i.attendance)) for i in invitations]
    return render(
        request,
        "consultations/attendance.html",
        {"activity": activity, "rows": rows, "choices": Invitation.Attendance.choices},
    )


@require_POST
def document_add(request, pk: int):
    _organisers_only(request)
    activity = _activity_or_404(request, pk)
    _manager_only(request, activity)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.activity_document_add(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "成果文件已保存。")
            return redirect(activity)
    else:
        messages.error(request, "文件未保存,请检查标记的字段。")
    return activity_detail(request, pk, document_form=form)


def document_download(request, pk: int):
    document = get_object_or_404(ActivityDocument.objects.select_related("activity"), pk=pk)
    if not document.file or not permissions.can_download_document(request.user, document):
        raise Http404("文件不存在。")
    return serve_file(document.file)


@require_POST
def suggestion_add(request, pk: int):
    _organisers_only(request)
    activity = _activity_or_404(request, pk)
    _manager_only(request, activity)
    form = forms.SuggestionForm(request.POST)
    if form.is_valid():
        try:
            suggestion = services.suggestion_add(activity=activity, by=request.user, **form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"建议已录入(第{suggestion.number}条)。")
            return redirect(activity)
    else:
        messages.error(request, "建议未保存,请检查标记的字段。")
    return activity_detail(request, pk, suggestion_form=form)


# --- suggestions -----------------------------------------------------------------------------
def _suggestion_or_404(request, pk: int) -> Suggestion:
    try:
        suggestion = selectors.suggestion_get(pk=pk)
    except Suggestion.DoesNotExist:
        raise Http404("建议不存在。") from None
    if not permissions.can_view_suggestion(request.user, suggestion):
        raise Http404("建议不存在。")
    return suggestion


def _suggestion_page(request, suggestion, bound=None, status=200):
    selectors.decorate_suggestions([suggestion])
    user = request.user
    reviews = list(selectors.suggestion_reviews(suggestion=suggestion))
    context = {
        "suggestion": suggestion,
        "activity": suggestion.activity,
        "can": {t.action: True for t in suggestion_machine.available(suggestion, user)},
        "actions": action_forms(suggestion_machine, suggestion, user, bound),
        "close_warning": services.close_warning(suggestion)
        if suggestion_machine.can(suggestion, "close", user)
        else "",
        "events": list(selectors.suggestion_timeline(suggestion=suggestion)),
        "updates": list(selectors.suggestion_updates(suggestion=suggestion)),
        "reviews": reviews,
        "instructions": selectors.suggestion_instructions(suggestion=suggestion),
    }
    return render(request, "consultations/suggestion_detail.html", context, status=status)


def suggestion_detail(request, pk: int):
    return _suggestion_page(request, _suggestion_or_404(request, pk))


@require_POST
def suggestion_action(request, pk: int, action: str):
    """Every action on a suggestion: its form, service and message are rows of
    consultations/workflow.py."""
    suggestion = _suggestion_or_404(request, pk)

    def render_page(bound=None, status=200):
        return _suggestion_page(request, _suggestion_or_404(request, pk), bound, status)

    return run_action(
        request, machine=suggestion_machine, obj=suggestion, action=action, render_page=render_page
    )


def update_attachment(request, pk: int):
    update = get_object_or_404(SuggestionUpdate.objects.select_related("suggestion"), pk=pk)
    if not update.attachment or not permissions.can_view_suggestion(request.user, update.suggestion):
        raise Http404("文件不存在。")
    return serve_file(update.attachment)


def board(request):
    if not permissions.can_use_board(request.user):
        raise PermissionDenied("您的角色无权查看建议办理。")
    filters = {
        "year": _year(request),
        "status": request.GET.get("status", "")
        if request.GET.get("status") in SuggestionStatus.values
        else "",
        "unit": _int(request.GET.get("unit")),
        "overdue": request.GET.get("overdue") == "1",
        "quick": request.GET.get("quick") == "1",
        "q": request.GET.get("q", "").strip(),
        "figure": request.GET.get("figure", ""),  # exactly the rows a dashboard figure counts
    }
    page = Paginator(selectors.suggestion_board(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.decorate_suggestions(page.object_list)
    sees_all = permissions.sees_everything(request.user)
    this_year = timezone.localdate().year
    return render(
        request,
        "consultations/board.html",
        {
            "page_obj": page,
            "filters": filters,
            "statuses": SuggestionStatus.choices,
            "units": HandlingUnit.objects.filter(is_active=True) if sees_all else [],
            "years": range(this_year, 2016, -1),
            "sees_all": sees_all,
        },
    )


def tracking_report(request):
    if not permissions.can_view_tracking_report(request.user):
        raise PermissionDenied("您的角色无权查看跟踪报告。")
    year = _year(request, timezone.localdate().year)
    rows = selectors.tracking_report(year=year)
    stats = selectors.suggestion_stats(year=year)
    if request.GET.get("format") == "xlsx":
        return _tracking_xlsx(year, rows)
    return render(
        request,
        "consultations/tracking_report.html",
        {"year": year, "rows": rows, "stats": stats, "years": range(timezone.localdate().year, 2016, -1)},
    )


def _tracking_xlsx(year: int, rows) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年协商建议跟踪"
    ws.append(
        [
            "活动日期",
            "活动类型",
            "活动主题",
            "序号",
            "建议内容",
            "责任单位",
            "反馈期限",
            "状态",
            "落实情况",
            "快速落地",
            "批示数",
            "最新进展",
            "待办",
        ]
    )
    for s in rows:
        ws.append(
            [
                s.activity.date,
                s.activity.kind.name,
                s.activity.topic,
                s.number,
                s.text,
                s.unit.name if s.unit else "",
                s.due_date,
                s.get_status_display(),
                s.get_outcome_display() if s.outcome else "",
                "是" if s.landed_quickly else "",
                s.n_instructions,
                s.last_update_text or "",
                s.waiting,
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return xlsx_response(buffer.getvalue(), f"suggestions-{year}.xlsx")


# --- the annual plan -------------------------------------------------------------------------
def plan(request, topic_form=None):
    if not permissions.sees_everything(request.user):
        raise PermissionDenied("您的角色无权查看年度协商计划。")
    year = _year(request, timezone.localdate().year)
    topics = selectors.plan_for_year(year=year)
    counts = {
        state: sum(1 for t in topics if t.state == state) for state in ("gathered", "planned", "done", "late")
    }
    return render(
        request,
        "consultations/plan.html",
        {
            "year": year,
            "topics": topics,
            "counts": counts,
            "years": range(timezone.localdate().year + 1, 2016, -1),
            "can_manage": permissions.can_manage_activities(request.user),
            "topic_form": topic_form or forms.PlanTopicForm(),
            "committees": SpecialCommittee.objects.filter(is_active=True),
        },
    )


@require_POST
def plan_topic_add(request):
    _staff_only(request)
    year = _year(request, timezone.localdate().year)
    form = forms.PlanTopicForm(request.POST)
    if form.is_valid():
        try:
            services.plan_topic_add(year=year, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "议题已录入。")
            return redirect(f"{reverse('consultations:plan')}?year={year}")
    else:
        messages.error(request, "议题未保存,请检查标记的字段。")
    return plan(request, topic_form=form)


@require_POST
def plan_topic_approve(request, pk: int):
    _staff_only(request)
    topic = get_object_or_404(PlanTopic, pk=pk)
    form = forms.PlanApproveForm(request.POST)
    if form.is_valid():
        try:
            services.plan_topic_approve(topic=topic, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "议题已列入年度计划。")
    else:
        messages.error(request, "请选择牵头专委会并填写计划月份(1至12)。")
    return redirect(f"{reverse('consultations:plan')}?year={topic.year}")

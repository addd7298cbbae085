"""Thin views: parse input, call one service or selector, render."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.views.decorators.http import require_POST

from cppcc.params import id_param
from cppcc.uploads import serve_file
from cppcc.views import xlsx_response
from cppcc.workflow import TransitionNotAllowed
from cppcc.workflow_views import error_text

from . import forms, permissions, selectors, services, signin
from .models import (
    AgendaItem,
    Meeting,
    MeetingDocument,
    MeetingInvitation,
    MeetingKind,
    MeetingSession,
    Speech,
)
from .workflow import meeting_machine

PAGE_SIZE = 30


def _text(value, limit: int) -> str:
    """A query parameter as plain text: NUL characters (refused by PostgreSQL) removed, clipped."""
    return (value or "").replace("\x00", "").strip()[:limit]


def _year(request) -> int | None:
    year = id_param(request.GET.get("year"))
    return year if year and 2000 <= year <= 2100 else None


def _staff_only(request) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied("只有政协机关工作人员可以进行此操作。")


def _meeting_or_404(request, pk: int) -> Meeting:
    try:
        meeting = selectors.meeting_get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("会议不存在。") from None
    if not permissions.can_view(request.user, meeting):
        raise Http404("会议不存在。")
    return meeting


def _years():
    this_year = timezone.localdate().year
    return range(this_year + 1, 2016, -1)


# --- lists -------------------------------------------------------------------------------------
def meeting_list(request):
    filters = {
        "year": _year(request),
        "kind": _text(request.GET.get("kind"), 40),
        "status": _text(request.GET.get("status"), 20),
        "q": _text(request.GET.get("q"), 100),
    }
    page = Paginator(selectors.meeting_list(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/list.html",
        {
            "page_obj": page,
            "filters": filters,
            "kinds": MeetingKind.objects.all(),
            "statuses": Meeting.Status.choices,
            "years": _years(),
            "can_manage": permissions.can_manage(request.user),
        },
    )


def mine(request):
    if request.user.role != "member":
        raise PermissionDenied("“我的会议”供委员使用。")
    return render(
        request,
        "meetings/mine.html",
        {"invitations": selectors.my_meetings(user=request.user), "respond_form": forms.RespondForm()},
    )


# --- create / edit -----------------------------------------------------------------------------
def meeting_create(request):
    _staff_only(request)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["scope"] = data["scope"] or None
            try:
                meeting = services.meeting_create(by=request.user, **data)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, f"会议已创建,已向 {meeting.invitations.count()} 位委员发出通知。")
                return redirect(meeting)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(request, "meetings/form.html", {"form": form, "meeting": None})


def meeting_edit(request, pk: int):
    _staff_only(request)
    meeting = _meeting_or_404(request, pk)
    initial = {
        "title": meeting.title,
        "plenary": meeting.plenary_id,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "place": meeting.place,
        "description": meeting.description,
    }
    form = forms.MeetingForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, "会议信息已保存。")
                return redirect(meeting)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})


# --- detail --------------------------------------------------------------------------------------
def meeting_detail(request, pk: int, **bound):
    meeting = _meeting_or_404(request, pk)
    user = request.user
    can_manage = permissions.can_manage(user)
    my_invitation = selectors.invitation_for(meeting=meeting, user=user)
    agenda = list(meeting.agenda.select_related("plan_topic", "proposal"))
    documents = (
        selectors.documents_for(meeting=meeting) if permissions.can_view_documents(user, meeting) else None
    )
    context = {
        "meeting": meeting,
        "can_manage": can_manage,
        "can_view_roll": permissions.can_view_roll(user),
        "my_invitation": my_invitation,
        "can_respond": my_invitation is not None and permissions.can_respond(user, my_invitation),
        "sessions": list(meeting.sessions.all()),
        "agenda": agenda,
        "documents": documents,
        "guests": list(meeting.guests.all()),
        "leave_requests": list(
            meeting.invitations.filter(response=MeetingInvitation.Response.LEAVE).select_related("member")
        )
        if can_manage
        else [],
        "transitions": meeting_machine.available(meeting, user),
        "respond_form": bound.get("respond_form") or forms.RespondForm(),
        "agenda_form": bound.get("agenda_form") or forms.AgendaItemForm(prefix="agenda"),
        "document_form": bound.get("document_form") or forms.DocumentForm(meeting=meeting, prefix="doc"),
        "invite_form": bound.get("invite_form") or forms.InviteForm(),
        "decision_form": forms.DecisionForm(),
        "can_speak": permissions.can_submit_speech(user, meeting),
    }
    return render(request, "meetings/detail.html", context)


@require_POST
def meeting_action(request, pk: int, action: str):
    _staff_only(request)
    meeting = _meeting_or_404(request, pk)
    try:
        services.meeting_transition(
            meeting=meeting, action=action, by=request.user, note=request.POST.get("note", "")
        )
    except (ValidationError, TransitionNotAllowed) as exc:
        messages.error(request, error_text(exc))
        return meeting_detail(request, pk)
    messages.success(request, "会议状态已更新。")
    return redirect(meeting)


@require_POST
def meeting_invite(request, pk: int):
    _staff_only(request)
    meeting = _meeting_or_404(request, pk)
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        new = services.meeting_invite(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, f"已向 {len(new)} 位委员发出通知。")
        return redirect(meeting)
    messages.error(request, "请选择要邀请的委员。")
    return meeting_detail(request, pk, invite_form=form)


@require_POST
def invitation_respond(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    invitation = selectors.invitation_for(meeting=meeting, user=request.user)
    if invitation is None:
        raise Http404("您未被邀请参加该会议。")
    form = forms.RespondForm(request.POST)
    back = request.POST.get("next") == "mine"
    if form.is_valid():
        try:
            services.invitation_respond(invitation=invitation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            if back:
                return redirect("meetings:mine")
            return meeting_detail(request, pk, respond_form=form)
        messages.success(
            request,
            "答复已提交。" if form.cleaned_data["response"] == "confirmed" else "请假申请已提交,等待审批。",
        )
        return redirect("meetings:mine" if back else meeting)
    messages.error(request, "请选择确认参加或请假。")
    if back:
        return redirect("meetings:mine")
    return meeting_detail(request, pk, respond_form=form)


@require_POST
def leave_decide(request, pk: int, decision: str):
    _staff_only(request)
    invitation = get_object_or_404(MeetingInvitation.objects.select_related("meeting"), pk=pk)
    if decision not in ("approve", "reject"):
        raise Http404("未知的操作。")
    try:
        services.leave_decide(invitation=invitation, approve=decision == "approve", by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "已准假。" if decision == "approve" else "已退回请假申请。")
    return redirect(invitation.meeting)


# --- agenda, decisions, documents ----------------------------------------------------------------
@require_POST
def agenda_add(request, pk: int):
    _staff_only(request)
    meeting = _meeting_or_404(request, pk)
    form = forms.AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "议程已添加。")
            return redirect(meeting)
    else:
        messages.error(request, "议程未保存,请检查标记的字段。")
    return meeting_detail(request, pk, agenda_form=form)


@require_POST
def agenda_decide(request, pk: int):
    _staff_only(request)
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择会议决定。")
        return redirect(item.meeting)
    try:
        services.agenda_decide(
            item=item, decision=form.cleaned_data["decision"], note=form.cleaned_data["note"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"议程{item.order}的会议决定已保存。")
    return redirect(item.meeting)


@require_POST
def document_add(request, pk: int):
    _staff_only(request)
    meeting = _meeting_or_404(request, pk)
    form = forms.DocumentForm(request.POST, request.FILES, meeting=meeting, prefix="doc")
    if form.is_valid():
        try:
            services.document_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "会议文件已上传。")
            return redirect(meeting)
    else:
        messages.error(request, "文件未保存,请检查标记的字段。")
    return meeting_detail(request, pk, document_form=form)


def document_download(request, pk: int):
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    if not document.file or not permissions.can_view_documents(request.user, document.meeting):
        raise Http404("文件不存在。")
    return serve_file(document.file)


# --- sign-in -------------------------------------------------------------------------------------
def _session_or_404(pk: int) -> MeetingSession:
    return get_object_or_404(MeetingSession.objects.select_related("meeting__kind"), pk=pk)


def session_screen(request, pk: int):
    """The screen (or printed sheet) at the venue: the QR code, refreshed every minute, and the
    live count; staff sign people in by hand below it."""
    _staff_only(request)
    session = _session_or_404(pk)
    printable = request.GET.get("print") == "1"
    url = signin.signin_url(request, session, printed=printable)
    invitations = list(
        session.meeting.invitations.filter(role=MeetingInvitation.Role.ATTEND)
        .select_related("member")
        .order_by("member__name")
    )
    return render(
        request,
        "meetings/session.html",
        {
            "session": session,
            "meeting": session.meeting,
            "qr": signin.qr_svg(url),
            "signin_url": url,
            "count": selectors.live_count(session=session),
            "invitations": invitations,
            "refresh": signin.refresh_seconds(),
            "printable": printable,
        },
    )


def session_qr(request, pk: int):
    """htmx partial: a fresh QR code (a new token) for the screen."""
    _staff_only(request)
    session = _session_or_404(pk)
    url = signin.signin_url(request, session)
    return render(
        request,
        "meetings/_qr.html",
        {
            "session": session,
            "qr": signin.qr_svg(url),
            "signin_url": url,
            "refresh": signin.refresh_seconds(),
        },
    )


def session_count(request, pk: int):
    """htmx partial: 应到 / 实到 / 请假 / 缺席, polled by the secretariat's screen."""
    _staff_only(request)
    session = _session_or_404(pk)
    return render(
        request, "meetings/_count.html", {"session": session, "count": selectors.live_count(session=session)}
    )


@require_POST
def session_mark(request, pk: int):
    _staff_only(request)
    session = _session_or_404(pk)
    form = forms.MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择委员和出勤状态。")
        return redirect("meetings:session", session.pk)
    invitation = MeetingInvitation.objects.filter(pk=form.cleaned_data["invitation"]).first()
    if invitation is None:
        messages.error(request, "该委员不在本次会议的邀请名单中。")
        return redirect("meetings:session", session.pk)
    try:
        row = services.attendance_mark(
            session=session, invitation=invitation, status=form.cleaned_data["status"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{invitation.member.name}:{row.get_status_display()}。")
    return redirect("meetings:session", session.pk)


@require_POST
def session_close(request, pk: int):
    _staff_only(request)
    session = _session_or_404(pk)
    count = services.session_close(session=session, by=request.user)
    messages.success(request, f"本场次签到已结束,{count} 位未签到委员已登记为请假或缺席。")
    return redirect("meetings:session", session.pk)


def signin_view(request, token: str):
    """What a member's phone opens after scanning: GET shows the session and a button, POST signs in."""
    try:
        session_id = signin.session_id_from(token)
    except signin.BadToken as exc:
        return render(request, "meetings/signin.html", {"error": str(exc)}, status=400)
    session = MeetingSession.objects.select_related("meeting").filter(pk=session_id).first()
    if session is None:
        return render(request, "meetings/signin.html", {"error": "签到码无效:会议场次不存在。"}, status=400)
    try:
        signin.check_printed_day(token, session)
    except signin.BadToken as exc:
        return render(request, "meetings/signin.html", {"session": session, "error": str(exc)}, status=400)
    invitation = selectors.invitation_for(meeting=session.meeting, user=request.user)
    if not permissions.can_sign_in(request.user, invitation):
        return render(
            request,
            "meetings/signin.html",
            {"session": session, "error": "您不在本次会议的邀请名单中,不能签到。如有疑问请联系会务组。"},
            status=403,
        )
    done = None
    if request.method == "POST":
        try:
            done = services.session_sign_in(session_id=session.pk, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            return render(
                request, "meetings/signin.html", {"session": session, "error": error_text(exc)}, status=400
            )
    return render(request, "meetings/signin.html", {"session": session, "token": token, "done": done})


# --- roll and minutes ----------------------------------------------------------------------------
ROLL_HEAD = ["序号", "姓名", "界别", "身份", "答复"]


def roll(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_view_roll(request.user):
        raise PermissionDenied("名册仅供机关工作人员和领导查看。")
    data = selectors.roll(meeting=meeting)
    if request.GET.get("format") == "xlsx":
        return _roll_xlsx(meeting, data)
    return render(
        request, "meetings/roll.html", {"meeting": meeting, "body": _roll_body(data["rows"]), **data}
    )


def _roll_body(rows) -> str:
    """The roll's rows as HTML, escaped by format_html: a 600-member plenary's roll is thousands of
    cells, which the template engine renders several times slower than this."""
    return format_html_join(
        "\n",
        '<tr class="roll-{}"><td>{}</td>{}<td data-state="{}">{}</td><td></td></tr>',
        (
            (
                row.state,
                number,
                format_html_join("", "<td>{}</td>", ((cell,) for cell in row.cells)),
                row.state,
                row.state_label,
            )
            for number, row in enumerate(rows, start=1)
        ),
    )


def _roll_xlsx(meeting: Meeting, data: dict) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "出席名册"
    ws.append([f"{meeting.title} 出席名册"])
    ws.append([f"{meeting.start_date:%Y年%m月%d日} {meeting.place}"])
    t = data["totals"]
    ws.append(
        [
            f"应到 {t['expected']} 人,实到 {t['present']} 人,请假 {t['leave']} 人,缺席 {t['absent']} 人,未签到 {t['invited']} 人"
        ]
    )
    ws.append(ROLL_HEAD + [str(s) for s in data["sessions"]] + ["出勤", "签名"])
    for number, row in enumerate(data["rows"], start=1):
        ws.append([number, *row.cells, row.state_label, ""])
    ws.append([])
    ws.append(["会务组(签字):", "", "", "日期:"])
    out = io.BytesIO()
    wb.save(out)
    return xlsx_response(out.getvalue(), f"{meeting.title}-出席名册.xlsx")


def minutes(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    data = selectors.roll(meeting=meeting)
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "agenda": list(meeting.agenda.select_related("plan_topic", "proposal")),
            "guests": list(meeting.guests.all()),
            "totals": data["totals"],
            "absent_or_leave": [r for r in data["attend_rows"] if r.state in ("leave", "absent")],
        },
    )


# --- 大会发言 -------------------------------------------------------------------------------------
def speeches(request, pk: int):
    """The speeches of one plenary; an invited member submits here."""
    meeting = _meeting_or_404(request, pk)
    if not meeting.kind.is_plenary:
        raise Http404("只有全体会议征集大会发言。")
    form = forms.SpeechForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.speech_submit(meeting=meeting, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, "书面发言已提交。")
                return redirect("meetings:speeches", meeting.pk)
        else:
            messages.error(request, "请检查标记的字段。")
    rows = list(selectors.speech_list(meeting=meeting))
    return render(
        request,
        "meetings/speeches.html",
        {
            "meeting": meeting,
            "oral": [s for s in rows if s.status == Speech.Status.SELECTED],
            "written": [s for s in rows if s.status == Speech.Status.SUBMITTED],
            "form": form,
            "can_speak": permissions.can_submit_speech(request.user, meeting),
            "can_manage": permissions.can_manage(request.user),
            "sees_all": permissions.sees_all_meetings(request.user),
        },
    )


@require_POST
def speech_select(request, pk: int):
    _staff_only(request)
    speech = get_object_or_404(Speech, pk=pk)
    form = forms.SelectSpeechForm(request.POST)
    if not form.is_valid():
        messages.error(request, "发言顺序应为1至999的整数。")
        return redirect("meetings:speeches", speech.meeting_id)
    order = form.cleaned_data["oral_order"]
    services.speech_select(speech=speech, by=request.user, oral_order=order)
    messages.success(request, f"已列为第{order}位口头发言。" if order else "已改为书面发言。")
    return redirect("meetings:speeches", speech.meeting_id)


# --- figure drill-downs --------------------------------------------------------------------------
def _figures_reader(request) -> int:
    if not permissions.sees_all_meetings(request.user):
        raise PermissionDenied("仅供机关工作人员和领导查看。")
    year = _year(request)
    if year is None:
        year = timezone.localdate().year
    return year


def speech_list(request):
    year = _figures_reader(request)
    selected = request.GET.get("selected") == "1"
    page = Paginator(selectors.speech_list(year=year, selected=selected), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/speech_list.html",
        {"page_obj": page, "year": year, "selected": selected, "years": _years()},
    )


def attendance_list(request):
    year = _figures_reader(request)
    status = request.GET.get("status", "")
    if status and status not in ("present", "leave", "absent"):
        return HttpResponseBadRequest("出勤状态无效。")
    qs = (
        selectors.attendance_marks(year=year, status=status)
        .select_related("session__meeting", "invitation__member")
        .order_by("session__date", "session_id", "invitation__member__name", "id")
    )
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/attendance_list.html",
        {
            "page_obj": page,
            "year": year,
            "status": status,
            "years": _years(),
            "list_url": reverse("meetings:attendance"),
        },
    )

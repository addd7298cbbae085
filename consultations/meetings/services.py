"""Every write the business cares about in meetings. Keyword-only, transactional; the actor is
checked here too (consultations.meetings.permissions), not only in the views.

Attendance reaches the duty record through the shared invitation mechanism
(consultations.invitations.record_attendance_duty): one SessionAttendance row per member and
session is the source of at most one duty event, so re-marking or closing twice records once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from consultations import invitations as invitation_mechanism
from members.models import Member, User
from members.selectors import staff_users
from members.services import duty_event_record, duty_event_withdraw, notify_on_commit

from . import permissions, selectors
from .models import (
    AgendaItem,
    AttendeeScope,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingGuest,
    MeetingInvitation,
    MeetingKind,
    MeetingSession,
    SessionAttendance,
    Speech,
)
from .workflow import meeting_machine

SPEECH_DUTY_KIND = "speech"
PLENARY_SESSIONS = (
    MeetingSession.Kind.OPENING,
    MeetingSession.Kind.GROUP,
    MeetingSession.Kind.SPEECHES,
    MeetingSession.Kind.CLOSING,
)


def _require_staff(by: User) -> None:
    if not permissions.can_manage(by):
        raise PermissionDenied("只有政协机关工作人员可以进行此操作。")


def _check_meeting_fields(*, kind, title, start_date, end_date, plenary) -> None:
    if kind is None:
        raise ValidationError("请选择会议类型。")
    if not (title or "").strip():
        raise ValidationError("请填写会议名称。")
    if start_date is None:
        raise ValidationError("请填写开始日期。")
    if end_date is not None and end_date < start_date:
        raise ValidationError("结束日期不能早于开始日期。")
    if kind.is_plenary and plenary is None:
        raise ValidationError("全体会议须选择届次会议(如:十三届四次会议)。")


def _default_sessions(meeting: Meeting) -> list[MeetingSession]:
    """A plenary gets 开幕, 分组讨论, 大会发言, 闭幕 over its days (half-days in turn); any other
    meeting one sitting on its first morning. Staff add or remove sessions afterwards."""
    if not meeting.kind.is_plenary:
        return [MeetingSession(meeting=meeting, kind=MeetingSession.Kind.SITTING, date=meeting.start_date)]
    days = max((meeting.end_date - meeting.start_date).days + 1, 1)
    slots = [
        (meeting.start_date + dt.timedelta(days=min(i // 2, days - 1)), "am" if i % 2 == 0 else "pm")
        for i in range(len(PLENARY_SESSIONS))
    ]
    return [
        MeetingSession(meeting=meeting, kind=kind, date=day, half_day=half, place=meeting.place)
        for kind, (day, half) in zip(PLENARY_SESSIONS, slots, strict=True)
    ]


@transaction.atomic
def meeting_create(
    *,
    kind: MeetingKind,
    title: str,
    start_date: dt.date | None,
    by: User,
    end_date: dt.date | None = None,
    place: str = "",
    plenary=None,
    scope: str | None = None,
    description: str = "",
    members: Iterable[Member] = (),
    sit_in: Iterable[Member] = (),
    guests: Sequence[tuple[str, str, str]] = (),
) -> Meeting:
    """Create a meeting with its default sessions and invite who attends: the members of its
    scope (by position) plus any chosen by hand; 列席 members and named guests besides."""
    _require_staff(by)
    _check_meeting_fields(kind=kind, title=title, start_date=start_date, end_date=end_date, plenary=plenary)
    scope = scope or kind.default_scope
    if scope not in AttendeeScope.values:
        raise ValidationError("请选择出席范围。")
    meeting = Meeting.objects.create(
        kind=kind,
        plenary=plenary if kind.is_plenary else None,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date or start_date,
        place=place.strip(),
        scope=scope,
        description=description,
        created_by=by,
    )
    MeetingSession.objects.bulk_create(_default_sessions(meeting))
    attendees = list(selectors.members_in_scope(scope=scope, plenary=meeting.plenary)) + list(members)
    meeting_invite(meeting=meeting, members=attendees, by=by)
    meeting_invite(meeting=meeting, members=sit_in, by=by, role=MeetingInvitation.Role.SIT_IN)
    MeetingGuest.objects.bulk_create(
        MeetingGuest(
            meeting=meeting, kind=k or MeetingGuest.Kind.GUEST, name=n.strip(), organisation=o.strip()
        )
        for k, n, o in guests
        if n.strip()
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    title: str,
    start_date: dt.date | None,
    end_date: dt.date | None = None,
    place: str = "",
    plenary=None,
    description: str = "",
) -> Meeting:
    _require_staff(by)
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("kind").get(pk=meeting.pk)
    _check_meeting_fields(
        kind=meeting.kind, title=title, start_date=start_date, end_date=end_date, plenary=plenary
    )
    meeting.title = title.strip()
    meeting.start_date = start_date
    meeting.end_date = end_date or start_date
    meeting.place = place.strip()
    meeting.plenary = plenary if meeting.kind.is_plenary else None
    meeting.description = description
    meeting.save(update_fields=["title", "start_date", "end_date", "place", "plenary", "description"])
    return meeting


def _record_event(**kwargs) -> None:
    """Meetings keep no timeline of their own: the audit trail records the status change."""


@transaction.atomic
def meeting_transition(*, meeting: Meeting, action: str, by: User, note: str = "") -> Meeting:
    """举行 (held: closes every session still open) or 取消 (cancelled: invitees are told)."""
    meeting = meeting_machine.fire(obj=meeting, action=action, by=by, note=note, record_event=_record_event)
    if action == "hold":
        for session in meeting.sessions.filter(closed_at__isnull=True):
            session_close(session=session, by=by)
    if action == "cancel":
        for invitation in meeting.invitations.select_related("member__user"):
            if invitation.member.user_id:
                notify_on_commit(
                    recipient=invitation.member.user,
                    kind="meeting_cancelled",
                    title=f"会议取消:{meeting.title}",
                    text=note,
                    target=meeting,
                    event="cancel",
                )
    return meeting


@transaction.atomic
def meeting_invite(
    *, meeting: Meeting, members: Iterable[Member], by: User, role: str = MeetingInvitation.Role.ATTEND
) -> list[MeetingInvitation]:
    """Invite members (already invited ones are skipped) and tell each of them."""
    _require_staff(by)
    if role not in MeetingInvitation.Role.values:
        raise ValidationError("请选择出席或列席。")
    members = list({m.pk: m for m in members}.values())
    already = set(meeting.invitations.values_list("member_id", flat=True))
    new = [MeetingInvitation(meeting=meeting, member=m, role=role) for m in members if m.pk not in already]
    MeetingInvitation.objects.bulk_create(new)
    when = f"{meeting.start_date:%Y年%m月%d日}" + (f" {meeting.place}" if meeting.place else "")
    for invitation in new:
        if invitation.member.user_id:
            notify_on_commit(
                recipient=invitation.member.user,
                kind="meeting_invitation",
                title=f"会议通知:{meeting.title}({invitation.get_role_display()})",
                text=f"{when},请在平台上确认参加或请假。",
                target=meeting,
                event="invite",
            )
    return new


@transaction.atomic
def guest_add(
    *, meeting: Meeting, by: User, name: str, organisation: str = "", kind: str = "guest", user=None
):
    _require_staff(by)
    if not name.strip():
        raise ValidationError("请填写列席人员姓名。")
    if kind not in MeetingGuest.Kind.values:
        raise ValidationError("请选择列席人员类别。")
    return MeetingGuest.objects.create(
        meeting=meeting, kind=kind, name=name.strip(), organisation=organisation.strip(), user=user
    )


# --- agenda and decisions ----------------------------------------------------------------------
@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    by: User,
    presenter: str = "",
    report_title: str = "",
    plan_topic=None,
    proposal=None,
) -> AgendaItem:
    _require_staff(by)
    if not title.strip():
        raise ValidationError("请填写议题。")
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    order = (meeting.agenda.aggregate(n=Max("order"))["n"] or 0) + 1
    return AgendaItem.objects.create(
        meeting=meeting,
        order=order,
        title=title.strip(),
        presenter=presenter.strip(),
        report_title=report_title.strip(),
        plan_topic=plan_topic,
        proposal=proposal,
    )


@transaction.atomic
def agenda_decide(*, item: AgendaItem, decision: str, by: User, note: str = "") -> AgendaItem:
    """Record what the meeting decided on an item (printed in the minutes)."""
    _require_staff(by)
    if decision not in Decision.values:
        raise ValidationError("请选择会议决定。")
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    item.decision = decision
    item.decision_note = note.strip()
    item.save(update_fields=["decision", "decision_note"])
    return item


# --- invitations and leave -----------------------------------------------------------------------
@transaction.atomic
def invitation_respond(
    *, invitation: MeetingInvitation, by: User, response: str, leave_reason: str = ""
) -> MeetingInvitation:
    """The member confirms or asks for leave (with a reason); leave waits for staff approval."""
    invitation = (
        MeetingInvitation.objects.select_for_update(of=("self",))
        .select_related("member", "meeting")
        .get(pk=invitation.pk)
    )
    if invitation.meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("会议已举行或已取消,不能再答复。")
    fields = invitation_mechanism.apply_response(
        invitation=invitation, by=by, response=response, leave_reason=leave_reason
    )
    if response == MeetingInvitation.Response.LEAVE:
        invitation.leave_status = MeetingInvitation.LeaveStatus.PENDING
    else:
        invitation.leave_status = ""
    invitation.leave_decided_by = None
    invitation.leave_decided_at = None
    invitation.save(update_fields=[*fields, "leave_status", "leave_decided_by", "leave_decided_at"])
    if response == MeetingInvitation.Response.LEAVE:
        for user in staff_users():
            notify_on_commit(
                recipient=user,
                kind="meeting_leave_request",
                title=f"请假申请:{invitation.member.name} · {invitation.meeting.title}",
                text=invitation.leave_reason,
                target=invitation.meeting,
                event=f"leave-{invitation.pk}-{invitation.responded_at:%Y%m%d%H%M%S%f}",
            )
    return invitation


@transaction.atomic
def leave_decide(*, invitation: MeetingInvitation, approve: bool, by: User) -> MeetingInvitation:
    """Staff approve (准假) or refuse a leave request; the member is told. An approved leave makes
    the member 请假 (not 缺席) in every session closed without them."""
    _require_staff(by)
    invitation = (
        MeetingInvitation.objects.select_for_update(of=("self",))
        .select_related("member__user", "meeting")
        .get(pk=invitation.pk)
    )
    if invitation.response != MeetingInvitation.Response.LEAVE:
        raise ValidationError("该委员没有请假申请。")
    invitation.leave_status = (
        MeetingInvitation.LeaveStatus.APPROVED if approve else MeetingInvitation.LeaveStatus.REJECTED
    )
    invitation.leave_decided_by = by
    invitation.leave_decided_at = timezone.now()
    invitation.save(update_fields=["leave_status", "leave_decided_by", "leave_decided_at"])
    if invitation.member.user_id:
        notify_on_commit(
            recipient=invitation.member.user,
            kind="meeting_leave_decided",
            title=f"请假{'已批准' if approve else '未获批准'}:{invitation.meeting.title}",
            text="" if approve else "请按时参加会议;如有特殊情况请联系政协办公室。",
            target=invitation.meeting,
            event=f"leave-decided-{invitation.pk}-{invitation.leave_decided_at:%Y%m%d%H%M%S%f}",
        )
    return invitation


# --- attendance ----------------------------------------------------------------------------------
def _summarise(invitation: MeetingInvitation) -> None:
    """The meeting-level attendance on the shared invitation row: present at any session →
    出席; otherwise 请假 if any session was leave; otherwise 缺席 once any session is marked."""
    statuses = set(invitation.session_attendance.values_list("status", flat=True))
    value = ""
    for candidate in ("present", "leave", "absent"):
        if candidate in statuses:
            value = candidate
            break
    if invitation.attendance != value:
        invitation.attendance = value
        invitation.save(update_fields=["attendance"])


def _mark(
    *,
    session: MeetingSession,
    invitation: MeetingInvitation,
    status: str,
    method: str,
    by: User | None,
    summarise: bool = True,
) -> SessionAttendance:
    """Set one member's mark at one session and keep the duty record in step (exactly once)."""
    if status not in SessionAttendance.Status.values:
        raise ValidationError("出勤状态无效。")
    row = (
        SessionAttendance.objects.select_for_update(of=("self",))
        .filter(session=session, invitation=invitation)
        .first()
    )
    old = row.status if row else ""
    if row is None:
        row = SessionAttendance(session=session, invitation=invitation)
    row.status, row.method, row.recorded_by, row.at = status, method, by, timezone.now()
    row.save()
    meeting = session.meeting
    invitation_mechanism.record_attendance_duty(
        source=row,
        member=invitation.member,
        old=old,
        new=status,
        duty_kinds=meeting.kind.duty_kinds(),
        date=session.date,
        title=f"{meeting.title}({session})",
        note=invitation.leave_reason if status == "leave" else "",
        by=by,
    )
    if summarise:
        _summarise(invitation)
    return row


def _locked_session(session: MeetingSession) -> MeetingSession:
    return (
        MeetingSession.objects.select_for_update(of=("self",))
        .select_related("meeting__kind")
        .get(pk=session.pk)
    )


@transaction.atomic
def session_sign_in(*, session_id: int, by: User) -> SessionAttendance:
    """A member signs themself in by the session's QR code (the token was checked by the view,
    which passes the session id it names)."""
    try:
        session = _locked_session(MeetingSession(pk=session_id))
    except MeetingSession.DoesNotExist:
        raise ValidationError("签到码无效:会议场次不存在。") from None
    invitation = (
        MeetingInvitation.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(meeting_id=session.meeting_id, member__user=by)
        .first()
    )
    if not permissions.can_sign_in(by, invitation):
        raise PermissionDenied("您不在本次会议的邀请名单中,不能签到。如有疑问请联系会务组。")
    if session.meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("会议已取消。")
    if session.closed_at is not None:
        raise ValidationError("本场次签到已结束,请联系会务组登记。")
    existing = SessionAttendance.objects.filter(session=session, invitation=invitation).first()
    if existing and existing.status == SessionAttendance.Status.PRESENT:
        return existing
    return _mark(
        session=session, invitation=invitation, status="present", method=SessionAttendance.Method.QR, by=by
    )


@transaction.atomic
def attendance_mark(
    *, session: MeetingSession, invitation: MeetingInvitation, status: str, by: User
) -> SessionAttendance:
    """Staff sign someone in by hand, or correct a mark (the duty record follows)."""
    _require_staff(by)
    session = _locked_session(session)
    if invitation.meeting_id != session.meeting_id:
        raise ValidationError("该委员不在本次会议的邀请名单中。")
    invitation = (
        MeetingInvitation.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=invitation.pk)
    )
    return _mark(
        session=session, invitation=invitation, status=status, method=SessionAttendance.Method.HAND, by=by
    )


@transaction.atomic
def session_close(*, session: MeetingSession, by: User) -> int:
    """结束签到: everyone invited to attend (出席) and not yet marked becomes 请假 (leave approved)
    or 缺席. Closing again changes nothing. Returns the number of members marked."""
    _require_staff(by)
    session = _locked_session(session)
    if session.closed_at is not None:
        return 0
    marked = set(session.attendance.values_list("invitation_id", flat=True))
    pending = (
        MeetingInvitation.objects.select_for_update(of=("self",))
        .filter(meeting_id=session.meeting_id, role=MeetingInvitation.Role.ATTEND)
        .exclude(pk__in=marked)
        .select_related("member")
    )
    count = 0
    for invitation in pending:
        approved = invitation.leave_status == MeetingInvitation.LeaveStatus.APPROVED
        _mark(
            session=session,
            invitation=invitation,
            status="leave" if approved else "absent",
            method=SessionAttendance.Method.CLOSE,
            by=by,
        )
        count += 1
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at"])
    return count


# --- documents -----------------------------------------------------------------------------------
@transaction.atomic
def document_add(
    *,
    meeting: Meeting,
    title: str,
    file,
    by: User,
    status: str = "draft",
    agenda_item: AgendaItem | None = None,
) -> MeetingDocument:
    _require_staff(by)
    if not title.strip():
        raise ValidationError("请填写文件标题。")
    if not file:
        raise ValidationError("请选择文件。")
    if status not in MeetingDocument.Status.values:
        raise ValidationError("请选择讨论稿或正式稿。")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("所选议程不属于本次会议。")
    return MeetingDocument.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip(),
        status=status,
        file=file,
        uploaded_by=by,
    )


# --- 大会发言 ---------------------------------------------------------------------------------------
@transaction.atomic
def speech_submit(*, meeting: Meeting, by: User, title: str, text: str) -> Speech:
    """A member invited to a plenary submits a written speech (书面发言)."""
    if not permissions.can_submit_speech(by, meeting):
        raise PermissionDenied("只有受邀出席全体会议的委员可以提交大会发言。")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("会议已取消。")
    if not title.strip():
        raise ValidationError("请填写发言题目。")
    if not text.strip():
        raise ValidationError("请填写发言内容。")
    return Speech.objects.create(meeting=meeting, member=by.member, title=title.strip(), text=text.strip())


@transaction.atomic
def speech_select(*, speech: Speech, by: User, oral_order: int | None) -> Speech:
    """Choose a speech for oral delivery (口头发言) with its order; it then counts in the duty
    record (once: the speech is the source). `oral_order=None` puts it back to written only."""
    _require_staff(by)
    speech = (
        Speech.objects.select_for_update(of=("self",)).select_related("meeting", "member").get(pk=speech.pk)
    )
    if oral_order is None:
        speech.status, speech.oral_order = Speech.Status.SUBMITTED, None
        speech.save(update_fields=["status", "oral_order"])
        duty_event_withdraw(source=speech, kind=SPEECH_DUTY_KIND)
        return speech
    if oral_order < 1 or oral_order > 999:
        raise ValidationError("发言顺序应为1至999。")
    speech.status, speech.oral_order = Speech.Status.SELECTED, oral_order
    speech.save(update_fields=["status", "oral_order"])
    duty_event_record(
        member=speech.member,
        kind=SPEECH_DUTY_KIND,
        date=speech.meeting.start_date,
        source=speech,
        title=f"大会口头发言:{speech.title}",
        by=by,
    )
    if speech.member.user_id:
        notify_on_commit(
            recipient=speech.member.user,
            kind="speech_selected",
            title=f"大会发言入选口头发言:{speech.title}",
            text=f"{speech.meeting.title},发言顺序第{oral_order}位。",
            target=speech.meeting,
            event=speech,
        )
    return speech

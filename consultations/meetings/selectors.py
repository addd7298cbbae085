"""Reads of meetings: lists, the roll, the live count, speeches and the yearly figures. Each list
is a constant number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from members.models import Member, Position, User

from . import permissions
from .models import (
    AttendeeScope,
    Meeting,
    MeetingDocument,
    MeetingInvitation,
    MeetingKind,
    MeetingSession,
    SessionAttendance,
    Speech,
)

CHAIRS_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY_GENERAL)


def members_in_scope(*, scope: str, plenary=None) -> QuerySet[Member]:
    """Who attends (出席) by position: all members, 常委 (every position but 委员), 主席会议成员,
    the secretary-general; only active members, of the plenary's term when there is one."""
    qs = Member.objects.filter(is_active=True)
    if plenary is not None:
        qs = qs.filter(terms=plenary.term_id)
    match scope:
        case AttendeeScope.ALL:
            pass
        case AttendeeScope.STANDING:
            qs = qs.exclude(position=Position.MEMBER)
        case AttendeeScope.CHAIRS:
            qs = qs.filter(position__in=CHAIRS_POSITIONS)
        case AttendeeScope.SECRETARY:
            qs = qs.filter(position=Position.SECRETARY_GENERAL)
        case _:
            return qs.none()
    return qs.select_related("user").order_by("pk").distinct()


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def meeting_list(
    *, user: User, year: int | None = None, kind: str = "", status: str = "", q: str = ""
) -> QuerySet[Meeting]:
    """Staff and leaders: all meetings; anyone else: the meetings they take part in."""
    qs = Meeting.objects.select_related("kind", "plenary__term").annotate(
        invited=Count("invitations", distinct=True)
    )
    visible = permissions.visibility_q(user)
    if visible is not None:
        qs = qs.filter(visible)
    if year:
        start, end = _year_bounds(year)
        qs = qs.filter(start_date__gte=start, start_date__lte=end)
    if kind:
        qs = qs.filter(kind__code=kind)
    if status in Meeting.Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.order_by("-start_date", "-id")


def meeting_get(*, pk: int) -> Meeting:
    return Meeting.objects.select_related("kind", "plenary__term", "created_by").get(pk=pk)


def invitation_for(*, meeting: Meeting, user: User) -> MeetingInvitation | None:
    if not user.is_authenticated:
        return None
    return (
        MeetingInvitation.objects.select_related("member", "meeting")
        .filter(meeting=meeting, member__user=user)
        .first()
    )


def my_meetings(*, user: User) -> list[MeetingInvitation]:
    """A member's invitations, upcoming first, then the past ones (newest first)."""
    today = timezone.localdate()
    rows = list(
        MeetingInvitation.objects.filter(member__user=user)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__kind")
        .order_by("-meeting__start_date", "-meeting_id")
    )
    upcoming = sorted((r for r in rows if r.meeting.end_date >= today), key=lambda r: r.meeting.start_date)
    return upcoming + [r for r in rows if r.meeting.end_date < today]


def documents_for(*, meeting: Meeting) -> list[MeetingDocument]:
    return list(meeting.documents.select_related("agenda_item"))


# --- the roll and the live count -------------------------------------------------------------------
ROLL_STATES = {
    "present": "出席",
    "leave": "请假",
    "absent": "缺席",
    "invited": "未签到",
}


RESPONSES = dict(MeetingInvitation.Response.choices)
ROLES = dict(MeetingInvitation.Role.choices)


@dataclass
class RollRow:
    invitation: MeetingInvitation
    marks: list[str] = field(default_factory=list)  # one state per session, in session order

    @property
    def member(self) -> Member:
        return self.invitation.member

    @property
    def state(self) -> str:
        """The meeting-level state: present at any session; else leave; else absent; else invited."""
        for candidate in ("present", "leave", "absent"):
            if candidate in self.marks:
                return candidate
        return "invited"

    @property
    def state_label(self) -> str:
        return ROLL_STATES[self.state]

    @property
    def mark_labels(self) -> list[str]:
        return [ROLL_STATES[m] for m in self.marks]

    @property
    def cells(self) -> list[str]:
        """The roll's columns after the number, as text (the printable page and the Excel)."""
        inv = self.invitation
        response = RESPONSES[inv.response] + (f":{inv.leave_reason}" if inv.leave_reason else "")
        return [self.member.name, self.member.sector.name, ROLES[inv.role], response, *self.mark_labels]


def _unmarked_state(invitation: MeetingInvitation) -> str:
    return "leave" if invitation.response == MeetingInvitation.Response.LEAVE else "invited"


def roll(*, meeting: Meeting) -> dict:
    """The attendance roll (名册): every invited member with their state at each session and the
    totals, in three queries whatever the number of members."""
    sessions = list(meeting.sessions.all())
    invitations = list(
        meeting.invitations.select_related("member__sector").order_by(
            "role", "member__sector__order", "member__name"
        )
    )
    marks = {
        (a["session_id"], a["invitation_id"]): a["status"]
        for a in SessionAttendance.objects.filter(session__meeting=meeting).values(
            "session_id", "invitation_id", "status"
        )
    }
    rows = []
    for invitation in invitations:
        row = RollRow(invitation=invitation)
        for s in sessions:
            row.marks.append(marks.get((s.pk, invitation.pk)) or _unmarked_state(invitation))
        rows.append(row)
    attend = [r for r in rows if r.invitation.role == MeetingInvitation.Role.ATTEND]
    totals = {state: sum(1 for r in attend if r.state == state) for state in ROLL_STATES}
    totals["expected"] = len(attend)
    per_session = []
    for index, session in enumerate(sessions):
        counts = {state: sum(1 for r in attend if r.marks[index] == state) for state in ROLL_STATES}
        per_session.append({"session": session, "expected": len(attend), **counts})
    return {
        "sessions": sessions,
        "rows": rows,
        "attend_rows": attend,
        "sit_in_rows": [r for r in rows if r.invitation.role != MeetingInvitation.Role.ATTEND],
        "totals": totals,
        "per_session": per_session,
    }


def live_count(*, session: MeetingSession) -> dict:
    """应到 / 实到 / 请假 / 缺席 (未签到 while sign-in is open) at one session, in two queries."""
    attend = MeetingInvitation.objects.filter(
        meeting_id=session.meeting_id, role=MeetingInvitation.Role.ATTEND
    )
    marked = SessionAttendance.objects.filter(session=session, invitation=OuterRef("pk"))
    counts = attend.aggregate(
        expected=Count("pk"),
        asked_leave_unmarked=Count(
            "pk", filter=Q(response=MeetingInvitation.Response.LEAVE) & ~Q(Exists(marked))
        ),
    )
    marks = SessionAttendance.objects.filter(
        session=session, invitation__role=MeetingInvitation.Role.ATTEND
    ).aggregate(
        present=Count("pk", filter=Q(status="present")),
        leave=Count("pk", filter=Q(status="leave")),
        absent=Count("pk", filter=Q(status="absent")),
    )
    leave = marks["leave"] + counts["asked_leave_unmarked"]
    waiting = counts["expected"] - marks["present"] - leave - marks["absent"]
    return {
        "expected": counts["expected"],
        "present": marks["present"],
        "leave": leave,
        "absent": marks["absent"],
        "waiting": waiting,
        "closed": session.closed_at is not None,
    }


# --- speeches -------------------------------------------------------------------------------------
def speech_list(
    *, meeting: Meeting | None = None, year: int | None = None, selected: bool = False
) -> QuerySet[Speech]:
    qs = Speech.objects.select_related("member__sector", "meeting")
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    if year:
        start, end = _year_bounds(year)
        qs = qs.filter(meeting__start_date__gte=start, meeting__start_date__lte=end)
    if selected:
        qs = qs.filter(status=Speech.Status.SELECTED)
    return qs.order_by("meeting__start_date", "meeting_id", "oral_order", "submitted_at", "id")


# --- figures: each count and its drill-down list share one queryset ----------------------------------
def held_meetings(*, year: int, kind: str = "") -> QuerySet[Meeting]:
    start, end = _year_bounds(year)
    qs = Meeting.objects.held().filter(start_date__gte=start, start_date__lte=end)
    return qs.filter(kind__code=kind) if kind else qs


def attendance_marks(*, year: int, status: str = "") -> QuerySet[SessionAttendance]:
    """Attendance marks of members invited to attend (出席) at sessions of held meetings."""
    start, end = _year_bounds(year)
    qs = SessionAttendance.objects.filter(
        session__meeting__status=Meeting.Status.HELD,
        session__date__gte=start,
        session__date__lte=end,
        invitation__role=MeetingInvitation.Role.ATTEND,
    )
    return qs.filter(status=status) if status else qs


def meeting_stats(*, year: int) -> dict:
    """The figures' numbers for a year, in three queries."""
    start, end = _year_bounds(year)
    by_kind = dict(
        held_meetings(year=year)
        .values_list("kind__code")
        .annotate(n=Count("pk"))
        .values_list("kind__code", "n")
    )
    marks = attendance_marks(year=year).aggregate(
        marks=Count("pk"), present=Count("pk", filter=Q(status="present"))
    )
    speeches = speech_list(year=year).aggregate(
        submitted=Count("pk"), selected=Count("pk", filter=Q(status=Speech.Status.SELECTED))
    )
    stats = {
        f"held_{code}": by_kind.get(code, 0) for code in MeetingKind.objects.values_list("code", flat=True)
    }
    stats.update(
        held=sum(by_kind.values()),
        attendance_marks=marks["marks"],
        attendance_present=marks["present"],
        speeches_submitted=speeches["submitted"],
        speeches_selected=speeches["selected"],
    )
    return stats

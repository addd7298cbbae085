"""The one invitation mechanism of the portal: who is invited, their answer (confirm or leave
with a reason) and their attendance, and how attendance reaches the duty record.

consultations.Invitation (activities) and consultations.meetings.MeetingInvitation (meetings)
both inherit `InvitationBase`; the writes below are the generic steps both use. Each concrete
invitation adds only the link to what it invites to (an activity, a meeting) and its member.

No schema lives here: `InvitationBase` is abstract and its fields are exactly those
consultations.Invitation has always had, so inheriting it changed no table.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Response(models.TextChoices):
    PENDING = "pending", "未答复"
    CONFIRMED = "confirmed", "确认参加"
    LEAVE = "leave", "请假"


class Attendance(models.TextChoices):
    UNKNOWN = "", "未登记"
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class InvitationBase(models.Model):
    """An invitation of one member: the answer and the attendance. Subclasses add the FK to what
    they invite to and the member FK (with their own related_name)."""

    Response = Response
    Attendance = Attendance

    response = models.CharField("答复", max_length=10, choices=Response.choices, default=Response.PENDING)
    leave_reason = models.CharField("请假事由", max_length=300, blank=True)
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    attendance = models.CharField("出勤", max_length=10, choices=Attendance.choices, blank=True, default="")
    duty_events = GenericRelation(
        "members.DutyEvent", content_type_field="source_type", object_id_field="source_id"
    )

    class Meta:
        abstract = True


# --- generic steps (called inside the caller's transaction, on a locked row) -------------------
def check_response(*, response: str, leave_reason: str) -> str:
    """Validate an answer; returns the leave reason to store (empty when confirming)."""
    if response == Response.LEAVE:
        if not (leave_reason or "").strip():
            raise ValidationError("请假须填写事由。")
        return leave_reason.strip()
    if response == Response.CONFIRMED:
        return ""
    raise ValidationError("请选择确认参加或请假。")


def apply_response(*, invitation: InvitationBase, by, response: str, leave_reason: str = "") -> list[str]:
    """Record a member's own answer on a locked invitation row; returns the changed fields (the
    caller saves them, possibly with fields of its own)."""
    if invitation.member.user_id != by.pk:
        raise ValidationError("只能答复发给您本人的邀请。")
    if invitation.attendance:
        raise ValidationError("出勤已登记,不能再修改答复;如有疑问请联系政协机关。")
    invitation.leave_reason = check_response(response=response, leave_reason=leave_reason)
    invitation.response = response
    invitation.responded_at = timezone.now()
    return ["response", "leave_reason", "responded_at"]


def record_attendance_duty(
    *,
    source: models.Model,
    member,
    old: str,
    new: str,
    duty_kinds: dict[str, str],
    date: dt.date,
    title: str,
    note: str = "",
    by=None,
) -> bool:
    """Keep the duty record in step with one attendance mark of `source` (an invitation, or a
    session's attendance row): the old mark's event is withdrawn, the new one recorded. The
    duty event is keyed by (member, kind, source), so marking twice records it once."""
    from members.services import duty_event_record, duty_event_withdraw  # models import this module

    if old == new:
        return False
    if old and old in duty_kinds:
        duty_event_withdraw(source=source, kind=duty_kinds[old], member=member)
    if new and new in duty_kinds:
        duty_event_record(
            member=member, kind=duty_kinds[new], date=date, source=source, title=title, note=note, by=by
        )
    return True

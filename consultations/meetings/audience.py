"""A meeting's participants as an announcement audience (members.briefing.audiences): the
members invited to it (出席 and 列席) and the guests who have a login. Registered in apps.py."""

from __future__ import annotations

from django.db.models import Q

from members.models import User

from .models import Meeting, MeetingGuest, MeetingInvitation


def participant_user_ids(announcement):
    """User ids of the meeting named by `announcement.audience_object_id` (one query)."""
    meeting_id = announcement.audience_object_id
    invited = MeetingInvitation.objects.filter(meeting_id=meeting_id).values("member__user_id")
    guests = MeetingGuest.objects.filter(meeting_id=meeting_id, user__isnull=False).values("user_id")
    return (
        User.objects.filter(Q(pk__in=invited) | Q(pk__in=guests), is_active=True)
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )


def meeting_choices() -> list[tuple[int, str]]:
    """The meetings an announcement may go to: those not cancelled, newest first."""
    meetings = Meeting.objects.exclude(status=Meeting.Status.CANCELLED).order_by("-start_date", "-pk")
    return [(m.pk, m.title) for m in meetings.only("pk", "title")[:200]]

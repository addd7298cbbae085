"""A plenary for the benchmark data set (bench/generate.py): the latest 全体会议 with up to 600
invited members over four half-days, most of them signed in, so the roll page (bench/pages.py)
is measured at the size of a real city plenary. Bulk inserts, bypassing the services on purpose,
like the rest of the generator."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from members.models import Member, Plenary

from .models import Meeting, MeetingInvitation, MeetingKind, MeetingSession, SessionAttendance
from .services import PLENARY_SESSIONS


def bench_plenary(*, size: int = 600, seed: int = 1) -> int:
    rng = random.Random(seed)
    plenary = Plenary.objects.order_by("-opens_on").first()
    start = plenary.opens_on if plenary else dt.date(timezone.localdate().year, 1, 8)
    meeting = Meeting.objects.create(
        kind=MeetingKind.objects.get(code="plenary"),
        plenary=plenary,
        title=f"{plenary or ''}全体会议".strip(),
        start_date=start,
        end_date=start + dt.timedelta(days=1),
        place="义乌市民广场会议中心",
        scope="all",
        status=Meeting.Status.HELD,
    )
    sessions = MeetingSession.objects.bulk_create(
        MeetingSession(
            meeting=meeting,
            kind=kind,
            date=start + dt.timedelta(days=i // 2),
            half_day=["am", "pm"][i % 2],
        )
        for i, kind in enumerate(PLENARY_SESSIONS)
    )
    member_ids = list(
        Member.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:size]
    )
    invitations = MeetingInvitation.objects.bulk_create(
        MeetingInvitation(
            meeting=meeting,
            member_id=pk,
            response="leave" if rng.random() < 0.05 else "confirmed",
        )
        for pk in member_ids
    )
    marks = []
    for invitation in invitations:
        for session in sessions:
            roll = rng.random()
            status = "leave" if invitation.response == "leave" else ("present" if roll < 0.93 else "absent")
            marks.append(
                SessionAttendance(session=session, invitation=invitation, status=status, method="qr")
            )
    SessionAttendance.objects.bulk_create(marks, batch_size=2000)
    return meeting.pk

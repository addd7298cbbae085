"""Two phones scan at once; staff close sign-in while a member scans: two connections, one
outcome, the duty record written once."""

import datetime as dt
import threading

import pytest
from django.db import connection

from consultations.meetings import services
from consultations.meetings.models import MeetingKind, SessionAttendance
from members.models import DutyEvent, Position
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _in_threads(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # the loser's message is the point of the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return errors


def test_two_scans_at_once_sign_in_once():
    staff = f.StaffUserFactory()
    member = f.MemberFactory(position=Position.STANDING)
    meeting = services.meeting_create(
        kind=MeetingKind.objects.get(code="standing"),
        title="常委会会议",
        start_date=dt.date(2020, 6, 18),
        by=staff,
    )
    session = meeting.sessions.get()
    errors = _in_threads(
        lambda: services.session_sign_in(session_id=session.pk, by=member.user),
        lambda: services.session_sign_in(session_id=session.pk, by=member.user),
    )
    assert errors == []
    assert SessionAttendance.objects.filter(session=session).count() == 1
    assert DutyEvent.objects.filter(member=member, kind_id="meeting_attend").count() == 1


def test_closing_while_a_member_scans_gives_one_mark():
    staff = f.StaffUserFactory()
    member = f.MemberFactory(position=Position.STANDING)
    meeting = services.meeting_create(
        kind=MeetingKind.objects.get(code="standing"),
        title="常委会会议",
        start_date=dt.date(2020, 6, 18),
        by=staff,
    )
    session = meeting.sessions.get()
    errors = _in_threads(
        lambda: services.session_sign_in(session_id=session.pk, by=member.user),
        lambda: services.session_close(session=session, by=staff),
    )
    marks = list(SessionAttendance.objects.filter(session=session).values_list("status", flat=True))
    assert len(marks) == 1
    # either the scan won (present) or closing won (absent, and the scan was told sign-in ended)
    if marks == ["absent"]:
        assert len(errors) == 1 and "签到已结束" in str(errors[0])
    else:
        assert marks == ["present"] and errors == []
    assert DutyEvent.objects.filter(member=member).count() == 1

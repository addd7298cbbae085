import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from consultations.meetings import selectors, services, signin
from consultations.meetings.models import Meeting, MeetingInvitation, MeetingSession, SessionAttendance
from members.models import DutyEvent, Notification, Position
from tests import factories as f
from tests.factories.meetings import SpeechFactory

pytestmark = pytest.mark.django_db


def _inv(meeting, member):
    return MeetingInvitation.objects.get(meeting=meeting, member=member)


def test_scope_invites_members_by_position(
    mkinds, standing_members, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        standing_meeting = services.meeting_create(
            kind=mkinds["standing"], title="常委会会议", start_date=dt.date(2020, 6, 18), by=staff_user
        )
    invited = set(standing_meeting.invitations.values_list("member__name", flat=True))
    assert invited == {"主席甲", "常委乙", "常委丙"}  # not the ordinary member
    assert standing_meeting.sessions.count() == 1
    # each invitee is told, with a delivery key naming the invitation
    assert Notification.objects.filter(kind="meeting_invitation").count() == 3


def test_chairs_scope_and_plenary_sessions(mkinds, standing_members, staff_user):
    chairs = services.meeting_create(
        kind=mkinds["chairs"], title="主席会议", start_date=dt.date(2020, 5, 6), by=staff_user
    )
    assert set(chairs.invitations.values_list("member__name", flat=True)) == {"主席甲"}
    plenary = f.PlenaryFactory()
    for m in standing_members.values():
        m.terms.add(plenary.term)
    outsider = f.MemberFactory(name="外届委员")  # not of the plenary's term
    meeting = services.meeting_create(
        kind=mkinds["plenary"],
        title="政协第十三届四次会议",
        start_date=dt.date(2020, 1, 8),
        end_date=dt.date(2020, 1, 10),
        plenary=plenary,
        by=staff_user,
    )
    names = set(meeting.invitations.values_list("member__name", flat=True))
    assert names == {"主席甲", "常委乙", "常委丙", "委员丁"} and outsider.name not in names
    kinds = list(meeting.sessions.values_list("kind", flat=True))
    assert kinds == ["opening", "group", "speeches", "closing"]


def test_plenary_requires_a_plenary_and_only_staff_create(mkinds, staff_user, member_user):
    with pytest.raises(ValidationError, match="届次会议"):
        services.meeting_create(
            kind=mkinds["plenary"], title="全会", start_date=dt.date(2020, 1, 8), by=staff_user
        )
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            kind=mkinds["standing"], title="常委会", start_date=dt.date(2020, 1, 8), by=member_user
        )
    assert not Meeting.objects.exists()


def test_confirm_leave_and_staff_approval(
    standing_meeting, standing_members, staff_user, django_capture_on_commit_callbacks
):
    a = _inv(standing_meeting, standing_members["a"])
    with pytest.raises(ValidationError, match="事由"):
        services.invitation_respond(invitation=a, by=standing_members["a"].user, response="leave")
    with pytest.raises(ValidationError, match="本人"):
        services.invitation_respond(invitation=a, by=standing_members["b"].user, response="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_respond(
            invitation=a, by=standing_members["a"].user, response="leave", leave_reason="赴杭州参加培训"
        )
    a.refresh_from_db()
    assert (a.response, a.leave_status) == ("leave", "pending")
    assert Notification.objects.filter(kind="meeting_leave_request", recipient=staff_user).count() == 1
    with pytest.raises(PermissionDenied):
        services.leave_decide(invitation=a, approve=True, by=standing_members["b"].user)
    with django_capture_on_commit_callbacks(execute=True):
        services.leave_decide(invitation=a, approve=True, by=staff_user)
    a.refresh_from_db()
    assert a.leave_status == "approved" and a.leave_decided_by == staff_user
    assert Notification.objects.filter(
        kind="meeting_leave_decided", recipient=standing_members["a"].user
    ).exists()


def test_qr_token_is_bound_to_its_session_and_expires(standing_meeting, settings):
    session = standing_meeting.sessions.get()
    other = MeetingSession.objects.create(meeting=standing_meeting, date=dt.date(2020, 6, 18), half_day="pm")
    settings.MEETINGS_SIGNIN_TOKEN_SECONDS = 600
    with time_machine.travel(dt.datetime(2020, 6, 18, 1, 0, tzinfo=dt.UTC), tick=False):
        token = signin.make_token(session)
        assert signin.session_id_from(token) == session.pk != other.pk
    # a token for one session cannot be turned into another's: the id is under the signature
    value, stamp, sig = token.split(":")
    with pytest.raises(signin.BadToken, match="无效"):
        signin.session_id_from(f"{other.pk}:{stamp}:{sig}")
    with time_machine.travel(dt.datetime(2020, 6, 18, 1, 9, tzinfo=dt.UTC), tick=False):
        assert signin.session_id_from(token) == session.pk
    # a photo of the code taken earlier (11 minutes; yesterday's all the more) fails
    with (
        time_machine.travel(dt.datetime(2020, 6, 18, 1, 11, tzinfo=dt.UTC), tick=False),
        pytest.raises(signin.BadToken, match="过期"),
    ):
        signin.session_id_from(token)
    with (
        time_machine.travel(dt.datetime(2020, 6, 19, 1, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(signin.BadToken, match="过期"),
    ):
        signin.session_id_from(token)
    with pytest.raises(signin.BadToken):
        signin.session_id_from("garbage")


def test_member_not_invited_cannot_sign_in(standing_meeting, standing_members):
    session = standing_meeting.sessions.get()
    with pytest.raises(PermissionDenied, match="邀请名单"):
        services.session_sign_in(session_id=session.pk, by=standing_members["plain"].user)
    assert not SessionAttendance.objects.exists()
    assert not DutyEvent.objects.exists()


def _duty(member, kind=None):
    qs = DutyEvent.objects.filter(member=member)
    return qs.filter(kind_id=kind) if kind else qs


def test_attendance_and_leave_reach_the_duty_record_exactly_once(
    standing_meeting, standing_members, staff_user
):
    session = standing_meeting.sessions.get()
    chair, a, b = standing_members["chair"], standing_members["a"], standing_members["b"]
    services.invitation_respond(
        invitation=_inv(standing_meeting, a), by=a.user, response="leave", leave_reason="出差"
    )
    services.leave_decide(invitation=_inv(standing_meeting, a), approve=True, by=staff_user)
    # the chair scans twice (two phones, a double tap): one mark, one duty event
    services.session_sign_in(session_id=session.pk, by=chair.user)
    services.session_sign_in(session_id=session.pk, by=chair.user)
    assert _duty(chair, "meeting_attend").count() == 1
    # closing sign-in marks the approved leave as leave and the rest as absent; twice is a no-op
    assert services.session_close(session=session, by=staff_user) == 2
    assert services.session_close(session=session, by=staff_user) == 0
    services.meeting_transition(meeting=standing_meeting, action="hold", by=staff_user)
    assert _duty(a).count() == 1 and _duty(a, "meeting_leave").count() == 1
    assert _duty(b).count() == 1 and _duty(b, "meeting_absent").count() == 1
    assert _duty(chair).count() == 1
    # a late member signed in by hand: the absence is replaced, not added to
    services.attendance_mark(
        session=session, invitation=_inv(standing_meeting, b), status="present", by=staff_user
    )
    services.attendance_mark(
        session=session, invitation=_inv(standing_meeting, b), status="present", by=staff_user
    )
    assert list(_duty(b).values_list("kind_id", flat=True)) == ["meeting_attend"]
    # no sign-in after the session closed
    with pytest.raises(ValidationError, match="签到已结束"):
        services.session_sign_in(session_id=session.pk, by=b.user)
    roll = selectors.roll(meeting=standing_meeting)
    assert roll["totals"] == {"present": 2, "leave": 1, "absent": 0, "invited": 0, "expected": 3}
    assert _inv(standing_meeting, b).attendance == "present"


def test_plenary_attendance_counts_per_half_day(mkinds, staff_user):
    plenary = f.PlenaryFactory()
    member = f.MemberFactory(position=Position.MEMBER)
    member.terms.add(plenary.term)
    meeting = services.meeting_create(
        kind=mkinds["plenary"],
        title="全会",
        start_date=dt.date(2020, 1, 8),
        end_date=dt.date(2020, 1, 9),
        plenary=plenary,
        by=staff_user,
    )
    for session in meeting.sessions.all():
        services.session_sign_in(session_id=session.pk, by=member.user)
    assert _duty(member, "plenary_attend").count() == 4


def test_selected_speech_counts_once_and_unselecting_withdraws(mkinds, staff_user):
    plenary = f.PlenaryFactory()
    member = f.MemberFactory()
    member.terms.add(plenary.term)
    outsider = f.MemberFactory()
    meeting = services.meeting_create(
        kind=mkinds["plenary"], title="全会", start_date=dt.date(2020, 1, 8), plenary=plenary, by=staff_user
    )
    with pytest.raises(PermissionDenied):
        services.speech_submit(meeting=meeting, by=outsider.user, title="发言", text="内容")
    speech = services.speech_submit(
        meeting=meeting, by=member.user, title="关于小商品城数字化的发言", text="内容"
    )
    assert not _duty(member, "speech").exists()
    services.speech_select(speech=speech, by=staff_user, oral_order=2)
    services.speech_select(speech=speech, by=staff_user, oral_order=1)
    assert _duty(member, "speech").count() == 1
    services.speech_select(speech=speech, by=staff_user, oral_order=None)
    assert not _duty(member, "speech").exists()
    with pytest.raises(PermissionDenied):
        services.speech_select(speech=SpeechFactory(meeting=meeting), by=member.user, oral_order=1)


def test_decisions_and_agenda_order(standing_meeting, staff_user):
    first = services.agenda_item_add(
        meeting=standing_meeting, title="听取市政府关于国际贸易综合改革的通报", by=staff_user
    )
    second = services.agenda_item_add(meeting=standing_meeting, title="审议年度协商计划", by=staff_user)
    assert (first.order, second.order) == (1, 2)
    services.agenda_decide(item=second, decision="in_principle", note="原则通过,会后修改", by=staff_user)
    second.refresh_from_db()
    assert second.get_decision_display() == "原则通过"
    with pytest.raises(ValidationError):
        services.agenda_decide(item=second, decision="bogus", by=staff_user)


def test_printed_code_works_only_on_the_session_day(standing_meeting, client_for, standing_members, settings):
    from django.urls import reverse

    settings.MEETINGS_SIGNIN_TOKEN_SECONDS = 600
    settings.SESSION_IDLE_TIMEOUT = 0  # the clock jumps hours: the idle sign-out is not what is tested
    session = standing_meeting.sessions.get()  # 2020-06-18
    client = client_for(standing_members["a"].user)
    with time_machine.travel(dt.datetime(2020, 6, 18, 6, 0, tzinfo=dt.UTC), tick=False):
        token = signin.make_token(session, printed=True)
    url = reverse("meetings:signin", args=[token])
    # three hours later on the day: the printed code still works (a screen code would not)
    with time_machine.travel(dt.datetime(2020, 6, 18, 9, 0, tzinfo=dt.UTC), tick=False):
        assert client.get(url).status_code == 200
    # after midnight in Yiwu (01:00 on the 19th, eleven hours later): refused
    with time_machine.travel(dt.datetime(2020, 6, 18, 17, 0, tzinfo=dt.UTC), tick=False):
        response = client.get(url)
        assert response.status_code == 400 and "当天" in response.content.decode()
    # a screen code of the same moment has expired three hours later
    with time_machine.travel(dt.datetime(2020, 6, 18, 6, 0, tzinfo=dt.UTC), tick=False):
        screen = signin.make_token(session)
    with (
        time_machine.travel(dt.datetime(2020, 6, 18, 9, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(signin.BadToken, match="过期"),
    ):
        signin.session_id_from(screen)

"""Training: enrolment, attendance for the list in one form feeding the duty record, the quiz."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.briefing import services
from members.briefing.models import Attendance, QuizQuestion
from members.models import DutyEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(staff):
    return services.course_create(
        by=staff,
        title="委员履职能力提升培训班",
        year=2020,
        sessions=[
            (dt.date(2020, 9, 10), "政协理论与履职实务", "市政协会议室"),
            (dt.date(2020, 9, 11), "提案写作", ""),
        ],
    )


def test_enrol_and_attendance_feed_the_duty_record(world, course, staff):
    a, b = world["a"], world["b"]
    services.course_enrol(course=course, by=a.user)
    services.course_enrol(course=course, by=a.user)  # twice: still one enrolment
    services.course_enrol_members(course=course, by=staff, members=[b, a])
    assert course.enrolments.count() == 2
    session = course.sessions.first()
    changed = services.attendance_record(
        session=session, marks={a.pk: Attendance.Mark.PRESENT, b.pk: Attendance.Mark.LEAVE}, by=staff
    )
    assert changed == 2
    events = DutyEvent.objects.filter(kind_id="training_session")
    assert [(e.member_id, e.date, e.points) for e in events] == [(a.pk, session.date, 5)]
    # a correction withdraws the event; recording the same marks again changes nothing
    services.attendance_record(session=session, marks={a.pk: Attendance.Mark.ABSENT}, by=staff)
    assert not DutyEvent.objects.filter(kind_id="training_session").exists()
    assert services.attendance_record(session=session, marks={a.pk: Attendance.Mark.ABSENT}, by=staff) == 0


def test_attendance_only_for_enrolled_and_by_staff(world, course, staff):
    session = course.sessions.first()
    with pytest.raises(ValidationError, match="未报名"):
        services.attendance_record(session=session, marks={world["c"].pk: "present"}, by=staff)
    with pytest.raises(PermissionDenied):
        services.attendance_record(session=session, marks={}, by=world["a"].user)
    future = services.session_add(
        course=course, by=staff, date=dt.date.today() + dt.timedelta(days=3), topic="未来"
    )
    with pytest.raises(ValidationError, match="尚未举行"):
        services.attendance_record(session=future, marks={}, by=staff)


def test_quiz_score(world, course):
    q1 = QuizQuestion.objects.create(
        course=course, text="政协的主要职能是?", options="政治协商\n行政审批", answer=1
    )
    q2 = QuizQuestion.objects.create(
        course=course, text="提案的提出者可以是?", options="任何人\n委员和参加单位", answer=2
    )
    a = world["a"]
    with pytest.raises(ValidationError, match="请先报名"):
        services.quiz_submit(course=course, by=a.user, answers={q1.pk: 1, q2.pk: 2})
    services.course_enrol(course=course, by=a.user)
    with pytest.raises(ValidationError, match="未作答"):
        services.quiz_submit(course=course, by=a.user, answers={q1.pk: 1})
    attempt = services.quiz_submit(course=course, by=a.user, answers={q1.pk: 1, q2.pk: 1})
    assert (attempt.score, attempt.total) == (1, 2)
    with pytest.raises(ValidationError, match="已完成"):
        services.quiz_submit(course=course, by=a.user, answers={q1.pk: 1, q2.pk: 2})


def test_attendance_page_submitted_as_a_browser_would(world, course, staff, client):
    import re

    services.course_enrol_members(course=course, by=staff, members=[world["a"], world["b"]])
    session = course.sessions.first()
    client.force_login(staff)
    html = client.get(f"/briefing/training/sessions/{session.pk}/attendance/").content.decode()
    names = sorted(set(re.findall(r'name="(att_\d+)"', html)))
    assert names == sorted([f"att_{world['a'].pk}", f"att_{world['b'].pk}"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        f"/briefing/training/sessions/{session.pk}/attendance/",
        {"csrfmiddlewaretoken": token, names[0]: "present", names[1]: "absent"},
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, mark="present").count() == 1
    # garbage keys: a clear message, nothing saved
    response = client.post(f"/briefing/training/sessions/{session.pk}/attendance/", {"att_x": "present"})
    assert response.status_code == 200 and "无效的人员" in response.content.decode()

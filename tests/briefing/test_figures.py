"""Figures of 知情明政: each value equals the rows its drill-down list shows."""

import datetime as dt
import re

import pytest

from members.briefing import services
from members.briefing.models import Attendance, Audience
from reports.figures import FigureBook

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_data(world, staff, publish):
    with at(2020, 2, 1):
        a1 = publish(Audience.ALL_MEMBERS)
        publish(Audience.SECTOR, sector=world["sectors"][0])
        services.announcement_open(announcement=a1, user=world["a"].user)
        services.announcement_open(announcement=a1, user=world["b"].user)
    with at(2019, 5, 1):
        publish(Audience.ALL_MEMBERS)  # another year: not counted
    course = services.course_create(
        by=staff,
        title="培训班",
        year=2020,
        sessions=[(dt.date(2020, 9, 10), "一", ""), (dt.date(2020, 9, 11), "二", "")],
    )
    services.course_enrol_members(course=course, by=staff, members=[world["a"], world["b"]])
    s1, s2 = course.sessions.all()
    services.attendance_record(
        session=s1, marks={world["a"].pk: "present", world["b"].pk: "present"}, by=staff
    )
    services.attendance_record(
        session=s2, marks={world["a"].pk: "present", world["b"].pk: "absent"}, by=staff
    )
    collection = services.collection_create(by=staff, title="专题", year=2020)
    with at(2020, 6, 1):
        p = services.piece_save(by=world["a"].user, collection=collection, title="稿", body="正文")
        p = services.piece_action(piece=p, action="submit", by=world["a"].user)
        services.piece_action(piece=p, action="accept", by=staff)
    assert Attendance.objects.count() == 4


def rows(client, url):
    html = client.get(url).content.decode()
    count = int(re.search(r'data-testid="row-count">(\d+)<', html).group(1))
    assert html.count('class="figure-row"') == count  # one page holds them all here
    return count


EXPECTED = {
    "briefing.announcements": (2, 2),
    "briefing.read_rate": (round(100 * 2 / 6, 1), 2),  # 2 reads of 4 + 2 recipients; the list shows the reads
    "briefing.training_sessions": (2, 2),
    "briefing.training_attendance": (3, 3),
    "briefing.wenshi_accepted": (1, 1),
}


def test_figures_and_their_lists(year_data, staff, client):
    book = FigureBook(2020)
    client.force_login(staff)
    for code, (value, listed) in EXPECTED.items():
        figure = book[code]
        assert figure.value == value, code
        assert rows(client, figure.url) == listed, code


def test_figure_list_is_for_staff_and_leaders(world, client):
    client.force_login(world["a"].user)
    assert client.get("/briefing/figures/?what=pieces&year=2020").status_code == 403
    client.force_login(world["leader"])
    assert client.get("/briefing/figures/?what=pieces&year=2020").status_code == 200
    assert client.get("/briefing/figures/?what=nothing&year=2020").status_code == 404
    assert client.get("/briefing/figures/?what=pieces&year=abc").status_code == 404

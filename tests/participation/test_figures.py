"""Each participation figure and its drill-down list are one definition: the list has exactly
as many rows as the figure counts."""

import datetime as dt

import pytest
from django.urls import reverse

from consultations.participation import services
from consultations.participation.models import Audience
from reports.figures import REGISTRY, YearData
from tests import factories as f
from tests.factories.participation import TopicCallFactory

pytestmark = pytest.mark.django_db

CODES = [code for code in REGISTRY if code.startswith("participation.")]


@pytest.fixture
def data():
    staff = f.StaffUserFactory()
    members = [f.MemberFactory().user for _ in range(3)]
    call = TopicCallFactory(year=2021, open_to_units=True)
    other_year = TopicCallFactory(year=2022)
    for m in members:
        services.submission_create(call=call, by=m, title="荐题", reason="r")
    services.submission_create(call=other_year, by=members[0], title="明年", reason="r")
    dup = services.submission_create(call=call, by=staff, title="找题", reason="r", source="committee")
    services.submission_merge(submission=dup, into=call.submissions.first(), by=staff)
    services.submission_create(call=call, by=staff, title="找题2", reason="r", source="committee")
    services.submission_create(call=call, by=f.UnitUserFactory(), title="点题", reason="r")
    shown = services.public_submission_create(
        call=call, name="甲", phone="13800000001", title="群众", reason="r"
    )
    services.submission_moderate(submission=shown, by=staff, publish=True)
    services.public_submission_create(call=call, name="乙", phone="13800000002", title="待审", reason="r")
    activity = f.ActivityFactory(is_public=True, date=dt.date(2021, 5, 1))
    d = services.deliberation_open(activity=activity, by=staff, audience=Audience.PUBLIC)
    d.closes_on = None
    d.save()
    from consultations.participation.models import Opinion

    o = Opinion.objects.create(deliberation=d, author=members[1], text="意见")
    Opinion.objects.create(deliberation=d, author=members[1], text="回复", parent=o)
    hidden = Opinion.objects.create(deliberation=d, author=members[2], text="屏蔽")
    services.opinion_hide(opinion=hidden, by=staff, reason="跑题")
    Opinion.objects.create(deliberation=d, public_name="丙", public_phone="13800000003", text="群众意见")
    survey = services.survey_create(
        by=staff,
        title="问卷",
        year=2021,
        audience=Audience.PUBLIC,
        questions=[{"kind": "rating", "text": "分"}],
    )
    q = survey.questions.get()
    services.survey_answer(survey=survey, by=members[0], answers={q.pk: "4"})
    services.public_survey_answer(survey=survey, name="甲", phone="13800000001", answers={q.pk: "5"})
    return staff


EXPECTED = {
    "participation.topics": 6,  # 3 members + 1 committee (its duplicate merged away) + 1 unit + 1 public
    "participation.topics_member": 3,
    "participation.topics_committee": 1,
    "participation.topics_party_government": 1,
    "participation.topics_public": 1,
    "participation.opinions": 3,  # hidden one not counted
    "participation.members": 3,
    "participation.public": 2,  # 13800000001 twice, 13800000003
    "participation.responses": 2,
}


def test_figures_and_their_lists_agree(data, client_for):
    year = YearData(2021)
    client = client_for(data)
    assert set(EXPECTED) <= set(CODES)
    for code in CODES:
        figure = REGISTRY[code]
        value = figure.compute(year)
        assert value == EXPECTED.get(code, value), code
        response = client.get(figure.link(2021))
        assert response.status_code == 200, code
        assert response.content.decode().count('class="figure-row"') == value, code


def test_leader_opens_the_lists_members_do_not(data, client_for, make_user):
    url = REGISTRY["participation.topics"].link(2021)
    assert client_for(make_user("leader")).get(url).status_code == 200
    assert client_for(make_user("member")).get(url).status_code == 403
    assert reverse("participation:figure_list") in url

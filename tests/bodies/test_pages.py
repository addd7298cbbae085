"""Body pages, figures and their drill-down lists, the trace chain, query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from consultations.models import Activity, PlanTopic
from members.bodies import services
from members.bodies.body import body_get
from members.bodies.figure_queries import (
    DEFINITIONS,
    body_figure_queryset,
    body_figures,
    body_stats,
    figure_queryset,
)
from members.bodies.trace import trace_chain
from reports.figures import REGISTRY, FigureBook
from tests import factories as f

pytestmark = pytest.mark.django_db


def _come_consult(kinds, **kwargs):
    return f.ActivityFactory(kind=kinds["come_consult"], **kwargs)


@pytest.fixture
def grassroots_2020(kinds, town_a, town_b):
    """2020: held 请你来协商 of two 镇街, a 专委会 and a 界别; a planned and a cancelled one that do
    not count; and one of the 市政协 itself that is not grassroots."""
    committee = f.SpecialCommitteeFactory()
    sector = f.SectorFactory()
    _come_consult(kinds, organiser_type="work", work_committee=town_a)
    _come_consult(kinds, organiser_type="work", work_committee=town_a)
    _come_consult(kinds, organiser_type="work", work_committee=town_b)
    _come_consult(kinds, organiser_type="special", special_committee=committee)
    _come_consult(kinds, organiser_type="sector", sector=sector)
    _come_consult(kinds, organiser_type="work", work_committee=town_a, status=Activity.Status.PLANNED)
    _come_consult(kinds, organiser_type="work", work_committee=town_a, status=Activity.Status.CANCELLED)
    _come_consult(kinds)  # 市政协
    f.ActivityFactory(kind=kinds["inspection"], organiser_type="work", work_committee=town_a)


def test_body_figures_break_down_held_come_consult_and_lists_match(grassroots_2020, staff_user, client):
    stats = body_stats(year=2020)
    assert stats["come_consult_grassroots"] == 5
    assert (stats["come_consult_work"], stats["come_consult_special"], stats["come_consult_sector"]) == (
        3,
        1,
        1,
    )
    client.force_login(staff_user)
    for code in DEFINITIONS:
        assert figure_queryset(code, 2020).count() == stats[code.split(".", 1)[1]], code
        response = client.get(reverse("bodies:figure_rows"), {"code": code, "year": 2020})
        assert response.status_code == 200
        assert len(response.context["rows"]) == response.context["total"] == stats[code.split(".", 1)[1]], (
            code
        )
    # the registry has them, and the figure's link opens that list
    book = FigureBook(2020)
    value = book["bodies.come_consult_grassroots"]
    assert value.value == 5 and "code=bodies.come_consult_grassroots" in value.url
    assert all(code in REGISTRY for code in DEFINITIONS)
    assert client.get(reverse("bodies:figure_rows"), {"code": "nope", "year": "x"}).status_code == 404


def test_one_body_figures_and_drill_down(grassroots_2020, town_a, organiser_a, client):
    body = body_get("work", town_a.pk)
    figures = body_figures(body, year=2020)
    assert (figures["held"], figures["come_consult"], figures["planned"], figures["cancelled"]) == (
        3,
        2,
        1,
        1,
    )
    client.force_login(organiser_a)
    for key in ("held", "come_consult", "planned", "cancelled", "suggestions"):
        response = client.get(
            reverse("bodies:body_rows", args=["work", town_a.pk]), {"key": key, "year": 2020}
        )
        assert response.status_code == 200
        assert response.context["total"] == body_figure_queryset(body, key, 2020).count() == figures[key]
    assert client.get(reverse("bodies:body_rows", args=["work", town_a.pk]), {"key": "x"}).status_code == 404
    assert client.get(reverse("bodies:body_detail", args=["nonsense", 1])).status_code == 404
    assert client.get(reverse("bodies:body_detail", args=["work", 999999])).status_code == 404


def test_body_page_internals_for_own_organiser_not_the_other(
    grassroots_2020, town_a, organiser_a, organiser_b, client
):
    url = reverse("bodies:body_detail", args=["work", town_a.pk]) + "?year=2020"
    client.force_login(organiser_a)
    response = client.get(url)
    assert response.context["internals"] and response.context["figures"]["held"] == 3
    assert "新建活动" in response.content.decode()
    client.force_login(organiser_b)
    response = client.get(url)
    assert not response.context["internals"] and "figures" not in response.context
    assert response.context["activities"] == []  # A's activities are not public
    assert "新建活动" not in response.content.decode()
    assert (
        client.get(reverse("bodies:body_rows", args=["work", town_a.pk]), {"key": "held"}).status_code == 403
    )


def test_body_page_constant_queries(kinds, town_a, organiser_a, client, django_assert_max_num_queries):
    client.force_login(organiser_a)
    url = reverse("bodies:body_detail", args=["work", town_a.pk]) + "?year=2020"
    for n in (2, 25):
        for _ in range(n):
            a = _come_consult(kinds, organiser_type="work", work_committee=town_a)
            f.MemberFactory(work_committee=town_a)
            f.SuggestionFactory(activity=a)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_activity_detail_for_organiser_constant_queries(
    activity_a, organiser_a, client, django_assert_max_num_queries
):
    client.force_login(organiser_a)
    for n in (2, 20):
        for _ in range(n):
            f.InvitationFactory(activity=activity_a)
            f.SuggestionFactory(activity=activity_a)
        with django_assert_max_num_queries(22):
            response = client.get(activity_a.get_absolute_url())
        assert response.status_code == 200 and "登记出勤" in response.content.decode()


def test_chain_from_visit_to_closed_suggestion(kinds, town_a, organiser_a):
    village = f.VillageFactory(name="青岩刘村", work_committee=town_a)
    member = f.ContactVillageFactory(village=village).member
    visit = services.visit_log(
        by=member.user, village=village, date=dt.date(2020, 3, 10), items=["电商企业用工难"]
    )
    item = visit.items.get()
    services.heard_item_decide(item=item, outcome="topic", title="电商企业稳岗", by=member.user)
    topic = PlanTopic.objects.get()
    activity = _come_consult(kinds, organiser_type="work", work_committee=town_a, plan_topic=topic)
    suggestion = f.SuggestionFactory(activity=activity, status="closed")
    f.SuggestionUpdateFactory(suggestion=suggestion, text="已为151家企业1846名员工发放补贴")
    staff = f.StaffUserFactory()
    down = [type(n.obj).__name__ for n in trace_chain(visit, user=staff)]
    assert down == ["Visit", "HeardItem", "PlanTopic", "Activity", "Suggestion", "SuggestionUpdate"]
    up = trace_chain(activity, user=staff, implicit_below=False)
    assert [type(n.obj).__name__ for n in up] == ["Visit", "HeardItem", "PlanTopic", "Activity"]
    assert up[-1].current
    # a member who may not see the (non-public) activity sees that there is one, not its title
    stranger = f.MemberFactory().user
    hidden = {type(n.obj).__name__: n for n in trace_chain(topic, user=stranger)}
    assert hidden["Activity"].title == "(无权查看)" and hidden["Activity"].url == ""

"""Figures against the real selectors of the other apps, counted independently from the rows
the test creates; and the dashboard's constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from reports.figures import FigureBook
from tests import factories

pytestmark = pytest.mark.django_db

consultations = pytest.importorskip("consultations.models")


def make_activities(n: int) -> dict:
    """n activities of 2020 in a deterministic mix; returns the counts expected for them."""
    come = factories.ActivityKindFactory(code="come_consult")
    oversight = factories.ActivityKindFactory(code="oversight")
    committee = factories.SpecialCommitteeFactory()
    expected = {
        "activities": 0,
        "major": 0,
        "committee": 0,
        "other": 0,
        "oversight": 0,
        "reports": 0,
        "quick": 0,
    }
    for i in range(n):
        kind = come if i % 3 else oversight
        organiser = "committee" if i % 2 else "special"
        activity = factories.ActivityFactory(
            kind=kind,
            major=(i % 4 == 0),
            organiser_type=organiser,
            special_committee=None if organiser == "committee" else committee,
            date=dt.date(2020, 1 + i % 12, 10),
        )
        expected["activities"] += 1
        expected["major"] += i % 4 == 0
        expected["committee"] += kind == come and organiser == "committee"
        expected["other"] += kind == come and organiser != "committee"
        expected["oversight"] += kind == oversight
        if i % 5 == 0:
            factories.ActivityDocumentFactory(activity=activity)
            expected["reports"] += 1
        factories.SuggestionFactory(activity=activity, landed_quickly=(i % 6 == 0))
        expected["quick"] += i % 6 == 0
    factories.ActivityFactory(kind=come, major=True, date=dt.date(2019, 5, 1))  # another year: not counted
    return expected


def test_activity_figures_equal_independent_counts():
    expected = make_activities(14)
    book = FigureBook(2020)
    assert book["activities.total"].value == expected["activities"]
    assert book["activities.major"].value == expected["major"]
    assert book["activities.come_consult_committee"].value == expected["committee"]
    assert book["activities.come_consult_other"].value == expected["other"]
    assert book["activities.oversight"].value == expected["oversight"]
    assert book["activities.research_reports"].value == expected["reports"]
    assert book["suggestions.total"].value == expected["activities"]
    assert book["suggestions.landed_quickly"].value == expected["quick"]
    assert FigureBook(2019)["activities.major"].value == 1


def test_members_figure_equals_independent_count():
    for _ in range(4):
        factories.MemberFactory()
    from members.models import Member

    assert FigureBook(2020)["members.active"].value == Member.objects.filter(is_active=True).count()


@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_constant_queries(n, leader_user, client_for, django_assert_max_num_queries):
    make_activities(n)
    for _ in range(n):
        factories.MemberFactory()
    client = client_for(leader_user)
    with django_assert_max_num_queries(32):
        response = client.get(reverse("reports:dashboard") + "?year=2020")
    assert response.status_code == 200


def test_proposal_and_opinion_figures_equal_independent_counts():
    from django.utils import timezone

    from proposals.models import Proposal, PublicOpinion

    for i in range(7):
        factories.ProposalFactory(submitted_at=timezone.now(), number=(i + 1) if i % 3 else None)
    factories.ProposalFactory()  # a draft: not received
    for _ in range(5):
        factories.PublicOpinionFactory()
    book = FigureBook(2020)
    received = Proposal.objects.filter(year=2020, submitted_at__isnull=False).count()
    accepted = Proposal.objects.filter(year=2020, number__isnull=False).count()
    assert (received, accepted) == (7, 4)
    assert book["proposals.received"].value == received
    assert book["proposals.accepted"].value == accepted
    assert book["proposals.acceptance_rate"].value == round(100 * accepted / received, 1)
    assert (
        book["opinions.collected"].value == PublicOpinion.objects.filter(received_on__year=2020).count() == 5
    )


@pytest.mark.parametrize("n", [2, 25])
def test_figure_rows_page_lists_exactly_the_rows_in_constant_queries(
    n, leader_user, client_for, django_assert_max_num_queries
):
    from consultations.models import Activity, ActivityDocument

    held = factories.ActivityFactory(date=dt.date(2020, 5, 1))
    planned = factories.ActivityFactory(date=dt.date(2020, 12, 1), status=Activity.Status.PLANNED)
    for i in range(n):
        factories.ActivityDocumentFactory(
            activity=held,
            kind=ActivityDocument.Kind.RESEARCH_REPORT,
            date=dt.date(2020, 6, 1),
            title=f"调研报告{i}",
        )
    factories.ActivityDocumentFactory(
        activity=planned, kind=ActivityDocument.Kind.RESEARCH_REPORT, date=dt.date(2020, 6, 2)
    )
    factories.ActivityDocumentFactory(
        activity=held, kind=ActivityDocument.Kind.MINUTES, date=dt.date(2020, 6, 3)
    )
    url = FigureBook(2020)["activities.research_reports"].url
    assert FigureBook(2020)["activities.research_reports"].value == n
    client = client_for(leader_user)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == n
    assert client.get(url.replace("year=2020", "year=abc")).status_code == 400

import datetime as dt

import pytest
import time_machine

from consultations import selectors, services
from consultations.models import Activity, ActivityDocument
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_data(kinds, staff_user, leader):
    """A mixed 2020 with activities of several kinds and organisers, and suggestions in many states."""
    committee = f.SpecialCommitteeFactory()
    specs = [
        ("come_consult", "committee", True),
        ("come_consult", "committee", False),
        ("come_consult", "special", False),
        ("come_consult", "special", True),
        ("oversight", "committee", False),
        ("oversight", "special", False),
        ("inspection", "committee", True),
        ("research", "special", False),
        ("topic_consult", "committee", True),
        ("forum", "committee", False),
    ]
    acts = [
        f.ActivityFactory(
            kind=kinds[code],
            organiser_type=org,
            special_committee=committee if org == "special" else None,
            major=major,
            date=dt.date(2020, 3 + i % 9, 10),
        )
        for i, (code, org, major) in enumerate(specs)
    ]
    f.ActivityFactory(kind=kinds["come_consult"], date=dt.date(2019, 12, 31), major=True)  # other year
    f.ActivityDocumentFactory(activity=acts[7], date=dt.date(2020, 5, 1))
    f.ActivityDocumentFactory(activity=acts[7], date=dt.date(2020, 12, 31))
    f.ActivityDocumentFactory(activity=acts[7], date=dt.date(2021, 1, 2))  # dated next year
    f.ActivityDocumentFactory(activity=acts[0], kind=ActivityDocument.Kind.MINUTES, date=dt.date(2020, 5, 1))
    unit = f.HandlingUnitFactory()
    states = ["pending", "assigned", "in_progress", "implemented", "partial", "not_adopted"]
    for i, state in enumerate(states * 2):
        s = f.SuggestionFactory(activity=acts[i % 4])
        if state == "pending":
            continue
        due = dt.date(2020, 6, 1) if i % 2 else dt.date(2030, 1, 1)
        s = services.suggestion_assign(suggestion=s, unit=unit, due_date=due, by=staff_user)
        if state != "assigned":
            services.suggestion_report(suggestion=s, status=state, text="进展", reason="理由", by=staff_user)
        if i >= 6 and state in ("implemented", "partial", "not_adopted"):
            services.suggestion_close(suggestion=s, by=staff_user)
        if i in (3, 4):
            services.suggestion_mark_quick(suggestion=s, by=staff_user)
            services.suggestion_instruct(
                suggestion=s, leader=leader, date=dt.date(2020, 7, 1), text="批示", by=leader
            )
    f.SuggestionFactory(activity=f.ActivityFactory(date=dt.date(2019, 5, 1)))  # other year
    return acts


def test_activity_stats_match_independent_counts(year_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        stats = selectors.activity_stats(year=2020)
    acts = [a for a in Activity.objects.select_related("kind") if a.date.year == 2020]
    assert stats["activities"] == len(acts)
    assert stats["major"] == sum(a.major for a in acts)
    assert stats["come_consult_committee"] == sum(
        a.kind.code == "come_consult" and a.organiser_type == "committee" for a in acts
    )
    assert stats["come_consult_other"] == sum(
        a.kind.code == "come_consult" and a.organiser_type != "committee" for a in acts
    )
    assert stats["oversight"] == sum(a.kind.code == "oversight" for a in acts)
    assert stats["inspections"] == sum(a.kind.code == "inspection" for a in acts)
    assert stats["surveys"] == sum(a.kind.code == "research" for a in acts)
    assert stats["consultations"] == sum(a.kind.category == "consultation" for a in acts)
    assert stats["research_reports"] == sum(
        d.kind == "research_report" and d.date.year == 2020 for d in ActivityDocument.objects.all()
    )
    assert stats["by_kind"]["请你来协商"] == 4 and sum(stats["by_kind"].values()) == len(acts)
    assert (stats["major"], stats["come_consult_committee"], stats["come_consult_other"]) == (4, 2, 2)
    assert stats["research_reports"] == 2


@time_machine.travel(dt.datetime(2020, 12, 1, 12, 0), tick=False)
def test_suggestion_stats_match_independent_counts(year_data, django_assert_max_num_queries):
    from consultations.models import Suggestion
    from members.models import Instruction

    with django_assert_max_num_queries(2):
        stats = selectors.suggestion_stats(year=2020)
    rows = [s for s in Suggestion.objects.select_related("activity") if s.activity.date.year == 2020]
    instructed = set(Instruction.objects.values_list("target_id", flat=True))
    today = dt.date(2020, 12, 1)
    assert stats["total"] == len(rows) == 12
    assert stats["advanced"] == sum(
        s.status in ("in_progress", "implemented", "partial")
        or (s.status == "closed" and s.outcome in ("implemented", "partial"))
        for s in rows
    )
    assert stats["landed_quickly"] == sum(s.landed_quickly for s in rows) == 2
    for key, outcome in [
        ("implemented", "implemented"),
        ("partially", "partial"),
        ("in_progress", "in_progress"),
        ("not_adopted", "not_adopted"),
    ]:
        assert stats[key] == sum(s.outcome == outcome for s in rows)
    assert stats["closed"] == sum(s.status == "closed" for s in rows) == 3
    assert stats["open"] == len(rows) - stats["closed"]
    assert stats["instructed"] == sum(s.pk in instructed for s in rows) == 2
    assert stats["overdue"] == sum(
        s.status in ("assigned", "in_progress") and s.due_date is not None and s.due_date < today
        for s in rows
    )


def test_suggestions_open_oldest_first_with_unit(year_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        rows = selectors.suggestions_open(limit=5)
        names = [s.unit.name if s.unit else "" for s in rows]
    assert len(rows) == 5 and len(names) == 5
    dates = [s.activity.date for s in rows]
    assert dates == sorted(dates)
    assert all(s.status != "closed" for s in rows)
    assert rows[0].waiting in ("交办", "单位反馈", "回头看", "办结")


@time_machine.travel(dt.datetime(2020, 1, 15, 12, 0), tick=False)
def test_plan_states(staff_user, kinds):
    committee = f.SpecialCommitteeFactory()
    done = f.PlanTopicFactory(year=2020, planned_month=1, lead_committee=committee)
    late = f.PlanTopicFactory(year=2019, planned_month=11, lead_committee=committee)
    f.ActivityFactory(plan_topic=done, date=dt.date(2020, 1, 10))
    assert [t.state for t in selectors.plan_for_year(year=2020)] == ["done"]
    assert [t.state for t in selectors.plan_for_year(year=2019)] == ["late"]
    assert late.pk

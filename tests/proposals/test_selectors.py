"""Each statistic equals a count made independently from the rows the test creates."""

import datetime as dt

import pytest

from proposals import selectors
from proposals.models import Assignment, ProposalSigner, ReplyClass
from tests.factories import (
    CategoryFactory,
    HandlingUnitFactory,
    MemberFactory,
    ProposalFactory,
    PublicOpinionFactory,
)

pytestmark = pytest.mark.django_db

SPECS = [
    # status, number?, class, rating, replied late?, key, excellent, proposer_type, overdue
    ("closed", True, "A", "satisfied", False, True, False, "individual", False),
    ("closed", True, "B", "basic", True, False, True, "joint", False),
    ("rated", True, "C", "unsatisfied", False, False, False, "party", False),
    ("replied", True, "A", "", False, False, False, "individual", False),
    ("handling", True, None, "", False, False, False, "individual", True),
    ("assigned", True, None, "", False, False, False, "joint", False),
    ("rejected", False, None, "", False, False, False, "individual", False),
    ("merged", False, None, "", False, False, False, "individual", False),
    ("submitted", False, None, "", False, False, False, "individual", False),
]


@pytest.fixture
def rows(db):
    classes = {c.code: c for c in ReplyClass.objects.all()}
    unit_a, unit_b = HandlingUnitFactory(), HandlingUnitFactory()
    cats = [CategoryFactory(name="经济建设"), CategoryFactory(name="城建环保")]
    today = dt.date.today()
    made = []
    for i, (status, numbered, code, rating, late, key, excellent, ptype, overdue) in enumerate(SPECS):
        due = today - dt.timedelta(days=5) if overdue else today + dt.timedelta(days=30)
        p = ProposalFactory(
            status=status,
            year=2020,
            category=cats[i % 2],
            proposer_type=ptype,
            submitted_at=dt.datetime(2020, 3, 1, tzinfo=dt.UTC),
            number=i + 1 if numbered else None,
            series="测试",
            reply_class=classes[code] if code else None,
            replied_on=(due + dt.timedelta(days=3) if late else due - dt.timedelta(days=3)) if code else None,
            due_on=due if numbered else None,
            rating=rating,
            is_key=key,
            is_excellent=excellent,
            lead_unit=(unit_a if i % 2 else unit_b) if numbered else None,
        )
        if numbered:
            Assignment.objects.create(
                proposal=p,
                unit=p.lead_unit,
                kind="lead",
                assigned_on=today,
                due_on=due,
                objection_until=today,
            )
        made.append(p)
    ProposalFactory(status="draft", year=2020)  # drafts are not received
    ProposalFactory(status="closed", year=2019, number=99, series="旧")  # another year
    cosigner = MemberFactory()
    ProposalSigner.objects.create(proposal=made[0], member=cosigner, role="cosigner", answer="confirmed")
    return made


def test_proposal_stats(rows):
    s = selectors.proposal_stats(year=2020)
    numbered = [p for p in rows if p.number]
    replied = [p for p in numbered if p.replied_on]
    assert s["received"] == len(rows)
    assert s["accepted"] == len(numbered)
    assert s["merged"] == sum(p.status == "merged" for p in rows)
    assert s["rejected"] == sum(p.status == "rejected" for p in rows)
    assert s["replied"] == len(replied)
    assert s["replied_on_time"] == sum(p.replied_on <= p.due_on for p in replied)
    assert s["rated"] == sum(bool(p.rating) for p in numbered)
    assert (s["satisfied"], s["basically_satisfied"], s["unsatisfied"]) == (1, 1, 1)
    assert s["adopted"] == sum(p.reply_class.code in "AB" for p in replied)
    assert (s["class_a"], s["class_b"], s["class_c"]) == (2, 1, 1)
    assert s["key"] == 1 and s["excellent"] == 1 and s["overdue"] == 1


def test_counts_by_category_and_type(rows):
    numbered = [p for p in rows if p.number]
    by_cat = {r["name"]: r["count"] for r in selectors.proposal_counts_by_category(year=2020)}
    assert sum(by_cat.values()) == len(numbered)
    assert by_cat["经济建设"] == sum(p.category.name == "经济建设" for p in numbered)
    by_type = {r["name"]: r["count"] for r in selectors.proposal_counts_by_proposer_type(year=2020)}
    assert by_type == {"委员个人": 3, "委员联名": 2, "民主党派": 1}


def test_unit_league_and_overdue(rows):
    league = selectors.unit_league(year=2020)
    assert sum(r["assigned"] for r in league) == sum(1 for p in rows if p.number)
    assert sum(r["replied"] for r in league) == sum(1 for p in rows if p.replied_on)
    assert sum(r["on_time"] for r in league) == sum(
        1 for p in rows if p.replied_on and p.replied_on <= p.due_on
    )
    assert sum(r["satisfied"] for r in league) == 2
    overdue = selectors.proposals_overdue()
    assert [p.pk for p in overdue] == [rows[4].pk] and overdue[0].lead_unit.name


def test_participation(rows):
    counted = selectors.proposal_participation(year=2020)
    from members.models import Member

    assert counted["members_total"] == Member.objects.filter(is_active=True).count()
    expected = {p.lead_member_id for p in rows if p.number} | {
        s.member_id
        for s in ProposalSigner.objects.filter(
            role="cosigner", proposal__number__isnull=False, proposal__year=2020
        )
    }
    assert counted["members_proposed"] == len(expected)


def test_opinion_stats(db):
    PublicOpinionFactory(status="received")
    PublicOpinionFactory(status="adopted", adoption_level="city", sent_on=dt.date(2020, 5, 2))
    PublicOpinionFactory(status="adopted", adoption_level="national", sent_on=dt.date(2020, 5, 2))
    PublicOpinionFactory(received_on=dt.date(2019, 5, 1))
    s = selectors.opinion_stats(year=2020)
    assert (s["collected"], s["reported"], s["adopted"], s["adopted_city"], s["adopted_national"]) == (
        3,
        2,
        2,
        1,
        1,
    )


def test_similar_proposals(rows):
    target = ProposalFactory(title=rows[0].title, status="submitted")
    assert rows[0] in selectors.proposal_similar(proposal=target)

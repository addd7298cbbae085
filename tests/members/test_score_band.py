"""The score -> band rule: one rule, the same in SQL (scored_members) and in Python (the ranking
rows and the yearly stats), `>=` on every threshold."""

import datetime as dt
from decimal import Decimal

import pytest

from members import selectors
from members.models import DutyMinimum, ScoreBand
from tests import factories

pytestmark = pytest.mark.django_db

BANDS = [("优秀", "90"), ("良好", "80"), ("称职", "60"), ("不称职", "-999")]
# score -> expected band: exactly on each threshold, just below it, and far below
CASES = {
    "90": "优秀",
    "89.9": "良好",
    "80": "良好",
    "79.9": "称职",
    "60": "称职",
    "59.9": "不称职",
    "0": "不称职",
    "100": "优秀",
}


@pytest.fixture
def bands():
    ScoreBand.objects.all().delete()
    DutyMinimum.objects.all().delete()
    for name, minimum in BANDS:
        ScoreBand.objects.create(name=name, min_score=Decimal(minimum))


def test_band_for_is_ge_on_every_threshold(bands):
    config = selectors.ScoringConfig.load()
    for score, band in CASES.items():
        assert config.band_for(Decimal(score)) == band, score


def test_sql_and_python_agree_exactly_on_the_thresholds(bands):
    term = factories.TermFactory(number=13, start_date=dt.date(2017, 1, 1), end_date=dt.date(2021, 12, 31))
    members = {}
    for score in CASES:
        member = factories.MemberFactory()
        member.terms.add(term)
        if Decimal(score):
            factories.DutyEventFactory(
                member=member, kind_id="other", date=dt.date(2020, 5, 1), points=Decimal(score)
            )
        members[member.pk] = score
    # SQL: the queryset annotation
    sql = {m.pk: (m.score, m.band) for m in selectors.scored_members(year=2020).filter(pk__in=members)}
    # Python: the ranking rows and the stats from the grouped tallies
    rows, stats = selectors.member_scores_and_stats(year=2020)
    python = {r["member_id"]: (r["score"], r["band"]) for r in rows if r["member_id"] in members}
    for pk, score in members.items():
        expected = CASES[score]
        assert sql[pk] == (Decimal(score), expected), (score, sql[pk])
        assert python[pk] == (Decimal(score), expected), (score, python[pk])
    counted = {name: 0 for name, _m in BANDS}
    for band in CASES.values():
        counted[band] += 1
    assert stats["bands"] == counted

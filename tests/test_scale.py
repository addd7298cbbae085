"""The query counts of the benchmarked pages hold at scale: the bench generator builds a tiny data
set and then one twice as large (both in the test database), and every page of bench.pages makes
the same number of queries for both, never more than 15 (the dashboard included)."""

import pytest

from bench.generate import generate
from bench.querycount import page_query_counts

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def test_benchmarked_pages_make_a_constant_small_number_of_queries(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    small = page_query_counts(generate(seed=11, scale=0.002))
    large = page_query_counts(generate(seed=12, scale=0.004))
    problems = []
    for label, row in small.items():
        other = large[label]
        if row["status"] != 200 or other["status"] != 200:
            problems.append(f"{label}: HTTP {row['status']} / {other['status']}")
        if row["queries"] != other["queries"]:
            problems.append(f"{label}: {row['queries']} queries at scale 0.002, {other['queries']} at 0.004")
            problems += (
                ["  " + sql[:200] for sql in row["sql"]]
                + ["  --"]
                + ["  " + sql[:200] for sql in other["sql"]]
            )
        if other["queries"] > MAX_QUERIES:
            problems.append(f"{label}: {other['queries']} queries (at most {MAX_QUERIES})")
    assert not problems, "\n".join(problems)


def test_generator_rows_are_consistent():
    info = generate(seed=13, scale=0.002)
    from members.models import DutyEvent
    from proposals.models import Assignment, Proposal, Rating, Reply

    assert info["counts"]["proposals"] == Proposal.objects.count()
    accepted = Proposal.objects.filter(number__isnull=False)
    # every proposal past assignment has its lead assignment, every replied one its reply
    assert not accepted.filter(lead_unit__isnull=False).exclude(assignments__kind="lead").exists()
    assert Reply.objects.count() == Proposal.objects.filter(replied_on__isnull=False).count()
    assert Rating.objects.count() == Proposal.objects.exclude(rating="").count()
    assert (
        Assignment.objects.filter(kind="lead").count()
        == Proposal.objects.filter(lead_unit__isnull=False).count()
    )
    assert DutyEvent.objects.count() == info["counts"]["duty"]
    assert set(Proposal.objects.values_list("status", flat=True)) >= {"closed", "handling", "rejected"}

"""A scan reads what is due with a fixed number of queries, whatever the number of rows: 50,000
assignments are scanned with the same query count as a handful."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import HandlingUnit
from proposals import reminders
from proposals.models import Assignment, Category, Proposal, ProposalStatus
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date(2020, 6, 30)


def _bulk_assignments(*, proposals: int, units: list[HandlingUnit], creator) -> int:
    """proposals × units open lead assignments due in the last few days (stage "due"), cheaply."""
    category = Category.objects.order_by("pk").first()
    rows = Proposal.objects.bulk_create(
        [
            Proposal(
                title=f"批量提案{i}",
                body="内容",
                category=category,
                created_by=creator,
                year=2020,
                status=ProposalStatus.HANDLING,
            )
            for i in range(proposals)
        ],
        batch_size=5000,
    )
    assignments = [
        Assignment(
            proposal=p,
            unit=u,
            kind=Assignment.Kind.LEAD,
            assigned_on=dt.date(2020, 3, 30),
            due_on=TODAY - dt.timedelta(days=i % 5),
            objection_until=dt.date(2020, 4, 6),
        )
        for i, p in enumerate(rows)
        for u in units
    ]
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    return len(assignments)


def _scan_queries() -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        sent = reminders.reply_deadline_scan(today=TODAY)
    return sent, len(ctx.captured_queries)


def test_reply_deadline_scan_query_count_does_not_grow_with_rows():
    creator = factories.StaffUserFactory()
    watched = factories.HandlingUnitFactory()
    users = [factories.UnitUserFactory(handling_unit=watched) for _ in range(2)]
    _bulk_assignments(proposals=10, units=[watched], creator=creator)  # 10 due, 20 notices

    silent = [factories.HandlingUnitFactory() for _ in range(50)]  # units without users
    _bulk_assignments(proposals=3, units=silent[:1], creator=creator)
    ContentType.objects.get_for_model(Proposal)  # warm the content-type cache for both runs
    sent_small, queries_small = _scan_queries()
    rerun_small = _scan_queries()

    from members.models import Notification

    Notification.objects.all().delete()
    created = _bulk_assignments(proposals=1000, units=silent, creator=creator)
    assert created == 50_000
    sent_big, queries_big = _scan_queries()
    rerun_big = _scan_queries()

    assert sent_small == sent_big == 2 * 10
    assert queries_big == queries_small  # reads are fixed; writes are one insert per new notice
    assert rerun_big == rerun_small == (0, rerun_small[1])
    assert rerun_big[1] < 20  # a rerun over 50,000 rows: a few queries, nothing sent
    # the scan's speed over a large backlog is measured by the bench (bench/ops.py), not here
    assert {n.recipient_id for n in Notification.objects.all()} == {u.pk for u in users}

"""The data-version cache: values are reused until a committed change to the data, never after."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cppcc.datacache import data_version, versioned
from members.models import Member, Notification
from reports.figures import FigureBook
from tests import factories as f

LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "datacache-test"},
}

# Versions advance after commit, so these tests commit for real.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("real_cache"),
]


@pytest.fixture
def real_cache():
    with override_settings(CACHES=LOCMEM):
        from django.core.cache import caches

        caches["data"].clear()
        yield caches["data"]
        caches["data"].clear()


def test_version_moves_after_committed_data_writes_only():
    member = f.MemberFactory()
    before = data_version()
    Member.objects.filter(pk=member.pk).update(work_unit="义乌中学")
    after_write = data_version()
    assert after_write > before
    Notification.objects.create(recipient=member.user, kind="x", title="提醒", delivery_key="k-1")
    assert data_version() == after_write  # bookkeeping, not data


def test_bump_waits_for_commit_and_a_rollback_keeps_the_version():
    member = f.MemberFactory()
    start = data_version()
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(work_unit="甲")
        assert data_version() == start  # not yet: readers must not cache under a version early
    assert data_version() > start
    committed = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(work_unit="乙")
        raise RuntimeError
    assert data_version() == committed  # nothing committed, nothing to invalidate
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(work_unit="丙")
    assert data_version() > committed  # the next transaction queues its bump again


def test_versioned_reuses_until_a_change():
    calls = []

    def compute():
        calls.append(1)
        return Member.objects.count()

    f.MemberFactory()
    assert versioned("members-count", compute=compute) == 1
    assert versioned("members-count", compute=compute) == 1
    assert len(calls) == 1
    f.MemberFactory()
    assert versioned("members-count", compute=compute) == 2
    assert len(calls) == 2


def test_figures_are_never_stale_after_a_change(django_assert_num_queries):
    submitted = timezone.make_aware(dt.datetime(2020, 3, 1, 9))
    f.ProposalFactory(status="submitted", year=2020, submitted_at=submitted)
    assert FigureBook(2020)["proposals.received"].value == 1
    with django_assert_num_queries(1):  # the version only: the figures come from the cache
        assert FigureBook(2020)["proposals.received"].value == 1
    f.ProposalFactory(status="submitted", year=2020, submitted_at=submitted)
    assert FigureBook(2020)["proposals.received"].value == 2


def test_dashboard_with_the_data_cache(client_for, leader_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(leader_user)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reports/dashboard/?year=2020").status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] <= 15  # a cold cache stays within the page budget
    assert counts[1] <= 6  # warm: the user, the version, the two live overdue lists, the unread count


def test_register_filter_options_come_from_the_cache_until_a_change(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    f.HandlingUnitFactory(name="市交通运输局")
    staff = f.StaffUserFactory()
    client.force_login(staff)
    url = reverse("proposals:register")
    assert "市交通运输局" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "市交通运输局" in html
    assert not [q for q in queries if 'FROM "members_handlingunit"' in q["sql"]]
    f.HandlingUnitFactory(name="市教育局")
    assert "市教育局" in client.get(url).content.decode()  # a new unit is offered at once


def test_member_stats_cached_until_a_duty_change():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.selectors import member_stats

    year = timezone.localdate().year
    f.MemberFactory()
    first = member_stats(year=year)
    with CaptureQueriesContext(connection) as queries:
        assert member_stats(year=year) == first
    assert len(queries) == 1  # the data version only
    f.MemberFactory()
    with CaptureQueriesContext(connection) as queries:
        member_stats(year=year)
    assert len(queries) > 1  # recomputed after the change

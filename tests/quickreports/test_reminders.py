"""The reminder job: due soon, due today, overdue with staff copied, overdue by N 工作日 → 督办;
run twice, nothing twice; a new due date starts again."""

import datetime as dt

import pytest
import time_machine

from cppcc.jobs import job_run_now
from members.models import Notification
from proposals.quickreports import services as s
from proposals.quickreports.models import QuickReport
from proposals.quickreports.reminders import quick_deadline_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(q):
    # routed on Wed 30 Sep 2020: due Wed 14 Oct (5 工作日 across National Day)
    with time_machine.travel(dt.datetime(2020, 9, 30, 2, tzinfo=dt.UTC), tick=False):
        r = q.routed()
    assert r.due_on == dt.date(2020, 10, 14)
    return r


def kinds(user):
    return sorted(
        Notification.objects.filter(recipient=user, kind__startswith="quick_d").values_list("kind", flat=True)
    )


def test_due_soon_today_and_overdue(q, routed):
    assert quick_deadline_scan(today=dt.date(2020, 10, 11)) == 0  # 3 days before: nothing yet
    assert quick_deadline_scan(today=dt.date(2020, 10, 12)) == 1  # 2 days before: the unit
    assert quick_deadline_scan(today=dt.date(2020, 10, 12)) == 0  # run twice: nothing twice
    assert quick_deadline_scan(today=dt.date(2020, 10, 14)) == 1  # on the day
    assert quick_deadline_scan(today=dt.date(2020, 10, 15)) == 0  # "due" stage lasts `every` days
    sent = quick_deadline_scan(today=dt.date(2020, 10, 17))  # overdue 3 days: unit + staff copy
    assert sent == 2
    assert Notification.objects.filter(recipient=q.staff, kind="quick_overdue").count() == 1
    assert quick_deadline_scan(today=dt.date(2020, 10, 17)) == 0
    assert not QuickReport.objects.filter(escalated_on__isnull=False).exists()


def test_overdue_by_n_workdays_goes_to_the_supervision_list_once(q, routed, client):
    # due Wed 14 Oct; 5 工作日 later is Wed 21 Oct
    quick_deadline_scan(today=dt.date(2020, 10, 20))
    assert not QuickReport.objects.filter(escalated_on__isnull=False).exists()
    quick_deadline_scan(today=dt.date(2020, 10, 21))
    r = QuickReport.objects.get()
    assert r.escalated_on == dt.date(2020, 10, 21)
    assert Notification.objects.filter(recipient=q.leader, kind="quick_supervise").count() == 1
    before = Notification.objects.count()
    quick_deadline_scan(today=dt.date(2020, 10, 21))
    quick_deadline_scan(today=dt.date(2020, 10, 22))
    assert Notification.objects.filter(recipient=q.leader, kind="quick_supervise").count() == 1
    assert QuickReport.objects.get().escalated_on == dt.date(2020, 10, 21)
    assert Notification.objects.count() >= before
    client.force_login(q.leader)
    html = client.get("/quick/supervision/").content.decode()
    assert f"/quick/{r.pk}/" in html


def test_a_new_due_date_starts_the_reminders_again(q, routed):
    assert quick_deadline_scan(today=dt.date(2020, 10, 12)) == 1
    with time_machine.travel(dt.datetime(2020, 10, 12, 2, tzinfo=dt.UTC), tick=False):
        s.quick_extend(report=routed, by=q.unit_user, note="需协调")
    r = QuickReport.objects.get()
    assert r.due_on == dt.date(2020, 10, 21)
    assert quick_deadline_scan(today=dt.date(2020, 10, 19)) == 1


def test_answered_reports_are_not_reminded(q, routed):
    s.quick_answer(report=routed, by=q.unit_user, text="已处理")
    assert quick_deadline_scan(today=dt.date(2020, 10, 20)) == 0


def test_the_job_is_registered_and_recorded(q, routed):
    from cppcc.models import JobRun

    with time_machine.travel(dt.datetime(2020, 10, 12, 1, tzinfo=dt.UTC), tick=False):
        assert job_run_now(name="quick-deadlines") == 1
        assert job_run_now(name="quick-deadlines") == 0
    assert JobRun.objects.filter(job="quick-deadlines", status="ok").count() == 2


def test_scan_query_count_is_constant(q, django_assert_max_num_queries):
    with time_machine.travel(dt.datetime(2020, 9, 30, 2, tzinfo=dt.UTC), tick=False):
        for _ in range(15):
            q.routed()
    quick_deadline_scan(today=dt.date(2020, 10, 30))  # deliver once
    with django_assert_max_num_queries(8):
        assert quick_deadline_scan(today=dt.date(2020, 10, 30)) == 0


def test_reports_waiting_for_triage_past_their_deadline_are_flagged_once(q):
    with time_machine.travel(dt.datetime(2020, 9, 30, 2, tzinfo=dt.UTC), tick=False):
        r = q.submit()
    assert r.triage_due_on == dt.date(2020, 10, 10)  # 2 工作日: Fri 9 Oct, Sat 10 Oct (调休)
    assert quick_deadline_scan(today=dt.date(2020, 10, 10)) == 0
    sent = quick_deadline_scan(today=dt.date(2020, 10, 12))
    assert sent == 2  # the office and the 镇街's clerk (not the other 镇街's)
    assert Notification.objects.filter(recipient=q.town_staff, kind="quick_triage_overdue").count() == 1
    assert not Notification.objects.filter(recipient=q.other_town_staff).exists()
    assert quick_deadline_scan(today=dt.date(2020, 10, 13)) == 0

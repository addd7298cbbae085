"""Scale-out: two real Celery workers on one Redis queue, a periodic job published several times
(two beat processes, a redelivered task) — every notice is created once and emailed once, also
for a backlog written in bulk (notify_many, several batches raced on by both workers)."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.utils import timezone

from cppcc.jobs import job_task
from cppcc.models import JobRun
from members.models import Notification
from proposals.models import Assignment, Category, Proposal, ProposalStatus
from tests import factories
from tests.jobs.workers import broker_queue, start_workers

WAIT_SECONDS = 90
RUNS = 4
INVITEES = 5


def _messages(mail_dir) -> int:
    """E-mails in the file mailbox: Django's file backend names a file by the second and the
    connection, so a batch task's messages of one second may share a file — count the headers."""
    text = "".join(path.read_text() for path in mail_dir.iterdir())
    return text.count("\nMessage-ID: ")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_deliver_each_notice_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the workers share the test database only on PostgreSQL")
    activity = factories.ActivityFactory(
        date=timezone.localdate() + dt.timedelta(days=1), status="planned", topic="扩容测试活动"
    )
    users = []
    for i in range(INVITEES):
        member = factories.MemberFactory()
        member.user.email = f"scale{i}@example.cn"
        member.user.email_notifications = True
        member.user.save(update_fields=["email", "email_notifications"])
        factories.InvitationFactory(activity=activity, member=member)
        users.append(member.user)

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with (
        broker_queue() as queue,
        start_workers(queue=queue, count=2, tmp_path=tmp_path, mail_dir=mail_dir) as logs,
    ):
        task = job_task("activity-invitations")
        for _ in range(RUNS):
            task.delay()
        deadline = time.monotonic() + WAIT_SECONDS
        notices = Notification.objects.filter(kind="activity_invitation_pending")
        while time.monotonic() < deadline:
            finished = JobRun.objects.filter(job="activity-invitations", finished_at__isnull=False).count()
            emailed = notices.filter(emailed_at__isnull=False).count()
            if finished == RUNS and emailed == INVITEES:
                break
            time.sleep(0.5)
        worker_logs = "\n".join(path.read_text()[-2000:] for path in logs)

    runs = JobRun.objects.filter(job="activity-invitations")
    assert runs.count() == RUNS, worker_logs
    assert all(run.status == JobRun.Status.OK for run in runs), worker_logs
    assert sum(run.sent for run in runs) == INVITEES, worker_logs  # one run sent them, the rest nothing
    assert sorted(notices.values_list("recipient_id", flat=True)) == sorted(u.pk for u in users)
    assert set(notices.values_list("email_attempts", flat=True)) == {1}, worker_logs
    assert _messages(mail_dir) == INVITEES


BACKLOG = 300  # proposals due; two unit users each: 600 notices
BATCH = 100  # notify_many's batch on the workers: six INSERT … ON CONFLICT batches per run


def _backlog(*, unit, creator) -> None:
    """BACKLOG open lead assignments of `unit` due in the last few days (stage "due"), cheaply."""
    today = timezone.localdate()
    category = Category.objects.order_by("pk").first()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            title=f"积压提案{i}",
            body="内容",
            category=category,
            created_by=creator,
            year=today.year,
            status=ProposalStatus.HANDLING,
        )
        for i in range(BACKLOG)
    )
    Assignment.objects.bulk_create(
        Assignment(
            proposal=p,
            unit=unit,
            kind=Assignment.Kind.LEAD,
            assigned_on=today - dt.timedelta(days=90),
            due_on=today - dt.timedelta(days=i % 5),
            objection_until=today - dt.timedelta(days=83),
        )
        for i, p in enumerate(proposals)
    )


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_write_a_bulk_backlog_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the workers share the test database only on PostgreSQL")
    unit = factories.HandlingUnitFactory()
    users = [factories.UnitUserFactory(handling_unit=unit, email=f"unit{i}@example.cn") for i in range(2)]
    _backlog(unit=unit, creator=factories.StaffUserFactory())
    expected = 2 * BACKLOG

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with (
        broker_queue() as queue,
        start_workers(
            queue=queue,
            count=2,
            tmp_path=tmp_path,
            mail_dir=mail_dir,
            extra_env={"NOTIFY_BATCH_SIZE": str(BATCH)},
        ) as logs,
    ):
        task = job_task("reply-deadlines")
        for _ in range(RUNS):
            task.delay()
        deadline = time.monotonic() + 3 * WAIT_SECONDS
        notices = Notification.objects.filter(kind="reply_deadline")
        while time.monotonic() < deadline:
            finished = JobRun.objects.filter(job="reply-deadlines", finished_at__isnull=False).count()
            emailed = notices.filter(emailed_at__isnull=False).count()
            if finished == RUNS and emailed == expected:
                break
            time.sleep(1)
        full_logs = "\n".join(path.read_text() for path in logs)
        worker_logs = "\n".join(path.read_text()[-3000:] for path in logs)

    runs = JobRun.objects.filter(job="reply-deadlines")
    assert runs.count() == RUNS, worker_logs
    assert all(run.status == JobRun.Status.OK for run in runs), worker_logs
    assert sum(run.sent for run in runs) == expected, worker_logs  # each notice written by one run
    assert notices.count() == expected
    per_user = {u.pk: notices.filter(recipient=u).values("target_id").distinct().count() for u in users}
    assert per_user == {u.pk: BACKLOG for u in users}
    assert set(notices.values_list("email_attempts", flat=True)) == {1}, worker_logs
    assert _messages(mail_dir) == expected  # each notice e-mailed once
    # the e-mails went out in batch tasks (one per batch written), not one task per notice
    assert "members.tasks.notifications_send_email" in full_logs
    assert "members.tasks.notification_send_email[" not in full_logs

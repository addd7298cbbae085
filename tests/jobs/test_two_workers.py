"""Scale-out: two real Celery workers on one Redis queue, a periodic job published several times
(two beat processes, a redelivered task) — every notice is created once and emailed once."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.utils import timezone

from cppcc.jobs import job_task
from cppcc.models import JobRun
from members.models import Notification
from tests import factories
from tests.jobs.workers import broker_queue, start_workers

WAIT_SECONDS = 90
RUNS = 4
INVITEES = 5


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
    assert len(list(mail_dir.iterdir())) == INVITEES

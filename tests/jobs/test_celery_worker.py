"""Integration: a real Celery worker on the Redis broker sends a notice's email.

The test process publishes to Redis (not eager) on a queue of its own, the worker (a subprocess on
the pytest test database) runs members.tasks.notification_send_email, and Notification.emailed_at
and the email file prove it ran there."""

import time

import pytest
from django.db import connection

from members.models import Notification
from members.services import notify
from tests import factories
from tests.jobs.workers import broker_queue, start_workers

WAIT_SECONDS = 60


@pytest.fixture
def worker(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with (
        broker_queue(("members.tasks.notification_send_email",)) as queue,
        start_workers(queue=queue, count=1, tmp_path=tmp_path, mail_dir=mail_dir) as logs,
    ):
        yield mail_dir, logs[0]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notice_email_is_sent_by_a_real_worker(worker):
    mail_dir, log_path = worker
    user = factories.UserFactory(email="weiyuan@example.cn")
    notification = notify(
        recipient=user, kind="worker_test", title="工作进程测试提醒", text="由 Celery 工作进程发送"
    )
    assert notification is not None  # written before any email is tried

    deadline = time.monotonic() + WAIT_SECONDS
    notification.refresh_from_db()
    while notification.emailed_at is None and time.monotonic() < deadline:
        time.sleep(0.5)
        notification.refresh_from_db()
    assert notification.emailed_at is not None, log_path.read_text()[-3000:]
    assert notification.email_attempts == 1
    files = list(mail_dir.iterdir())
    assert len(files) == 1
    assert "weiyuan@example.cn" in files[0].read_text()
    assert Notification.objects.filter(kind="worker_test").count() == 1

"""Integration: a real Celery worker on the Redis broker sends a notice's email.

The test process publishes to Redis (not eager) on a queue of its own, the worker (a subprocess on
the pytest test database) runs members.tasks.notification_send_email, and Notification.emailed_at
and the email file prove it ran there."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cppcc.celery import app
from members.models import Notification
from members.services import notify
from tests import factories

REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")
WAIT_SECONDS = 60


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def broker_queue():
    """Point this process's Celery app at Redis (not eager) and route the email task to a queue
    only our worker listens to; restore the in-process settings afterwards."""
    queue = f"jobs-test-{uuid.uuid4().hex[:8]}"
    saved = {
        key: app.conf[key]
        for key in (
            "broker_url",
            "task_always_eager",
            "task_routes",
            "result_backend",
            "broker_connection_retry",
        )
    }
    app.conf.update(
        broker_url=REDIS_URL,
        task_always_eager=False,
        task_routes={"members.tasks.notification_send_email": {"queue": queue}},
        result_backend=None,
    )
    _reset_connections()
    yield queue
    app.pool.force_close_all()
    app.conf.update(saved)
    _reset_connections()


def _reset_connections() -> None:
    """Forget pooled broker connections so the next publish uses the current broker_url."""
    app.amqp.flush_routes()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(broker_queue, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"filemail://{mail_dir}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    celery = Path(sys.executable).with_name("celery")
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(
        [
            str(celery),
            "-A",
            "cppcc",
            "worker",
            "--pool",
            "solo",
            "-Q",
            broker_queue,
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield mail_dir, tmp_path / "worker.log"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


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

"""Real Celery workers for the integration tests: the broker (Redis) and worker subprocesses on the
pytest test database. Used by test_celery_worker.py (one worker) and test_two_workers.py (two)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import kombu.pools
from django.conf import settings
from django.db import connection

from cppcc.celery import app

REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")


def database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _reset_connections() -> None:
    """Forget pooled broker connections so the next publish uses the current broker_url."""
    app.amqp.flush_routes()
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()  # the global producer pools keyed by broker (closed by force_close_all)


@contextlib.contextmanager
def broker_queue(tasks: tuple[str, ...] = ("*",)) -> Iterator[str]:
    """Point this process's Celery app at Redis (not eager) and route `tasks` (names or globs) to a
    queue only the test's workers listen to; restore the in-process settings afterwards."""
    queue = f"jobs-test-{uuid.uuid4().hex[:8]}"
    keys = ("broker_url", "task_always_eager", "task_routes", "result_backend", "broker_connection_retry")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        broker_url=REDIS_URL,
        task_always_eager=False,
        task_routes={name: {"queue": queue} for name in tasks},
        result_backend=None,
    )
    _reset_connections()
    try:
        yield queue
    finally:
        app.pool.force_close_all()
        app.conf.update(saved)
        _reset_connections()


@contextlib.contextmanager
def start_workers(
    *, queue: str, count: int, tmp_path: Path, mail_dir: Path, extra_env: dict | None = None
) -> Iterator[list[Path]]:
    """Start `count` worker processes (solo pool each) consuming `queue`; yields their log paths."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"filemail://{mail_dir}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_TEST_QUEUE": queue,
    }
    env.update(extra_env or {})
    celery = Path(sys.executable).with_name("celery")
    procs, logs, paths = [], [], []
    try:
        for i in range(count):
            path = tmp_path / f"worker-{i}.log"
            log = path.open("w")
            logs.append(log)
            paths.append(path)
            procs.append(
                subprocess.Popen(
                    [
                        str(celery),
                        "-A",
                        "cppcc",
                        "worker",
                        "--pool",
                        "solo",
                        "-n",
                        f"test{i}-{queue}@%h",
                        "-Q",
                        queue,
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
            )
        yield paths
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        for log in logs:
            log.close()

"""Settings of the Celery worker started by test_celery_worker.py: the test settings, with the
email backend taken from the environment (a separate process cannot read the locmem outbox, so
the test gives it Django's file-based backend into a temporary directory via EMAIL_URL)."""

import os

from cppcc.settings.test import *  # noqa: F403
from cppcc.settings.test import EMAIL_CONFIG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", EMAIL_CONFIG.get("EMAIL_BACKEND"))
# django-environ drops the leading "/" of filemail:///abs/path; EMAIL_FILE_PATH says it exactly.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", EMAIL_CONFIG.get("EMAIL_FILE_PATH", ""))
# Tasks a worker publishes itself (a job's emails) stay on the test's own queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TEST_QUEUE", "celery")
# Small notice batches, so that a backlog of a few hundred notices is written in several batches
# that the two workers of test_two_workers.py race on.
NOTIFY_BATCH_SIZE = int(os.environ.get("NOTIFY_BATCH_SIZE", "1000"))

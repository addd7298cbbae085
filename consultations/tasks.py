"""Periodic Celery tasks of consultations/: each only runs a scan of consultations/reminders.py
through the run recorder. The schedule is in cppcc/celery.py."""

from celery import shared_task
from django.db import OperationalError

from cppcc.jobs import run_recorded

from . import reminders

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 3, "acks_late": True}


@shared_task(name="consultations.tasks.reviews_remind", **RETRY)
def reviews_remind(trigger: str = "schedule") -> int:
    return run_recorded("reviews", reminders.review_scan, trigger=trigger)


@shared_task(name="consultations.tasks.suggestion_reports_remind", **RETRY)
def suggestion_reports_remind(trigger: str = "schedule") -> int:
    return run_recorded("suggestion-reports", reminders.suggestion_report_scan, trigger=trigger)


@shared_task(name="consultations.tasks.invitations_remind", **RETRY)
def invitations_remind(trigger: str = "schedule") -> int:
    return run_recorded("activity-invitations", reminders.invitation_scan, trigger=trigger)

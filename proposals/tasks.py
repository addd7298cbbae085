"""Periodic Celery tasks of proposals/: each only runs a scan of proposals/reminders.py through the
run recorder (cppcc.jobs.run_recorded). The schedule is in cppcc/celery.py."""

from celery import shared_task
from django.db import OperationalError

from cppcc.jobs import run_recorded

from . import reminders

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 3, "acks_late": True}


@shared_task(name="proposals.tasks.reply_deadlines_remind", **RETRY)
def reply_deadlines_remind(trigger: str = "schedule") -> int:
    return run_recorded("reply-deadlines", reminders.reply_deadline_scan, trigger=trigger)


@shared_task(name="proposals.tasks.assisting_opinions_remind", **RETRY)
def assisting_opinions_remind(trigger: str = "schedule") -> int:
    return run_recorded("assisting-opinions", reminders.assisting_opinion_scan, trigger=trigger)


@shared_task(name="proposals.tasks.cosigners_remind", **RETRY)
def cosigners_remind(trigger: str = "schedule") -> int:
    return run_recorded("cosign-cutoff", reminders.cosigner_scan, trigger=trigger)


@shared_task(name="proposals.tasks.ratings_remind", **RETRY)
def ratings_remind(trigger: str = "schedule") -> int:
    return run_recorded("rating-overdue", reminders.rating_scan, trigger=trigger)


@shared_task(name="proposals.tasks.follow_ups_remind", **RETRY)
def follow_ups_remind(trigger: str = "schedule") -> int:
    return run_recorded("follow-ups", reminders.follow_up_scan, trigger=trigger)

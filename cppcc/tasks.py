"""Periodic jobs of the shared mechanisms (see cppcc/celery.py PERIODIC_JOBS, docs/jobs.md)."""

from celery import shared_task

from . import kept_uploads
from .jobs import run_recorded


@shared_task(name="cppcc.tasks.kept_uploads_purge")
def kept_uploads_purge(trigger: str = "schedule") -> int:
    """Delete files kept from forms that came back with an error, once older than a day."""
    return run_recorded("kept-uploads", kept_uploads.purge_scan, trigger=trigger)

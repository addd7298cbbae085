"""Celery tasks of reports/: fetch by id, call a service."""

from celery import shared_task

from .models import ReportSnapshot
from .services import snapshot_generate


@shared_task
def report_snapshot_generate(snapshot_id: int) -> str:
    snapshot = ReportSnapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None:
        return "missing"
    return snapshot_generate(snapshot=snapshot).status

"""Celery tasks of 知情明政: fetch by id, call a service."""

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError

from cppcc.jobs import run_recorded


@shared_task(name="members.briefing.tasks.announcement_emails_queue")
def announcement_emails_queue(announcement_id: int, kind: str) -> int:
    """Queue one email task per inbox notice of a published announcement (or of its reminder) whose
    recipient wants email. The inbox rows were bulk-inserted by the publish; each email is the
    members' notification_send_email task (locked, retried, sent once)."""
    from members.models import Notification
    from members.tasks import notification_send_email

    from .models import Announcement

    ids = list(
        Notification.objects.filter(
            target_type=ContentType.objects.get_for_model(Announcement),
            target_id=announcement_id,
            kind=kind,
            emailed_at__isnull=True,
            recipient__email_notifications=True,
        )
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        notification_send_email.delay(pk)
    return len(ids)


@shared_task(
    name="members.briefing.tasks.announcement_reminders_remind",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def announcement_reminders_remind(trigger: str = "schedule") -> int:
    from .reminders import announcement_reminders_scan

    return run_recorded("announcement-reminders", announcement_reminders_scan, trigger=trigger)

"""Celery tasks of 知情明政: fetch by id, call a service."""

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError

from cppcc.jobs import run_recorded

PLAN_BATCH = 1000


@shared_task(name="members.briefing.tasks.announcement_emails_queue")
def announcement_emails_queue(announcement_id: int, kind: str) -> int:
    """Hand the inbox notices of a published announcement to the delivery channels, as notify
    would (e-mail, SMS, 钉钉, 企业微信 per the recipient's preferences and quiet hours), 1,000 notices
    per planning round. The inbox rows were bulk-inserted by the publish (INSERT … SELECT); the
    planning is idempotent (one delivery per notice and channel, each e-mail sent once), so a
    redelivered task sends nothing twice. Returns the number of notices planned."""
    from members.channels.services import deliveries_plan_many
    from members.models import Notification

    from .models import Announcement

    ids = list(
        Notification.objects.filter(
            target_type=ContentType.objects.get_for_model(Announcement),
            target_id=announcement_id,
            kind=kind,
            emailed_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), PLAN_BATCH):
        deliveries_plan_many(notification_ids=ids[start : start + PLAN_BATCH])
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

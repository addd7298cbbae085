"""Celery tasks of members/: fetch by id, call a service. Email retries with backoff; the inbox row
exists before any email is tried, so a failing mail server never loses a notice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import Notification


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=3600, acks_late=True)
def notification_send_email(self, notification_id: int) -> str:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return "skipped"
    recipient = notification.recipient
    if not (recipient.email and recipient.email_notifications):
        return "no-email"
    try:
        body = notification.text
        if notification.url:
            body += f"\n\n查看详情:{settings.PORTAL_BASE_URL}{notification.url}"
        send_mail(f"【{settings.PORTAL_NAME}】{notification.title}", body, None, [recipient.email])
    except Exception as exc:  # any transport error: record and retry later
        Notification.objects.filter(pk=notification_id).update(
            email_attempts=notification.email_attempts + 1, email_error=str(exc)[:300]
        )
        raise self.retry(exc=exc) from exc
    Notification.objects.filter(pk=notification_id).update(
        emailed_at=timezone.now(), email_attempts=notification.email_attempts + 1, email_error=""
    )
    return "sent"


@shared_task
def notifications_send_pending() -> int:
    """Safety net: queue email for notices whose email was never sent (e.g. a worker was down)."""
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            email_attempts__lt=5,
            recipient__email_notifications=True,
        )
        .exclude(recipient__email="")
        .values_list("pk", flat=True)[:1000]
    )
    count = 0
    for pk in pending:
        notification_send_email.delay(pk)
        count += 1
    return count

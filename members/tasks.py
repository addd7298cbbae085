"""Celery tasks of members/: fetch by id, call a service. Email retries with backoff; the inbox row
exists before any email is tried, so a failing mail server never loses a notice."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.utils import timezone

from cppcc.jobs import run_recorded

from . import reminders
from .models import Notification


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=3600, acks_late=True)
def notification_send_email(self, notification_id: int) -> str:
    """Email one notice (see email_send). A transport error is recorded and retried with
    exponential backoff. When tasks run in-process (no broker: the embedded default) a failure is
    recorded and left to notifications_send_pending instead of retrying inline, so a mail outage
    never breaks the request that made the notice."""
    outcome, error = email_send(notification_id)
    if outcome != "failed" or self.request.is_eager:
        return outcome
    raise self.retry(exc=error) from error


@shared_task(bind=True, acks_late=True, name="members.tasks.notifications_send_email")
def notifications_send_email(self, notification_ids: list[int]) -> int:
    """Email a batch of notices (the periodic jobs' notices: one task per batch instead of one
    per notice). A notice whose e-mail fails is handed to notification_send_email on a worker,
    which retries it with backoff; in-process it is left to notifications_send_pending."""
    sent = 0
    for pk in notification_ids:
        outcome, _ = email_send(pk)
        sent += outcome == "sent"
        if outcome == "failed" and not self.request.is_eager:
            notification_send_email.apply_async((pk,), countdown=60)
    return sent


def email_send(notification_id: int) -> tuple[str, Exception | None]:
    """Email one notice, once. The row is locked while sending (SELECT … FOR UPDATE SKIP LOCKED),
    so a redelivered task or a second queued copy skips it, and emailed_at is set only once the
    mail went out; a transport error records the attempt and the error. Returns the outcome
    ("sent", "skipped", "no-email", "failed") and the error of a failure."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return "skipped", None  # unknown, already sent, or being sent right now
        recipient = notification.recipient
        if not (recipient.email and recipient.email_notifications):
            return "no-email", None
        attempts = notification.email_attempts + 1
        try:
            body = notification.text
            if notification.url:
                body += f"\n\n查看详情:{settings.PORTAL_BASE_URL}{notification.url}"
            send_mail(f"【{settings.PORTAL_NAME}】{notification.title}", body, None, [recipient.email])
        except Exception as exc:  # any transport error: record and retry later
            Notification.objects.filter(pk=notification_id).update(
                email_attempts=attempts, email_error=str(exc)[:300]
            )
            return "failed", exc
        Notification.objects.filter(pk=notification_id).update(
            emailed_at=timezone.now(), email_attempts=attempts, email_error=""
        )
        return "sent", None


@shared_task(name="members.tasks.notifications_send_pending")
def notifications_send_pending(trigger: str = "schedule") -> int:
    """Safety net: queue email for notices whose email was never sent (e.g. a worker was down)."""
    return run_recorded("email-pending", _queue_pending_email, trigger=trigger)


def _queue_pending_email(*, today=None) -> int:
    settle = timezone.now() - timedelta(minutes=5)  # leave fresh notices to their own task
    pending = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            email_attempts__lt=5,
            recipient__email_notifications=True,
            created_at__lt=settle,
        )
        .exclude(recipient__email="")
        .values_list("pk", flat=True)[:1000]
    )
    for pk in pending:
        notification_send_email.delay(pk)
    return len(pending)


# --- periodic reminder jobs (schedule in cppcc/celery.py, scans in members/reminders.py) -------------
@shared_task(
    name="members.tasks.leader_digest_send",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def leader_digest_send(trigger: str = "schedule") -> int:
    return run_recorded("leader-digest", reminders.leader_digest_scan, trigger=trigger)


@shared_task(
    name="members.tasks.staff_digest_send",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def staff_digest_send(trigger: str = "schedule") -> int:
    return run_recorded("staff-digest", reminders.staff_digest_scan, trigger=trigger)


@shared_task(
    name="members.tasks.duty_minimum_remind",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def duty_minimum_remind(trigger: str = "schedule") -> int:
    return run_recorded("duty-minimum", reminders.duty_minimum_scan, trigger=trigger)

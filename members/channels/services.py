"""Writes of the delivery channels: planning a notice's deliveries (preferences, quiet hours),
sending one delivery (locked, once), saving a person's preferences."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cppcc.bulk import insert_new
from members.models import Notification, User

from . import selectors
from .backends import CHANNELS, DeliveryError, Message
from .groups import NoticeGroup, group_of
from .models import Channel, ChannelPreference, Delivery, DeliveryProfile

logger = logging.getLogger(__name__)


# --- quiet hours ------------------------------------------------------------------------------------
def quiet_until(*, profile: DeliveryProfile | None, at: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours `at` falls in (local time), or None outside them."""
    enabled = profile.quiet_enabled if profile else True
    start = profile.quiet_start if profile else settings.CHANNELS_QUIET_START
    end = profile.quiet_end if profile else settings.CHANNELS_QUIET_END
    if not enabled or start == end:
        return None
    local = timezone.localtime(at)
    now = local.time()
    tz = local.tzinfo
    if start < end:  # e.g. 12:00-14:00
        inside = start <= now < end
        end_day = local.date()
    else:  # over midnight, e.g. 22:00-07:30
        inside = now >= start or now < end
        end_day = local.date() + dt.timedelta(days=1) if now >= start else local.date()
    if not inside:
        return None
    return dt.datetime.combine(end_day, end, tzinfo=tz)


# --- planning ---------------------------------------------------------------------------------------
def deliveries_plan(*, notification_id: int) -> list[Delivery]:
    """Decide the channels of one notice and queue them (see deliveries_plan_many)."""
    return deliveries_plan_many(notification_ids=[notification_id])


def deliveries_plan_many(*, notification_ids: Sequence[int]) -> list[Delivery]:
    """Decide the channels of these notices and queue them, in bulk: a fixed number of queries
    and one e-mail task and one send task per call, whatever the number of notices. Runs after
    the notices are committed; the inbox rows already exist, so whatever happens here no notice
    is lost. Each recipient's channels for the notice's group come from their preferences (else
    the staff's defaults); SMS and work messages wait for the end of the recipient's quiet hours
    unless the notice is urgent. Idempotent: a delivery exists once per notice and channel, and
    only the deliveries this call inserted are queued."""
    notices = list(
        Notification.objects.filter(pk__in=list(notification_ids))
        .order_by("pk")
        .values_list("pk", "kind", "recipient_id")
    )
    if not notices:
        return []
    user_ids = {recipient_id for _, _, recipient_id in notices}
    users = {u.pk: u for u in User.objects.select_related("member").filter(pk__in=list(user_ids))}
    wanted_by_user = selectors.preferences_by_user(user_ids=user_ids)
    profiles = {p.user_id: p for p in DeliveryProfile.objects.filter(user_id__in=list(user_ids))}
    channels = [(code, backend) for code, backend in CHANNELS.items() if backend.enabled()]
    on = {code for code, _ in channels}
    now = timezone.now()
    groups: dict[str, str] = {}
    emails: list[int] = []
    planned: list[Delivery] = []
    for notification_id, kind, recipient_id in notices:
        recipient = users[recipient_id]
        group = groups.get(kind) or groups.setdefault(kind, group_of(kind))
        wanted = wanted_by_user[recipient_id][group]
        if Channel.EMAIL in wanted and recipient.email_notifications and recipient.email:
            emails.append(notification_id)
        if not (wanted & on):
            continue
        profile = profiles.get(recipient_id)
        deferred = None if group == NoticeGroup.URGENT else quiet_until(profile=profile, at=now)
        for code, backend in channels:
            if code not in wanted:
                continue
            address = backend.address_of(recipient, profile)
            if address:
                planned.append(
                    Delivery(
                        notification_id=notification_id,
                        channel=code,
                        address=address,
                        not_before=deferred or now,
                    )
                )
    _email(emails)
    # planned already (a rerun, a redelivered planning task): not inserted, not queued again
    created = insert_new(Delivery, planned, unique=("notification", "channel"))
    _enqueue([d.pk for d in created if d.not_before <= now])
    return created


def _email(notification_ids: list[int]) -> None:
    """Queue the e-mails: one task for one notice (as ever), one batch task for many."""
    from members.tasks import notification_send_email, notifications_send_email

    if len(notification_ids) == 1:
        notification_send_email.delay(notification_ids[0])
    elif notification_ids:
        notifications_send_email.delay(notification_ids)


def _enqueue(delivery_ids: list[int]) -> None:
    """Queue the sends after commit: one task for one delivery, one batch task for many."""
    from .tasks import deliveries_send, delivery_send

    if len(delivery_ids) == 1:
        pk = delivery_ids[0]
        transaction.on_commit(lambda: delivery_send.delay(pk))
    elif delivery_ids:
        transaction.on_commit(lambda: deliveries_send.delay(delivery_ids))


def retry_delay(attempts: int) -> int:
    """Seconds before try number attempts+1: exponential backoff, capped."""
    base = settings.CHANNELS_RETRY_BASE_SECONDS
    return min(settings.CHANNELS_RETRY_MAX_SECONDS, base * 2 ** max(0, attempts - 1))


# --- sending ----------------------------------------------------------------------------------------
def delivery_send(*, delivery_id: int, now: dt.datetime | None = None) -> str:
    """Send one delivery if it is due and not sent: the row is locked (SKIP LOCKED) while sending,
    so a redelivered task or a second scan skips it. A failure records its reason and the time of
    the next try (exponential backoff) until CHANNELS_MAX_ATTEMPTS, then the delivery has failed.
    Returns "sent", "retry", "failed" or "skipped"."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification")
            .filter(
                pk=delivery_id,
                status__in=(Delivery.Status.PENDING, Delivery.Status.RETRYING),
                not_before__lte=now,
            )
            .first()
        )
        if delivery is None:
            return "skipped"
        backend = CHANNELS.get(delivery.channel)
        notification = delivery.notification
        message = Message(
            title=notification.title,
            text=notification.text,
            url=f"{settings.PORTAL_BASE_URL}{notification.url}" if notification.url else "",
        )
        delivery.attempts += 1
        try:
            if backend is None or not backend.enabled():
                raise DeliveryError("该渠道未配置", retry=False)
            backend.send(address=delivery.address, message=message)
        except DeliveryError as exc:
            delivery.last_error = exc.reason[:500]
            if exc.retry and delivery.attempts < settings.CHANNELS_MAX_ATTEMPTS:
                delivery.status = Delivery.Status.RETRYING
                delivery.not_before = now + dt.timedelta(seconds=retry_delay(delivery.attempts))
            else:
                delivery.status = Delivery.Status.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status", "not_before", "updated_at"])
            logger.warning("delivery %s on %s failed: %s", delivery.pk, delivery.channel, exc.reason)
            return "retry" if delivery.status == Delivery.Status.RETRYING else "failed"
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = now
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "last_error", "status", "sent_at", "updated_at"])
        return "sent"


def deliveries_due(*, now: dt.datetime | None = None, limit: int = 1000) -> list[int]:
    """Deliveries whose time has come: deferred past quiet hours, or waiting for their next try."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(
            status__in=(Delivery.Status.PENDING, Delivery.Status.RETRYING), not_before__lte=now
        )
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:limit]
    )


# --- preferences ------------------------------------------------------------------------------------
@transaction.atomic
def preferences_save(
    *,
    user: User,
    by: User,
    choices: dict[str, set[str]],
    quiet_enabled: bool,
    quiet_start: dt.time,
    quiet_end: dt.time,
    email_notifications: bool,
) -> None:
    """Save a person's channels per notice group and quiet hours (only the person may)."""
    if by.pk != user.pk:
        raise ValidationError("只能修改本人的接收设置。")
    user = User.objects.select_for_update().get(pk=user.pk)
    for group in NoticeGroup.values:
        chosen = choices.get(group, set())
        ChannelPreference.objects.update_or_create(
            user=user,
            group=group,
            defaults={code: code in chosen for code in Channel.values},
        )
    DeliveryProfile.objects.update_or_create(
        user=user,
        defaults={"quiet_enabled": quiet_enabled, "quiet_start": quiet_start, "quiet_end": quiet_end},
    )
    if user.email_notifications != email_notifications:
        user.email_notifications = email_notifications
        user.save(update_fields=["email_notifications"])

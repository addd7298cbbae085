"""Notices to people: the one home of the inbox row and of its delivery.

`notify` writes the inbox row once per delivery key (the key names the event that caused the
notice) and, after commit, hands the notice to the delivery channels (members/channels: e-mail,
SMS, 钉钉, 企业微信), each with its own record and retries. The inbox row always exists first, so
nothing is lost when every channel fails.

This module is also the notice backend of the jobs mechanism (settings.NOTICE_BACKEND): cppcc/jobs.py
looks it up by name, so cppcc/ never imports members/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification, User


def notification_key(
    *, recipient: User, kind: str, target=None, stage: str = "", day: dt.date | None = None, event=None
) -> str:
    """The delivery key: one notice per recipient, kind, target and *causing event*.

    `event` names what caused the notice — a model row (its label and pk: a timeline event, an
    opinion, an objection) or a string — so two distinct events of one kind on one day are two
    notices. Periodic reminders have no such row: they name their `stage` and `day` instead."""
    target_ref = f"{target._meta.label_lower}:{target.pk}" if target is not None else "-"
    if event is not None:
        event_ref = event if isinstance(event, str) else f"{event._meta.label_lower}:{event.pk}"
        return f"{recipient.pk}|{kind}|{target_ref}|{stage}|event={event_ref}"
    return f"{recipient.pk}|{kind}|{target_ref}|{stage}|{(day or timezone.localdate()).isoformat()}"


def notify(
    *,
    recipient: User,
    kind: str,
    title: str,
    text: str = "",
    target=None,
    url: str = "",
    stage: str = "",
    day: dt.date | None = None,
    event=None,
) -> Notification | None:
    """Create the inbox row once per delivery key and queue its delivery on the other channels.
    Returns None when this notice was already delivered (a job run twice, a redelivered task, two
    beat processes). Notices caused by an event pass `event` (see notification_key)."""
    key = notification_key(recipient=recipient, kind=kind, target=target, stage=stage, day=day, event=event)
    if not url and target is not None and hasattr(target, "get_absolute_url"):
        url = target.get_absolute_url()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=title[:200],
                text=text,
                url=url,
                target_type=ContentType.objects.get_for_model(target) if target is not None else None,
                target_id=target.pk if target is not None else None,
                delivery_key=key,
            )
    except IntegrityError:
        return None
    _fan_out(notification)
    return notification


def _fan_out(notification: Notification) -> None:
    """Every notice goes through the channels the recipient wants for its group (e-mail, SMS,
    钉钉, 企业微信), after commit: a rolled-back notice sends nothing, and a failing channel never
    undoes the inbox row."""
    from .channels.services import deliveries_plan

    pk = notification.pk
    transaction.on_commit(lambda: deliveries_plan(notification_id=pk))


def notify_on_commit(**kwargs) -> None:
    """Queue a notice for after the surrounding transaction commits (never for a rolled-back step)."""
    transaction.on_commit(lambda: notify(**kwargs))


def notification_mark_read(*, user: User, notification_ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


# --- the notice backend of cppcc/jobs.py (settings.NOTICE_BACKEND) ------------------------------
def existing_keys(keys: Iterable[str]) -> set[str]:
    """Which of these delivery keys were already delivered (one query)."""
    return set(
        Notification.objects.filter(delivery_key__in=list(keys)).values_list("delivery_key", flat=True)
    )


def staff_users() -> list[User]:
    from .selectors import staff_users as active_staff

    return list(active_staff())


def unit_users(unit_ids: Iterable[int]) -> list[User]:
    from .selectors import unit_users as active_unit_users

    return list(active_unit_users(unit_ids))

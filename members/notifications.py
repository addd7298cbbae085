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

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from cppcc.bulk import insert_new

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


NOTIFY_BATCH = 1000  # rows per INSERT statement (and per channel-planning round) in notify_many;
# settings.NOTIFY_BATCH_SIZE overrides it (the two-worker test uses small batches)


def notice_row(
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
    urls: dict | None = None,
) -> Notification:
    """The unsaved inbox row of one notice, with its delivery key (see notification_key): the one
    place a notice's fields are decided, for notify and notify_many alike. `urls` is a memo of the
    targets' URLs shared by the rows of one run (a job tells many people about one proposal)."""
    key = notification_key(recipient=recipient, kind=kind, target=target, stage=stage, day=day, event=event)
    if not url and target is not None and hasattr(target, "get_absolute_url"):
        if urls is None:
            url = target.get_absolute_url()
        else:
            ref = (target._meta.label_lower, target.pk)
            url = urls.get(ref)
            if url is None:
                url = urls[ref] = target.get_absolute_url()
    return Notification(
        recipient=recipient,
        kind=kind,
        title=title[:200],
        text=text,
        url=url,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        delivery_key=key,
    )


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
    notification = notice_row(
        recipient=recipient,
        kind=kind,
        title=title,
        text=text,
        target=target,
        url=url,
        stage=stage,
        day=day,
        event=event,
    )
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        return None
    _fan_out([notification.pk])
    return notification


def notify_many(rows: Iterable[Notification], *, batch_size: int | None = None) -> list[Notification]:
    """notify for many notices at once (the periodic jobs): `rows` are unsaved rows from
    notice_row. Writes them with INSERT … ON CONFLICT (delivery_key) DO NOTHING, `batch_size` rows
    per statement, and hands the rows actually inserted to the channels in bulk, after commit — so
    a rerun, a second worker or a key already delivered by notify writes and sends nothing.
    Returns the inserted rows (pk set). A fixed number of queries per batch, whatever the rows."""
    batch_size = batch_size or getattr(settings, "NOTIFY_BATCH_SIZE", NOTIFY_BATCH)
    unique: dict[str, Notification] = {}
    for row in rows:
        unique.setdefault(row.delivery_key, row)
    rows = list(unique.values())
    created: list[Notification] = []
    for start in range(0, len(rows), batch_size):
        inserted = insert_new(
            Notification, rows[start : start + batch_size], unique=("delivery_key",), batch_size=batch_size
        )
        if inserted:
            _fan_out([row.pk for row in inserted])
        created.extend(inserted)
    return created


def _fan_out(notification_ids: list[int]) -> None:
    """Every notice goes through the channels the recipient wants for its group (e-mail, SMS,
    钉钉, 企业微信), after commit: a rolled-back notice sends nothing, and a failing channel never
    undoes the inbox row. One planning round per batch of notices (members.channels.services)."""
    from .channels.services import deliveries_plan_many

    transaction.on_commit(lambda: deliveries_plan_many(notification_ids=notification_ids))


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

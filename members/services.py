"""Writes the business cares about in members/: notifications, duty events, instructions, users.

Other apps call these with a generic reference to their own objects; members/ never imports them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import DutyEvent, DutyRule, Instruction, Member, Notification, Role, User


# --- users -----------------------------------------------------------------------------------
def user_sync_groups(*, user: User) -> None:
    """Each role is a group (created by migration); a user is in exactly the group of its role."""
    role_groups = Group.objects.filter(name__in=Role.labels)
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=Role(user.role).label))


@transaction.atomic
def user_create(
    *, username: str, password: str, role: str, name: str = "", handling_unit=None, email: str = ""
) -> User:
    user = User(username=username, role=role, name=name, handling_unit=handling_unit, email=email)
    user.is_staff = role in (Role.STAFF, Role.ADMIN)  # Django admin access
    user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.save()
    user_sync_groups(user=user)
    return user


# --- notifications ---------------------------------------------------------------------------
def notification_key(
    *, recipient: User, kind: str, target=None, stage: str = "", day: dt.date | None = None
) -> str:
    target_ref = f"{target._meta.label_lower}:{target.pk}" if target is not None else "-"
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
) -> Notification | None:
    """Create the inbox row once per delivery key and queue its email. Returns None when this
    notice was already delivered (a job run twice, a redelivered task, two beat processes)."""
    key = notification_key(recipient=recipient, kind=kind, target=target, stage=stage, day=day)
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
    if recipient.email_notifications and recipient.email:
        from .tasks import notification_send_email

        transaction.on_commit(lambda: notification_send_email.delay(notification.pk))
    return notification


def notify_on_commit(**kwargs) -> None:
    """Queue a notice for after the surrounding transaction commits (never for a rolled-back step)."""
    transaction.on_commit(lambda: notify(**kwargs))


def notification_mark_read(*, user: User, notification_ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


# --- duty record -----------------------------------------------------------------------------
def duty_event_record(
    *,
    member: Member,
    kind: str,
    date: dt.date,
    source=None,
    title: str = "",
    note: str = "",
    by: User | None = None,
) -> DutyEvent:
    """Add an event to a member's duty record. With a source, recording the same kind again for
    the same member and source updates the existing event instead of adding a second one."""
    rule = DutyRule.objects.get(code=kind)
    values = {"date": date, "points": rule.points, "title": title[:300], "note": note[:300], "created_by": by}
    if source is None:
        return DutyEvent.objects.create(member=member, kind=rule, **values)
    event, _ = DutyEvent.objects.update_or_create(
        member=member,
        kind=rule,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        defaults=values,
    )
    return event


def duty_event_withdraw(*, source, kind: str | None = None, member: Member | None = None) -> int:
    """Remove the events a source produced (a proposal merged away, an attendance corrected)."""
    qs = DutyEvent.objects.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
    if kind is not None:
        qs = qs.filter(kind_id=kind)
    if member is not None:
        qs = qs.filter(member=member)
    deleted, _ = qs.delete()
    return deleted


def duty_rule_points(code: str) -> Decimal:
    return DutyRule.objects.get(code=code).points


# --- instructions (批示) -----------------------------------------------------------------------
@transaction.atomic
def instruction_add(
    *, target, leader: User, date: dt.date, text: str, leader_title: str = "", by: User
) -> Instruction:
    if not text.strip():
        raise ValueError("批示内容不能为空")
    instruction = Instruction.objects.create(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        leader=leader,
        leader_title=leader_title,
        date=date,
        text=text.strip(),
        recorded_by=by,
    )
    return instruction

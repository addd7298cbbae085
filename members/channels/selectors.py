"""Reads of the delivery channels."""

from __future__ import annotations

from django.db.models import QuerySet

from members.models import User

from .backends import enabled_codes
from .groups import NoticeGroup
from .models import Channel, ChannelPreference, Delivery, GroupDefault


def phone_of(user: User) -> str:
    """The mobile number of a person: the login's own, else the member profile's (roster)."""
    if user.phone:
        return user.phone.strip()
    try:
        member = user.member
    except User.member.RelatedObjectDoesNotExist:
        return ""
    return (member.phone or "").strip() if member is not None else ""


def group_defaults() -> dict[str, set[str]]:
    """{group: channels} set by staff (GroupDefault rows); e-mail only for a group without a row."""
    out = {group: {Channel.EMAIL.value} for group in NoticeGroup.values}
    for row in GroupDefault.objects.all():
        out[row.group] = {code for code in Channel.values if getattr(row, code)}
    return out


def preferences_by_user(*, user_ids) -> dict[int, dict[str, set[str]]]:
    """{user_id: {group: channels}} these people receive: their own choice per group, else the
    staff's default (two queries, whatever the number of people). The one rule of who wants what."""
    defaults = group_defaults()
    out = {uid: dict(defaults) for uid in user_ids}
    for row in ChannelPreference.objects.filter(user_id__in=list(out)):
        out[row.user_id][row.group] = {code for code in Channel.values if getattr(row, code)}
    return out


def preferences_of(*, user: User) -> dict[str, set[str]]:
    """{group: channels} this person receives: their own choice, else the staff's default."""
    return preferences_by_user(user_ids=[user.pk])[user.pk]


def channels_for(*, user: User, group: str) -> set[str]:
    return preferences_of(user=user)[group]


def available_channels() -> list[tuple[str, str]]:
    """(code, label) of the channels a person may choose in this deployment."""
    on = set(enabled_codes())
    return [(code, label) for code, label in Channel.choices if code in on]


def deliveries_of(*, notification_ids) -> QuerySet[Delivery]:
    return Delivery.objects.filter(notification_id__in=list(notification_ids)).order_by("pk")

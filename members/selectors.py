"""Reads of members/ that views and other apps use."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Member, Notification, User


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def member_for_user(user: User) -> Member | None:
    """The member profile of a login, or None (staff, units and leaders may have none)."""
    if not user.is_authenticated:
        return None
    try:
        return user.member
    except Member.DoesNotExist:
        return None

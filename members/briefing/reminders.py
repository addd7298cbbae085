"""The periodic scan of 知情明政 (job `announcement-reminders`, cppcc/celery.py): once, on or after
an announcement's 阅读期限, remind every recipient who has not read it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from members.models import Notification, User
from members.notifications import notice_row, notify_many

from .models import Announcement, AnnouncementRecipient
from .services import REMINDER_KIND


def announcement_reminders_scan(*, today: dt.date) -> int:
    """Once, on or after an announcement's 阅读期限: remind every recipient who has not read it.
    Each reminder's delivery key names the announcement's reminder event, and the announcement is
    stamped reminded_at: a rerun (or a second beat) sends nothing twice."""
    sent = 0
    due = list(
        Announcement.objects.filter(
            status=Announcement.Status.PUBLISHED,
            read_by__isnull=False,
            read_by__lte=today,
            reminded_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    for pk in due:
        sent += _announcement_remind(pk)
    return sent


@transaction.atomic
def _announcement_remind(pk: int) -> int:
    announcement = Announcement.objects.select_for_update().filter(pk=pk, reminded_at__isnull=True).first()
    if announcement is None:
        return 0
    unread = list(
        AnnouncementRecipient.objects.filter(announcement=announcement, read_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    event = f"briefing.announcement-reminder:{announcement.pk}"
    title = f"请阅读:{announcement.title}"
    text = f"该{announcement.get_kind_display()}的阅读期限为{announcement.read_by:%Y年%m月%d日},您尚未阅读。"
    rows = {
        row.delivery_key: row
        for row in (
            notice_row(
                recipient=User(pk=uid),
                kind=REMINDER_KIND,
                title=title,
                text=text,
                target=announcement,
                event=event,
            )
            for uid in unread
        )
    }
    # the delivery keys are the guarantee: a reminder already delivered is never written again;
    # notify_many plans the channels (e-mail, SMS, work messages) of the rows it wrote, after commit
    existing = set(
        Notification.objects.filter(delivery_key__in=list(rows)).values_list("delivery_key", flat=True)
    )
    created = notify_many([row for key, row in rows.items() if key not in existing])
    announcement.reminded_at = timezone.now()
    announcement.save(update_fields=["reminded_at"])
    return len(created)

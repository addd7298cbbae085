"""Notice groups: the few kinds of notice a person chooses channels for. Every notification kind
belongs to exactly one group, decided here and nowhere else."""

from django.conf import settings
from django.db import models


class NoticeGroup(models.TextChoices):
    DEADLINES = "deadlines", "期限提醒"
    EVENTS = "events", "办理动态"
    DIGESTS = "digests", "摘要汇总"
    ANNOUNCEMENTS = "announcements", "通知公告"
    URGENT = "urgent", "紧急通知"


GROUP_HELP = {
    NoticeGroup.DEADLINES: "答复、评价、联名、回头看等临近或逾期的提醒",
    NoticeGroup.EVENTS: "提案、社情民意、协商建议等办理进展",
    NoticeGroup.DIGESTS: "领导每周摘要、机关每月摘要等汇总",
    NoticeGroup.ANNOUNCEMENTS: "会议、活动通知和公告",
    NoticeGroup.URGENT: "紧急事项;免打扰时段也会发送",
}

# Words in a notification kind that place it in a group (first match wins, in this order).
_PATTERNS: list[tuple[str, tuple[str, ...]]] = [
    (NoticeGroup.URGENT, ("urgent",)),
    (NoticeGroup.DIGESTS, ("digest", "_summary")),
    (NoticeGroup.DEADLINES, ("deadline", "overdue", "_due", "_late", "reminder", "pending", "duty_minimum")),
    (NoticeGroup.ANNOUNCEMENTS, ("announcement", "invitation", "meeting", "bulletin")),
]


def group_of(kind: str) -> str:
    """The notice group of a notification kind: settings.NOTICE_KIND_GROUPS first (a deployment may
    place any kind, e.g. make a kind urgent), then the words in the kind, else 办理动态."""
    explicit = getattr(settings, "NOTICE_KIND_GROUPS", {}) or {}
    if kind in explicit and explicit[kind] in NoticeGroup.values:
        return explicit[kind]
    for group, words in _PATTERNS:
        if any(word in kind for word in words):
            return group
    return NoticeGroup.EVENTS

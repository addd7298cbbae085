"""Who an announcement goes to: each audience kind resolves to a queryset of user ids, read once
when the announcement is published (services.announcement_publish). The recipients are then rows
of their own, so a member who later joins or leaves a 界别 or 专委会 neither gains nor loses an
announcement already published — decided at publish time (docs/briefing.md).

Extension point: another app (consultations.meetings: "a meeting's participants") registers a kind

    from members.briefing import audiences
    audiences.register("meeting", "会议参会人员", resolve=lambda a: <user ids of meeting a.audience_object_id>,
                       choices=lambda: [(meeting.pk, str(meeting)) for meeting in ...])

in its AppConfig.ready(); the publish form then offers it and `audience_object_id` carries the
meeting's id. members/briefing never imports that app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from members.models import Role, User

from .models import Announcement, Audience


@dataclass(frozen=True)
class ExtraAudience:
    kind: str
    label: str
    resolve: Callable[[Announcement], QuerySet | list[int]]
    choices: Callable[[], list[tuple[int, str]]]


EXTRA: dict[str, ExtraAudience] = {}


def register(kind: str, label: str, *, resolve, choices) -> None:
    """Add an audience kind from another app (see the module docstring)."""
    EXTRA[kind] = ExtraAudience(kind, label, resolve, choices)


def kind_choices() -> list[tuple[str, str]]:
    return list(Audience.choices) + [(e.kind, e.label) for e in EXTRA.values()]


def kind_label(kind: str) -> str:
    return dict(kind_choices()).get(kind, kind)


def _members() -> QuerySet[User]:
    """Logins of serving members (a profile without a login cannot open the portal)."""
    return User.objects.filter(is_active=True, role=Role.MEMBER, member__is_active=True)


def recipient_ids(announcement: Announcement) -> QuerySet | list[int]:
    """The user ids the announcement's audience means *now* (one query, not evaluated here)."""
    kind = announcement.audience_kind
    if kind == Audience.ALL_MEMBERS:
        qs = _members()
    elif kind == Audience.SECTOR:
        qs = _members().filter(member__sector_id=announcement.sector_id)
    elif kind == Audience.SPECIAL_COMMITTEE:
        qs = _members().filter(member__special_committees=announcement.special_committee_id)
    elif kind == Audience.WORK_COMMITTEE:
        qs = _members().filter(member__work_committee_id=announcement.work_committee_id)
    elif kind == Audience.UNITS:
        qs = User.objects.filter(
            is_active=True, role=Role.UNIT, handling_unit__in=announcement.units.values("pk")
        )
    elif kind == Audience.LEADERS:
        qs = User.objects.filter(is_active=True, role=Role.LEADER)
    elif kind == Audience.PEOPLE:
        qs = User.objects.filter(is_active=True, pk__in=announcement.people.values("pk"))
    elif kind in EXTRA:
        return EXTRA[kind].resolve(announcement)
    else:
        raise ValueError(f"未知的发送范围「{kind}」")
    return qs.order_by().values_list("pk", flat=True).distinct()


def describe(announcement: Announcement) -> str:
    """The audience in words, frozen onto the announcement when it is published."""
    kind = announcement.audience_kind
    if kind == Audience.SECTOR and announcement.sector_id:
        return f"界别:{announcement.sector}"
    if kind == Audience.SPECIAL_COMMITTEE and announcement.special_committee_id:
        return f"专委会:{announcement.special_committee}"
    if kind == Audience.WORK_COMMITTEE and announcement.work_committee_id:
        return f"镇街工委:{announcement.work_committee}"
    if kind == Audience.UNITS:
        names = [u.name for u in announcement.units.all()[:5]]
        more = announcement.units.count() - len(names)
        return "承办单位:" + "、".join(names) + (f"等{more + len(names)}个" if more > 0 else "")
    if kind == Audience.PEOPLE:
        names = [u.display_name for u in announcement.people.all()[:5]]
        more = announcement.people.count() - len(names)
        return "指定人员:" + "、".join(names) + (f"等{more + len(names)}人" if more > 0 else "")
    return kind_label(kind)

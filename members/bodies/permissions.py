"""Who may do what with the committee's bodies — decided here and nowhere else.

An organiser (OrganiserRole) acts for one body: within it they run activities of any kind, invite,
record attendance, upload documents and record suggestions, and see the body's members and figures.
The office (staff) does everything; leaders see everything. One body's organiser never sees another
body's non-public work."""

from __future__ import annotations

from django.db.models import Q

from members.models import Role, User
from members.permissions import can_view_directory, is_staff

from .body import Body, activity_body_key
from .models import BODY_FIELD, OrganiserRole


def sees_everything(user: User) -> bool:
    return is_staff(user) or (user.is_authenticated and user.role == Role.LEADER)


def organiser_bodies(user: User) -> frozenset[tuple[str, int]]:
    """(type, id) of every body the user organises (one query, kept on the user for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_organiser_bodies", None)
    if cached is None:
        cached = frozenset(
            (role.body_type, role.body_id)
            for role in OrganiserRole.objects.filter(user=user, is_active=True).only(
                "body_type", "special_committee_id", "work_committee_id", "sector_id"
            )
        )
        user._organiser_bodies = cached
    return cached


def is_organiser(user: User) -> bool:
    return bool(organiser_bodies(user))


def organises(user: User, body: Body | tuple[str, int] | None) -> bool:
    if body is None:
        return False
    key = body.key if isinstance(body, Body) else body
    return key in organiser_bodies(user)


def can_organise(user: User, body: Body | tuple[str, int] | None) -> bool:
    """Run the body's work: the office always, an organiser for their own body."""
    return is_staff(user) or organises(user, body)


def organised_activity_q(user: User, prefix: str = "") -> Q | None:
    """Activities organised by a body the user organises; None when there are none."""
    q = None
    for body_type, pk in organiser_bodies(user):
        part = Q(**{f"{prefix}organiser_type": body_type, f"{prefix}{BODY_FIELD[body_type]}_id": pk})
        q = part if q is None else q | part
    return q


def can_manage_activity(user: User, activity) -> bool:
    return is_staff(user) or organises(user, activity_body_key(activity))


def can_create_activities(user: User) -> bool:
    return is_staff(user) or is_organiser(user)


def can_view_body(user: User) -> bool:
    return can_view_directory(user)


def can_see_body_internals(user: User, body: Body) -> bool:
    """The member list with details and the body's figures: the office, leaders, its own organisers."""
    return sees_everything(user) or organises(user, body)


# --- people picker -----------------------------------------------------------------------------
def can_use_picker(user: User) -> bool:
    return can_view_directory(user) or is_organiser(user)


# --- 一村一委员 ------------------------------------------------------------------------------------
def member_of(user: User):
    """The user's roster profile, or None (a missing one-to-one raises an AttributeError subclass)."""
    return getattr(user, "member", None) if user.is_authenticated else None


def can_log_visit(user: User) -> bool:
    return member_of(user) is not None


def visit_visibility_q(user: User) -> Q | None:
    """None: all. A member sees their own visits; a 镇街工委 organiser the visits in the 镇街."""
    if sees_everything(user):
        return None
    q = Q(member__user=user)
    towns = [pk for body_type, pk in organiser_bodies(user) if body_type == "work"]
    if towns:
        q |= Q(village__work_committee_id__in=towns)
    return q


def can_view_visit(user: User, visit) -> bool:
    if sees_everything(user) or visit.member.user_id == user.pk:
        return True
    return organises(user, ("work", visit.village.work_committee_id))


def can_edit_visit(user: User, visit) -> bool:
    """Only the member who made the visit marks what became of what was heard (or the office)."""
    return is_staff(user) or (visit.member.user_id is not None and visit.member.user_id == user.pk)

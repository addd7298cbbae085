"""Who may do what with quick reports — the one home of these rules. Workflow steps are decided
by the transition table (workflow.py) with the actor relations; these are the page-level rules."""

from __future__ import annotations

from members.models import Role
from members.permissions import is_staff

from .models import QuickReport, TriageScope

__all__ = ["is_staff"]


def scope_ids(user) -> list[int]:
    """The 镇街 (WorkCommittee ids) whose reports this user triages as a 镇街工委's staff."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(TriageScope.objects.filter(user_id=user.pk).values_list("work_committee_id", flat=True))


def can_submit(user) -> bool:
    """Members report; staff and a 镇街工委's triage staff record 群众诉求 on someone's behalf."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.MEMBER:
        return True
    return is_staff(user) or bool(scope_ids(user))


def can_triage_any(user) -> bool:
    return is_staff(user) or bool(scope_ids(user))


def can_view_register(user) -> bool:
    return is_staff(user) or getattr(user, "role", None) == Role.LEADER


def can_export(user) -> bool:
    return is_staff(user)


def can_view_unit_queue(user) -> bool:
    return getattr(user, "role", None) == Role.UNIT and bool(user.handling_unit_id)


def can_view(report: QuickReport, user) -> bool:
    """Staff and leaders see every report; the reporter his own; a unit what is routed to it;
    a 镇街's triage staff the reports of that 镇街."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_view_register(user) or report.submitted_by_id == user.pk:
        return True
    if user.role == Role.UNIT:
        return bool(user.handling_unit_id) and user.handling_unit_id == report.unit_id
    return report.work_committee_id in scope_ids(user)

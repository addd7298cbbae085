"""Who may see and do what in reports/."""

from cppcc.permissions import user_has_role
from members.models import Role


def can_view_dashboard(user) -> bool:
    return user_has_role(user, Role.LEADER, Role.STAFF, Role.ADMIN)


def can_view_reports(user) -> bool:
    """Read the annual report, its preview, its snapshots and the exports."""
    return user_has_role(user, Role.LEADER, Role.STAFF, Role.ADMIN)


def can_edit_reports(user) -> bool:
    """Write the narrative and issue PDFs: committee staff."""
    return user_has_role(user, Role.STAFF, Role.ADMIN)

"""Who may see and do what in members/ — decided here and nowhere else."""

from .models import Member, Role, User

STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def is_staff(user: User) -> bool:
    return user.is_authenticated and (user.role in STAFF_ROLES or user.is_superuser)


def can_view_directory(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.MEMBER, Role.STAFF, Role.LEADER, Role.ADMIN)


def can_view_contact_details(user: User) -> bool:
    """Phone numbers and email addresses of members are for committee staff only."""
    return is_staff(user)


def can_view_duty_record(user: User, member: Member) -> bool:
    if is_staff(user) or user.role == Role.LEADER:
        return True
    return member.user_id is not None and member.user_id == user.pk


def can_manage_roster(user: User) -> bool:
    return is_staff(user)


def can_view_scores(user: User) -> bool:
    """Rankings, everyone's scores and the below-minimum list: staff and leaders."""
    return is_staff(user) or (user.is_authenticated and user.role == Role.LEADER)


def can_manage_duty_records(user: User) -> bool:
    """Enter duty events by hand, recompute points after a rule change."""
    return is_staff(user)


def can_review_self_reports(user: User) -> bool:
    return is_staff(user)


def can_view_self_report(user: User, report) -> bool:
    return can_view_scores(user) or can_view_duty_record(user, report.member)

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


def instruction_leader(user: User, leader: User | None) -> User:
    """Whose 批示 `user` may record: a leader only their own (choosing no one means themselves;
    naming another leader is refused); staff record a leader's 批示 on their behalf and must name
    that leader. The one home of this rule: every *_instruct service calls it."""
    from django.core.exceptions import ValidationError

    if user.is_authenticated and user.role == Role.LEADER and not is_staff(user):
        if leader is not None and leader.pk != user.pk:
            raise ValidationError({"leader": "领导只能录入本人的批示。"})
        return user
    if leader is None or leader.role != Role.LEADER or not leader.is_active:
        raise ValidationError({"leader": "请选择作出批示的领导。"})
    return leader

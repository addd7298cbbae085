"""Who may see and do what in consultations/ — decided here and nowhere else."""

from django.db.models import Exists, OuterRef, Q

from members.models import Role, User
from members.permissions import is_staff

from .workflow import suggestion_machine


def is_leader(user: User) -> bool:
    return bool(user.is_authenticated and user.role == Role.LEADER)


def sees_everything(user: User) -> bool:
    return is_staff(user) or is_leader(user)


# --- activities ------------------------------------------------------------------------------
def activity_visibility_q(user: User) -> Q | None:
    """Filter for the activities a user may see; None means all of them."""
    if sees_everything(user):
        return None
    if user.role == Role.MEMBER:
        from .models import Invitation

        invited = Invitation.objects.filter(activity=OuterRef("pk"), member__user=user)
        return Q(is_public=True) | Q(Exists(invited)) | _organised_q(user)
    return Q(is_public=True) | _organised_q(user)


def _organised_q(user: User) -> Q:
    """Activities of the bodies the user organises (members.bodies); nothing for everyone else."""
    from members.bodies.permissions import organised_activity_q

    return organised_activity_q(user) or Q(pk__in=[])


def can_view_activity(user: User, activity) -> bool:
    if sees_everything(user) or activity.is_public or can_manage_activity(user, activity):
        return True
    return user.role == Role.MEMBER and activity.invitations.filter(member__user=user).exists()


def can_manage_activities(user: User) -> bool:
    """Create activities, invite, record attendance, add documents and suggestions, plan topics."""
    return is_staff(user)


def can_add_plan_topic(user: User, *, source: str, proposer_member=None) -> bool:
    """Add a topic to the gathered plan topics (not yet approved): the office any; a member only
    their own 委员荐题 (e.g. from a 联村 visit), which the office then approves or not."""
    if is_staff(user):
        return True
    return source == "member" and proposer_member is not None and proposer_member.user_id == user.pk


def can_manage_activity(user: User, activity) -> bool:
    """Manage one activity (edit, postpone, cancel, invite, attendance, documents, suggestions):
    the office, or an organiser of the body that runs it (members.bodies)."""
    from members.bodies.permissions import can_manage_activity as organiser_may

    return organiser_may(user, activity)


def is_body_organiser(user: User) -> bool:
    from members.bodies.permissions import is_organiser

    return is_organiser(user)


def can_organise(user: User, organiser_type: str, body_id: int | None) -> bool:
    """Create an activity for this organiser: the office for any; an organiser for their body."""
    if is_staff(user):
        return True
    from members.bodies.permissions import organises

    return organiser_type != "committee" and organises(user, (organiser_type, body_id))


def can_respond(user: User, invitation) -> bool:
    return invitation.member.user_id == user.pk


def can_download_document(user: User, document) -> bool:
    return can_view_activity(user, document.activity)


# --- suggestions -----------------------------------------------------------------------------
def can_use_board(user: User) -> bool:
    return sees_everything(user) or (user.is_authenticated and user.role == Role.UNIT)


def suggestion_visibility_q(user: User) -> Q | None:
    """None means all; a unit sees only the suggestions sent to it."""
    if sees_everything(user):
        return None
    if user.is_authenticated and user.role == Role.UNIT and user.handling_unit_id:
        return Q(unit_id=user.handling_unit_id)
    return Q(pk__in=[])


def can_view_suggestion(user: User, suggestion) -> bool:
    if sees_everything(user):
        return True
    return bool(user.role == Role.UNIT and suggestion.unit_id and user.handling_unit_id == suggestion.unit_id)


def can_report(user: User, suggestion) -> bool:
    return suggestion_machine.can(suggestion, "report_progress", user)


def can_instruct(user: User, suggestion) -> bool:
    return suggestion_machine.can(suggestion, "instruct", user)


def can_view_tracking_report(user: User) -> bool:
    return sees_everything(user)

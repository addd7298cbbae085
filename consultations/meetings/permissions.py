"""Who may see and do what with meetings — decided here and nowhere else.

- Staff (and administrators) run meetings: create, edit, invite, approve leave, sign people in,
  upload documents, select speeches, record decisions; they see everything.
- Leaders see every meeting, its roll and its figures (read only); its documents only when they
  take part (列席 with their login) — documents are for participants.
- A member sees the meetings they are invited to (出席 or 列席), answers their invitation, signs
  in by QR, opens the documents, and submits 书面发言 for a plenary they are invited to.
"""

from django.db.models import Exists, OuterRef, Q

from members.models import Role, User
from members.permissions import is_staff


def is_leader(user: User) -> bool:
    return bool(user.is_authenticated and user.role == Role.LEADER)


def can_manage(user: User) -> bool:
    return is_staff(user)


def sees_all_meetings(user: User) -> bool:
    return is_staff(user) or is_leader(user)


def visibility_q(user: User) -> Q | None:
    """Filter for the meetings a user may see; None means all of them."""
    if sees_all_meetings(user):
        return None
    from .models import MeetingGuest, MeetingInvitation

    invited = MeetingInvitation.objects.filter(meeting=OuterRef("pk"), member__user=user)
    guest = MeetingGuest.objects.filter(meeting=OuterRef("pk"), user=user)
    return Q(Exists(invited)) | Q(Exists(guest))


def is_participant(user: User, meeting) -> bool:
    """Invited (出席 or 列席) or a 列席 guest with this login."""
    if not user.is_authenticated:
        return False
    return meeting.invitations.filter(member__user=user).exists() or meeting.guests.filter(user=user).exists()


def can_view(user: User, meeting) -> bool:
    return sees_all_meetings(user) or is_participant(user, meeting)


def can_view_documents(user: User, meeting) -> bool:
    """Documents are for the participants and the staff running the meeting."""
    return is_staff(user) or is_participant(user, meeting)


def can_view_roll(user: User) -> bool:
    return sees_all_meetings(user)


def can_respond(user: User, invitation) -> bool:
    return invitation.member.user_id == user.pk and invitation.meeting.status == "planned"


def can_sign_in(user: User, invitation) -> bool:
    """Only the invited member signs themself in by QR."""
    return invitation is not None and invitation.member.user_id == user.pk


def can_submit_speech(user: User, meeting) -> bool:
    return (
        meeting.kind.is_plenary
        and user.is_authenticated
        and user.role == Role.MEMBER
        and meeting.invitations.filter(member__user=user).exists()
    )


def can_view_speeches(user: User) -> bool:
    """The list of speeches of a plenary (titles, authors, oral order)."""
    return user.is_authenticated and user.role in (Role.MEMBER, Role.STAFF, Role.LEADER, Role.ADMIN)


def can_view_speech_text(user: User, speech) -> bool:
    return sees_all_meetings(user) or speech.member.user_id == user.pk

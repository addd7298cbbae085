"""Who may see and do what in 知情明政 — decided here and nowhere else.

Staff (机关工作人员 and administrators) publish announcements, keep the library, run training and
edit 文史资料. An announcement is seen by its recipients (resolved at publish time) and staff; a
library document by the people its visibility names; a 文史 piece by its author, staff and leaders.
Body organisers publishing for their own body is left to members/bodies (docs/briefing.md)."""

from __future__ import annotations

from members.models import Member, Role, User
from members.permissions import is_staff

from .models import Announcement, AnnouncementRecipient, Document, Piece, Visibility


def can_manage(user: User) -> bool:
    """Publish announcements, keep the library, run courses, edit 文史资料."""
    return is_staff(user)


def _member(user: User) -> Member | None:
    if not user.is_authenticated or user.role != Role.MEMBER:
        return None
    try:
        return user.member
    except Member.DoesNotExist:
        return None


def is_member(user: User) -> bool:
    return _member(user) is not None


def can_view_announcement(user: User, announcement: Announcement) -> bool:
    if not user.is_authenticated:
        return False
    if can_manage(user):
        return True
    return (
        announcement.is_published
        and AnnouncementRecipient.objects.filter(announcement=announcement, user=user).exists()
    )


def can_use_library(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.MEMBER, Role.STAFF, Role.LEADER, Role.ADMIN)


def can_view_document(user: User, document: Document) -> bool:
    if not can_use_library(user):
        return False
    if can_manage(user):
        return True
    if document.visibility == Visibility.ALL_MEMBERS:
        return True
    if document.visibility == Visibility.BODY:
        member = _member(user)
        if member is None:
            return False
        if document.sector_id and member.sector_id == document.sector_id:
            return True
        if document.work_committee_id and member.work_committee_id == document.work_committee_id:
            return True
        if document.special_committee_id:
            return member.special_committees.filter(pk=document.special_committee_id).exists()
    return False


def can_view_training(user: User) -> bool:
    return can_use_library(user)


def can_enrol(user: User) -> bool:
    return is_member(user)


def can_view_wenshi(user: User) -> bool:
    return can_use_library(user)


def can_submit_piece(user: User) -> bool:
    return is_member(user)


def can_view_piece(user: User, piece: Piece) -> bool:
    """Editors see every piece; its author their own; leaders the accepted ones (what the volume prints)."""
    if can_manage(user):
        return True
    if user.is_authenticated and user.role == Role.LEADER:
        return piece.status == Piece.Status.ACCEPTED
    member = _member(user)
    return member is not None and piece.author_id == member.pk


def can_view_figures(user: User) -> bool:
    return is_staff(user) or (user.is_authenticated and user.role == Role.LEADER)

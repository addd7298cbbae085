"""Reads of 知情明政: every list is a constant number of queries whatever its length."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Member, User

from . import permissions
from .models import (
    Announcement,
    AnnouncementRecipient,
    Attendance,
    Collection,
    Course,
    Document,
    DocumentVersion,
    Enrolment,
    Folder,
    Piece,
    PieceEvent,
    QuizAttempt,
    TrainingSession,
    Visibility,
)

NEW_FOR_ME_DAYS = 30


# --- announcements --------------------------------------------------------------------------------
def announcement_list_for_staff(*, year: int | None = None, q: str = "") -> QuerySet[Announcement]:
    qs = Announcement.objects.annotate(
        read_count=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
        receipt_count=Count("recipients", filter=Q(recipients__receipt_at__isnull=False)),
    ).order_by("-published_at", "-created_at", "-id")
    if year:
        qs = qs.filter(Q(published_at__year=year) | Q(published_at__isnull=True, created_at__year=year))
    if q:
        qs = qs.filter(title__icontains=q)
    return qs


def announcement_inbox(*, user: User) -> QuerySet[AnnouncementRecipient]:
    """The announcements published to `user`, newest first, with the user's read and 回执 state."""
    return (
        AnnouncementRecipient.objects.filter(user=user, announcement__status=Announcement.Status.PUBLISHED)
        .select_related("announcement")
        .order_by("-announcement__published_at", "-announcement_id")
    )


def announcement_get(*, pk: int) -> Announcement:
    return Announcement.objects.select_related("sector", "special_committee", "work_committee").get(pk=pk)


def announcement_recipient(*, announcement: Announcement, user: User) -> AnnouncementRecipient | None:
    return AnnouncementRecipient.objects.filter(announcement=announcement, user=user).first()


READ_FILTERS = {
    "": Q(),
    "read": Q(read_at__isnull=False),
    "unread": Q(read_at__isnull=True),
    "receipt": Q(receipt_at__isnull=False),
    "no_receipt": Q(receipt_at__isnull=True),
}


def announcement_readers(*, announcement: Announcement, state: str = "") -> QuerySet[AnnouncementRecipient]:
    """Who has (not) read, with their sector: one query."""
    return (
        AnnouncementRecipient.objects.filter(announcement=announcement)
        .filter(READ_FILTERS.get(state, Q()))
        .select_related("user", "user__member", "user__member__sector", "user__handling_unit")
        .order_by("read_at", "user__name", "user_id")
    )


def announcement_read_summary(*, announcement: Announcement) -> dict:
    row = AnnouncementRecipient.objects.filter(announcement=announcement).aggregate(
        total=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        receipts=Count("pk", filter=Q(receipt_at__isnull=False)),
    )
    row["unread"] = row["total"] - row["read"]
    row["rate"] = round(100.0 * row["read"] / row["total"], 1) if row["total"] else None
    return row


# --- library ------------------------------------------------------------------------------------------
def visible_documents(*, user: User) -> QuerySet[Document]:
    """The documents `user` may open (permissions.can_view_document, as one queryset)."""
    qs = Document.objects.all()
    if permissions.can_manage(user):
        return qs
    if not permissions.can_use_library(user):
        return qs.none()
    member = permissions._member(user)
    if member is None:  # leaders
        return qs.filter(visibility=Visibility.ALL_MEMBERS)
    body = Q(sector_id=member.sector_id) | Q(special_committee__in=member.special_committees.values("pk"))
    if member.work_committee_id:
        body |= Q(work_committee_id=member.work_committee_id)
    return qs.filter(Q(visibility=Visibility.ALL_MEMBERS) | (Q(visibility=Visibility.BODY) & body))


def document_list(*, user: User, folder: Folder | None = None, q: str = "") -> QuerySet[Document]:
    qs = visible_documents(user=user).select_related(
        "folder", "sector", "special_committee", "work_committee"
    )
    if folder is not None:
        qs = qs.filter(Q(folder=folder) | Q(folder__parent=folder))
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.order_by("-updated_at", "-id")


def document_versions(*, document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.select_related("uploaded_by").order_by("-number")


def document_latest_version(*, document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()


def new_for_me(*, user: User, limit: int = 5, days: int = NEW_FOR_ME_DAYS) -> list[Document]:
    since = timezone.now() - dt.timedelta(days=days)
    return list(
        visible_documents(user=user).filter(updated_at__gte=since).order_by("-updated_at", "-id")[:limit]
    )


def folder_tree() -> list[Folder]:
    return list(Folder.objects.select_related("parent").order_by("parent_id", "order", "id"))


# --- training -----------------------------------------------------------------------------------------
def course_list(*, year: int | None = None, member: Member | None = None) -> QuerySet[Course]:
    qs = Course.objects.annotate(
        session_count=Count("sessions", distinct=True), enrolled_count=Count("enrolments", distinct=True)
    )
    if year:
        qs = qs.filter(year=year)
    if member is not None:
        qs = qs.annotate(mine=Exists(Enrolment.objects.filter(course=OuterRef("pk"), member=member)))
    return qs.order_by("-year", "-id")


def course_sessions(*, course: Course) -> QuerySet[TrainingSession]:
    return course.sessions.annotate(
        present=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.PRESENT))
    ).order_by("date", "id")


def course_enrolments(*, course: Course) -> QuerySet[Enrolment]:
    return course.enrolments.select_related("member", "member__sector").order_by("member__name", "id")


def attendance_sheet(*, session: TrainingSession) -> list[tuple[Enrolment, str]]:
    marks = dict(Attendance.objects.filter(session=session).values_list("member_id", "mark"))
    return [(e, marks.get(e.member_id, "")) for e in course_enrolments(course=session.course)]


def quiz_attempt(*, course: Course, member: Member | None) -> QuizAttempt | None:
    if member is None:
        return None
    return QuizAttempt.objects.filter(course=course, member=member).first()


# --- 文史资料 -------------------------------------------------------------------------------------------
def collection_list() -> QuerySet[Collection]:
    return Collection.objects.annotate(
        piece_count=Count("pieces", filter=~Q(pieces__status=Piece.Status.DRAFT)),
        accepted_count=Count("pieces", filter=Q(pieces__status=Piece.Status.ACCEPTED)),
    ).order_by("-year", "-id")


def collection_pieces(*, collection: Collection, user: User, status: str = "") -> QuerySet[Piece]:
    """Editors see every submitted piece; a member sees their own; leaders the accepted ones."""
    qs = collection.pieces.select_related("author", "author__sector")
    if permissions.can_manage(user):
        qs = qs.exclude(status=Piece.Status.DRAFT)
    else:
        member = permissions._member(user)
        qs = qs.filter(author=member) if member is not None else qs.filter(status=Piece.Status.ACCEPTED)
    if status in Piece.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-id")


def accepted_pieces(*, collection: Collection) -> QuerySet[Piece]:
    return (
        collection.pieces.filter(status=Piece.Status.ACCEPTED)
        .select_related("author", "author__sector")
        .prefetch_related("files")
        .order_by("accepted_at", "id")
    )


def piece_get(*, pk: int) -> Piece:
    return (
        Piece.objects.select_related("collection", "author", "author__sector")
        .prefetch_related("files", Prefetch("events", queryset=PieceEvent.objects.select_related("by")))
        .get(pk=pk)
    )


# --- figures (reports/ registry; see figures.py) -----------------------------------------------------
def _year_announcements(year: int) -> QuerySet[Announcement]:
    return Announcement.objects.filter(status=Announcement.Status.PUBLISHED, published_at__year=year)


def announcements_of_year(*, year: int) -> QuerySet[Announcement]:
    return _year_announcements(year)


def recipients_of_year(*, year: int, read: bool | None = None) -> QuerySet[AnnouncementRecipient]:
    qs = AnnouncementRecipient.objects.filter(announcement__in=_year_announcements(year))
    if read is not None:
        qs = qs.filter(read_at__isnull=not read)
    return qs


def sessions_of_year(*, year: int) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(date__year=year)


def attendance_of_year(*, year: int) -> QuerySet[Attendance]:
    return Attendance.objects.filter(session__date__year=year, mark=Attendance.Mark.PRESENT)


def accepted_pieces_of_year(*, year: int) -> QuerySet[Piece]:
    return Piece.objects.filter(status=Piece.Status.ACCEPTED, accepted_at__year=year)


def briefing_stats(*, year: int) -> dict:
    """The figures' source: three aggregate queries (the same querysets the lists show)."""
    a = _year_announcements(year).aggregate(
        n_announcements=Count("pk", distinct=True),
        n_recipients=Count("recipients"),
        n_read=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
    )
    s = sessions_of_year(year=year).aggregate(
        n_sessions=Count("pk", distinct=True),
        n_attendance=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.PRESENT)),
    )
    return {
        "announcements": a["n_announcements"],
        "recipients": a["n_recipients"],
        "read": a["n_read"],
        "sessions": s["n_sessions"],
        "attendance": s["n_attendance"],
        "pieces_accepted": accepted_pieces_of_year(year=year).count(),
    }

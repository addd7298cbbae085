"""Every write of 知情明政: keyword-only, transactional, the row locked, authorization checked here
too (not only in the views)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from cppcc.uploads import validate_upload
from members.models import Member, Notification, User
from members.selectors import staff_users
from members.services import (
    duty_event_record,
    duty_event_withdraw,
    notification_key,
    notify_on_commit,
)

from . import audiences, permissions
from .models import (
    Announcement,
    AnnouncementAttachment,
    AnnouncementRecipient,
    Attendance,
    Audience,
    Collection,
    Course,
    Document,
    DocumentVersion,
    Enrolment,
    Folder,
    Piece,
    PieceEvent,
    PieceFile,
    QuizAttempt,
    TrainingSession,
    Visibility,
)
from .workflow import PIECE_FLOW

NOTICE_KIND = "announcement"
REMINDER_KIND = "announcement_reminder"
TRAINING_DUTY_KIND = "training_session"
WENSHI_DUTY_KIND = "wenshi_accepted"
BULK_BATCH = 1000


def _require(allowed: bool, message: str = "您无权进行此操作。") -> None:
    if not allowed:
        raise PermissionDenied(message)


def _check_files(files: Iterable) -> list:
    files = [f for f in files or [] if f]
    for upload in files:
        validate_upload(upload)
    return files


# --- announcements ------------------------------------------------------------------------------
def _check_audience(
    *, audience_kind, sector, special_committee, work_committee, units, people, audience_object_id
):
    kinds = dict(audiences.kind_choices())
    if audience_kind not in kinds:
        raise ValidationError("请选择发送范围。")
    needs = {
        Audience.SECTOR: (sector, "请选择界别。"),
        Audience.SPECIAL_COMMITTEE: (special_committee, "请选择专委会。"),
        Audience.WORK_COMMITTEE: (work_committee, "请选择镇街工委。"),
        Audience.UNITS: (list(units or []), "请至少选择一个承办单位。"),
        Audience.PEOPLE: (list(people or []), "请至少选择一名接收人。"),
    }
    if audience_kind in needs and not needs[audience_kind][0]:
        raise ValidationError(needs[audience_kind][1])
    if audience_kind in audiences.EXTRA and not audience_object_id:
        raise ValidationError(f"请选择{kinds[audience_kind]}。")


@transaction.atomic
def announcement_create(
    *,
    by: User,
    kind: str,
    title: str,
    body: str,
    audience_kind: str,
    sector=None,
    special_committee=None,
    work_committee=None,
    units: Sequence = (),
    people: Sequence = (),
    audience_object_id: int | None = None,
    receipt: str = Announcement.Receipt.NONE,
    read_by: dt.date | None = None,
    files: Sequence = (),
    publish: bool = False,
) -> Announcement:
    """Save a draft (and publish it at once when `publish`)."""
    _require(permissions.can_manage(by), "只有政协机关工作人员可以发布通知公告。")
    if not title.strip() or not body.strip():
        raise ValidationError("请填写标题和正文。")
    if read_by is not None and read_by < timezone.localdate():
        raise ValidationError("阅读期限不能早于今天。")
    _check_audience(
        audience_kind=audience_kind,
        sector=sector,
        special_committee=special_committee,
        work_committee=work_committee,
        units=units,
        people=people,
        audience_object_id=audience_object_id,
    )
    files = _check_files(files)
    announcement = Announcement.objects.create(
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        audience_kind=audience_kind,
        sector=sector if audience_kind == Audience.SECTOR else None,
        special_committee=special_committee if audience_kind == Audience.SPECIAL_COMMITTEE else None,
        work_committee=work_committee if audience_kind == Audience.WORK_COMMITTEE else None,
        audience_object_id=audience_object_id if audience_kind in audiences.EXTRA else None,
        receipt=receipt,
        read_by=read_by,
        created_by=by,
    )
    if audience_kind == Audience.UNITS:
        announcement.units.set(units)
    if audience_kind == Audience.PEOPLE:
        announcement.people.set(people)
    for upload in files:
        AnnouncementAttachment.objects.create(announcement=announcement, file=upload, name=upload.name[:200])
    if publish:
        announcement = announcement_publish(announcement=announcement, by=by)
    return announcement


@transaction.atomic
def announcement_publish(*, announcement: Announcement, by: User) -> Announcement:
    """Resolve the audience *now* into recipient rows and inbox notices (bulk inserts: thousands of
    rows in a few statements); emails are queued after commit by one task."""
    _require(permissions.can_manage(by), "只有政协机关工作人员可以发布通知公告。")
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.is_published:
        raise ValidationError("该通知已经发布。")
    now = timezone.now()
    count = _recipients_insert(announcement)
    if not count:
        raise ValidationError("发送范围内没有可接收的人员(没有登录账号),未发布。")
    _notices_insert(announcement, now=now)
    announcement.status = Announcement.Status.PUBLISHED
    announcement.published_at = now
    announcement.published_by = by
    announcement.recipient_count = count
    announcement.audience_label = audiences.describe(announcement)[:200]
    announcement.save(
        update_fields=["status", "published_at", "published_by", "recipient_count", "audience_label"]
    )
    from .tasks import announcement_emails_queue

    pk = announcement.pk
    transaction.on_commit(lambda: announcement_emails_queue.delay(pk, NOTICE_KIND))
    return announcement


def _recipients_insert(announcement: Announcement) -> int:
    """INSERT … SELECT the audience's users as recipient rows in one statement (3,000 members: one
    round trip, no Python objects). An extension audience returning a plain list is bulk-created."""
    ids = audiences.recipient_ids(announcement)
    if not isinstance(ids, QuerySet):
        rows = [AnnouncementRecipient(announcement=announcement, user_id=uid) for uid in sorted(set(ids))]
        AnnouncementRecipient.objects.bulk_create(rows, batch_size=BULK_BATCH)
        return len(rows)
    sql, params = ids.query.sql_with_params()
    table = connection.ops.quote_name(AnnouncementRecipient._meta.db_table)
    users = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (announcement_id, user_id, receipt_text) "
            f"SELECT %s, u.id, '' FROM {users} u WHERE u.id IN ({sql})",
            [announcement.pk, *params],
        )
    return AnnouncementRecipient.objects.filter(announcement=announcement).count()


def _notices_insert(announcement: Announcement, *, now) -> None:
    """One inbox notice per recipient, INSERT … SELECT from the recipient rows. The delivery key is
    members.services.notification_key's, with the recipient's id put in front in SQL (the key
    starts with it), so a notice is never delivered twice."""
    sample = notification_key(recipient=User(pk=0), kind=NOTICE_KIND, target=announcement, event=announcement)
    assert sample.startswith("0|")
    key_tail = sample[1:]
    notification = connection.ops.quote_name(Notification._meta.db_table)
    recipient = connection.ops.quote_name(AnnouncementRecipient._meta.db_table)
    title = f"【{announcement.get_kind_display()}】{announcement.title}"[:200]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {notification} (recipient_id, kind, title, text, url, target_type_id, target_id, "
            "delivery_key, created_at, email_attempts, email_error) "
            "SELECT r.user_id, %s, %s, %s, %s, %s, %s, CAST(r.user_id AS varchar(20)) || %s, %s, 0, '' "
            f"FROM {recipient} r WHERE r.announcement_id = %s ON CONFLICT DO NOTHING",
            [
                NOTICE_KIND,
                title,
                announcement.body[:300],
                announcement.get_absolute_url(),
                ContentType.objects.get_for_model(Announcement).pk,
                announcement.pk,
                key_tail,
                connection.ops.adapt_datetimefield_value(now),
                announcement.pk,
            ],
        )


def _recipient_for_update(announcement: Announcement, user: User) -> AnnouncementRecipient:
    recipient = (
        AnnouncementRecipient.objects.select_for_update()
        .filter(announcement=announcement, user=user, announcement__status=Announcement.Status.PUBLISHED)
        .first()
    )
    if recipient is None:
        raise PermissionDenied("您不在该通知的接收范围内。")
    return recipient


@transaction.atomic
def announcement_open(*, announcement: Announcement, user: User) -> AnnouncementRecipient | None:
    """A recipient opened the announcement: mark it read (the first time only) and its inbox notice
    too. Staff who are not recipients open it without a receipt (None)."""
    if not AnnouncementRecipient.objects.filter(announcement=announcement, user=user).exists():
        _require(permissions.can_view_announcement(user, announcement))
        return None
    recipient = _recipient_for_update(announcement, user)
    if recipient.read_at is None:
        recipient.read_at = timezone.now()
        recipient.save(update_fields=["read_at"])
        Notification.objects.filter(
            recipient=user,
            target_type=ContentType.objects.get_for_model(Announcement),
            target_id=announcement.pk,
            read_at__isnull=True,
        ).update(read_at=recipient.read_at)
    return recipient


@transaction.atomic
def announcement_receipt(*, announcement: Announcement, user: User, text: str = "") -> AnnouncementRecipient:
    """Confirm (确认收到) or reply (书面回复) to an announcement that asks for a 回执."""
    recipient = _recipient_for_update(announcement, user)
    if announcement.receipt == Announcement.Receipt.NONE:
        raise ValidationError("该通知不需要回执。")
    text = (text or "").strip()
    if announcement.receipt == Announcement.Receipt.REPLY and not text:
        raise ValidationError("请填写回执内容。")
    if len(text) > 2000:
        raise ValidationError("回执内容不能超过2000字。")
    now = timezone.now()
    recipient.read_at = recipient.read_at or now
    recipient.receipt_at = now
    recipient.receipt_text = text
    recipient.save(update_fields=["read_at", "receipt_at", "receipt_text"])
    return recipient


# --- library ---------------------------------------------------------------------------------------
@transaction.atomic
def folder_create(*, by: User, name: str, parent: Folder | None = None, order: int = 0) -> Folder:
    _require(permissions.can_manage(by))
    name = name.strip()
    if not name:
        raise ValidationError("请填写分类名称。")
    if Folder.objects.filter(parent=parent, name=name).exists():
        raise ValidationError(f"分类「{name}」已存在。")
    return Folder.objects.create(name=name, parent=parent, order=order)


def _check_visibility(visibility, sector, special_committee, work_committee) -> None:
    if visibility not in Visibility.values:
        raise ValidationError("请选择可见范围。")
    if visibility == Visibility.BODY and not (sector or special_committee or work_committee):
        raise ValidationError("可见范围为“指定组织”时,请选择界别、专委会或镇街工委。")


@transaction.atomic
def document_create(
    *,
    by: User,
    folder: Folder,
    title: str,
    file,
    description: str = "",
    visibility: str = Visibility.ALL_MEMBERS,
    sector=None,
    special_committee=None,
    work_committee=None,
    note: str = "",
) -> Document:
    _require(permissions.can_manage(by), "只有政协机关工作人员可以上传资料。")
    if not title.strip():
        raise ValidationError("请填写标题。")
    if not file:
        raise ValidationError("请选择文件。")
    _check_visibility(visibility, sector, special_committee, work_committee)
    validate_upload(file)
    body = visibility == Visibility.BODY
    document = Document.objects.create(
        folder=folder,
        title=title.strip(),
        description=description.strip(),
        visibility=visibility,
        sector=sector if body else None,
        special_committee=special_committee if body else None,
        work_committee=work_committee if body else None,
        created_by=by,
    )
    _version_add(document=document, by=by, file=file, note=note or "首次上传")
    return document


def _version_add(*, document: Document, by: User, file, note: str) -> DocumentVersion:
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        file=file,
        name=file.name[:200],
        size=file.size or 0,
        note=note.strip()[:200],
        uploaded_by=by,
    )
    document.version_count = number
    document.updated_at = version.uploaded_at
    document.save(update_fields=["version_count", "updated_at"])
    return version


@transaction.atomic
def document_add_version(*, document: Document, by: User, file, note: str = "") -> DocumentVersion:
    """A new version; the old ones stay in the history and can still be downloaded."""
    _require(permissions.can_manage(by), "只有政协机关工作人员可以更新资料。")
    if not file:
        raise ValidationError("请选择文件。")
    validate_upload(file)
    document = Document.objects.select_for_update().get(pk=document.pk)
    return _version_add(document=document, by=by, file=file, note=note)


# --- training ----------------------------------------------------------------------------------------
@transaction.atomic
def course_create(
    *,
    by: User,
    title: str,
    year: int,
    description: str = "",
    organiser: str = "市政协办公室",
    materials: Sequence[Document] = (),
    sessions: Sequence[tuple[dt.date, str, str]] = (),
) -> Course:
    _require(permissions.can_manage(by), "只有政协机关工作人员可以创建培训班。")
    if not title.strip():
        raise ValidationError("请填写培训班名称。")
    course = Course.objects.create(
        title=title.strip(), year=year, description=description.strip(), organiser=organiser, created_by=by
    )
    course.materials.set(materials)
    for date, topic, place in sessions:
        TrainingSession.objects.create(course=course, date=date, topic=topic, place=place)
    return course


@transaction.atomic
def session_add(*, course: Course, by: User, date: dt.date, topic: str, place: str = "") -> TrainingSession:
    _require(permissions.can_manage(by))
    if not topic.strip():
        raise ValidationError("请填写课程内容。")
    return TrainingSession.objects.create(course=course, date=date, topic=topic.strip(), place=place.strip())


def _member_of(user: User) -> Member:
    member = permissions._member(user)
    if member is None:
        raise PermissionDenied("只有委员可以进行此操作。")
    return member


@transaction.atomic
def course_enrol(*, course: Course, by: User) -> Enrolment:
    member = _member_of(by)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not course.enrolment_open:
        raise ValidationError("该培训班已停止报名。")
    enrolment, _ = Enrolment.objects.get_or_create(course=course, member=member)
    return enrolment


@transaction.atomic
def course_withdraw(*, course: Course, by: User) -> None:
    member = _member_of(by)
    if Attendance.objects.filter(session__course=course, member=member).exists():
        raise ValidationError("已登记出勤,不能取消报名。")
    Enrolment.objects.filter(course=course, member=member).delete()


@transaction.atomic
def course_enrol_members(*, course: Course, by: User, members: Sequence[Member]) -> int:
    """Staff enrol members (a class is often assigned, not volunteered for)."""
    _require(permissions.can_manage(by))
    existing = set(Enrolment.objects.filter(course=course).values_list("member_id", flat=True))
    new = [Enrolment(course=course, member=m) for m in members if m.pk not in existing]
    Enrolment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def attendance_record(*, session: TrainingSession, marks: Mapping[int, str], by: User) -> int:
    """Attendance for the whole enrolment list in one form; 出席 feeds the duty record (rule
    `training_session`), a correction withdraws the event. Returns how many marks changed."""
    _require(permissions.can_manage(by), "只有政协机关工作人员可以登记出勤。")
    session = TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    if session.date > timezone.localdate():
        raise ValidationError("课次尚未举行,不能登记出勤。")
    enrolled = {
        e.member_id: e.member
        for e in Enrolment.objects.filter(course=session.course).select_related("member")
    }
    unknown = set(marks) - set(enrolled)
    if unknown:
        raise ValidationError("出勤名单中有未报名的委员,页面可能已过期,请刷新后重试。")
    valid = set(Attendance.Mark.values)
    if any(mark and mark not in valid for mark in marks.values()):
        raise ValidationError("出勤选项无效。")
    current = {a.member_id: a for a in Attendance.objects.select_for_update().filter(session=session)}
    changed = 0
    title = f"{session.course.title}:{session.topic}"
    for member_id, mark in marks.items():
        row = current.get(member_id)
        if (row.mark if row else "") == (mark or ""):
            continue
        changed += 1
        if row is not None:
            duty_event_withdraw(source=row, kind=TRAINING_DUTY_KIND)
            if not mark:
                row.delete()
                continue
            row.mark = mark
            row.recorded_by = by
            row.save(update_fields=["mark", "recorded_by"])
        else:
            row = Attendance.objects.create(session=session, member_id=member_id, mark=mark, recorded_by=by)
        if mark == Attendance.Mark.PRESENT:
            duty_event_record(
                member=enrolled[member_id],
                kind=TRAINING_DUTY_KIND,
                date=session.date,
                source=row,
                title=title,
                by=by,
            )
    return changed


@transaction.atomic
def quiz_submit(*, course: Course, by: User, answers: Mapping[int, int]) -> QuizAttempt:
    """Score a single-choice quiz once per member (the score is shown at once)."""
    member = _member_of(by)
    if not Enrolment.objects.filter(course=course, member=member).exists():
        raise ValidationError("请先报名该培训班。")
    questions = list(course.questions.all())
    if not questions:
        raise ValidationError("该培训班没有测验。")
    if QuizAttempt.objects.filter(course=course, member=member).exists():
        raise ValidationError("您已完成该测验。")
    missing = [q for q in questions if q.pk not in answers]
    if missing:
        raise ValidationError(f"还有 {len(missing)} 道题未作答。")
    score = sum(1 for q in questions if answers[q.pk] == q.answer)
    return QuizAttempt.objects.create(
        course=course,
        member=member,
        score=score,
        total=len(questions),
        answers={str(q.pk): answers[q.pk] for q in questions},
    )


# --- 文史资料 -----------------------------------------------------------------------------------------
@transaction.atomic
def collection_create(
    *, by: User, title: str, year: int, theme: str = "", editor_note: str = ""
) -> Collection:
    _require(permissions.can_manage(by), "只有政协机关工作人员可以发起征集。")
    if not title.strip():
        raise ValidationError("请填写专题名称。")
    return Collection.objects.create(
        title=title.strip(), year=year, theme=theme.strip(), editor_note=editor_note.strip(), created_by=by
    )


def _piece_event(*, obj, action, label, from_state, to_state, by, note) -> None:
    PieceEvent.objects.create(
        piece=obj, action=action, label=label, from_state=from_state, to_state=to_state, by=by, note=note
    )


@transaction.atomic
def piece_save(
    *,
    by: User,
    collection: Collection,
    title: str,
    body: str,
    piece: Piece | None = None,
    files: Sequence = (),
    captions: Sequence[str] = (),
) -> Piece:
    """Create or edit the author's draft (or a piece returned for changes), with photos/documents."""
    member = _member_of(by)
    if not title.strip() or not body.strip():
        raise ValidationError("请填写标题和正文。")
    files = _check_files(files)
    if piece is None:
        if not collection.is_open:
            raise ValidationError("该专题已停止征集。")
        piece = Piece.objects.create(
            collection=collection, author=member, title=title.strip(), body=body.strip()
        )
        _piece_event(
            obj=piece, action="create", label="起草", from_state="", to_state=piece.status, by=by, note=""
        )
    else:
        piece = Piece.objects.select_for_update().get(pk=piece.pk)
        if piece.author_id != member.pk:
            raise PermissionDenied("只能修改本人的稿件。")
        if piece.status not in (Piece.Status.DRAFT, Piece.Status.CHANGES):
            raise ValidationError(f"稿件{piece.get_status_display()},不能再修改。")
        piece.title = title.strip()
        piece.body = body.strip()
        piece.save(update_fields=["title", "body", "updated_at"])
    captions = list(captions)
    for i, upload in enumerate(files):
        PieceFile.objects.create(
            piece=piece,
            file=upload,
            name=upload.name[:200],
            caption=(captions[i] if i < len(captions) else "")[:200],
        )
    return piece


@transaction.atomic
def piece_action(*, piece: Piece, action: str, by: User, note: str = "") -> Piece:
    """Fire a workflow action (submit / request_changes / accept / decline) and its consequences."""
    changes: dict = {}
    if action == "submit":
        changes["submitted_at"] = timezone.now()
    if action in ("request_changes", "decline", "accept"):
        changes["editor_comment"] = note.strip()
    if action == "accept":
        changes["accepted_at"] = timezone.now()
    piece = PIECE_FLOW.fire(
        obj=piece, action=action, by=by, note=note, changes=changes, record_event=_piece_event
    )
    if action == "submit":
        for user in staff_users():
            notify_on_commit(
                recipient=user,
                kind="wenshi_submitted",
                title=f"文史资料新稿件:{piece.title}",
                target=piece,
                event=piece.events.order_by("-pk").first(),
            )
        return piece
    author = Member.objects.select_related("user").get(pk=piece.author_id)
    if action == "accept":
        duty_event_record(
            member=author,
            kind=WENSHI_DUTY_KIND,
            date=timezone.localdate(),
            source=piece,
            title=f"文史资料《{piece.title}》被采用",
            by=by,
        )
    if author.user is not None:
        label = {"request_changes": "被退回修改", "accept": "已被采用", "decline": "未被采用"}[action]
        notify_on_commit(
            recipient=author.user,
            kind="wenshi_reviewed",
            title=f"您的文史稿件《{piece.title}》{label}",
            text=note,
            target=piece,
            event=piece.events.order_by("-pk").first(),
        )
    return piece

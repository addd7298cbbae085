"""Writes the business cares about in members/: notifications, duty events, instructions, users.

Other apps call these with a generic reference to their own objects; members/ never imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import (
    DutyEvent,
    DutyRule,
    Instruction,
    InstructionRequest,
    Member,
    Role,
    SelfReport,
    SelfReportEvent,
    User,
)
from .notifications import (  # noqa: F401  (notices live in members/notifications.py; re-exported for callers)
    notification_key,
    notification_mark_read,
    notify,
    notify_on_commit,
)
from .resources import MemberResource


# --- users -----------------------------------------------------------------------------------
def user_sync_groups(*, user: User) -> None:
    """Each role is a group (created by migration); a user is in exactly the group of its role."""
    role_groups = Group.objects.filter(name__in=Role.labels)
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=Role(user.role).label))


@transaction.atomic
def user_create(
    *, username: str, password: str, role: str, name: str = "", handling_unit=None, email: str = ""
) -> User:
    user = User(username=username, role=role, name=name, handling_unit=handling_unit, email=email)
    user.is_staff = role in (Role.STAFF, Role.ADMIN)  # Django admin access
    user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.save()
    user_sync_groups(user=user)
    return user


# --- duty record -----------------------------------------------------------------------------
def duty_event_record(
    *,
    member: Member,
    kind: str,
    date: dt.date,
    source=None,
    title: str = "",
    note: str = "",
    by: User | None = None,
) -> DutyEvent:
    """Add an event to a member's duty record. With a source, recording the same kind again for
    the same member and source updates the existing event instead of adding a second one."""
    rule = DutyRule.objects.get(code=kind)
    values = {"date": date, "points": rule.points, "title": title[:300], "note": note[:300], "created_by": by}
    if source is None:
        return DutyEvent.objects.create(member=member, kind=rule, **values)
    event, _ = DutyEvent.objects.update_or_create(
        member=member,
        kind=rule,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        defaults=values,
    )
    return event


def duty_event_withdraw(*, source, kind: str | None = None, member: Member | None = None) -> int:
    """Remove the events a source produced (a proposal merged away, an attendance corrected)."""
    qs = DutyEvent.objects.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
    if kind is not None:
        qs = qs.filter(kind_id=kind)
    if member is not None:
        qs = qs.filter(member=member)
    deleted, _ = qs.delete()
    return deleted


def duty_rule_points(code: str) -> Decimal:
    return DutyRule.objects.get(code=code).points


# --- instructions (批示) -----------------------------------------------------------------------
@transaction.atomic
def instruction_add(
    *, target, leader: User, date: dt.date, text: str, leader_title: str = "", by: User
) -> Instruction:
    if not text.strip():
        raise ValueError("批示内容不能为空")
    instruction = Instruction.objects.create(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        leader=leader,
        leader_title=leader_title,
        date=date,
        text=text.strip(),
        recorded_by=by,
    )
    return instruction


@transaction.atomic
def instruction_request(*, target, leaders, by: User, note: str = "", title: str) -> list[InstructionRequest]:
    """报请领导批示: ask each leader for a 批示 on `target` and tell each one once. A leader already
    asked is neither asked nor told again (one row per leader and item; the notice's delivery key
    names the request). Returns the new requests."""
    chosen = [leader for leader in leaders if leader.role == Role.LEADER and leader.is_active]
    if not chosen:
        raise ValidationError({"leaders": "请选择报请批示的领导。"})
    target_type = ContentType.objects.get_for_model(target)
    asked = set(
        InstructionRequest.objects.filter(
            target_type=target_type, target_id=target.pk, leader__in=chosen
        ).values_list("leader_id", flat=True)
    )
    created = []
    for leader in chosen:
        if leader.pk in asked:
            continue
        request = InstructionRequest.objects.create(
            leader=leader,
            target_type=target_type,
            target_id=target.pk,
            note=note.strip()[:300],
            requested_by=by,
        )
        created.append(request)
        notify_on_commit(
            recipient=leader,
            kind="instruction_requested",
            title=f"请您批示:{title}"[:200],
            text=request.note,
            target=target,
            event=request,
        )
    return created


# --- scoring rules -----------------------------------------------------------------------------
@transaction.atomic
def duty_rules_apply(*, year: int | None = None) -> int:
    """Copy each rule's current points onto its events (of `year`, or of every year): DutyEvent.points
    is a copy of the rule's points so that scores are sums in the database. One UPDATE per rule."""
    changed = 0
    for code, points in DutyRule.objects.values_list("code", "points"):
        qs = DutyEvent.objects.filter(kind_id=code).exclude(points=points)
        if year is not None:
            qs = qs.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
        changed += qs.update(points=points)
    return changed


# --- duty events entered by staff ----------------------------------------------------------------
@transaction.atomic
def duty_events_bulk_add(
    *, kind: str, date: dt.date, title: str, members: Sequence[Member], by: User, note: str = ""
) -> list[DutyEvent]:
    """Staff record one activity (a speech, a training day, 六送下乡 …) for several members at once."""
    from . import conf

    if kind not in conf.MANUAL_DUTY_KINDS:
        raise ValidationError("该履职事项由系统自动记录,不能手工录入。")
    if date > timezone.localdate():
        raise ValidationError("日期不能晚于今天。")
    if not title.strip():
        raise ValidationError("请填写履职内容。")
    members = list(members)
    if not members:
        raise ValidationError("请至少选择一名委员。")
    rule = DutyRule.objects.get(code=kind)
    events = [
        DutyEvent(
            member=m,
            kind=rule,
            date=date,
            points=rule.points,
            title=title.strip()[:300],
            note=note[:300],
            created_by=by,
        )
        for m in members
    ]
    return DutyEvent.objects.bulk_create(events)


@transaction.atomic
def duty_event_delete(*, event: DutyEvent, by: User) -> None:
    """Remove an event entered by hand (events of other apps follow their source instead)."""
    if event.source_id is not None:
        raise ValidationError("该记录由系统根据来源自动生成,请在来源中修改。")
    event.delete()


# --- self-reports (述职) ---------------------------------------------------------------------------
def _self_report_event(*, obj, action, label, from_state, to_state, by, note) -> SelfReportEvent:
    return SelfReportEvent.objects.create(
        report=obj, action=action, label=label, from_state=from_state, to_state=to_state, by=by, note=note
    )


@transaction.atomic
def self_report_save(*, member: Member, year: int, text: str, by: User) -> SelfReport:
    """Create or update the member's draft report of `year`."""
    if member.user_id != by.pk:
        raise ValidationError("只能填写本人的述职报告。")
    if not text.strip():
        raise ValidationError("述职报告内容不能为空。")
    report = SelfReport.objects.select_for_update().filter(member=member, year=year).first()
    if report is None:
        report = SelfReport.objects.create(member=member, year=year, text=text.strip())
        _self_report_event(
            obj=report, action="create", label="起草", from_state="", to_state=report.status, by=by, note=""
        )
        return report
    if report.status != SelfReport.Status.DRAFT:
        raise ValidationError(f"述职报告已{report.get_status_display()},不能再修改。")
    report.text = text.strip()
    report.save(update_fields=["text", "updated_at"])
    return report


@transaction.atomic
def self_report_submit(*, report: SelfReport, by: User) -> SelfReport:
    from .workflow import SELF_REPORT_FLOW

    return SELF_REPORT_FLOW.fire(
        obj=report,
        action="submit",
        by=by,
        changes={"submitted_at": timezone.now()},
        record_event=_self_report_event,
    )


@transaction.atomic
def self_report_review(*, report: SelfReport, by: User, comment: str = "") -> SelfReport:
    from .workflow import SELF_REPORT_FLOW

    report = SELF_REPORT_FLOW.fire(
        obj=report,
        action="review",
        by=by,
        note=comment,
        changes={"reviewer": by, "review_comment": comment.strip(), "reviewed_at": timezone.now()},
        record_event=_self_report_event,
    )
    _self_report_notify(report=report, title=f"您的{report.year}年度述职报告已审阅", text=comment)
    return report


@transaction.atomic
def self_report_return(*, report: SelfReport, by: User, note: str) -> SelfReport:
    from .workflow import SELF_REPORT_FLOW

    report = SELF_REPORT_FLOW.fire(
        obj=report,
        action="return",
        by=by,
        note=note,
        changes={"review_comment": note.strip()},
        record_event=_self_report_event,
    )
    _self_report_notify(report=report, title=f"您的{report.year}年度述职报告被退回修改", text=note)
    return report


def _self_report_notify(*, report: SelfReport, title: str, text: str) -> None:
    user = Member.objects.select_related("user").get(pk=report.member_id).user
    if user is not None:
        notify_on_commit(
            recipient=user,
            kind="self_report",
            title=title,
            text=text,
            target=report,
            stage=report.status,
            event=getattr(report, "last_event", None),  # returned twice in a day: two notices
        )


# --- roster import ---------------------------------------------------------------------------------
@dataclass
class RosterRow:
    number: int  # row number in the sheet
    status: str  # new / update / unchanged / invalid
    name: str
    id_number: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, old, new)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)


@dataclass
class RosterImportResult:
    rows: list[RosterRow]
    errors: list[str]  # errors not tied to a row (headers, file)
    totals: dict[str, int]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[RosterRow]:
        return [r for r in self.rows if r.errors]


_STATUS = {"new": "new", "update": "update", "skip": "unchanged", "invalid": "invalid", "error": "invalid"}


def _roster_result(resource, dataset, result) -> RosterImportResult:
    columns = {name: f.column_name for name, f in resource.fields.items()}
    excel_rows = getattr(dataset, "excel_rows", None) or list(range(2, len(dataset) + 2))
    general = [
        str(e.error) if not hasattr(e.error, "messages") else "".join(e.error.messages)
        for e in result.base_errors
    ]
    rows: list[RosterRow] = []
    invalid = {r.number: r for r in result.invalid_rows}
    errored = dict(result.row_errors())
    for index, row_result in enumerate(result.rows, start=1):
        values = dict(zip(dataset.headers, dataset[index - 1], strict=False))
        from .resources import text

        row = RosterRow(
            number=excel_rows[index - 1],
            status=_STATUS.get(row_result.import_type, row_result.import_type),
            name=text(values.get("姓名")),
            id_number=text(values.get("身份证号")).upper(),
        )
        if index in invalid:
            for attr, messages in invalid[index].error_dict.items():
                for message in messages:
                    row.errors.append((columns.get(attr, "—"), str(message)))
        for error in errored.get(index, []):
            row.errors.append(("—", f"无法保存:{error.error}"))
        instance = row_result.instance
        if instance is not None:
            row.changes = list(getattr(instance, "_roster_changes", []))
        rows.append(row)
    totals = {
        key: sum(1 for r in rows if r.status == key) for key in ("new", "update", "unchanged", "invalid")
    }
    return RosterImportResult(rows=rows, errors=general, totals=totals)


def roster_import_preview(*, data: bytes) -> RosterImportResult:
    """Dry run: what importing this file would do, row by row, without writing anything."""
    from .roster import roster_dataset

    dataset = roster_dataset(data)
    _roster_check_size(dataset)
    resource = MemberResource()
    result = resource.import_data(dataset, dry_run=True, use_transactions=True)
    return _roster_result(resource, dataset, result)


@transaction.atomic
def roster_import_apply(*, data: bytes, by: User) -> RosterImportResult:
    """Import the file all-or-nothing: with any row in error nothing is written (ValidationError)."""
    from .roster import roster_dataset

    dataset = roster_dataset(data)
    _roster_check_size(dataset)
    resource = MemberResource()
    result = resource.import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    outcome = _roster_result(resource, dataset, result)
    if outcome.has_errors:
        transaction.set_rollback(True)
        raise RosterImportError(outcome)
    return outcome


class RosterImportError(ValidationError):
    def __init__(self, outcome: RosterImportResult):
        super().__init__(f"名册中有 {len(outcome.error_rows) + len(outcome.errors)} 处错误,未导入任何数据。")
        self.outcome = outcome


def _roster_check_size(dataset) -> None:
    from . import conf

    if len(dataset) == 0:
        raise ValidationError("名册中没有数据行。")
    if len(dataset) > conf.ROSTER_MAX_ROWS:
        raise ValidationError(f"名册超过 {conf.ROSTER_MAX_ROWS} 行,请分批导入。")

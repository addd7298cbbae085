"""Every write of quick reports. Keyword-only, transactional; authorization is checked here (the
workflow's actor relations, or permissions.py for creation), not only in the views.

Every status change goes through `_fire` (the workflow engine): it locks the row, checks the
table and the actor, changes the row and writes the timeline event. Notices name that event in
their delivery key; duty events name the report as their source, so they are recorded once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cppcc.workdays import add_workdays
from cppcc.workflow import TransitionNotAllowed
from members.models import HandlingUnit, Role, User, WorkCommittee
from members.selectors import member_for_user, staff_users, unit_users
from members.services import duty_event_record, notify_on_commit

from . import permissions, photos
from .models import (
    PHOTOS_MAX,
    TEXT_MAX_CHARS,
    DeadlineRule,
    QuickCategory,
    QuickEvent,
    QuickKind,
    QuickPhoto,
    QuickReport,
    QuickStatus,
    TriageScope,
)
from .workflow import quick_machine

DUTY_SUBMITTED = "quick_submitted"
DUTY_VALID = "quick_valid"
ANSWER_MAX_CHARS = 2000


# --- helpers ---------------------------------------------------------------------------------
def _record_event(*, obj, action, label, from_state, to_state, by, note) -> QuickEvent:
    event = QuickEvent.objects.create(
        report=obj, actor=by, action=action, label=label, from_state=from_state, to_state=to_state, note=note
    )
    obj.last_event = event  # the notices of this step name it in their delivery key
    return event


def _fire(report: QuickReport, action: str, by: User, *, note: str = "", changes: dict | None = None):
    return quick_machine.fire(
        obj=report, action=action, by=by, note=note.strip(), changes=changes, record_event=_record_event
    )


def _tell(users: Iterable[User], *, report: QuickReport, kind: str, title: str, text: str = "") -> None:
    event = getattr(report, "last_event", None)
    for user in {u.pk: u for u in users}.values():
        notify_on_commit(recipient=user, kind=kind, title=title, text=text, target=report, event=event)


def triagers(report: QuickReport) -> list[User]:
    """Who triages this report: the office, and the 镇街工委's own triage staff."""
    scoped = User.objects.filter(
        is_active=True, quick_scopes__work_committee_id=report.work_committee_id
    ).distinct()
    return list(staff_users()) + list(scoped)


def _clean_text(text: str, *, field: str, label: str, max_chars: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: f"请填写{label}。"})
    if len(text) > max_chars:
        raise ValidationError({field: f"{label}不能超过{max_chars}字(现有{len(text)}字)。"})
    return text


def _save_photos(report: QuickReport, processed: Sequence[photos.ProcessedPhoto], *, stage: str, by: User):
    for p in processed:
        photo = QuickPhoto(
            report=report,
            stage=stage,
            width=p.width,
            height=p.height,
            has_location=p.has_location,
            uploaded_by=by,
        )
        photo.image.save(p.name, ContentFile(p.content), save=False)
        photo.save()


def _record_valid(report: QuickReport, *, day: dt.date) -> None:
    """A report found valid (routed, or made into a 社情民意 item or a proposal) counts once."""
    if report.member_id:
        duty_event_record(
            member=report.member, kind=DUTY_VALID, date=day, source=report, title=report.summary
        )


def deadline_for(*, start: dt.date, major: bool) -> dt.date:
    """The due date of a routed report: ordinary 5 / major 15 工作日 (DeadlineRule)."""
    return add_workdays(start, DeadlineRule.days("major" if major else "ordinary"))


# --- submit ----------------------------------------------------------------------------------
@transaction.atomic
def quick_report_submit(
    *,
    by: User,
    kind: str,
    text: str,
    category: QuickCategory,
    address: str,
    work_committee: WorkCommittee,
    files: Sequence = (),
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    keep_location: bool = False,
    on_behalf_of: str = "",
) -> QuickReport:
    """A member (or a 镇街工委's triage staff collecting 群众诉求) reports a problem. Every check runs
    and every photo is decoded before the first row is written: a bad photo saves nothing."""
    if not permissions.can_submit(by):
        raise TransitionNotAllowed("您的角色不能提交微建议。")
    if kind not in QuickKind.values:
        raise ValidationError({"kind": "请选择类型。"})
    text = _clean_text(text, field="text", label="内容", max_chars=TEXT_MAX_CHARS)
    address = _clean_text(address, field="address", label="地点", max_chars=200)
    if not WorkCommittee.objects.filter(pk=getattr(work_committee, "pk", None), is_active=True).exists():
        raise ValidationError({"work_committee": "所在镇街不在本市镇街列表中,请从列表中选择。"})
    if not category or not QuickCategory.objects.filter(pk=category.pk, is_active=True).exists():
        raise ValidationError({"category": "请从列表中选择类别。"})
    if (latitude is None) != (longitude is None):
        latitude = longitude = None
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError({"address": "定位坐标无效,请重新定位或只填写地址。"})
    on_behalf_of = (on_behalf_of or "").strip()[:100]
    try:
        processed = photos.process_all(files, keep_location=keep_location, max_count=PHOTOS_MAX)
    except ValidationError as exc:
        raise ValidationError({"photos": exc.messages}) from None
    member = member_for_user(by)
    now = timezone.now()
    today = timezone.localdate(now)
    report = QuickReport.objects.create(
        kind=kind,
        text=text,
        category=category,
        address=address,
        work_committee=work_committee,
        latitude=latitude,
        longitude=longitude,
        keep_location=keep_location,
        on_behalf_of=on_behalf_of,
        member=member,
        submitted_by=by,
        submitted_at=now,
        submitted_on=today,
        triage_due_on=add_workdays(today, DeadlineRule.days("triage")),
    )
    _save_photos(report, processed, stage=QuickPhoto.Stage.REPORT, by=by)
    _record_event(
        obj=report, action="submit", label="提交", from_state="", to_state=report.status, by=by, note=""
    )
    if member is not None:
        duty_event_record(member=member, kind=DUTY_SUBMITTED, date=today, source=report, title=report.summary)
    _tell(
        triagers(report),
        report=report,
        kind="quick_submitted",
        title=f"新{report.get_kind_display()}:{report.summary}",
        text=f"{work_committee.name} · {address}",
    )
    return report


# --- triage ----------------------------------------------------------------------------------
@transaction.atomic
def quick_start_triage(*, report: QuickReport, by: User) -> QuickReport:
    return _fire(report, "start_triage", by)


@transaction.atomic
def quick_route(
    *, report: QuickReport, by: User, unit: HandlingUnit, major: bool = False, note: str = ""
) -> QuickReport:
    """交办: send to a handling unit with a due date in 工作日 (ordinary 5 / major 15)."""
    if unit is None or not HandlingUnit.objects.filter(pk=unit.pk, is_active=True).exists():
        raise ValidationError({"unit": "请选择承办单位。"})
    today = timezone.localdate()
    due = deadline_for(start=today, major=major)
    report = _fire(
        report,
        "route",
        by,
        note=f"交{unit.name}办理,{'重大事项' if major else '一般事项'},期限{due:%Y年%m月%d日}。{note}".strip(),
        changes={"unit": unit, "major": major, "routed_on": today, "due_on": due, "extended": False},
    )
    _record_valid(report, day=today)
    _tell_unit(report, title=f"新交办{report.get_kind_display()}:{report.summary}", due=due)
    _tell_reporter(report, title=f"您反映的问题已交{unit.name}办理", text=f"办理期限:{due:%Y年%m月%d日}")
    return report


def _tell_unit(report: QuickReport, *, title: str, due: dt.date) -> None:
    _tell(
        unit_users([report.unit_id]),
        report=report,
        kind="quick_routed",
        title=title,
        text=f"请于{due:%Y年%m月%d日}前答复。",
    )


def _tell_reporter(report: QuickReport, *, title: str, text: str = "") -> None:
    _tell([report.submitted_by], report=report, kind="quick_progress", title=title, text=text)


@transaction.atomic
def quick_merge(*, report: QuickReport, into: QuickReport, by: User, note: str = "") -> QuickReport:
    """合并重复: the duplicate follows the report it is merged into."""
    if into is None or into.pk == report.pk:
        raise ValidationError({"into": "请选择要合并到的另一条反映。"})
    into = QuickReport.objects.select_for_update().get(pk=into.pk)
    if "triager" not in quick_machine.relations(into, by):  # a 镇街's clerk merges within the 镇街
        raise ValidationError({"into": f"#{into.pk}不在您可分拨的范围内。"})
    if into.status not in (
        QuickStatus.SUBMITTED,
        QuickStatus.TRIAGE,
        QuickStatus.ROUTED,
        QuickStatus.ANSWERED,
    ):
        raise ValidationError({"into": f"#{into.pk}已{into.get_status_display()},不能合并到它。"})
    report = _fire(
        report, "merge", by, note=f"与#{into.pk}重复,合并办理。{note}".strip(), changes={"merged_into": into}
    )
    _tell_reporter(
        report, title="您反映的问题与他人反映的问题合并办理", text=f"合并至#{into.pk}:{into.summary}"
    )
    return report


@transaction.atomic
def quick_to_opinion(*, report: QuickReport, by: User, title: str = "") -> QuickReport:
    """转社情民意: create the item through proposals' own service, in the reporting member's name."""
    from proposals.services import opinion_submit

    quick_machine.require(report, "to_opinion", by)  # before anything is created
    if report.member_id is None or report.member.user_id is None:
        raise ValidationError("该反映不是委员本人提交,不能转为社情民意信息;请关闭并说明理由。")
    title = (title or "").strip() or f"关于{report.summary.rstrip('…')}的情况反映"
    opinion = opinion_submit(by=report.member.user, title=title[:200], body=report.text)
    report = _fire(
        report, "to_opinion", by, note=f"转为社情民意信息《{opinion.title}》", changes={"opinion": opinion}
    )
    _record_valid(report, day=timezone.localdate())
    _tell_reporter(report, title="您反映的问题已转为社情民意信息", text=opinion.title)
    return report


@transaction.atomic
def quick_invite_proposal(*, report: QuickReport, by: User, note: str = "") -> QuickReport:
    """建议撰写提案: the matter needs a proposal; the member is invited to write one."""
    report = _fire(report, "invite_proposal", by, note=note or "问题涉及面较广,建议形成提案。")
    _record_valid(report, day=timezone.localdate())
    from django.urls import reverse

    _tell(
        [report.submitted_by],
        report=report,
        kind="quick_invite_proposal",
        title="建议您就反映的问题撰写提案",
        text=f"{report.summary} — 可在「提出提案」中撰写:{reverse('proposals:create')}",
    )
    return report


@transaction.atomic
def quick_close(*, report: QuickReport, by: User, note: str) -> QuickReport:
    report = _fire(report, "close", by, note=note, changes={"close_reason": (note or "").strip()})
    _tell_reporter(report, title="您反映的问题已关闭", text=note)
    return report


# --- the unit ----------------------------------------------------------------------------------
@transaction.atomic
def quick_extend(*, report: QuickReport, by: User, note: str) -> QuickReport:
    """申请延期: once per report, by the rule's number of 工作日 after the current due date."""
    locked = QuickReport.objects.select_for_update().get(pk=report.pk)
    quick_machine.require(locked, "extend", by)
    if locked.extended:
        raise ValidationError("本件已延期一次,不能再申请延期。")
    due = add_workdays(locked.due_on or timezone.localdate(), DeadlineRule.days("extension"))
    report = _fire(
        locked,
        "extend",
        by,
        note=f"延期至{due:%Y年%m月%d日}:{note.strip()}",
        changes={"due_on": due, "extended": True},
    )
    _tell(
        triagers(report),
        report=report,
        kind="quick_extended",
        title=f"{report.unit}申请延期:{report.summary}",
        text=note,
    )
    return report


@transaction.atomic
def quick_refuse(*, report: QuickReport, by: User, note: str) -> QuickReport:
    """非本单位职责: back to triage, with the unit remembered so it is not offered again."""
    unit_id = report.unit_id
    report = _fire(
        report,
        "refuse",
        by,
        note=note,
        changes={"unit": None, "due_on": None, "routed_on": None, "major": False},
    )
    report.refused_units.add(unit_id)
    _tell(
        triagers(report),
        report=report,
        kind="quick_refused",
        title=f"承办单位退回:{report.summary}",
        text=note,
    )
    return report


@transaction.atomic
def quick_answer(
    *, report: QuickReport, by: User, text: str, before: Sequence = (), after: Sequence = ()
) -> QuickReport:
    """答复 with text and 整改 photos (before/after)."""
    locked = QuickReport.objects.select_for_update().get(pk=report.pk)
    quick_machine.require(locked, "answer", by)
    text = _clean_text(text, field="text", label="答复内容", max_chars=ANSWER_MAX_CHARS)
    before, after = list(before), list(after)
    try:
        photos.check_count_and_size(before + after, max_count=PHOTOS_MAX)
        processed_before = [photos.process(f, keep_location=False) for f in before]
        processed_after = [photos.process(f, keep_location=False) for f in after]
    except ValidationError as exc:
        raise ValidationError({"after": exc.messages}) from None
    today = timezone.localdate()
    report = _fire(
        locked,
        "answer",
        by,
        note=text,
        changes={
            "answer_text": text,
            "answered_on": today,
            "answered_on_time": locked.due_on is None or today <= locked.due_on,
        },
    )
    _save_photos(report, processed_before, stage=QuickPhoto.Stage.BEFORE, by=by)
    _save_photos(report, processed_after, stage=QuickPhoto.Stage.AFTER, by=by)
    _tell_reporter(report, title=f"{report.unit}已答复您反映的问题,请确认是否解决", text=text[:200])
    return report


# --- the member confirms ------------------------------------------------------------------------
@transaction.atomic
def quick_confirm(*, report: QuickReport, by: User, resolved: bool, note: str = "") -> QuickReport:
    """已解决, or 未解决: back to the unit once (new due date), the second time to staff as 督办."""
    locked = QuickReport.objects.select_for_update().get(pk=report.pk)
    today = timezone.localdate()
    if resolved:
        return _fire(locked, "resolved", by, note=note, changes={"resolved_on": today})
    if locked.reopen_count == 0:
        due = add_workdays(today, DeadlineRule.days("reopen"))
        report = _fire(
            locked,
            "unresolved",
            by,
            note=f"未解决,退回{locked.unit}重新办理,期限{due:%Y年%m月%d日}。{note}".strip(),
            changes={"reopen_count": 1, "due_on": due, "routed_on": today},
        )
        _tell_unit(report, title=f"委员反馈未解决,请重新办理:{report.summary}", due=due)
        return report
    report = _fire(
        locked,
        "unresolved_escalate",
        by,
        note=f"再次反馈未解决,转机关督办。{note}".strip(),
        changes={"escalated_on": today},
    )
    _tell(
        triagers(report) + list(User.objects.filter(role=Role.LEADER, is_active=True)),
        report=report,
        kind="quick_supervise",
        title=f"督办:{report.summary}",
        text=f"委员两次反馈未解决({report.unit})。",
    )
    return report


@transaction.atomic
def quick_reassign(
    *, report: QuickReport, by: User, unit: HandlingUnit, major: bool = False, note: str = ""
) -> QuickReport:
    """督办中 → 重新交办 (the same or another unit) with a new due date."""
    if unit is None or not HandlingUnit.objects.filter(pk=unit.pk, is_active=True).exists():
        raise ValidationError({"unit": "请选择承办单位。"})
    today = timezone.localdate()
    due = deadline_for(start=today, major=major)
    report = _fire(
        report,
        "reassign",
        by,
        note=f"督办:交{unit.name}办理,期限{due:%Y年%m月%d日}。{note}".strip(),
        changes={"unit": unit, "major": major, "routed_on": today, "due_on": due},
    )
    _tell_unit(report, title=f"督办件:{report.summary}", due=due)
    return report


# --- configuration --------------------------------------------------------------------------------
@transaction.atomic
def triage_scope_grant(*, user: User, work_committee: WorkCommittee, by: User) -> TriageScope:
    if not permissions.is_staff(by):
        raise TransitionNotAllowed("只有机关工作人员可以设置镇街分拨权限。")
    scope, _ = TriageScope.objects.get_or_create(user=user, work_committee=work_committee)
    return scope

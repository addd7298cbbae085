"""Every write the business cares about in consultations/. Status changes of a suggestion go
through consultations.workflow.suggestion_machine.fire and nowhere else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from members.models import HandlingUnit, Instruction, Member, User
from members.permissions import instruction_leader
from members.selectors import staff_users, unit_users
from members.services import instruction_add, instruction_request, notify_on_commit

from . import invitations as invitation_mechanism
from . import permissions
from .models import (
    Activity,
    ActivityDocument,
    ActivityGuest,
    ActivityKind,
    Invitation,
    PlanTopic,
    Review,
    Suggestion,
    SuggestionEvent,
    SuggestionUpdate,
)
from .workflow import REPORT_ACTIONS, suggestion_machine

ATTENDANCE_DUTY_KIND = {
    Invitation.Attendance.PRESENT: "activity_attend",
    Invitation.Attendance.LEAVE: "activity_leave",
    Invitation.Attendance.ABSENT: "activity_absent",
}


def _fire(
    suggestion: Suggestion, action: str, by: User, note: str = "", changes=None, **kwargs
) -> Suggestion:
    return suggestion_machine.fire(obj=suggestion, action=action, by=by, note=note, changes=changes, **kwargs)


def _require_manager(by: User) -> None:
    """Writes of the plan, activities and their records are for committee staff (checked here
    too, not only in the views)."""
    if not permissions.can_manage_activities(by):
        raise PermissionDenied("只有政协机关工作人员可以进行此操作。")


def _require_manage(activity: Activity, by: User) -> None:
    """Authorization inside the service: the office or the organiser of the activity's body."""
    if not permissions.can_manage_activity(by, activity):
        raise PermissionDenied("只有政协机关或该活动所属机构的组织者可以进行此操作。")


# --- annual plan -----------------------------------------------------------------------------
@transaction.atomic
def plan_topic_add(
    *,
    year: int,
    title: str,
    source: str,
    by: User,
    proposer_text: str = "",
    proposer_member: Member | None = None,
    kind: ActivityKind | None = None,
    lead_committee=None,
    planned_month: int | None = None,
    note: str = "",
) -> PlanTopic:
    if not permissions.can_add_plan_topic(by, source=source, proposer_member=proposer_member):
        raise PermissionDenied("委员只能以本人名义推荐议题;其他议题由政协机关录入。")
    if not title.strip():
        raise ValidationError("请填写议题。")
    if source not in PlanTopic.Source.values:
        raise ValidationError("请选择议题来源。")
    if planned_month is not None and not 1 <= planned_month <= 12:
        raise ValidationError("计划月份应为1至12。")
    return PlanTopic.objects.create(
        year=year,
        title=title.strip(),
        source=source,
        proposer_text=proposer_text,
        proposer_member=proposer_member,
        kind=kind,
        lead_committee=lead_committee,
        planned_month=planned_month,
        note=note,
    )


@transaction.atomic
def plan_topic_approve(*, topic: PlanTopic, lead_committee, planned_month: int, by: User) -> PlanTopic:
    """List a gathered topic in the year's plan with its lead committee and month (主席会议 decision)."""
    _require_manager(by)
    if lead_committee is None:
        raise ValidationError("列入计划须指定牵头专委会。")
    if not planned_month or not 1 <= planned_month <= 12:
        raise ValidationError("列入计划须指定计划月份(1至12)。")
    topic = PlanTopic.objects.select_for_update().get(pk=topic.pk)
    topic.approved = True
    topic.lead_committee = lead_committee
    topic.planned_month = planned_month
    topic.save(update_fields=["approved", "lead_committee", "planned_month"])
    return topic


# --- activities ------------------------------------------------------------------------------
def _check_organiser(organiser_type: str, special_committee, work_committee, sector) -> dict:
    required = {
        Activity.OrganiserType.SPECIAL: ("special_committee", special_committee, "专委会"),
        Activity.OrganiserType.WORK: ("work_committee", work_committee, "镇街工委"),
        Activity.OrganiserType.SECTOR: ("sector", sector, "界别"),
    }
    values = {"special_committee": None, "work_committee": None, "sector": None}
    if organiser_type == Activity.OrganiserType.COMMITTEE:
        return values
    if organiser_type not in required:
        raise ValidationError("请选择组织方类型。")
    field, value, label = required[organiser_type]
    if value is None:
        raise ValidationError(f"组织方为{label}时,请选择具体的{label}。")
    values[field] = value
    return values


@transaction.atomic
def activity_create(
    *,
    kind: ActivityKind,
    topic: str,
    date: dt.date | None,
    by: User,
    organiser_type: str = Activity.OrganiserType.COMMITTEE,
    special_committee=None,
    work_committee=None,
    sector=None,
    plan_topic: PlanTopic | None = None,
    place: str = "",
    mode: str = Activity.Mode.VENUE,
    major: bool = False,
    is_public: bool = False,
    description: str = "",
    department_heads: str = "",
    members: Iterable[Member] = (),
    guests: Sequence[tuple[str, str]] = (),
) -> Activity:
    if not (topic or "").strip():
        raise ValidationError("请填写活动主题。")
    if date is None:
        raise ValidationError("请填写活动日期。")
    if kind is None:
        raise ValidationError("请选择活动类型。")
    organiser = _check_organiser(organiser_type, special_committee, work_committee, sector)
    body = next((v for v in organiser.values() if v is not None), None)
    if not permissions.can_organise(by, organiser_type, body.pk if body else None):
        raise PermissionDenied("只能为您负责的机构创建活动。")
    activity = Activity.objects.create(
        kind=kind,
        organiser_type=organiser_type,
        topic=topic.strip(),
        plan_topic=plan_topic,
        date=date,
        place=place,
        mode=mode,
        # an activity entered after the day it took place is on record as held
        status=Activity.Status.HELD if date <= timezone.localdate() else Activity.Status.PLANNED,
        major=major,
        is_public=is_public,
        description=description,
        department_heads=department_heads,
        created_by=by,
        **organiser,
    )
    guest_rows = [
        ActivityGuest(activity=activity, name=n.strip(), organisation=o.strip())
        for n, o in guests
        if n.strip()
    ]
    ActivityGuest.objects.bulk_create(guest_rows)
    activity_invite(activity=activity, members=members, by=by)
    return activity


@transaction.atomic
def activity_invite(*, activity: Activity, members: Iterable[Member], by: User) -> list[Invitation]:
    """Invite members (already invited ones are skipped) and tell each of them."""
    _require_manage(activity, by)
    members = list(members)
    already = set(activity.invitations.filter(member__in=members).values_list("member_id", flat=True))
    new = [Invitation(activity=activity, member=m) for m in members if m.pk not in already]
    Invitation.objects.bulk_create(new)
    for invitation in new:
        if invitation.member.user_id:
            notify_on_commit(
                recipient=invitation.member.user,
                kind="consultation_invitation",
                title=f"活动邀请:「{activity.display_name}」",
                text=f"{activity.date:%Y年%m月%d日} {activity.place},请在平台上确认参加或请假。",
                target=activity,
                stage="invite",
            )
    return new


@transaction.atomic
def invitation_respond(
    *, invitation: Invitation, by: User, response: str, leave_reason: str = ""
) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().select_related("member", "activity").get(pk=invitation.pk)
    )
    fields = invitation_mechanism.apply_response(
        invitation=invitation, by=by, response=response, leave_reason=leave_reason
    )
    invitation.save(update_fields=fields)
    return invitation


@transaction.atomic
def attendance_record(*, activity: Activity, marks: Mapping[int, str], by: User) -> int:
    """Record attendance for the whole invitation list at once and keep the duty record in step:
    a changed mark withdraws the old duty event and records the new one. Returns rows changed."""
    _require_manage(activity, by)
    invitations = {
        i.pk: i
        for i in Invitation.objects.select_for_update().filter(activity=activity).select_related("member")
    }
    unknown = [pk for pk in marks if pk not in invitations]
    if unknown:
        raise ValidationError("出勤名单中有未受邀请的人员,请刷新页面后重新登记。")
    valid = set(Invitation.Attendance.values)
    if any(value not in valid for value in marks.values()):
        raise ValidationError("出勤状态无效。")
    changed = []
    title = activity.display_name
    for pk, value in marks.items():
        invitation = invitations[pk]
        if not invitation_mechanism.record_attendance_duty(
            source=invitation,
            member=invitation.member,
            old=invitation.attendance,
            new=value,
            duty_kinds=ATTENDANCE_DUTY_KIND,
            date=activity.date,
            title=title,
            note=invitation.leave_reason if value == Invitation.Attendance.LEAVE else "",
            by=by,
        ):
            continue
        invitation.attendance = value
        changed.append(invitation)
    Invitation.objects.bulk_update(changed, ["attendance"])
    if any(marks.values()):  # attendance taken: the activity was held
        from .activity_services import activity_mark_held

        activity_mark_held(activity=activity, by=by)
    return len(changed)


@transaction.atomic
def activity_document_add(
    *, activity: Activity, kind: str, title: str, date: dt.date, by: User, file=None
) -> ActivityDocument:
    _require_manage(activity, by)
    if kind not in ActivityDocument.Kind.values:
        raise ValidationError("请选择文件类型。")
    if not title.strip():
        raise ValidationError("请填写标题。")
    return ActivityDocument.objects.create(
        activity=activity, kind=kind, title=title.strip(), date=date, file=file or "", uploaded_by=by
    )


# --- suggestions -----------------------------------------------------------------------------
@transaction.atomic
def suggestion_add(
    *,
    activity: Activity,
    text: str,
    by: User,
    unit: HandlingUnit | None = None,
    due_date: dt.date | None = None,
) -> Suggestion:
    """Record one suggestion of an activity; with a unit it is assigned at once."""
    _require_manage(activity, by)
    if not text.strip():
        raise ValidationError("请填写建议内容。")
    number = (activity.suggestions.aggregate(n=Max("number"))["n"] or 0) + 1
    suggestion = Suggestion.objects.create(activity=activity, number=number, text=text.strip())
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        action="create",
        label="录入建议",
        from_state="pending",
        to_state="pending",
        actor=by,
    )
    if unit is not None:
        suggestion = suggestion_assign(suggestion=suggestion, unit=unit, due_date=due_date, by=by)
    return suggestion


def _notify_assigned(suggestion: Suggestion, unit: HandlingUnit) -> None:
    event = suggestion.last_event
    for user in unit_users([unit.pk]):
        notify_on_commit(
            recipient=user,
            kind="suggestion_assigned",
            title=f"协商建议交办:{suggestion.text[:40]}",
            text=f"请于{suggestion.due_date:%Y年%m月%d日}前反馈落实情况。"
            if suggestion.due_date
            else "请及时反馈落实情况。",
            target=suggestion,
            stage=f"unit-{unit.pk}",
            event=event,
        )


@transaction.atomic
def suggestion_assign(
    *, suggestion: Suggestion, unit: HandlingUnit, due_date: dt.date | None, by: User, note: str = ""
) -> Suggestion:
    if unit is None:
        raise ValidationError("请选择责任单位。")
    if due_date is None:
        raise ValidationError("请填写反馈期限。")
    suggestion = suggestion_machine.lock(suggestion)
    action = "assign" if suggestion.status == "pending" else "reassign"
    suggestion = _fire(
        suggestion,
        action,
        by,
        note=note or f"交办至{unit.name},{due_date:%Y-%m-%d}前反馈",
        changes={"unit": unit, "due_date": due_date, "assigned_at": timezone.localdate()},
    )
    _notify_assigned(suggestion, unit)
    return suggestion


@transaction.atomic
def suggestion_report(
    *,
    suggestion: Suggestion,
    status: str,
    text: str,
    by: User,
    date: dt.date | None = None,
    reason: str = "",
    attachment=None,
) -> SuggestionUpdate:
    """The department reports progress; 未采纳 requires a reason."""
    if status not in REPORT_ACTIONS:
        raise ValidationError("请选择落实情况。")
    if not text.strip():
        raise ValidationError("请填写进展情况。")
    if status == "not_adopted" and not reason.strip():
        raise ValidationError("未采纳须说明理由。")
    suggestion = _fire(
        suggestion,
        REPORT_ACTIONS[status],
        by,
        note=reason.strip() or text.strip()[:200],
        changes={"outcome": status},
    )
    update = SuggestionUpdate.objects.create(
        suggestion=suggestion,
        status=status,
        text=text.strip(),
        reason=reason.strip(),
        date=date or timezone.localdate(),
        attachment=attachment or "",
        author=by,
    )
    for user in staff_users():
        notify_on_commit(
            recipient=user,
            kind="suggestion_progress",
            title=f"单位反馈:{suggestion.text[:40]}",
            text=f"落实情况:{update.get_status_display()}",
            target=suggestion,
            event=suggestion.last_event,
        )
    return update


@transaction.atomic
def review_schedule(*, suggestion: Suggestion, planned_date: dt.date, by: User, note: str = "") -> Review:
    if planned_date is None:
        raise ValidationError("请填写回头看计划日期。")
    suggestion = _fire(suggestion, "schedule_review", by, note=note or f"计划于{planned_date:%Y-%m-%d}回头看")
    review = Review.objects.create(suggestion=suggestion, planned_date=planned_date, scheduled_by=by)
    if suggestion.unit_id:
        for user in unit_users([suggestion.unit_id]):
            notify_on_commit(
                recipient=user,
                kind="suggestion_review",
                title=f"回头看安排:{suggestion.text[:40]}",
                text=f"政协将于{planned_date:%Y年%m月%d日}对该建议落实情况开展回头看。",
                target=suggestion,
                stage=f"review-{review.pk}",
                event=suggestion.last_event,
            )
    return review


@transaction.atomic
def review_record(
    *, review: Review, done_date: dt.date, findings: str, by: User, suggestion: Suggestion | None = None
) -> Review:
    """Record what a 回头看 found; given `suggestion`, the review must be one of its own."""
    if not findings.strip():
        raise ValidationError({"findings": "请填写回头看情况。"})
    if done_date is None:
        raise ValidationError({"done_date": "请填写完成日期。"})
    locked = suggestion_machine.lock(suggestion or review.suggestion, "record_review", by)
    review = Review.objects.select_for_update().filter(pk=review.pk, suggestion=locked).first()
    if review is None:
        raise ValidationError({"review": "回头看记录不存在。"})
    if review.done_date is not None:
        raise ValidationError({"review": "这次回头看已经记录过了,请刷新页面。"})
    fired = _fire(locked, "record_review", by, note=findings.strip()[:200])
    review.done_date = done_date
    review.findings = findings.strip()
    review.save(update_fields=["done_date", "findings"])
    suggestion = review.suggestion
    if suggestion.unit_id:
        for user in unit_users([suggestion.unit_id]):
            notify_on_commit(
                recipient=user,
                kind="suggestion_review_recorded",
                title=f"回头看情况已记录:{suggestion}",
                text=review.findings[:200],
                target=suggestion,
                stage=f"review-{review.pk}",
                event=fired.last_event,
            )
    return review


@transaction.atomic
def suggestion_request_instruction(
    *, suggestion: Suggestion, leaders, by: User, note: str = ""
) -> Suggestion:
    """报请领导批示: each chosen leader is asked (and told) once; the timeline records the request."""
    names = "、".join(leader.display_name for leader in leaders)
    suggestion = _fire(
        suggestion, "request_instruction", by, note=f"报请{names}批示 {note.strip()}".strip()[:200]
    )
    instruction_request(target=suggestion, leaders=leaders, by=by, note=note, title=suggestion.text[:60])
    return suggestion


@transaction.atomic
def suggestion_instruct(
    *,
    suggestion: Suggestion,
    date: dt.date,
    text: str,
    by: User,
    leader: User | None = None,
    leader_title: str = "",
) -> Instruction:
    """Record a leader's 批示 on a suggestion and tell staff and the responsible unit."""
    leader = instruction_leader(by, leader)
    if not text.strip():
        raise ValidationError("批示内容不能为空。")
    suggestion = _fire(suggestion, "instruct", by, note=text.strip()[:200])
    instruction = instruction_add(
        target=suggestion, leader=leader, date=date, text=text, leader_title=leader_title, by=by
    )
    recipients = list(staff_users())
    if suggestion.unit_id:
        recipients += list(unit_users([suggestion.unit_id]))
    for user in recipients:
        if user.pk == by.pk:
            continue
        notify_on_commit(
            recipient=user,
            kind="suggestion_instruction",
            title=f"领导批示:{suggestion.text[:40]}",
            text=f"{leader.display_name}:{instruction.text[:200]}",
            target=suggestion,
            event=instruction,
        )
    return instruction


@transaction.atomic
def suggestion_mark_quick(*, suggestion: Suggestion, by: User, value: bool = True) -> Suggestion:
    return _fire(
        suggestion,
        "mark_quick" if value else "unmark_quick",
        by,
        note="标记为快速落地" if value else "取消快速落地标记",
        changes={"landed_quickly": value},
    )


def close_warning(suggestion: Suggestion) -> str:
    """Why closing now may be premature (empty: nothing to warn about)."""
    reasons = []
    if suggestion.reviews.filter(done_date__isnull=True).exists():
        reasons.append("有待开展的回头看")
    if suggestion.outcome == "in_progress":
        reasons.append("落实情况仍为“推进中”")
    if not reasons:
        return ""
    return f"该建议{'、'.join(reasons)},办结前请先记录回头看或单位反馈;如确需办结,请勾选确认后再提交。"


def _close_guard(suggestion, by, data) -> str | None:
    return None if data.get("confirm") else (close_warning(suggestion) or None)


@transaction.atomic
def suggestion_close(
    *, suggestion: Suggestion, by: User, note: str = "", confirm: bool = False
) -> Suggestion:
    """办结. While a 回头看 is 待开展 or the outcome is 推进中 this is refused unless `confirm`."""
    suggestion = _fire(
        suggestion,
        "close",
        by,
        note=note,
        changes={"closed_at": timezone.localdate()},
        guards=[_close_guard],
        data={"confirm": confirm},
    )
    if suggestion.unit_id:
        for user in unit_users([suggestion.unit_id]):
            notify_on_commit(
                recipient=user,
                kind="suggestion_closed",
                title=f"协商建议已办结:{suggestion}",
                target=suggestion,
                event=suggestion.last_event,
            )
    return suggestion


@transaction.atomic
def suggestion_reopen(*, suggestion: Suggestion, by: User, note: str) -> Suggestion:
    return _fire(suggestion, "reopen", by, note=note, changes={"closed_at": None})

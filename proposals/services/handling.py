"""Handling by the units: 交办, objections, 面商, assisting opinions, extensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import HandlingUnit, User
from members.selectors import staff_users, unit_users

from ..models import (
    Assignment,
    Contact,
    HandlingRules,
    Proposal,
)
from ..workflow import proposal_machine
from ._common import (
    _fire,
    _notify,
    add_months,
)


# --- assignment ------------------------------------------------------------------------------
@transaction.atomic
def proposal_assign(
    *,
    proposal: Proposal,
    by: User,
    lead_unit: HandlingUnit | None = None,
    assisting_units: Sequence[HandlingUnit] = (),
    split_units: Sequence[HandlingUnit] = (),
    due_on: dt.date | None = None,
    note: str = "",
    notify_units: bool = True,
) -> Proposal:
    """交办. `notify_units=False` leaves the units' notice to the caller (a batch sends one digest)."""
    if bool(lead_unit) == bool(split_units):
        raise ValidationError("请选择一个主办单位(可加协办单位),或选择分办的多个单位。")
    if split_units and len(split_units) < 2:
        raise ValidationError("分办至少需要两个单位。")
    rules = HandlingRules.current()
    today = timezone.localdate()
    due_on = due_on or add_months(today, rules.reply_months)
    if due_on <= today:
        raise ValidationError("答复期限必须晚于今天。")
    if due_on > add_months(today, rules.extension_max_months):
        raise ValidationError(f"答复期限不能超过交办后 {rules.extension_max_months} 个月。")
    main = lead_unit or split_units[0]
    proposal = _fire(
        proposal,
        "assign",
        by,
        note=note,
        changes={"lead_unit": main, "assigned_on": today, "due_on": due_on},
    )
    proposal.assignments.filter(is_active=True).update(is_active=False)
    objection_until = today + dt.timedelta(days=rules.objection_days)
    rows = []
    if lead_unit:
        rows.append((lead_unit, Assignment.Kind.LEAD))
        rows += [(u, Assignment.Kind.ASSISTING) for u in assisting_units if u.pk != lead_unit.pk]
    else:
        rows += [(u, Assignment.Kind.SPLIT) for u in split_units]
    Assignment.objects.bulk_create(
        [
            Assignment(
                proposal=proposal,
                unit=unit,
                kind=kind,
                assigned_on=today,
                due_on=due_on,
                objection_until=objection_until,
            )
            for unit, kind in rows
        ]
    )
    if not notify_units:
        return proposal
    _notify(
        unit_users(u.pk for u, _ in rows),
        kind="proposal_assigned",
        title=f"新交办提案:{proposal.number_label}{proposal.title}",
        text=f"请于 {due_on:%Y年%m月%d日} 前答复;如有异议请于 {objection_until:%Y年%m月%d日} 前提出。",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


def _my_assignment(proposal: Proposal, by: User, kinds: Iterable[str]) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update()
        .filter(proposal=proposal, unit_id=by.handling_unit_id, is_active=True, kind__in=list(kinds))
        .first()
    )
    if assignment is None:
        raise ValidationError("本单位没有这件提案的有效交办。")
    return assignment


@transaction.atomic
def assignment_object(*, proposal: Proposal, by: User, note: str) -> Proposal:
    locked = proposal_machine.lock(proposal, "object", by)
    assignment = _my_assignment(locked, by, ("lead", "assisting", "split"))
    if timezone.localdate() > assignment.objection_until:
        raise ValidationError(f"异议期已于 {assignment.objection_until:%Y年%m月%d日} 结束,请与提案委联系。")
    proposal = _fire(locked, "object", by, note=note)
    assignment.objection_note = note
    assignment.save(update_fields=["objection_note"])
    _notify(
        staff_users(),
        kind="proposal_objected",
        title=f"承办单位对交办有异议:{proposal.title}",
        text=f"{by.handling_unit}:{note}",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


@transaction.atomic
def contact_record(*, proposal: Proposal, by: User, date: dt.date, form: str, summary: str) -> Contact:
    if not (summary or "").strip():
        raise ValidationError("请填写面商情况。")
    if date > timezone.localdate():
        raise ValidationError("面商日期不能晚于今天。")
    locked = proposal_machine.lock(proposal, "contact", by)
    assignment = _my_assignment(locked, by, ("lead", "split"))
    _fire(locked, "contact", by, note=f"{date:%Y-%m-%d} {dict(Contact.Form.choices).get(form, form)}")
    return Contact.objects.create(assignment=assignment, date=date, form=form, summary=summary.strip())


@transaction.atomic
def assisting_opinion_send(*, proposal: Proposal, by: User, text: str) -> Assignment:
    if not (text or "").strip():
        raise ValidationError("请填写协办意见。")
    locked = proposal_machine.lock(proposal, "assisting_opinion", by)
    assignment = _my_assignment(locked, by, ("assisting",))
    proposal = _fire(locked, "assisting_opinion", by)
    assignment.opinion, assignment.opinion_on = text.strip(), timezone.localdate()
    assignment.save(update_fields=["opinion", "opinion_on"])
    _notify(
        unit_users([proposal.lead_unit_id]),
        kind="proposal_assisting_opinion",
        title=f"协办单位意见:{proposal.title}",
        text=f"{assignment.unit} 已报送协办意见。",
        target=proposal,
        event=proposal.last_event,
    )
    return assignment


@transaction.atomic
def extension_request(*, proposal: Proposal, by: User, until: dt.date, reason: str) -> Assignment:
    rules = HandlingRules.current()
    locked = proposal_machine.lock(proposal, "request_extension", by)
    assignment = _my_assignment(locked, by, ("lead", "split"))
    limit = add_months(assignment.assigned_on, rules.extension_max_months)
    if until <= assignment.due_on:
        raise ValidationError("申请的期限必须晚于当前答复期限。")
    if until > limit:
        raise ValidationError(
            f"延期后办理期限最长 {rules.extension_max_months} 个月,最晚至 {limit:%Y年%m月%d日}。"
        )
    proposal = _fire(locked, "request_extension", by, note=f"申请延期至 {until:%Y-%m-%d}:{reason}")
    assignment.extension, assignment.extension_to, assignment.extension_reason = "requested", until, reason
    assignment.save(update_fields=["extension", "extension_to", "extension_reason"])
    _notify(
        staff_users(),
        kind="proposal_extension",
        title=f"延期申请:{proposal.title}",
        text=reason,
        target=proposal,
        event=proposal.last_event,
    )
    return assignment


@transaction.atomic
def extension_decide(
    *, proposal: Proposal, by: User, assignment: Assignment | int, approve: bool, note: str = ""
) -> Proposal:
    """Decide an extension request; `assignment` (a row or its id) must belong to this proposal."""
    action = "approve_extension" if approve else "refuse_extension"
    locked = proposal_machine.lock(proposal, action, by)
    assignment = (
        Assignment.objects.select_for_update()
        .filter(pk=getattr(assignment, "pk", assignment), proposal=locked)
        .first()
    )
    if assignment is None or assignment.extension != Assignment.Extension.REQUESTED:
        raise ValidationError("没有待审批的延期申请,可能已被处理。请刷新页面。")
    changes = {}
    if approve and assignment.kind in ("lead", "split") and assignment.unit_id == locked.lead_unit_id:
        changes["due_on"] = assignment.extension_to
    proposal = _fire(locked, action, by, note=note, changes=changes)
    assignment.extension = Assignment.Extension.APPROVED if approve else Assignment.Extension.REFUSED
    if approve:
        assignment.due_on = assignment.extension_to
    assignment.save(update_fields=["extension", "due_on"])
    _notify(
        unit_users([assignment.unit_id]),
        kind="proposal_extension_decided",
        title=f"延期申请{'已批准' if approve else '未批准'}:{proposal.title}",
        text=note,
        target=proposal,
        event=proposal.last_event,
    )
    return proposal

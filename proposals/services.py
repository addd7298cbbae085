"""Every write of proposals/. Status changes go through the workflow tables (proposals/workflow.py);
each service locks the row there, checks the actor, writes the timeline event and queues notices
for after the commit."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from members.models import HandlingUnit, Member, Plenary, ProposerOrganisation, Role, User
from members.permissions import instruction_leader
from members.selectors import staff_users, unit_users
from members.services import duty_event_record, duty_event_withdraw, instruction_add, notify_on_commit

from . import conf, permissions
from .models import (
    Assignment,
    Attachment,
    Bulletin,
    Category,
    Contact,
    FollowUp,
    HandlingRules,
    OpinionEvent,
    Proposal,
    ProposalSigner,
    ProposalStatus,
    PublicOpinion,
    Rating,
    RejectReason,
    Reply,
    ReplyClass,
)
from .workflow import opinion_machine, proposal_machine

ORG_KIND_TO_PROPOSER_TYPE = {
    "party": Proposal.ProposerType.PARTY,
    "organisation": Proposal.ProposerType.ORGANISATION,
    "committee": Proposal.ProposerType.COMMITTEE,
    "sector": Proposal.ProposerType.SECTOR,
    "group": Proposal.ProposerType.GROUP,
}


# --- helpers ---------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _record_opinion_event(*, opinion: PublicOpinion, label: str, by: User) -> OpinionEvent:
    """The first row of a 社情民意 timeline (it is created, not moved by a transition)."""
    return OpinionEvent.objects.create(
        opinion=opinion, actor=by, action="submit", label=label, from_state="", to_state=opinion.status
    )


def _fire(proposal: Proposal, action: str, by: User, note: str = "", changes: dict | None = None) -> Proposal:
    return proposal_machine.fire(obj=proposal, action=action, by=by, note=note, changes=changes)


def _fire_opinion(opinion: PublicOpinion, action: str, by: User, note: str = "", changes: dict | None = None):
    return opinion_machine.fire(obj=opinion, action=action, by=by, note=note, changes=changes)


def _proposer_users(proposal: Proposal) -> list[User]:
    users = {proposal.created_by_id: proposal.created_by}
    for signer in proposal.signers.select_related("member__user").filter(
        answer=ProposalSigner.Answer.CONFIRMED, member__user__isnull=False
    ):
        users[signer.member.user_id] = signer.member.user
    return list(users.values())


def _notify(
    users: Iterable[User], *, kind: str, title: str, text: str = "", target, event, stage: str = ""
) -> None:
    """Tell `users`, keyed on the `event` that caused the notice (usually the timeline row)."""
    for user in users:
        notify_on_commit(
            recipient=user, kind=kind, title=title, text=text, target=target, stage=stage, event=event
        )


def _validate_text(title: str, body: str, *, body_max: int) -> tuple[str, str]:
    errors = {}
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        errors["title"] = "请填写案由(标题)。"
    elif len(title) > conf.PROPOSAL_TITLE_MAX_CHARS:
        errors["title"] = f"案由不能超过 {conf.PROPOSAL_TITLE_MAX_CHARS} 个字,当前 {len(title)} 个字。"
    if not body:
        errors["body"] = "请填写内容。"
    elif len(body) > body_max:
        errors["body"] = f"内容不能超过 {body_max} 个字,当前 {len(body)} 个字。"
    if errors:
        raise ValidationError(errors)
    return title, body


# --- drafting and submitting -----------------------------------------------------------------
@transaction.atomic
def proposal_save_draft(
    *,
    by: User,
    title: str,
    category: Category,
    body: str,
    cosigners: Sequence[Member] = (),
    organisation: ProposerOrganisation | None = None,
    proposal: Proposal | None = None,
    token: str | None = None,
    files: Sequence = (),
) -> Proposal:
    """Create or edit a draft. `token` (from the form) makes a repeated POST return the same draft."""
    title, body = _validate_text(title, body, body_max=conf.PROPOSAL_BODY_MAX_CHARS)
    if proposal is None and token:
        existing = Proposal.objects.filter(client_token=token).first()
        if existing is not None:
            return existing
    if proposal is None and not permissions.can_create_proposal(by):
        raise PermissionDenied("您的角色不能提出提案。")
    member = Member.objects.filter(user=by).first()
    if organisation is None and member is None:
        raise ValidationError("机关工作人员代为提交时,请选择提案单位(党派团体、专委会或界别)。")
    if proposal is None:
        proposal = Proposal(created_by=by, client_token=token or None, year=timezone.localdate().year)
    else:
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not permissions.can_edit_proposal(proposal, by):
            raise PermissionDenied("只有提案人可以修改草稿或退回修改的提案。")
    proposal.title, proposal.body, proposal.category = title, body, category
    proposal.organisation = organisation
    proposal.lead_member = None if organisation else member
    proposal.proposer_type = (
        ORG_KIND_TO_PROPOSER_TYPE.get(organisation.kind, Proposal.ProposerType.ORGANISATION)
        if organisation
        else Proposal.ProposerType.INDIVIDUAL
    )
    proposal.save()
    if member is not None and not organisation:
        ProposalSigner.objects.get_or_create(
            proposal=proposal,
            member=member,
            defaults={
                "role": ProposalSigner.Role.LEAD,
                "answer": ProposalSigner.Answer.CONFIRMED,
                "order": 0,
            },
        )
    wanted = {m.pk: m for m in cosigners if member is None or m.pk != member.pk}
    existing = {s.member_id: s for s in proposal.signers.filter(role=ProposalSigner.Role.COSIGNER)}
    proposal.signers.filter(role=ProposalSigner.Role.COSIGNER).exclude(member_id__in=wanted).delete()
    for order, (member_id, cosigner) in enumerate(wanted.items(), start=1):
        if member_id in existing:
            continue
        ProposalSigner.objects.create(
            proposal=proposal, member=cosigner, role=ProposalSigner.Role.COSIGNER, order=order
        )
        if cosigner.user_id:
            notify_on_commit(
                recipient=cosigner.user,
                kind="proposal_cosign_invited",
                title=f"联名邀请:{proposal.title}",
                text=f"{by.display_name} 邀请您联名提出提案,请在平台确认或谢绝。",
                target=proposal,
                event=f"invite-{proposal.pk}-{cosigner.pk}",
            )
    for upload in files:
        attachment_add(proposal=proposal, by=by, file=upload)
    return proposal


@transaction.atomic
def attachment_add(*, proposal: Proposal, by: User, file) -> Attachment:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.can_add_proposal_attachment(proposal, by):
        raise PermissionDenied("只有提案人可以在提交前上传附件。")
    return Attachment.objects.create(proposal=proposal, file=file, name=file.name[:200], uploaded_by=by)


def plenary_for_day(day: dt.date) -> Plenary | None:
    return (
        Plenary.objects.select_related("term")
        .filter(submission_opens_on__lte=day, submission_closes_on__gte=day)
        .order_by("opens_on")
        .first()
    )


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by: User) -> Proposal:
    today = timezone.localdate()
    plenary = plenary_for_day(today)
    changes = {
        "submitted_at": timezone.now(),
        "kind": Proposal.Kind.PLENARY if plenary else Proposal.Kind.REGULAR,
        "plenary": plenary,
        "year": plenary.year if plenary else today.year,
    }
    proposal = _fire(proposal, "submit", by, changes=changes)
    _notify(
        staff_users(),
        kind="proposal_submitted",
        title=f"新提案待审查:{proposal.title}",
        text=f"{proposal.proposer_name} 提交了{proposal.get_kind_display()}。",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


@transaction.atomic
def proposal_cosign_answer(*, proposal: Proposal, by: User, confirm: bool) -> Proposal:
    proposal = _fire(proposal, "cosign_confirm" if confirm else "cosign_decline", by)
    signer = ProposalSigner.objects.select_for_update().get(proposal=proposal, member__user=by)
    signer.answer = ProposalSigner.Answer.CONFIRMED if confirm else ProposalSigner.Answer.DECLINED
    signer.answered_at = timezone.now()
    signer.save(update_fields=["answer", "answered_at"])
    if proposal.created_by_id != by.pk:
        notify_on_commit(
            recipient=proposal.created_by,
            kind="proposal_cosign_answered",
            title=f"{by.display_name}{'同意' if confirm else '谢绝'}联名:{proposal.title}",
            target=proposal,
            stage=f"cosigner-{by.pk}",
            event=proposal.last_event,
        )
    return proposal


# --- review ----------------------------------------------------------------------------------
@transaction.atomic
def proposal_start_review(*, proposal: Proposal, by: User) -> Proposal:
    return _fire(proposal, "start_review", by)


def _next_number(series: str) -> int:
    return (Proposal.objects.filter(series=series).aggregate(n=Max("number"))["n"] or 0) + 1


def _number(proposal: Proposal, series: str) -> int:
    """The next number of `series` (Max+1, unique per series). Two staff accepting two proposals
    of one series at once both compute the same Max+1: the second insert waits for the first and
    then fails the unique constraint, so it takes the next number in a savepoint and tries again."""
    for _ in range(20):
        number = _next_number(series)
        try:
            with transaction.atomic():
                Proposal.objects.filter(pk=proposal.pk).update(series=series, number=number)
        except IntegrityError:
            continue
        proposal.series, proposal.number = series, number
        return number
    raise ValidationError("立案编号分配繁忙,请稍后再试。")


def series_for(proposal: Proposal) -> str:
    if proposal.kind == Proposal.Kind.PLENARY and proposal.plenary_id:
        return str(proposal.plenary)
    return f"{proposal.year}年平时提案"


def _record_signer_duty(proposal: Proposal, *, lead_kind: str, cosign_kind: str, day: dt.date) -> None:
    for signer in proposal.signers.select_related("member").filter(answer=ProposalSigner.Answer.CONFIRMED):
        kind = lead_kind if signer.role == ProposalSigner.Role.LEAD else cosign_kind
        duty_event_record(member=signer.member, kind=kind, date=day, source=proposal, title=proposal.title)


@transaction.atomic
def proposal_accept(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    locked = proposal_machine.lock(proposal, "accept", by)
    series = series_for(locked)
    today = timezone.localdate()
    confirmed = locked.signers.filter(
        role=ProposalSigner.Role.COSIGNER, answer=ProposalSigner.Answer.CONFIRMED
    ).exists()
    changes = {"accepted_on": today}
    if locked.proposer_type in (Proposal.ProposerType.INDIVIDUAL, Proposal.ProposerType.JOINT):
        changes["proposer_type"] = (
            Proposal.ProposerType.JOINT if confirmed else Proposal.ProposerType.INDIVIDUAL
        )
    proposal = _fire(locked, "accept", by, note=note, changes=changes)
    _number(proposal, series)
    _record_signer_duty(proposal, lead_kind="proposal_lead", cosign_kind="proposal_cosign", day=today)
    _notify(
        _proposer_users(proposal),
        kind="proposal_accepted",
        title=f"提案已立案:{proposal.title}",
        text=f"立案编号:{proposal.number_label}。",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


@transaction.atomic
def proposal_reject(
    *, proposal: Proposal, by: User, reason: RejectReason, note: str = "", disposition: str = ""
) -> Proposal:
    if reason is None:
        raise ValidationError("请选择不予立案的理由。")
    proposal = _fire(
        proposal,
        "reject",
        by,
        note=f"{reason.name}。{note}".strip(),
        changes={"reject_reason": reason, "disposition": disposition},
    )
    duty_event_withdraw(source=proposal)
    _notify(
        _proposer_users(proposal),
        kind="proposal_rejected",
        title=f"提案不予立案:{proposal.title}",
        text=f"理由:{reason.name}。{note}",
        target=proposal,
        event=proposal.last_event,
    )
    if disposition == Proposal.Disposition.OPINION:
        proposal_convert(proposal=proposal, by=by)
    return proposal


@transaction.atomic
def proposal_convert(*, proposal: Proposal, by: User) -> PublicOpinion:
    """不予立案的提案转为社情民意信息 (once)."""
    proposal = _fire(proposal, "convert", by)
    existing = proposal.opinions.first()
    if existing:
        return existing
    opinion = PublicOpinion.objects.create(
        title=proposal.title,
        body=proposal.body[: conf.OPINION_BODY_MAX_CHARS],
        author=proposal.lead_member,
        organisation=proposal.organisation,
        submitted_by=proposal.created_by,
        source_proposal=proposal,
        received_on=timezone.localdate(),
    )
    _record_opinion_event(opinion=opinion, label="由提案转来", by=by)
    if proposal.disposition != Proposal.Disposition.OPINION:
        Proposal.objects.filter(pk=proposal.pk).update(disposition=Proposal.Disposition.OPINION)
        proposal.disposition = Proposal.Disposition.OPINION
    return opinion


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal | None, by: User, note: str = "") -> Proposal:
    if into is not None:
        into = Proposal.objects.filter(pk=into.pk).first()
    if into is None or into.pk == proposal.pk:
        raise ValidationError("请选择另一件提案作为并案的主提案。")
    if into.merged_into_id or into.status in (
        ProposalStatus.DRAFT,
        ProposalStatus.RETURNED,
        ProposalStatus.REJECTED,
        ProposalStatus.MERGED,
    ):
        raise ValidationError("主提案必须是已提交或已立案且未被并案的提案。")
    proposal = _fire(
        proposal, "merge", by, note=note or f"并入《{into.title}》", changes={"merged_into": into}
    )
    duty_event_withdraw(source=proposal)
    _notify(
        _proposer_users(proposal),
        kind="proposal_merged",
        title=f"提案已并案:{proposal.title}",
        text=f"并入《{into.title}》{into.number_label}办理。",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


@transaction.atomic
def proposal_send_back(*, proposal: Proposal, by: User, note: str) -> Proposal:
    proposal = _fire(proposal, "send_back", by, note=note)
    _notify(
        _proposer_users(proposal),
        kind="proposal_sent_back",
        title=f"提案退回修改:{proposal.title}",
        text=note,
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


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
) -> Proposal:
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


# --- reply, check, rating --------------------------------------------------------------------
@transaction.atomic
def reply_submit(
    *, proposal: Proposal, by: User, reply_class: ReplyClass, text: str, letter=None, is_public: bool = False
) -> Reply:
    if not (text or "").strip():
        raise ValidationError({"text": "请填写答复内容。"})
    if reply_class is None:
        raise ValidationError({"reply_class": "请选择答复类别。"})
    locked = proposal_machine.lock(proposal, "reply", by)
    assignment = _my_assignment(locked, by, ("lead", "split"))
    if assignment.kind == Assignment.Kind.LEAD and not assignment.contacts.exists():
        raise ValidationError("答复前请先记录与提案人的面商情况。")
    others_open = (
        assignment.kind == Assignment.Kind.SPLIT
        and Assignment.objects.filter(proposal=locked, kind="split", is_active=True, replied_on__isnull=True)
        .exclude(pk=assignment.pk)
        .exists()
    )
    today = timezone.localdate()
    reply = Reply.objects.create(
        proposal=locked,
        assignment=assignment,
        round=locked.handling_round,
        reply_class=reply_class,
        text=text.strip(),
        letter=letter or "",
        is_public=is_public,
        submitted_on=today,
        submitted_by=by,
    )
    assignment.replied_on = today
    assignment.save(update_fields=["replied_on"])
    locked = _fire(locked, "reply_part" if others_open else "reply", by, note=f"{reply_class.code}类")
    if not others_open:
        _notify(
            staff_users(),
            kind="proposal_reply_check",
            title=f"答复待审核:{locked.title}",
            target=locked,
            event=locked.last_event,
        )
    return reply


@transaction.atomic
def reply_check(*, proposal: Proposal, by: User, approve: bool, note: str = "") -> Proposal:
    today = timezone.localdate()
    proposal = proposal_machine.lock(proposal, "approve_reply" if approve else "return_reply", by)
    if not approve:
        proposal = _fire(proposal, "return_reply", by, note=note)
        Assignment.objects.filter(proposal=proposal, is_active=True, replied_on=today).update(replied_on=None)
        _notify(
            unit_users([proposal.lead_unit_id]),
            kind="proposal_reply_returned",
            title=f"答复被退回:{proposal.title}",
            text=note,
            target=proposal,
            event=proposal.last_event,
        )
        return proposal
    replies = list(
        Reply.objects.filter(
            proposal=proposal, round=proposal.handling_round, checked_on__isnull=True
        ).select_related("reply_class")
    )
    if not replies:
        raise ValidationError("没有待审核的答复。")
    main = min(replies, key=lambda r: (r.reply_class.order, r.pk))  # the best class answers for the proposal
    proposal = _fire(
        proposal,
        "approve_reply",
        by,
        note=note,
        changes={
            "replied_on": max(r.submitted_on for r in replies),
            "reply_class": main.reply_class,
            "reply_public": all(r.is_public for r in replies),
            "rating": "",
        },
    )
    Reply.objects.filter(pk__in=[r.pk for r in replies]).update(checked_on=today, checked_by=by)
    if main.reply_class.needs_follow_up and not proposal.follow_ups.filter(reported_on__isnull=True).exists():
        FollowUp.objects.create(
            proposal=proposal,
            due_on=dt.date(today.year, 12, 31) if today.month < 11 else add_months(today, 3),
        )
    _notify(
        _proposer_users(proposal),
        kind="proposal_replied",
        title=f"提案已答复,请评价:{proposal.title}",
        text=f"答复类别:{main.reply_class}。",
        target=proposal,
        event=proposal.last_event,
    )
    # 并案: the merged proposals' proposers follow the master's handling and hear of its reply
    merged_users = {u.pk: u for m in proposal.merged.all() for u in _proposer_users(m)}
    for user in _proposer_users(proposal):
        merged_users.pop(user.pk, None)
    _notify(
        merged_users.values(),
        kind="proposal_master_replied",
        title=f"并案主提案已答复:{proposal.title}",
        text=f"您的提案已并入此案办理。答复类别:{main.reply_class}。",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


@transaction.atomic
def proposal_rate(*, proposal: Proposal, by: User, level: str, comment: str = "") -> Proposal:
    if level not in Proposal.Rating.values:
        raise ValidationError({"level": "请选择满意、基本满意或不满意。"})
    if level == Proposal.Rating.UNSATISFIED and not comment.strip():
        raise ValidationError({"comment": "评价不满意时请说明理由。"})
    action = "rate_unsatisfied" if level == Proposal.Rating.UNSATISFIED else "rate"
    locked = proposal_machine.lock(proposal, action, by)
    today = timezone.localdate()
    label = Proposal.Rating(level).label
    Rating.objects.create(
        proposal=locked,
        round=locked.handling_round,
        level=level,
        comment=comment.strip(),
        rated_by=by,
        rated_on=today,
    )
    if level == Proposal.Rating.UNSATISFIED:
        rules = HandlingRules.current()
        due = add_months(today, rules.rehandling_months)
        proposal = _fire(
            locked,
            "rate_unsatisfied",
            by,
            note=f"{label}:{comment}",
            changes={"rating": level, "handling_round": locked.handling_round + 1, "due_on": due},
        )
        Assignment.objects.filter(proposal=proposal, is_active=True).update(due_on=due, replied_on=None)
    else:
        proposal = _fire(
            locked,
            "rate",
            by,
            note=f"{label}。{comment}".strip("。") if comment else label,
            changes={"rating": level},
        )
    _notify(
        unit_users(proposal.assignments.filter(is_active=True).values_list("unit_id", flat=True)),
        kind="proposal_rated",
        title=f"提案人评价:{label}:{proposal.title}",
        text=comment,
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


@transaction.atomic
def follow_up_report(*, proposal: Proposal, by: User, text: str) -> FollowUp:
    if not (text or "").strip():
        raise ValidationError("请填写进展情况。")
    proposal = _fire(proposal, "follow_up", by, note=text.strip())
    follow_up = proposal.follow_ups.filter(reported_on__isnull=True).order_by("due_on").first()
    if follow_up is None:
        follow_up = FollowUp(proposal=proposal, due_on=timezone.localdate())
    follow_up.reported_on, follow_up.text = timezone.localdate(), text.strip()
    follow_up.save()
    _notify(
        [*_proposer_users(proposal), *staff_users()],
        kind="proposal_follow_up",
        title=f"二次反馈已报送:{proposal.title}",
        text=text.strip()[:200],
        target=proposal,
        event=proposal.last_event,
    )
    return follow_up


@transaction.atomic
def proposal_close(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    proposal = _fire(proposal, "close", by, note=note)
    _notify(
        [*_proposer_users(proposal), *unit_users([proposal.lead_unit_id])],
        kind="proposal_closed",
        title=f"提案已办结:{proposal.title}",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


# --- key, excellent, instructions ------------------------------------------------------------
@transaction.atomic
def proposal_mark_key(*, proposal: Proposal, by: User, leader: User) -> Proposal:
    if leader is None or leader.role != Role.LEADER:
        raise ValidationError("请选择一位领导领办或督办。")
    proposal = _fire(
        proposal,
        "mark_key",
        by,
        note=f"领办/督办领导:{leader.display_name}",
        changes={"is_key": True, "supervising_leader": leader},
    )
    _record_signer_duty(
        proposal, lead_kind="proposal_key_lead", cosign_kind="proposal_key_cosign", day=timezone.localdate()
    )
    notify_on_commit(
        recipient=leader,
        kind="proposal_key",
        title=f"请领办/督办重点提案:{proposal.title}",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


@transaction.atomic
def proposal_mark_excellent(*, proposal: Proposal, by: User) -> Proposal:
    proposal = _fire(proposal, "mark_excellent", by, changes={"is_excellent": True})
    _record_signer_duty(
        proposal,
        lead_kind="proposal_excellent_lead",
        cosign_kind="proposal_excellent_cosign",
        day=timezone.localdate(),
    )
    _notify(
        _proposer_users(proposal),
        kind="proposal_excellent",
        title=f"提案被评为优秀提案:{proposal.title}",
        target=proposal,
        event=proposal.last_event,
    )
    return proposal


@transaction.atomic
def proposal_instruct(
    *,
    proposal: Proposal,
    by: User,
    date: dt.date,
    text: str,
    leader: User | None = None,
    leader_title: str = "",
):
    if not (text or "").strip():
        raise ValidationError({"text": "请填写批示内容。"})
    leader = instruction_leader(by, leader)
    proposal = _fire(proposal, "instruct", by, note=f"{leader.display_name}:{text.strip()[:100]}")
    instruction = instruction_add(
        target=proposal, leader=leader, date=date, text=text, leader_title=leader_title, by=by
    )
    recipients = {u.pk: u for u in _proposer_users(proposal)}
    recipients.update(
        {
            u.pk: u
            for u in unit_users(proposal.assignments.filter(is_active=True).values_list("unit_id", flat=True))
        }
    )
    _notify(
        recipients.values(),
        kind="proposal_instructed",
        title=f"领导批示:{proposal.title}",
        text=text,
        target=proposal,
        event=instruction,
    )
    return instruction


# --- public opinion (社情民意) -----------------------------------------------------------------
@transaction.atomic
def opinion_submit(
    *, by: User, title: str, body: str, organisation: ProposerOrganisation | None = None
) -> PublicOpinion:
    if not permissions.can_submit_opinion(by):
        raise PermissionDenied("您的角色不能报送社情民意。")
    title, body = _validate_text(title, body, body_max=conf.OPINION_BODY_MAX_CHARS)
    author = Member.objects.filter(user=by).first() if organisation is None else None
    if organisation is None and author is None:
        raise ValidationError("代为报送时请选择报送单位。")
    today = timezone.localdate()
    opinion = PublicOpinion.objects.create(
        title=title, body=body, author=author, organisation=organisation, submitted_by=by, received_on=today
    )
    _record_opinion_event(opinion=opinion, label="报送", by=by)
    if author:
        duty_event_record(member=author, kind="opinion_submitted", date=today, source=opinion, title=title)
    _notify(
        staff_users(), kind="opinion_submitted", title=f"新社情民意:{title}", target=opinion, event=opinion
    )
    return opinion


@transaction.atomic
def opinion_check(*, opinion: PublicOpinion, by: User, note: str = "") -> PublicOpinion:
    return _fire_opinion(opinion, "check", by, note=note)


@transaction.atomic
def opinion_compile(
    *, opinion: PublicOpinion, by: User, number: int, year: int | None = None
) -> PublicOpinion:
    today = timezone.localdate()
    if not number or number < 1:
        raise ValidationError("请填写期号。")
    bulletin, _ = Bulletin.objects.get_or_create(
        year=year or today.year, number=number, defaults={"published_on": today}
    )
    return _fire_opinion(opinion, "compile", by, note=str(bulletin), changes={"bulletin": bulletin})


@transaction.atomic
def opinion_report(
    *, opinion: PublicOpinion, by: User, sent_to: str, sent_on: dt.date | None = None
) -> PublicOpinion:
    if not (sent_to or "").strip():
        raise ValidationError("请填写报送对象。")
    sent_on = sent_on or timezone.localdate()
    return _fire_opinion(
        opinion, "report", by, note=f"报送{sent_to}", changes={"sent_to": sent_to.strip(), "sent_on": sent_on}
    )


@transaction.atomic
def opinion_adopt(
    *, opinion: PublicOpinion, by: User, level: str, adopted_on: dt.date | None = None
) -> PublicOpinion:
    if level not in ("city", "province", "national"):
        raise ValidationError("请选择采用层级(市级、省级、全国)。")
    adopted_on = adopted_on or timezone.localdate()
    opinion = _fire_opinion(
        opinion,
        "adopt",
        by,
        note=PublicOpinion.Level(level).label,
        changes={"adoption_level": level, "adopted_on": adopted_on},
    )
    if opinion.author_id:
        duty_event_record(
            member=opinion.author,
            kind="opinion_adopted",
            date=adopted_on,
            source=opinion,
            title=opinion.title,
        )
        if opinion.author.user_id:
            notify_on_commit(
                recipient=opinion.author.user,
                kind="opinion_adopted",
                title=f"社情民意被采用:{opinion.title}",
                target=opinion,
                event=opinion.last_event,
            )
    return opinion


@transaction.atomic
def opinion_feedback(*, opinion: PublicOpinion, by: User, text: str) -> PublicOpinion:
    if not (text or "").strip():
        raise ValidationError("请填写部门反馈。")
    opinion = _fire_opinion(
        opinion, "feedback", by, note=text.strip()[:200], changes={"feedback": text.strip()}
    )
    _notify_opinion_author(opinion, kind="opinion_feedback", title=f"社情民意收到部门反馈:{opinion.title}")
    return opinion


@transaction.atomic
def opinion_not_adopt(*, opinion: PublicOpinion, by: User, note: str) -> PublicOpinion:
    opinion = _fire_opinion(opinion, "not_adopt", by, note=note)
    _notify_opinion_author(
        opinion, kind="opinion_not_adopted", title=f"社情民意未被采用:{opinion.title}", text=note
    )
    return opinion


def _notify_opinion_author(opinion: PublicOpinion, *, kind: str, title: str, text: str = "") -> None:
    if opinion.author_id and opinion.author.user_id:
        notify_on_commit(
            recipient=opinion.author.user,
            kind=kind,
            title=title,
            text=text,
            target=opinion,
            event=opinion.last_event,
        )


@transaction.atomic
def opinion_instruct(
    *,
    opinion: PublicOpinion,
    by: User,
    date: dt.date,
    text: str,
    leader: User | None = None,
    leader_title: str = "",
):
    if not (text or "").strip():
        raise ValidationError({"text": "请填写批示内容。"})
    leader = instruction_leader(by, leader)
    _fire_opinion(opinion, "instruct", by, note=f"{leader.display_name}:{text.strip()[:100]}")
    instruction = instruction_add(
        target=opinion, leader=leader, date=date, text=text, leader_title=leader_title, by=by
    )
    if opinion.author_id:
        duty_event_record(
            member=opinion.author, kind="opinion_instructed", date=date, source=opinion, title=opinion.title
        )
        if opinion.author.user_id:
            notify_on_commit(
                recipient=opinion.author.user,
                kind="opinion_instructed",
                title=f"社情民意获领导批示:{opinion.title}",
                target=opinion,
                event=instruction,
            )
    return instruction

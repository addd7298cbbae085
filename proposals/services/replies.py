"""Replies, the staff check, the proposer's rating, follow-ups and 办结."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import User
from members.selectors import staff_users, unit_users

from ..models import (
    Assignment,
    FollowUp,
    HandlingRules,
    Proposal,
    Rating,
    Reply,
    ReplyClass,
)
from ..search import reindex
from ..workflow import proposal_machine
from ._common import (
    _fire,
    _notify,
    _proposer_users,
    add_months,
)
from .handling import _my_assignment


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
    reindex(locked)
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

"""重点提案, 优秀提案 and leaders' 批示."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import Role, User
from members.permissions import instruction_leader
from members.selectors import unit_users
from members.services import instruction_add, notify_on_commit

from ..models import (
    Proposal,
)
from ._common import (
    _fire,
    _notify,
    _proposer_users,
    _record_signer_duty,
)


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

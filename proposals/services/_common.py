"""Shared helpers of the proposal services: firing transitions, notices keyed on the causing event, text checks, duty records of signers."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from members.models import User
from members.services import duty_event_record, notify_on_commit

from .. import conf
from ..models import (
    OpinionEvent,
    Proposal,
    ProposalSigner,
    PublicOpinion,
)
from ..workflow import opinion_machine, proposal_machine

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


def _record_signer_duty(proposal: Proposal, *, lead_kind: str, cosign_kind: str, day: dt.date) -> None:
    for signer in proposal.signers.select_related("member").filter(answer=ProposalSigner.Answer.CONFIRMED):
        kind = lead_kind if signer.role == ProposalSigner.Role.LEAD else cosign_kind
        duty_event_record(member=signer.member, kind=kind, date=day, source=proposal, title=proposal.title)

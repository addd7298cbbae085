"""Review by 提案委: start, 立案 (numbering), 不予立案, 转社情民意, 并案, 退回修改."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from members.models import User
from members.services import duty_event_withdraw

from .. import conf
from ..models import (
    Proposal,
    ProposalSigner,
    ProposalStatus,
    PublicOpinion,
    RejectReason,
)
from ..workflow import proposal_machine
from ._common import (
    _fire,
    _notify,
    _proposer_users,
    _record_opinion_event,
    _record_signer_duty,
)


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

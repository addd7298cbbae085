"""Drafting and submitting a proposal: drafts (the proposer only), attachments, co-signing, submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import Member, Plenary, ProposerOrganisation, User
from members.selectors import staff_users
from members.services import notify_on_commit

from .. import conf, permissions
from ..models import (
    Attachment,
    Category,
    Proposal,
    ProposalSigner,
)
from ..search import reindex
from ._common import (
    ORG_KIND_TO_PROPOSER_TYPE,
    _fire,
    _notify,
    _validate_text,
)


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
    reindex(proposal)
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

"""Who may see and do what in proposals/ — the one place these decisions are made.

- Drafts (草稿, 退回修改) are visible only to their proposer and the invited co-signers.
- Staff and leaders see every submitted proposal.
- A unit sees only proposals with an active assignment to it (others are a 404).
- Members see their own and co-signed proposals, the master of a proposal of theirs that was merged
  (并案: they follow its handling), plus accepted ones whose reply is public.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from members.models import Role
from members.permissions import is_staff

from .models import Assignment, Proposal, ProposalSigner, ProposalStatus

PRIVATE_STATES = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
PUBLIC_REPLY_STATES = (ProposalStatus.REPLIED, ProposalStatus.RATED, ProposalStatus.CLOSED)


def is_oversight(user) -> bool:
    return is_staff(user) or (user.is_authenticated and user.role == Role.LEADER)


def _own_q(user) -> Q:
    signed = ProposalSigner.objects.filter(proposal=OuterRef("pk"), member__user=user)
    return Q(created_by=user) | Q(Exists(signed))


def proposal_visibility_q(user) -> Q:
    """A filter for the proposals `user` may open."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    own = _own_q(user)
    if is_oversight(user):
        return own | ~Q(status__in=PRIVATE_STATES)
    if user.role == Role.UNIT:
        mine = Assignment.objects.filter(
            proposal=OuterRef("pk"), unit_id=user.handling_unit_id, is_active=True
        )
        return Q(Exists(mine))
    # 并案: the proposers of a merged proposal follow the master's handling, so they may open it
    signed_merged = ProposalSigner.objects.filter(proposal=OuterRef("pk"), member__user=user)
    merged_mine = Proposal.objects.filter(merged_into=OuterRef("pk")).filter(
        Q(created_by=user) | Q(Exists(signed_merged))
    )
    return (
        own
        | Q(Exists(merged_mine))
        | Q(number__isnull=False, reply_public=True, status__in=PUBLIC_REPLY_STATES)
    )


def can_view_register(user) -> bool:
    return is_oversight(user)


def can_export(user) -> bool:
    return is_staff(user)


def can_create_proposal(user) -> bool:
    return user.is_authenticated and (user.role == Role.MEMBER or is_staff(user))


def can_edit_proposal(proposal, user) -> bool:
    return proposal.status in PRIVATE_STATES and proposal.created_by_id == user.pk


def can_view_reply(proposal, user, relations: set[str]) -> bool:
    """The proposer sees a reply only after staff have checked it."""
    if relations & {"staff", "leader", "lead_unit", "assisting_unit"} or is_oversight(user):
        return True
    return proposal.status in PUBLIC_REPLY_STATES


def can_add_proposal_attachment(proposal, user) -> bool:
    return can_edit_proposal(proposal, user)


# --- public opinion ---------------------------------------------------------------------------
def opinion_visibility_q(user) -> Q:
    if is_oversight(user):
        return Q()
    if user.is_authenticated and user.role == Role.MEMBER:
        return Q(submitted_by=user) | Q(author__user=user)
    return Q(pk__in=[])


def can_submit_opinion(user) -> bool:
    return user.is_authenticated and (user.role == Role.MEMBER or is_staff(user))


def can_view_opinions(user) -> bool:
    return user.is_authenticated and user.role != Role.UNIT


def can_batch_review(user) -> bool:
    """批量立案交办 and the other batch actions: committee staff only."""
    return is_staff(user)

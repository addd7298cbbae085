"""Batch work of the office's busiest weeks: 立案 + 交办 of many proposals, 评为优秀提案 of many.

Each proposal goes through the same services (and so the same workflow transitions, events,
numbers, notices and audit) as one by one, all in ONE transaction: a row refused (wrong state, no
unit) raises a ValidationError naming the row in Chinese and nothing of the batch is kept. Units
get one digest notice per batch (keyed on the batch), not one per proposal.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from cppcc.workflow import TransitionNotAllowed
from members.models import HandlingUnit, User
from members.permissions import is_staff
from members.selectors import unit_users
from members.services import notify_on_commit

from ..models import Category, Proposal
from .handling import proposal_assign
from .marks import proposal_mark_excellent
from .review import proposal_accept

BATCH_MAX = 500


@dataclass
class BatchRow:
    proposal_id: int
    category: Category | None = None
    lead_unit: HandlingUnit | None = None
    assisting_units: Sequence[HandlingUnit] = field(default_factory=list)


def _messages(exc: ValidationError) -> str:
    return ";".join(str(m) for m in exc.messages)


def _row_label(index: int, proposal: Proposal | None, pk: int) -> str:
    if proposal is None:
        return f"第 {index} 行(编号 {pk})"
    return f"第 {index} 行《{proposal.title}》"


def _require_staff(by: User, count: int) -> None:
    if not is_staff(by):
        raise PermissionDenied("只有机关工作人员可以批量处理提案。")
    if not count:
        raise ValidationError("请至少选择一件提案。")
    if count > BATCH_MAX:
        raise ValidationError(f"一次最多处理 {BATCH_MAX} 件提案。")


@transaction.atomic
def proposals_batch_accept_assign(*, rows: Sequence[BatchRow], by: User, note: str = "") -> list[Proposal]:
    """立案 and 交办 every row (with its category, lead and assisting units), all or nothing."""
    _require_staff(by, len(rows))
    batch = uuid.uuid4().hex[:12]
    proposals = Proposal.objects.in_bulk([r.proposal_id for r in rows])
    done: list[Proposal] = []
    by_unit: dict[int, list[Proposal]] = defaultdict(list)
    for index, row in enumerate(rows, start=1):
        proposal = proposals.get(row.proposal_id)
        label = _row_label(index, proposal, row.proposal_id)
        try:
            if proposal is None:
                raise ValidationError("没有找到这件提案。")
            if row.lead_unit is None:
                raise ValidationError("请选择主办单位。")
            if row.category is not None and row.category.pk != proposal.category_id:
                Proposal.objects.filter(pk=proposal.pk).update(category=row.category)
                proposal.category = row.category
            proposal = proposal_accept(proposal=proposal, by=by, note=note)
            proposal = proposal_assign(
                proposal=proposal,
                by=by,
                lead_unit=row.lead_unit,
                assisting_units=list(row.assisting_units),
                note=note,
                notify_units=False,
            )
        except ValidationError as exc:
            raise ValidationError(f"{label}:{_messages(exc)} 本批提案均未处理。") from exc
        except (PermissionDenied, TransitionNotAllowed) as exc:
            raise ValidationError(f"{label}:{exc} 本批提案均未处理。") from exc
        done.append(proposal)
        for unit in [row.lead_unit, *row.assisting_units]:
            if proposal not in by_unit[unit.pk]:
                by_unit[unit.pk].append(proposal)
    _digest(by_unit, batch=batch)
    return done


def _digest(by_unit: dict[int, list[Proposal]], *, batch: str) -> None:
    """One notice per unit user for the whole batch, keyed on the batch."""
    url = reverse("proposals:unit_queue")
    for user in unit_users(by_unit):
        items = by_unit[user.handling_unit_id]
        due = min(p.due_on for p in items if p.due_on)
        lines = [f"{p.number_label}《{p.title}》" for p in items]
        notify_on_commit(
            recipient=user,
            kind="proposal_assigned_batch",
            title=f"新交办提案 {len(items)} 件",
            text=f"请于 {due:%Y-%m-%d} 前答复(各件期限见本单位提案)。\n" + "\n".join(lines),
            url=url,
            event=f"batch:{batch}",
        )


@transaction.atomic
def proposals_batch_mark_excellent(*, proposal_ids: Sequence[int], by: User) -> list[Proposal]:
    """评为优秀提案 of every selected proposal, all or nothing."""
    _require_staff(by, len(proposal_ids))
    proposals = Proposal.objects.in_bulk(list(proposal_ids))
    done = []
    for index, pk in enumerate(proposal_ids, start=1):
        proposal = proposals.get(pk)
        label = _row_label(index, proposal, pk)
        try:
            if proposal is None:
                raise ValidationError("没有找到这件提案。")
            if proposal.is_excellent:
                raise ValidationError("已是优秀提案。")
            done.append(proposal_mark_excellent(proposal=proposal, by=by))
        except ValidationError as exc:
            raise ValidationError(f"{label}:{_messages(exc)} 本批提案均未处理。") from exc
        except (PermissionDenied, TransitionNotAllowed) as exc:
            raise ValidationError(f"{label}:{exc} 本批提案均未处理。") from exc
    return done

"""Writes of members.bodies: contact villages, visits and what became of what was heard, trace links.

members.bodies sits *above* proposals and consultations (like reports/): turning a heard item into a
社情民意, a plan topic or a proposal draft calls those apps' own services, so their rules apply.
members/ itself still never imports them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cppcc.uploads import validate_upload
from members.models import Member, User, Village
from members.services import duty_event_record

from . import permissions
from .models import ContactVillage, HeardItem, TraceLink, Visit, VisitPhoto

PHOTO_TYPES = ("jpg", "jpeg", "png")
VISIT_DUTY_KIND = "village_visit"
OUTCOME_DUTY_KIND = "village_item_outcome"
Outcome = HeardItem.Outcome


# --- traceability --------------------------------------------------------------------------------
def trace_link(*, source, target, by: User | None = None, kind: str = TraceLink.Kind.LED_TO, note: str = ""):
    """Record that `source` led to `target` (idempotent)."""
    link, _ = TraceLink.objects.get_or_create(
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        defaults={"kind": kind, "note": note[:200], "created_by": by},
    )
    return link


# --- contact villages ------------------------------------------------------------------------------
@transaction.atomic
def contact_village_add(*, member: Member, village: Village, by: User, since: dt.date | None = None):
    if not (permissions.is_staff(by) or member.user_id == by.pk):
        raise PermissionDenied("只能为本人添加联系村。")
    link, _ = ContactVillage.objects.get_or_create(member=member, village=village, defaults={"since": since})
    return link


# --- visits ----------------------------------------------------------------------------------------
def _check_photo(upload) -> None:
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in PHOTO_TYPES:
        raise ValidationError(f"照片「{name}」须为 JPG 或 PNG 图片。")
    validate_upload(upload)  # the content must match the extension


@transaction.atomic
def visit_log(
    *,
    by: User,
    village: Village,
    date: dt.date,
    items: Sequence[str],
    summary: str = "",
    photos: Sequence = (),
    member: Member | None = None,
) -> Visit:
    """A member logs a visit to one of their contact villages, with each matter heard."""
    own = permissions.member_of(by)
    member = member or own
    if member is None:
        raise PermissionDenied("只有委员本人可以登记联村走访。")
    if member != own and not permissions.is_staff(by):
        raise PermissionDenied("只能登记本人的联村走访。")
    if date is None:
        raise ValidationError("请填写走访日期。")
    if date > timezone.localdate():
        raise ValidationError("走访日期不能晚于今天。")
    if village is None:
        raise ValidationError("请选择走访的联系村。")
    if not ContactVillage.objects.filter(member=member, village=village).exists():
        raise ValidationError(f"{village} 不是您的联系村;请先在“我的联系村”中添加。")
    texts = [t.strip() for t in items if t and t.strip()]
    if not texts and not summary.strip():
        raise ValidationError("请至少填写一条听到的问题或诉求,或填写走访情况。")
    for upload in photos:
        _check_photo(upload)
    visit = Visit.objects.create(
        member=member, village=village, date=date, summary=summary.strip(), created_by=by
    )
    HeardItem.objects.bulk_create([HeardItem(visit=visit, text=t[:2000]) for t in texts])
    for upload in photos:
        VisitPhoto.objects.create(visit=visit, file=upload)
    duty_event_record(
        member=member, kind=VISIT_DUTY_KIND, date=date, source=visit, title=f"走访{village.name}", by=by
    )
    return visit


def _default_category():
    from proposals.models import Category

    return Category.objects.filter(is_active=True).order_by("order", "id").first()


@transaction.atomic
def heard_item_decide(
    *,
    item: HeardItem,
    outcome: str,
    by: User,
    note: str = "",
    title: str = "",
    body: str = "",
    category=None,
) -> HeardItem:
    """Mark what became of a matter heard: solved on the spot, a quick report (微建议), a 社情民意,
    a topic for the consultation plan (委员荐题) or a proposal draft. The last three are created
    through their own apps' services and linked (HeardItem.target and a TraceLink)."""
    item = (
        HeardItem.objects.select_for_update()
        .select_related("visit__member", "visit__village")
        .get(pk=item.pk)
    )
    visit = item.visit
    if not permissions.can_edit_visit(by, visit):
        raise PermissionDenied("只有走访的委员本人可以处理走访所闻。")
    if item.outcome != Outcome.PENDING:
        raise ValidationError(f"该事项已处理({item.get_outcome_display()}),不能重复处理。")
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise ValidationError("请选择处理方式。")
    title = (title or item.text.splitlines()[0])[:100].strip()
    body = (body or item.text).strip()
    member = visit.member
    author = member.user or by
    target = None
    if outcome == Outcome.SOLVED:
        if not note.strip():
            raise ValidationError("请简要说明当场如何解决。")
    elif outcome == Outcome.QUICK_REPORT:
        # The quick-report app is built separately: record the intent now; it is linked by a
        # generic reference (heard_item_link) once the quick report exists.
        note = note or "拟转微建议"
    elif outcome == Outcome.OPINION:
        from proposals.services import opinion_submit

        target = opinion_submit(by=author, title=title, body=f"{body}\n(来源:{visit.village}联村走访)")
    elif outcome == Outcome.TOPIC:
        from consultations.models import PlanTopic
        from consultations.services import plan_topic_add

        target = plan_topic_add(
            year=visit.date.year + (1 if visit.date.month >= 10 else 0),
            title=title,
            source=PlanTopic.Source.MEMBER,
            by=by,
            proposer_text=f"{member.name}委员(联村走访{visit.village.name})",
            proposer_member=member,
            note=body,
        )
    elif outcome == Outcome.PROPOSAL:
        from proposals.services import proposal_save_draft

        category = category or _default_category()
        if category is None:
            raise ValidationError("请先在管理后台设置提案类别。")
        target = proposal_save_draft(by=author, title=title, category=category, body=body)
    item.outcome = outcome
    item.outcome_note = note.strip()[:300]
    item.decided_at = timezone.now()
    if target is not None:
        item.target_type = ContentType.objects.get_for_model(target)
        item.target_id = target.pk
        trace_link(source=item, target=target, by=by, kind=TraceLink.Kind.BECAME)
    item.save(update_fields=["outcome", "outcome_note", "decided_at", "target_type", "target_id"])
    duty_event_record(
        member=member,
        kind=OUTCOME_DUTY_KIND,
        date=visit.date,
        source=item,
        title=f"{visit.village.name}走访所闻{item.get_outcome_display()}",
        by=by,
    )
    return item


@transaction.atomic
def heard_item_link(*, item: HeardItem, target, by: User) -> HeardItem:
    """Attach the object a heard item became later (e.g. the quick report made from it)."""
    item = HeardItem.objects.select_for_update().select_related("visit__member").get(pk=item.pk)
    if not permissions.can_edit_visit(by, item.visit):
        raise PermissionDenied("只有走访的委员本人可以处理走访所闻。")
    item.target_type = ContentType.objects.get_for_model(target)
    item.target_id = target.pk
    item.save(update_fields=["target_type", "target_id"])
    trace_link(source=item, target=target, by=by, kind=TraceLink.Kind.BECAME)
    return item

"""Reminder scans of proposals/: what is due today, as notices with a delivery key.

Each scan takes `today` (a date in Asia/Shanghai), reads what is due with a fixed number of
queries (recipients fetched in bulk, existing delivery keys checked in bulk by cppcc.jobs.deliver)
and returns how many notices it created. Thresholds are settings (cppcc/settings/jobs.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q

from cppcc.jobs import Notice, deadline_stage, deliver, staff_users, unit_users_by_unit
from members.models import Instruction, Plenary

from .models import (
    Assignment,
    FollowUp,
    HandlingRules,
    Proposal,
    ProposalEvent,
    ProposalSigner,
    ProposalStatus,
)

AWAITING_REPLY = (ProposalStatus.ASSIGNED, ProposalStatus.HANDLING)
CAN_SIGN = (ProposalStatus.DRAFT, ProposalStatus.RETURNED, ProposalStatus.SUBMITTED, ProposalStatus.REVIEWING)
BEFORE_REPLY = (
    ProposalStatus.ACCEPTED,
    ProposalStatus.ASSIGNED,
    ProposalStatus.OBJECTED,
    ProposalStatus.HANDLING,
    ProposalStatus.REPLY_CHECK,
)


def _label(proposal: Proposal) -> str:
    number = proposal.number_label
    return f"《{proposal.title}》{f'({number})' if number else ''}"


# --- reply deadlines ----------------------------------------------------------------------------
def reply_deadline_scan(*, today: dt.date) -> int:
    """Lead and split assignments not yet replied: the unit's users N days before the deadline
    (JOBS_REPLY_REMIND_DAYS_BEFORE), on the day, then every JOBS_REPLY_OVERDUE_EVERY_DAYS while
    overdue with a copy to staff; overdue by JOBS_REPLY_OVERDUE_LEADER_DAYS also the supervising
    leader of a key proposal. Every notice's key day is the deadline, so a new deadline (extension,
    重新办理) starts the reminders again."""
    before = settings.JOBS_REPLY_REMIND_DAYS_BEFORE
    every = settings.JOBS_REPLY_OVERDUE_EVERY_DAYS
    leader_days = settings.JOBS_REPLY_OVERDUE_LEADER_DAYS
    horizon = today + dt.timedelta(days=max(before, default=0))
    assignments = list(
        Assignment.objects.filter(
            is_active=True,
            replied_on__isnull=True,
            kind__in=(Assignment.Kind.LEAD, Assignment.Kind.SPLIT),
            proposal__status__in=AWAITING_REPLY,
            due_on__lte=horizon,
        )
        .select_related("proposal__supervising_leader", "unit")
        .order_by("due_on", "pk")
    )
    if not assignments:
        return 0
    users = unit_users_by_unit(a.unit_id for a in assignments)
    staff = None
    notices: list[Notice] = []
    for a in assignments:
        days_left = (a.due_on - today).days
        stage = deadline_stage(days_left=days_left, before=before, every=every)
        if stage is None:
            continue
        p = a.proposal
        due = f"{a.due_on:%Y年%m月%d日}"
        if days_left > 0:
            title = f"答复期限提醒:{p.title}"
            text = f"{_label(p)}的答复期限为{due},还有{days_left}天,请按时答复。"
        elif days_left == 0:
            title = f"今天到期:{p.title}"
            text = f"{_label(p)}的答复期限为今天({due}),请尽快答复。"
        else:
            title = f"答复已逾期{-days_left}天:{p.title}"
            text = f"{_label(p)}的答复期限为{due},已逾期{-days_left}天({a.unit}),请尽快答复。"
        for user in users.get(a.unit_id, []):
            notices.append(Notice(user, "reply_deadline", title, text, p, f"{a.pk}-{stage}", a.due_on))
        if days_left < 0 and stage != "due":
            staff = staff_users() if staff is None else staff
            for user in staff:
                notices.append(Notice(user, "reply_overdue", title, text, p, f"{a.pk}-{stage}", a.due_on))
        if (
            days_left <= -leader_days
            and p.is_key
            and p.supervising_leader_id
            and p.supervising_leader.is_active
        ):
            notices.append(
                Notice(
                    p.supervising_leader,
                    "reply_overdue_leader",
                    f"重点提案答复逾期{-days_left}天:{p.title}",
                    f"您领办/督办的重点提案{_label(p)}由{a.unit}承办,答复期限为{due},已逾期{-days_left}天。",
                    p,
                    f"{a.pk}-leader",
                    a.due_on,
                )
            )
    return deliver(notices)


# --- assisting units' opinions ------------------------------------------------------------------
def assisting_opinion_scan(*, today: dt.date) -> int:
    """协办 units that have not sent their opinion to the lead unit: JOBS_ASSISTING_REMIND_DAYS_BEFORE
    days before the opinion deadline (交办 date + HandlingRules.assisting_opinion_days), on the day,
    then every JOBS_OVERDUE_REPEAT_EVERY_DAYS while late, the late ones copied to the lead unit."""
    days = HandlingRules.current().assisting_opinion_days
    before = settings.JOBS_ASSISTING_REMIND_DAYS_BEFORE
    every = settings.JOBS_OVERDUE_REPEAT_EVERY_DAYS
    assignments = list(
        Assignment.objects.filter(
            is_active=True,
            kind=Assignment.Kind.ASSISTING,
            opinion_on__isnull=True,
            proposal__status__in=AWAITING_REPLY,
            assigned_on__lte=today + dt.timedelta(days=before - days),
        )
        .select_related("proposal", "unit")
        .order_by("assigned_on", "pk")
    )
    if not assignments:
        return 0
    users = unit_users_by_unit(
        [a.unit_id for a in assignments]
        + [a.proposal.lead_unit_id for a in assignments if a.proposal.lead_unit_id]
    )
    notices: list[Notice] = []
    for a in assignments:
        due_on = a.assigned_on + dt.timedelta(days=days)
        days_left = (due_on - today).days
        stage = deadline_stage(days_left=days_left, before=[before], every=every)
        if stage is None:
            continue
        p = a.proposal
        due = f"{due_on:%Y年%m月%d日}"
        if days_left >= 0:
            title = f"请报送协办意见:{p.title}"
            text = f"{_label(p)}的协办意见请于{due}前报送主办单位。"
        else:
            title = f"协办意见已逾期{-days_left}天:{p.title}"
            text = f"{_label(p)}的协办意见应于{due}前报送主办单位({a.unit}),已逾期{-days_left}天。"
        for user in users.get(a.unit_id, []):
            notices.append(Notice(user, "assisting_opinion_due", title, text, p, f"{a.pk}-{stage}", due_on))
        if days_left < 0 and p.lead_unit_id:
            for user in users.get(p.lead_unit_id, []):
                notices.append(
                    Notice(user, "assisting_opinion_late", title, text, p, f"{a.pk}-{stage}", due_on)
                )
    return deliver(notices)


# --- co-signers ---------------------------------------------------------------------------------
def cosigner_scan(*, today: dt.date) -> int:
    """Co-signers who have not answered, JOBS_COSIGN_REMIND_DAYS_BEFORE days (or fewer) before the
    submission cut-off of the plenary: the proposal's plenary, or for a draft not yet filed under
    one, the plenary whose submission window is open today."""
    days = settings.JOBS_COSIGN_REMIND_DAYS_BEFORE
    horizon = today + dt.timedelta(days=days)
    current = (
        Plenary.objects.filter(submission_opens_on__lte=today, submission_closes_on__gte=today)
        .order_by("opens_on")
        .first()
    )
    due = Q(proposal__plenary__submission_closes_on__range=(today, horizon))
    if current is not None and current.submission_closes_on <= horizon:
        due |= Q(proposal__plenary__isnull=True)
    signers = (
        ProposalSigner.objects.filter(due)
        .filter(
            role=ProposalSigner.Role.COSIGNER,
            answer=ProposalSigner.Answer.INVITED,
            proposal__status__in=CAN_SIGN,
            member__user__isnull=False,
            member__user__is_active=True,
        )
        .select_related("member__user", "proposal__plenary", "proposal__created_by")
        .order_by("pk")
    )
    notices = []
    for s in signers:
        p = s.proposal
        cutoff = p.plenary.submission_closes_on if p.plenary_id else current.submission_closes_on
        left = (cutoff - today).days
        when = "今天" if left == 0 else f"{left}天后({cutoff:%m月%d日})"
        notices.append(
            Notice(
                s.member.user,
                "cosign_reminder",
                f"请确认联名:{p.title}",
                f"{p.created_by.display_name}邀请您联名提出提案《{p.title}》。大会提案{when}截止,请在截止前确认或谢绝。",
                p,
                "cosign",
                cutoff,
            )
        )
    return deliver(notices)


# --- ratings ------------------------------------------------------------------------------------
def rating_stage(*, days: int) -> str | None:
    """Reminders at N days after the reply, then every M days K more times; staff M days later."""
    after = settings.JOBS_RATING_REMIND_AFTER_DAYS
    every = max(settings.JOBS_RATING_REPEAT_EVERY_DAYS, 1)
    times = settings.JOBS_RATING_REPEAT_TIMES
    if days < after:
        return None
    k = (days - after) // every
    return f"rate-{k}" if k <= times else "rate-staff"


def rating_scan(*, today: dt.date) -> int:
    """Replied proposals the proposer has not rated (see rating_stage); the key day is the reply
    date and the stage names the handling round, so 重新办理 starts again."""
    since = today - dt.timedelta(days=settings.JOBS_RATING_REMIND_AFTER_DAYS)
    proposals = (
        Proposal.objects.filter(status=ProposalStatus.REPLIED, rating="", replied_on__lte=since)
        .select_related("created_by")
        .order_by("replied_on", "pk")
    )
    notices = []
    staff = None
    for p in proposals:
        days = (today - p.replied_on).days
        stage = rating_stage(days=days)
        if stage is None:
            continue
        stage_key = f"r{p.handling_round}-{stage}"
        if stage == "rate-staff":
            staff = staff_users() if staff is None else staff
            for user in staff:
                notices.append(
                    Notice(
                        user,
                        "rating_overdue",
                        f"提案人逾期未评价:{p.title}",
                        f"{_label(p)}已于{p.replied_on:%Y年%m月%d日}答复,提案人经多次提醒仍未评价,请跟进。",
                        p,
                        stage_key,
                        p.replied_on,
                    )
                )
        elif p.created_by.is_active:
            notices.append(
                Notice(
                    p.created_by,
                    "rating_reminder",
                    f"请评价提案答复:{p.title}",
                    f"{_label(p)}已于{p.replied_on:%Y年%m月%d日}答复,已过{days}天,请对办理情况作出评价。",
                    p,
                    stage_key,
                    p.replied_on,
                )
            )
    return deliver(notices)


# --- follow-ups (二次反馈) -------------------------------------------------------------------------
def follow_up_scan(*, today: dt.date) -> int:
    """Unreported 二次反馈: the lead unit's users JOBS_FOLLOW_UP_REMIND_DAYS_BEFORE days before and
    on the day, then every JOBS_OVERDUE_REPEAT_EVERY_DAYS while overdue with a copy to staff."""
    before = [settings.JOBS_FOLLOW_UP_REMIND_DAYS_BEFORE]
    every = settings.JOBS_OVERDUE_REPEAT_EVERY_DAYS
    horizon = today + dt.timedelta(days=before[0])
    follow_ups = list(
        FollowUp.objects.filter(
            reported_on__isnull=True, due_on__lte=horizon, proposal__lead_unit__isnull=False
        )
        .select_related("proposal")
        .order_by("due_on", "pk")
    )
    users = unit_users_by_unit(f.proposal.lead_unit_id for f in follow_ups)
    staff = None
    notices = []
    for f in follow_ups:
        days_left = (f.due_on - today).days
        stage = deadline_stage(days_left=days_left, before=before, every=every)
        if stage is None:
            continue
        p = f.proposal
        if days_left >= 0:
            title = f"二次反馈{'今天' if days_left == 0 else f'{days_left}天后'}到期:{p.title}"
        else:
            title = f"二次反馈已逾期{-days_left}天:{p.title}"
        text = f"{_label(p)}需在{f.due_on:%Y年%m月%d日}前报送二次反馈(办理进展),请按时报送。"
        for user in users.get(p.lead_unit_id, []):
            notices.append(Notice(user, "follow_up_due", title, text, p, f"{f.pk}-{stage}", f.due_on))
        if days_left < 0 and stage != "due":
            staff = staff_users() if staff is None else staff
            for user in staff:
                notices.append(Notice(user, "follow_up_overdue", title, text, p, f"{f.pk}-{stage}", f.due_on))
    return deliver(notices)


# --- digests ------------------------------------------------------------------------------------
def _instruction_ids_awaiting(model, field: str, values) -> int:
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(model)
    waiting = model.objects.filter(**{f"{field}__in": values}).values("pk")
    return Instruction.objects.filter(target_type=ct, target_id__in=waiting).count()


def digest_lines(*, audience: str, start: dt.date, end: dt.date) -> list[str]:
    """Lines for the leaders' weekly and the staff's monthly digest (a fixed number of queries)."""
    from .models import OpinionStatus, PublicOpinion

    overdue = (
        Assignment.objects.filter(
            is_active=True,
            replied_on__isnull=True,
            kind__in=(Assignment.Kind.LEAD, Assignment.Kind.SPLIT),
            proposal__status__in=AWAITING_REPLY,
            due_on__lte=end,
        )
        .values("proposal_id")
        .distinct()
        .count()
    )
    new_key = list(
        ProposalEvent.objects.filter(
            action="mark_key", created_at__date__gte=start, created_at__date__lte=end
        ).values_list("proposal__title", flat=True)[:6]
    )
    awaiting = _instruction_ids_awaiting(Proposal, "status", BEFORE_REPLY) + _instruction_ids_awaiting(
        PublicOpinion, "status", [s for s in OpinionStatus.values if s != OpinionStatus.FEEDBACK]
    )
    lines = []
    if audience == "leader":
        key_text = "、".join(f"《{t}》" for t in new_key[:5]) + ("等" if len(new_key) > 5 else "")
        lines.append(f"新列重点提案:{len(new_key)}件{'(' + key_text + ')' if new_key else ''}")
    else:
        counts = Proposal.objects.aggregate(
            submitted=_count(Q(submitted_at__date__gte=start, submitted_at__date__lte=end)),
            accepted=_count(Q(accepted_on__gte=start, accepted_on__lte=end)),
            replied=_count(Q(replied_on__gte=start, replied_on__lte=end)),
            unrated=_count(Q(status=ProposalStatus.REPLIED, rating="")),
        )
        lines.append(
            f"提案:本期收到{counts['submitted']}件,立案{counts['accepted']}件,答复{counts['replied']}件;"
            f"已答复待评价{counts['unrated']}件"
        )
        unreported = FollowUp.objects.filter(
            reported_on__isnull=True, due_on__lt=end + dt.timedelta(days=1)
        ).count()
        lines.append(f"二次反馈逾期未报:{unreported}件")
    lines.append(f"提案答复逾期:{overdue}件")
    lines.append(f"提案和社情民意的领导批示待反馈:{awaiting}件")
    return lines


def _count(q: Q):
    from django.db.models import Count

    return Count("pk", filter=q)

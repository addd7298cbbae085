"""Reminder scans of consultations/: 回头看 dates, overdue progress reports on suggestions and
unanswered invitations to upcoming activities. Same contract as proposals/reminders.py: a fixed
number of queries, notices through cppcc.jobs.deliver (delivery keys), thresholds in settings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q

from cppcc.jobs import Notice, deadline_stage, deliver, staff_users, unit_users_by_unit
from members.models import Instruction

from .models import (
    AWAITING_REPORT,
    Activity,
    Invitation,
    Review,
    Suggestion,
    SuggestionStatus,
    SuggestionUpdate,
)

OPEN = (
    SuggestionStatus.PENDING,
    SuggestionStatus.ASSIGNED,
    SuggestionStatus.IN_PROGRESS,
    SuggestionStatus.IMPLEMENTED,
    SuggestionStatus.PARTIAL,
    SuggestionStatus.NOT_ADOPTED,
)


def _short(suggestion: Suggestion) -> str:
    return suggestion.text[:40]


# --- 回头看 ---------------------------------------------------------------------------------------
def review_scan(*, today: dt.date) -> int:
    """Planned 回头看 not yet recorded: who scheduled it (or every staff user when nobody did) and
    the responsible unit's users, JOBS_REVIEW_REMIND_DAYS_BEFORE days before and on the day (a day
    missed by the job is caught up within JOBS_OVERDUE_REPEAT_EVERY_DAYS; no repeats after)."""
    before = [settings.JOBS_REVIEW_REMIND_DAYS_BEFORE]
    every = settings.JOBS_OVERDUE_REPEAT_EVERY_DAYS
    reviews = list(
        Review.objects.filter(
            done_date__isnull=True,
            planned_date__lte=today + dt.timedelta(days=before[0]),
            planned_date__gt=today - dt.timedelta(days=max(every, 1)),
            suggestion__status__in=OPEN,
        )
        .select_related("suggestion__activity", "scheduled_by")
        .order_by("planned_date", "pk")
    )
    units = unit_users_by_unit(r.suggestion.unit_id for r in reviews)
    staff = None
    notices = []
    for r in reviews:
        days_left = (r.planned_date - today).days
        stage = deadline_stage(days_left=days_left, before=before, every=every, repeat=False)
        if stage is None:
            continue
        s = r.suggestion
        when = "今天" if days_left <= 0 else f"{days_left}天后({r.planned_date:%m月%d日})"
        title = f"回头看{when}:{_short(s)}"
        text = f"“{s.activity.topic}”的协商建议“{_short(s)}”计划于{r.planned_date:%Y年%m月%d日}回头看。"
        if r.scheduled_by_id and r.scheduled_by.is_active:
            organisers = [r.scheduled_by]
        else:
            staff = staff_users() if staff is None else staff
            organisers = staff
        for user in organisers + units.get(s.unit_id, []):
            notices.append(
                Notice(user, "review_due", title, text, s, f"review-{r.pk}-{stage}", r.planned_date)
            )
    return deliver(notices)


# --- progress reports on suggestions ----------------------------------------------------------------
def suggestion_report_scan(*, today: dt.date) -> int:
    """Assigned suggestions past their feedback date with no progress report since they were
    assigned: the unit's users and staff, on the first day overdue and then every
    JOBS_OVERDUE_REPEAT_EVERY_DAYS days."""
    every = max(settings.JOBS_OVERDUE_REPEAT_EVERY_DAYS, 1)
    reported = SuggestionUpdate.objects.filter(suggestion=OuterRef("pk"), date__gte=OuterRef("assigned_at"))
    suggestions = list(
        Suggestion.objects.overdue(today)
        .filter(unit__isnull=False)
        .exclude(Exists(reported))
        .select_related("activity", "unit")
        .order_by("due_date", "pk")
    )
    units = unit_users_by_unit(s.unit_id for s in suggestions)
    staff = staff_users() if suggestions else []
    notices = []
    for s in suggestions:
        overdue = (today - s.due_date).days
        stage = f"report-overdue-{(overdue - 1) // every}"
        title = f"建议落实情况反馈已逾期{overdue}天:{_short(s)}"
        text = (
            f"“{s.activity.topic}”的协商建议“{_short(s)}”由{s.unit}负责,"
            f"反馈期限为{s.due_date:%Y年%m月%d日},尚未反馈落实情况。"
        )
        for user in units.get(s.unit_id, []) + staff:
            notices.append(Notice(user, "suggestion_report_overdue", title, text, s, stage, s.due_date))
    return deliver(notices)


# --- invitations ------------------------------------------------------------------------------------
def invitation_scan(*, today: dt.date) -> int:
    """Members invited to an activity in the next JOBS_ACTIVITY_REMIND_DAYS_BEFORE days (1 =
    tomorrow; today is included so a missed run is caught up) who have not answered."""
    horizon = today + dt.timedelta(days=settings.JOBS_ACTIVITY_REMIND_DAYS_BEFORE)
    invitations = (
        Invitation.objects.filter(
            response=Invitation.Response.PENDING,
            activity__date__gte=today,
            activity__date__lte=horizon,
            member__user__isnull=False,
            member__user__is_active=True,
        )
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("activity", "member__user")
        .order_by("activity__date", "pk")
    )
    notices = []
    for inv in invitations:
        a = inv.activity
        when = "今天" if a.date == today else ("明天" if (a.date - today).days == 1 else f"{a.date:%m月%d日}")
        place = f",地点:{a.place}" if a.place else ""
        notices.append(
            Notice(
                inv.member.user,
                "activity_invitation_pending",
                f"{when}的活动请确认是否参加:{a.topic}",
                f"您受邀参加{when}({a.date:%Y年%m月%d日})的“{a.topic}”{place}。请在平台确认参加或请假。",
                a,
                "invitation",
                a.date,
            )
        )
    return deliver(notices)


# --- digests ----------------------------------------------------------------------------------------
def digest_lines(*, audience: str, start: dt.date, end: dt.date) -> list[str]:
    reported = SuggestionUpdate.objects.filter(suggestion=OuterRef("pk"), date__gte=OuterRef("assigned_at"))
    overdue = (
        Suggestion.objects.filter(status__in=AWAITING_REPORT, due_date__lte=end, unit__isnull=False)
        .exclude(Exists(reported))
        .count()
    )
    ct = ContentType.objects.get_for_model(Suggestion)
    later_update = SuggestionUpdate.objects.filter(
        suggestion_id=OuterRef("target_id"), date__gte=OuterRef("date")
    )
    awaiting = (
        Instruction.objects.filter(target_type=ct)
        .exclude(Exists(later_update))
        .filter(target_id__in=Suggestion.objects.filter(status__in=OPEN).values("pk"))
        .count()
    )
    lines = [f"协商建议落实反馈逾期:{overdue}条", f"协商建议的领导批示待反馈:{awaiting}件"]
    if audience == "staff":
        held = Activity.objects.filter(date__gte=start, date__lte=end).aggregate(
            n=Count("pk"), major=Count("pk", filter=Q(major=True))
        )
        reviews = Review.objects.filter(done_date__isnull=True, planned_date__lte=end).count()
        lines.insert(0, f"协商监督活动:本期{held['n']}次(其中重大{held['major']}次)")
        lines.append(f"回头看已到计划日期未记录:{reviews}项")
    return lines

"""Reads of consultations/: lists, the board, the plan, the tracking report and the figures the
reports engineer uses. Aggregates run in the database; every function uses a constant number of
queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from cppcc.datacache import versioned
from members.models import Instruction, User

from . import permissions
from .defaults import COME_CONSULT, INSPECTION, OVERSIGHT, RESEARCH
from .models import (
    AWAITING_REPORT,
    Activity,
    ActivityDocument,
    Category,
    Invitation,
    PlanTopic,
    Review,
    Suggestion,
    SuggestionStatus,
    SuggestionUpdate,
    suggestion_overdue_q,
)

S = SuggestionStatus
OPEN_STATES = (S.PENDING, S.ASSIGNED, S.IN_PROGRESS, S.IMPLEMENTED, S.PARTIAL, S.NOT_ADOPTED)
WAITING_FOR_UNIT = AWAITING_REPORT
ADVANCED_Q = Q(status__in=(S.IN_PROGRESS, S.IMPLEMENTED, S.PARTIAL)) | Q(
    status=S.CLOSED, outcome__in=("implemented", "partial")
)


# --- figures: one definition for the count and for the list behind it ------------------------
# Activity figures count held activities only (Activity.objects.held()); each figure is a
# condition on an activity of the year. activity_stats counts with these, and the activity list
# filtered by ?figure=<key> shows exactly those rows.
_HELD = Q(status=Activity.Status.HELD)
_COME = Q(kind__code=COME_CONSULT)
ACTIVITY_FIGURES: dict[str, Q] = {
    "activities": _HELD,
    "major": _HELD & Q(major=True),
    "come_consult_committee": _HELD & _COME & Q(organiser_type=Activity.OrganiserType.COMMITTEE),
    "come_consult_other": _HELD & _COME & ~Q(organiser_type=Activity.OrganiserType.COMMITTEE),
    "oversight": _HELD & Q(kind__code=OVERSIGHT),
    "inspections": _HELD & Q(kind__code=INSPECTION),
    "surveys": _HELD & Q(kind__code=RESEARCH),
    "consultations": _HELD & Q(kind__category=Category.CONSULTATION),
}
# research reports are documents of held activities, dated in the year
RESEARCH_REPORTS_Q = Q(kind=ActivityDocument.Kind.RESEARCH_REPORT, activity__status=Activity.Status.HELD)


def suggestion_figures() -> dict[str, Q]:
    """Suggestion figures as conditions on a suggestion of the year's activities (the board
    filtered by ?figure=<key> shows exactly those)."""
    today = timezone.localdate()
    instructed = Exists(
        Instruction.objects.filter(
            target_type__app_label="consultations", target_type__model="suggestion", target_id=OuterRef("pk")
        )
    )
    return {
        "total": Q(pk__isnull=False),
        "advanced": ADVANCED_Q,
        "landed_quickly": Q(landed_quickly=True),
        "implemented": Q(outcome="implemented"),
        "partially": Q(outcome="partial"),
        "in_progress": Q(outcome="in_progress"),
        "not_adopted": Q(outcome="not_adopted"),
        "open": Q(status__in=OPEN_STATES),
        "closed": Q(status=S.CLOSED),
        "instructed": Q(instructed),
        "overdue": suggestion_overdue_q(today),
    }


def research_report_documents(*, year: int) -> QuerySet[ActivityDocument]:
    """The rows behind activities.research_reports."""
    return (
        ActivityDocument.objects.filter(RESEARCH_REPORTS_Q, date__year=year)
        .select_related("activity__kind")
        .order_by("date", "id")
    )


# --- activities ------------------------------------------------------------------------------
def activity_list(
    *,
    user: User,
    year: int | None = None,
    kind: int | None = None,
    organiser_type: str = "",
    major: bool = False,
    q: str = "",
    figure: str = "",
) -> QuerySet[Activity]:
    qs = Activity.objects.select_related("kind", "special_committee", "work_committee", "sector").annotate(
        n_invited=Count("invitations", distinct=True), n_suggestions=Count("suggestions", distinct=True)
    )
    visible = permissions.activity_visibility_q(user)
    if visible is not None:
        qs = qs.filter(visible)
    if year:
        qs = qs.filter(date__year=year)
    if kind:
        qs = qs.filter(kind_id=kind)
    if organiser_type:
        qs = qs.filter(organiser_type=organiser_type)
    if major:
        qs = qs.filter(major=True)
    if figure in ACTIVITY_FIGURES:
        qs = qs.filter(ACTIVITY_FIGURES[figure])
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(place__icontains=q))
    return qs.order_by("-date", "-id")


def activity_get(*, pk: int) -> Activity:
    return Activity.objects.select_related(
        "kind", "special_committee", "work_committee", "sector", "plan_topic", "plan_topic__lead_committee"
    ).get(pk=pk)


def activity_invitations(*, activity: Activity) -> QuerySet[Invitation]:
    return activity.invitations.select_related("member", "member__sector").order_by("member__name", "id")


def invitation_for(*, activity: Activity, user: User) -> Invitation | None:
    return activity.invitations.filter(member__user=user).select_related("member").first()


def attendance_summary(*, activity: Activity) -> dict:
    """应到/实到/请假/缺席 for one activity, in one query."""
    return activity.invitations.aggregate(
        expected=Count("id"),
        present=Count("id", filter=Q(attendance=Invitation.Attendance.PRESENT)),
        leave=Count("id", filter=Q(attendance=Invitation.Attendance.LEAVE)),
        absent=Count("id", filter=Q(attendance=Invitation.Attendance.ABSENT)),
        asked_leave=Count("id", filter=Q(response=Invitation.Response.LEAVE)),
        confirmed=Count("id", filter=Q(response=Invitation.Response.CONFIRMED)),
    )


def activity_suggestions(*, activity: Activity) -> QuerySet[Suggestion]:
    return activity.suggestions.select_related("unit").order_by("number", "id")


def my_invitations(*, user: User, limit: int = 8) -> list[Invitation]:
    """A member's invitations to coming activities, unanswered first."""
    today = timezone.localdate()
    return list(
        Invitation.objects.filter(member__user=user, activity__date__gte=today)
        .select_related("activity", "activity__kind")
        .annotate(unanswered=Count("id", filter=Q(response=Invitation.Response.PENDING)))
        .order_by("-unanswered", "activity__date", "id")[:limit]
    )


def upcoming_activities(*, limit: int = 8) -> list[Activity]:
    today = timezone.localdate()
    return list(
        Activity.objects.filter(date__gte=today)
        .select_related("kind", "special_committee", "work_committee", "sector")
        .order_by("date", "id")[:limit]
    )


# --- suggestions -----------------------------------------------------------------------------
def _instruction_count():
    ct = ContentType.objects.get_for_model(Suggestion)
    return Coalesce(
        Subquery(
            Instruction.objects.filter(target_type=ct, target_id=OuterRef("pk"))
            .order_by()
            .values("target_id")
            .annotate(c=Count("id"))
            .values("c")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _with_board_fields(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    open_review = Review.objects.filter(suggestion=OuterRef("pk"), done_date__isnull=True)
    latest_update = SuggestionUpdate.objects.filter(suggestion=OuterRef("pk")).order_by("-date", "-id")
    return qs.select_related("activity", "activity__kind", "unit").annotate(
        review_open=Exists(open_review),
        review_planned=Subquery(open_review.order_by("planned_date").values("planned_date")[:1]),
        last_update_text=Subquery(latest_update.values("text")[:1]),
        last_update_date=Subquery(latest_update.values("date")[:1]),
        n_instructions=_instruction_count(),
    )


def waiting_for(suggestion: Suggestion) -> str:
    """What an open suggestion waits for: 交办 / 单位反馈 / 回头看 / 办结 (needs _with_board_fields)."""
    if suggestion.status == S.PENDING:
        return "交办"
    if suggestion.status == S.CLOSED:
        return ""
    if getattr(suggestion, "review_open", False):
        return "回头看"
    if suggestion.status in WAITING_FOR_UNIT:
        return "单位反馈"
    return "办结"


def suggestion_age_days(suggestion: Suggestion, today: dt.date | None = None) -> int:
    """Days since the suggestion was assigned or, before that, since it was made: at its activity
    (the day it was typed in, `created_at`, is only when a clerk entered it — often weeks later,
    which showed "0天" for suggestions waiting since the activity). Needs the activity loaded."""
    start = suggestion.assigned_at or min(
        suggestion.activity.date, timezone.localtime(suggestion.created_at).date()
    )
    return ((today or timezone.localdate()) - start).days


def _decorate(rows: list[Suggestion]) -> list[Suggestion]:
    today = timezone.localdate()
    for s in rows:
        s.waiting = waiting_for(s)
        s.age_days = suggestion_age_days(s, today)
        s.is_overdue = bool(s.status in WAITING_FOR_UNIT and s.due_date and s.due_date < today)
    return rows


def suggestion_board(
    *,
    user: User,
    year: int | None = None,
    status: str = "",
    unit: int | None = None,
    overdue: bool = False,
    quick: bool = False,
    q: str = "",
    figure: str = "",
) -> QuerySet[Suggestion]:
    """Open suggestions (or those of `status`, or exactly those a figure counts), oldest first,
    as the user may see them."""
    qs = Suggestion.objects.all()
    visible = permissions.suggestion_visibility_q(user)
    if visible is not None:
        qs = qs.filter(visible)
    figures = suggestion_figures()
    if figure in figures:
        qs = qs.filter(figures[figure])
        if status:
            qs = qs.filter(status=status)
    else:
        qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATES)
    if year:
        qs = qs.filter(activity__date__year=year)
    if unit:
        qs = qs.filter(unit_id=unit)
    if overdue:
        qs = qs.overdue()
    if quick:
        qs = qs.filter(landed_quickly=True)
    if q:
        qs = qs.filter(Q(text__icontains=q) | Q(activity__topic__icontains=q))
    return _with_board_fields(qs).order_by("activity__date", "activity_id", "number", "id")


def decorate_suggestions(rows) -> list[Suggestion]:
    """Add waiting / age_days / is_overdue to rows of suggestion_board or tracking_report."""
    return _decorate(list(rows))


def suggestion_get(*, pk: int) -> Suggestion:
    return _with_board_fields(Suggestion.objects.all()).get(pk=pk)


def suggestion_timeline(*, suggestion: Suggestion):
    return suggestion.events.select_related("actor").order_by("created_at", "id")


def suggestion_updates(*, suggestion: Suggestion):
    return suggestion.updates.select_related("author").order_by("date", "id")


def suggestion_reviews(*, suggestion: Suggestion):
    return suggestion.reviews.order_by("planned_date", "id")


def suggestion_instructions(*, suggestion: Suggestion) -> list[Instruction]:
    ct = ContentType.objects.get_for_model(Suggestion)
    return list(Instruction.objects.filter(target_type=ct, target_id=suggestion.pk).select_related("leader"))


def tracking_report(*, year: int) -> list[Suggestion]:
    """Every suggestion of the year's activities with its state (year-end tracking report)."""
    qs = Suggestion.objects.filter(activity__date__year=year)
    return decorate_suggestions(
        _with_board_fields(qs).order_by("activity__date", "activity_id", "number", "id")
    )


def suggestions_open(*, limit: int = 10) -> list[Suggestion]:
    """Open suggestions, oldest first, with their unit (dashboard)."""
    qs = Suggestion.objects.filter(status__in=OPEN_STATES).order_by("activity__date", "created_at", "id")
    return decorate_suggestions(_with_board_fields(qs)[:limit])


def unit_suggestions_waiting(*, user: User, limit: int = 8) -> list[Suggestion]:
    if not user.handling_unit_id:
        return []
    qs = Suggestion.objects.filter(unit_id=user.handling_unit_id, status__in=WAITING_FOR_UNIT).order_by(
        "due_date", "id"
    )
    return decorate_suggestions(_with_board_fields(qs)[:limit])


def suggestions_waiting_for_staff(*, limit: int = 8) -> list[Suggestion]:
    """Open suggestions where the next step is the committee's: 交办, 回头看 or 办结."""
    qs = _with_board_fields(Suggestion.objects.filter(status__in=OPEN_STATES)).filter(
        Q(status=S.PENDING) | Q(review_open=True) | Q(status__in=(S.IMPLEMENTED, S.PARTIAL, S.NOT_ADOPTED))
    )
    return decorate_suggestions(qs.order_by("activity__date", "id")[:limit])


def suggestions_for_leader(*, limit: int = 8) -> list[Suggestion]:
    """Open suggestions without an instruction yet, from major activities first. The same list for
    every leader, and its ordering reads every open suggestion (~100 ms over 30,000): cached under
    the data version and the day (the ages in it count days)."""

    def compute():
        qs = _with_board_fields(Suggestion.objects.filter(status__in=OPEN_STATES)).filter(n_instructions=0)
        return decorate_suggestions(qs.order_by("-activity__major", "activity__date", "id")[:limit])

    return versioned("leader-suggestions", limit, timezone.localdate().isoformat(), compute=compute)


# --- the annual plan -------------------------------------------------------------------------
def plan_for_year(*, year: int) -> list[PlanTopic]:
    """Topics of a year with state: planned / done (an activity held on it) / late (month passed)."""
    today = timezone.localdate()
    held = Activity.objects.filter(plan_topic=OuterRef("pk"), date__lte=today)
    rows = list(
        PlanTopic.objects.filter(year=year)
        .select_related("lead_committee", "kind", "proposer_member")
        .annotate(done=Exists(held), n_activities=Count("activities"))
        .order_by("-approved", "planned_month", "id")
    )
    for t in rows:
        if not t.approved:
            t.state, t.state_label = "gathered", "征集中"
        elif t.done:
            t.state, t.state_label = "done", "已开展"
        elif t.planned_month and (year, t.planned_month) < (today.year, today.month):
            t.state, t.state_label = "late", "逾期未开展"
        else:
            t.state, t.state_label = "planned", "计划中"
    return rows


# --- figures for reports ---------------------------------------------------------------------
def activity_stats(*, year: int) -> dict:
    """Activity figures of a year, held activities only (3 queries)."""
    qs = Activity.objects.filter(date__year=year)
    figures = qs.aggregate(**{key: Count("id", filter=cond) for key, cond in ACTIVITY_FIGURES.items()})
    figures["research_reports"] = research_report_documents(year=year).count()
    figures["by_kind"] = {
        row["kind__name"]: row["n"]
        for row in qs.held()
        .order_by()
        .values("kind__name", "kind__order")
        .annotate(n=Count("id"))
        .order_by("kind__order")
    }
    return figures


def suggestion_stats(*, year: int) -> dict:
    """Suggestion figures for the suggestions of a year's activities (1 query)."""
    return Suggestion.objects.filter(activity__date__year=year).aggregate(
        **{key: Count("id", filter=cond) for key, cond in suggestion_figures().items()}
    )


def activity_stats_years(*, years: list[int]) -> dict[int, dict]:
    """activity_stats for several years in two grouped queries (not three per year)."""
    start, end = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    qs = Activity.objects.filter(date__gte=start, date__lte=end).order_by()
    counts = {key: Count("id", filter=cond) for key, cond in ACTIVITY_FIGURES.items()}
    # one grouped query per (year, kind): the per-kind counts, and the year's totals summed from them
    main: dict[int, dict[str, int]] = {}
    by_kind: dict[int, dict[str, int]] = {y: {} for y in years}
    for row in (
        qs.values("kind__name", "kind__order", y=ExtractYear("date"))
        .annotate(**counts)
        .order_by("kind__order", "kind__name")
    ):
        totals = main.setdefault(row["y"], dict.fromkeys(counts, 0))
        for key in counts:
            totals[key] += row[key]
        if row["activities"]:
            by_kind.setdefault(row["y"], {})[row["kind__name"]] = row["activities"]
    reports = dict(
        ActivityDocument.objects.filter(RESEARCH_REPORTS_Q, date__gte=start, date__lte=end)
        .order_by()
        .values(y=ExtractYear("date"))
        .annotate(n=Count("id"))
        .values_list("y", "n")
    )
    out = {}
    for y in years:
        figures = main.get(y) or dict.fromkeys(counts, 0)
        figures["research_reports"] = reports.get(y, 0)
        figures["by_kind"] = by_kind.get(y, {})
        out[y] = figures
    return out


def suggestion_stats_years(*, years: list[int]) -> dict[int, dict]:
    """suggestion_stats for several years (by the year of the activity) in one grouped query."""
    counts = {key: Count("id", filter=cond) for key, cond in suggestion_figures().items()}
    rows = {
        r.pop("y"): r
        for r in Suggestion.objects.filter(
            activity__date__gte=dt.date(min(years), 1, 1), activity__date__lte=dt.date(max(years), 12, 31)
        )
        .order_by()
        .values(y=ExtractYear("activity__date"))
        .annotate(**counts)
    }
    return {y: rows.get(y) or dict.fromkeys(counts, 0) for y in years}

"""Every non-trivial read of quick reports. Lists take a fixed number of queries whatever the
number of rows. A figure and the list behind it share one definition: FLAGS below."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from members.models import Role

from . import permissions
from .models import OPEN_STATES, VALID_STATES, QuickEvent, QuickKind, QuickPhoto, QuickReport, QuickStatus

S = QuickStatus
TRIAGEABLE = (S.SUBMITTED, S.TRIAGE)
SIMILAR_LIMIT = 8
SIMILARITY_THRESHOLD = 0.12
YEAR_MIN, YEAR_MAX = 2000, 2100


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def flags(today: dt.date | None = None) -> dict[str, tuple[str, Q]]:
    """The named subsets that figures count and the register filters by (`?flag=`): one
    definition each, so a figure's link opens exactly the rows it counts."""
    today = today or timezone.localdate()
    return {
        "valid": ("被采用(交办、转社情民意或建议提案)", Q(status__in=VALID_STATES)),
        "routed": ("已交办", Q(routed_on__isnull=False)),
        "answered": ("已答复", Q(answered_on__isnull=False)),
        "on_time": ("按期答复", Q(answered_on_time=True)),
        "resolved": ("已解决", Q(status=S.RESOLVED)),
        "supervised": ("列入督办", Q(escalated_on__isnull=False)),
        "overdue": ("超期未答复", Q(status=S.ROUTED, due_on__lt=today)),
        "open": ("办理中", Q(status__in=OPEN_STATES)),
    }


def _list_base() -> QuerySet[QuickReport]:
    return QuickReport.objects.select_related("category", "work_committee", "unit", "member").annotate(
        photo_count=Count("photos", filter=Q(photos__stage=QuickPhoto.Stage.REPORT))
    )


def in_year(qs: QuerySet[QuickReport], year: int) -> QuerySet[QuickReport]:
    if not YEAR_MIN <= year <= YEAR_MAX:
        return qs.none()
    start, end = year_bounds(year)
    return qs.filter(submitted_on__gte=start, submitted_on__lte=end)


# --- one report ----------------------------------------------------------------------------------
def report_get(*, user, pk: int) -> QuickReport:
    """The report if `user` may see it; else QuickReport.DoesNotExist (the view answers 404)."""
    report = QuickReport.objects.select_related(
        "category", "work_committee", "unit", "member", "submitted_by", "merged_into", "opinion"
    ).get(pk=pk)
    if not permissions.can_view(report, user):
        raise QuickReport.DoesNotExist
    return report


def report_parts(*, report: QuickReport) -> dict:
    photos = list(report.photos.all())
    return {
        "photos": [p for p in photos if p.stage == QuickPhoto.Stage.REPORT],
        "before_photos": [p for p in photos if p.stage == QuickPhoto.Stage.BEFORE],
        "after_photos": [p for p in photos if p.stage == QuickPhoto.Stage.AFTER],
        "events": list(QuickEvent.objects.filter(report=report).select_related("actor")),
    }


def report_similar(*, report: QuickReport, limit: int = SIMILAR_LIMIT) -> list[QuickReport]:
    """Open reports that may be the same problem: the same 镇街, or similar text (pg_trgm on
    PostgreSQL), most similar first. One query."""
    qs = (
        QuickReport.objects.exclude(pk=report.pk)
        .filter(status__in=OPEN_STATES)
        .select_related("work_committee", "unit")
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            qs.annotate(similarity=TrigramSimilarity("text", report.text[:500]))
            .filter(Q(similarity__gt=SIMILARITY_THRESHOLD) | Q(work_committee_id=report.work_committee_id))
            .order_by("-similarity", "-id")[:limit]
        )
    words = [report.text[i : i + 4] for i in range(0, max(len(report.text) - 3, 1), 3)][:6]
    cond = Q(work_committee_id=report.work_committee_id)
    for word in words:
        cond |= Q(text__icontains=word)
    return list(qs.filter(cond).order_by("-id")[:limit])


# --- lists ----------------------------------------------------------------------------------------
def reports_mine(*, user) -> QuerySet[QuickReport]:
    return _list_base().filter(submitted_by=user).order_by("-submitted_at", "-id")


def triage_queue(*, user) -> QuerySet[QuickReport]:
    """Waiting for triage: everything for staff (督办 included); a 镇街's staff their 镇街 only."""
    qs = _list_base()
    if permissions.is_staff(user):
        return qs.filter(status__in=(*TRIAGEABLE, S.SUPERVISING)).order_by("submitted_at", "id")
    return qs.filter(status__in=TRIAGEABLE, work_committee_id__in=permissions.scope_ids(user)).order_by(
        "submitted_at", "id"
    )


def unit_queue(*, user, show: str = "open") -> QuerySet[QuickReport]:
    """The reports routed to the user's unit: open ones (to answer) first by due date, or all."""
    qs = _list_base().filter(unit_id=user.handling_unit_id)
    if show == "all":
        return qs.order_by("-routed_on", "-id")
    return qs.filter(status=S.ROUTED).order_by("due_on", "id")


def register_queryset(*, user) -> QuerySet[QuickReport]:
    return _list_base().order_by("-submitted_at", "-id")


def supervision_list() -> QuerySet[QuickReport]:
    """督办: reports escalated (overdue long, or unresolved twice) and not yet finished."""
    return (
        _list_base().filter(escalated_on__isnull=False, status__in=OPEN_STATES).order_by("escalated_on", "id")
    )


def user_scope_names(*, user) -> list[str]:
    from members.models import WorkCommittee

    return list(
        WorkCommittee.objects.filter(pk__in=permissions.scope_ids(user)).values_list("name", flat=True)
    )


# --- statistics (figures, league) -----------------------------------------------------------------
STAT_FLAGS = ("valid", "routed", "answered", "on_time", "resolved", "supervised")


def quick_stats(*, year: int) -> dict[str, int]:
    """Counts of the year's reports (by submission date) for the figures: one query."""
    f = flags()
    counts = {"submitted": Count("pk")}
    counts.update({name: Count("pk", filter=f[name][1]) for name in STAT_FLAGS})
    counts.update({f"kind_{k}": Count("pk", filter=Q(kind=k)) for k in QuickKind.values})
    return in_year(QuickReport.objects.all(), year).aggregate(**counts)


def _grouped(year: int, field: str) -> list[dict]:
    f = flags()
    rows = (
        in_year(QuickReport.objects.filter(**{f"{field}__isnull": False}), year)
        .values(f"{field}_id", f"{field}__name", f"{field}__order")
        .annotate(
            submitted=Count("pk"),
            routed=Count("pk", filter=f["routed"][1]),
            answered=Count("pk", filter=f["answered"][1]),
            on_time=Count("pk", filter=f["on_time"][1]),
            resolved=Count("pk", filter=f["resolved"][1]),
            overdue=Count("pk", filter=f["overdue"][1]),
        )
        .order_by(f"{field}__order", f"{field}_id")
    )
    out = []
    for r in rows:
        base = r["routed"] or 0
        out.append(
            {
                "id": r[f"{field}_id"],
                "name": r[f"{field}__name"],
                "submitted": r["submitted"],
                "routed": r["routed"],
                "answered": r["answered"],
                "on_time": r["on_time"],
                "resolved": r["resolved"],
                "overdue": r["overdue"],
                "on_time_rate": round(100.0 * r["on_time"] / r["answered"], 1) if r["answered"] else None,
                "resolved_rate": round(100.0 * r["resolved"] / base, 1) if base else None,
            }
        )
    return out


def unit_league(*, year: int) -> list[dict]:
    """Per handling unit: reports routed to it (of the year), answered, on time, resolved, rates;
    best on-time rate first. One query."""
    rows = _grouped(year, "unit")
    return sorted(rows, key=lambda r: (-(r["on_time_rate"] or -1), -(r["resolved_rate"] or -1), -r["routed"]))


def counts_by_work_committee(*, year: int) -> list[dict]:
    return _grouped(year, "work_committee")


def counts_by_kind(*, year: int) -> list[dict]:
    stats = quick_stats(year=year)
    return [{"kind": k, "label": label, "count": stats[f"kind_{k}"]} for k, label in QuickKind.choices]


def is_leader(user) -> bool:
    return getattr(user, "role", None) == Role.LEADER

"""The queries behind the bodies' figures (members/bodies/figures.py registers them).

Each figure's count and its drill-down list come from one queryset (`figure_queryset`): the link
opens bodies:figure_rows, which lists exactly the rows counted. Only held activities count."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from .body import Body

COME_CONSULT = "come_consult"
GROUP = "机构与一村一委员"
BODY_TYPES = ("special", "work", "sector")


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _held_come_consult(year: int, body_types=BODY_TYPES) -> QuerySet:
    from consultations.models import Activity

    start, end = _year_range(year)
    return Activity.objects.held().filter(
        kind__code=COME_CONSULT, organiser_type__in=body_types, date__gte=start, date__lte=end
    )


def _visits(year: int) -> QuerySet:
    from .models import Visit

    start, end = _year_range(year)
    return Visit.objects.filter(date__gte=start, date__lte=end)


def _acted_items(year: int) -> QuerySet:
    from .models import HeardItem

    start, end = _year_range(year)
    return HeardItem.objects.filter(visit__date__gte=start, visit__date__lte=end).exclude(
        outcome=HeardItem.Outcome.PENDING
    )


# code -> (label, unit, description, queryset for a year)
DEFINITIONS = {
    "bodies.come_consult_grassroots": (
        "“请你来协商”(专委会、镇街工委、界别)",
        "场",
        "各专委会、镇街工委、界别举办(已举办)的“请你来协商”",
        lambda y: _held_come_consult(y),
    ),
    "bodies.come_consult_special": (
        "“请你来协商”(专委会)",
        "场",
        "各专委会举办(已举办)的“请你来协商”",
        lambda y: _held_come_consult(y, ("special",)),
    ),
    "bodies.come_consult_work": (
        "“请你来协商”(镇街工委)",
        "场",
        "各镇街工委举办(已举办)的“请你来协商”",
        lambda y: _held_come_consult(y, ("work",)),
    ),
    "bodies.come_consult_sector": (
        "“请你来协商”(界别)",
        "场",
        "各界别举办(已举办)的“请你来协商”",
        lambda y: _held_come_consult(y, ("sector",)),
    ),
    "bodies.village_visits": ("联村走访", "次", "委员到联系村走访的次数", _visits),
    "bodies.village_items_acted": (
        "走访所闻已处理",
        "件",
        "联村走访中听到并已处理(当场解决、转微建议、社情民意、荐题或提案)的事项",
        _acted_items,
    ),
}


def figure_queryset(code: str, year: int) -> QuerySet | None:
    definition = DEFINITIONS.get(code)
    return definition[3](year) if definition else None


def body_stats(*, year: int) -> dict:
    """Every bodies.* figure of a year (3 queries)."""
    start, end = _year_range(year)
    from consultations.models import Activity

    come = _held_come_consult(year).aggregate(
        grassroots=Count("id"),
        special=Count("id", filter=Q(organiser_type=Activity.OrganiserType.SPECIAL)),
        work=Count("id", filter=Q(organiser_type=Activity.OrganiserType.WORK)),
        sector=Count("id", filter=Q(organiser_type=Activity.OrganiserType.SECTOR)),
    )
    return {
        "come_consult_grassroots": come["grassroots"],
        "come_consult_special": come["special"],
        "come_consult_work": come["work"],
        "come_consult_sector": come["sector"],
        "village_visits": _visits(year).count(),
        "village_items_acted": _acted_items(year).count(),
    }


def body_figures(body: Body, *, year: int) -> dict:
    """One body's figures for a year, with the list links (2 queries)."""
    from consultations.models import Activity, Suggestion

    start, end = _year_range(year)
    activities = Activity.objects.filter(body.activity_q(), date__gte=start, date__lte=end).aggregate(
        held=Count("id", filter=Q(status=Activity.Status.HELD)),
        come_consult=Count("id", filter=Q(status=Activity.Status.HELD, kind__code=COME_CONSULT)),
        planned=Count("id", filter=Q(status__in=[Activity.Status.PLANNED, Activity.Status.POSTPONED])),
        cancelled=Count("id", filter=Q(status=Activity.Status.CANCELLED)),
    )
    activities["suggestions"] = Suggestion.objects.filter(
        body.activity_q("activity__"), activity__date__gte=start, activity__date__lte=end
    ).count()
    return activities


def body_figure_queryset(body: Body, key: str, year: int) -> QuerySet | None:
    from consultations.models import Activity, Suggestion

    start, end = _year_range(year)
    base = Activity.objects.filter(body.activity_q(), date__gte=start, date__lte=end)
    return {
        "held": lambda: base.held(),
        "come_consult": lambda: base.held().filter(kind__code=COME_CONSULT),
        "planned": lambda: base.filter(status__in=[Activity.Status.PLANNED, Activity.Status.POSTPONED]),
        "cancelled": lambda: base.filter(status=Activity.Status.CANCELLED),
        "suggestions": lambda: Suggestion.objects.filter(
            body.activity_q("activity__"), activity__date__gte=start, activity__date__lte=end
        ),
    }.get(key, lambda: None)()

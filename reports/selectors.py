"""Reads of reports/: the dashboard's data, the annual reports and their snapshots.

Everything about another app is read through that app's selectors (via the figure registry).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from . import conf
from .checks import literal_numbers, preissue_findings, section_literal_numbers
from .figures import SOURCES, FigureBook, figure_book, selector
from .models import AnnualReport, ReportSection, ReportSnapshot

DASHBOARD_HEADLINES: list[tuple[str, list[str]]] = [
    (
        "协商与监督",
        [
            "activities.total",
            "activities.major",
            "activities.come_consult_committee",
            "activities.come_consult_other",
            "activities.research_reports",
            "activities.oversight",
        ],
    ),
    (
        "提案",
        [
            "proposals.received",
            "proposals.accepted",
            "proposals.replied",
            "proposals.on_time_rate",
            "proposals.satisfaction_rate",
            "proposals.adopted",
        ],
    ),
    ("社情民意", ["opinions.collected", "opinions.adopted", "opinions.instructed"]),
    ("协商建议闭环", ["suggestions.total", "suggestions.advanced", "suggestions.landed_quickly"]),
    ("委员履职", ["members.active", "members.with_events", "members.average_score", "members.below_minimum"]),
]
COMPARE_CODES = [
    "activities.major",
    "proposals.accepted",
    "proposals.adopted",
    "opinions.collected",
    "activities.oversight",
    "suggestions.advanced",
]
PANEL_CODES = [
    "activities.major",
    "proposals.accepted",
    "proposals.satisfaction_rate",
    "opinions.collected",
    "suggestions.advanced",
]


def current_year() -> int:
    return timezone.localdate().year


def year_choices() -> list[int]:
    """Years offered by the year pickers: from the first demo term to this year."""
    return list(range(current_year(), 2016, -1))


def _delta(now, before):
    if now is None or before is None:
        return None
    return round(now - before, 1) if isinstance(now, float) or isinstance(before, float) else now - before


def headline_rows(*, book: FigureBook, previous: FigureBook, codes: list[str]) -> list[dict]:
    rows = []
    for code in codes:
        value, before = book[code], previous[code]
        rows.append({"now": value, "before": before, "delta": _delta(value.value, before.value)})
    return rows


def dashboard_data(*, year: int, request=None) -> dict:
    """Everything the leadership dashboard shows, in a constant number of queries: every source
    selector once for the year and once for the year before, plus the two overdue lists."""
    book = figure_book(year, request)
    previous = figure_book(year - 1, request)
    _prefill_two_years(book, previous)
    units = list(book.data.get("unit_league") or [])
    for u in units:
        u["on_time_rate"] = round(100.0 * u["on_time"] / u["replied"], 1) if u.get("replied") else None
        u["satisfaction_rate"] = round(100.0 * u["satisfied"] / u["rated"], 1) if u.get("rated") else None
    overdue_fn = selector_named("proposals.selectors", "proposals_overdue")
    open_fn = selector_named("consultations.selectors", "suggestions_open")
    member = book.data.get("member_stats") or {}
    activity = book.data.get("activity_stats") or {}
    return {
        "year": year,
        "book": book,
        "previous": previous,
        "groups": [
            (title, headline_rows(book=book, previous=previous, codes=codes))
            for title, codes in DASHBOARD_HEADLINES
        ],
        "units": units[: conf.DASHBOARD_UNIT_LIMIT],
        "overdue_proposals": overdue_fn(limit=conf.DASHBOARD_OVERDUE_LIMIT) if overdue_fn else [],
        "open_suggestions": open_fn(limit=conf.DASHBOARD_OVERDUE_LIMIT) if open_fn else [],
        "charts": {
            "categories": book.data.get("proposal_categories") or [],
            "proposer_types": book.data.get("proposal_proposer_types") or [],
            "activity_kinds": [{"name": k, "count": v} for k, v in (activity.get("by_kind") or {}).items()],
            "bands": [{"name": k, "count": v} for k, v in (member.get("bands") or {}).items()],
            "units": [
                {
                    "name": u["unit"],
                    "on_time_rate": u["on_time_rate"],
                    "satisfaction_rate": u["satisfaction_rate"],
                }
                for u in units[: conf.DASHBOARD_UNIT_LIMIT]
            ],
            "compare": [
                {"name": book[c].figure.label, "now": book[c].value, "before": previous[c].value}
                for c in COMPARE_CODES
            ],
        },
    }


# (source, module, multi-year selector): each returns {year: the source's value for that year}
TWO_YEAR_SOURCES = [
    ("proposal_stats", "proposals.selectors", "proposal_stats_years"),
    ("opinion_stats", "proposals.selectors", "opinion_stats_years"),
    ("activity_stats", "consultations.selectors", "activity_stats_years"),
    ("suggestion_stats", "consultations.selectors", "suggestion_stats_years"),
    ("member_stats", "members.selectors", "member_stats_years"),
]


def _prefill_two_years(book: FigureBook, previous: FigureBook) -> None:
    """Fill both years' source caches with one grouped query per source instead of one per source
    and year, and the category and proposer-type breakdowns from one query: the dashboard then
    makes the same small number of queries whatever the data. Values are the same dicts the
    one-year selectors return, shared between requests under the data version (cppcc/datacache.py)."""
    from importlib import import_module

    from . import figures as figures_module

    def registered(source: str, module, name: str) -> bool:
        # only when the registry still points at the app's own selector (tests may replace it)
        return module is not None and figures_module.selector(source) is getattr(
            module, SOURCES[source][1], None
        )

    years = [book.year, previous.year]
    for source, module_name, name in TWO_YEAR_SOURCES:
        if book.data.cached(source) and previous.data.cached(source):
            continue
        try:
            module = import_module(module_name)
        except ImportError:
            module = None
        fn = getattr(module, name, None)
        if fn is None or not registered(source, module, name):
            continue
        values = fn(years=years)
        book.data.store(source, values[book.year])
        previous.data.store(source, values[previous.year])
    try:
        proposals = import_module("proposals.selectors")
    except ImportError:
        return
    breakdowns = getattr(proposals, "proposal_breakdowns", None)
    if (
        breakdowns is not None
        and not (book.data.cached("proposal_categories") and book.data.cached("proposal_proposer_types"))
        and registered("proposal_categories", proposals, "")
        and registered("proposal_proposer_types", proposals, "")
    ):
        categories, types = breakdowns(year=book.year)
        book.data.store("proposal_categories", categories)
        book.data.store("proposal_proposer_types", types)


def selector_named(module: str, name: str):
    for source, (mod, fn) in SOURCES.items():
        if (mod, fn) == (module, name):
            return selector(source)
    from importlib import import_module

    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def panel_figures(*, year: int) -> list:
    book = FigureBook(year)
    return [book[c] for c in PANEL_CODES]


def report_list() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.order_by("-year")


def report_get(*, year: int) -> AnnualReport:
    return AnnualReport.objects.get(year=year)


def report_sections(*, report: AnnualReport) -> QuerySet[ReportSection]:
    return report.sections.order_by("order", "id")


def snapshot_list(*, report: AnnualReport) -> QuerySet[ReportSnapshot]:
    return report.snapshots.select_related("requested_by").order_by("-created_at", "-id")


def report_literal_numbers(*, report: AnnualReport) -> list[tuple[ReportSection, list[dict]]]:
    """Every literal number left in the narrative, by section, with whether staff confirmed it."""
    out = []
    for section in report_sections(report=report):
        numbers = section_literal_numbers(section)
        if numbers:
            out.append((section, numbers))
    return out


def section_numbers(
    *, section: ReportSection | None, heading: str, body: str, ticked: list[str] | None = None
) -> list[dict]:
    """The literal numbers of the text being edited; ticked as confirmed if staff ticked them
    (on a re-shown form) or confirmed them before."""
    confirmed = set(ticked if ticked is not None else (section.confirmed_numbers if section else []))
    return [n.as_json() | {"confirmed": n.key in confirmed} for n in literal_numbers(f"{heading}\n{body}")]


def report_preissue(*, report: AnnualReport, request=None) -> list:
    """The pre-issue findings on live figures (books shared with the rest of the page)."""
    return preissue_findings(
        report=report, book=figure_book(report.year, request), previous=figure_book(report.year - 1, request)
    )

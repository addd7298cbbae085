"""The figure registry: every number the portal quotes about a year, defined once.

Each figure has a code ("proposals.accepted"), a Chinese label, a unit, a one-line description
of what it counts, how it is computed from the other apps' selectors, and a link to the filtered
list behind it. The dashboard, the report placeholders ({{proposals.accepted}}), the Excel export
and the "where does this number come from" panel all read this registry.

Cost: each selector is called at most once per year (YearData caches its results), so all the
figures of a year take a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from cppcc import datacache
from cppcc.datacache import data_version

# source name -> (module, function). Each is called as fn(year=year) (or fn(limit=...) for lists).
SOURCES: dict[str, tuple[str, str]] = {
    "proposal_stats": ("proposals.selectors", "proposal_stats"),
    "proposal_participation": ("proposals.selectors", "proposal_participation"),
    "proposal_categories": ("proposals.selectors", "proposal_counts_by_category"),
    "proposal_proposer_types": ("proposals.selectors", "proposal_counts_by_proposer_type"),
    "unit_league": ("proposals.selectors", "unit_league"),
    "opinion_stats": ("proposals.selectors", "opinion_stats"),
    "activity_stats": ("consultations.selectors", "activity_stats"),
    "suggestion_stats": ("consultations.selectors", "suggestion_stats"),
    "member_stats": ("members.selectors", "member_stats"),
    "sector_ranking": ("members.selectors", "sector_ranking"),
    "work_committee_ranking": ("members.selectors", "work_committee_ranking"),
}


def selector(source: str) -> Callable[..., Any] | None:
    """The selector function behind a source, or None while its app does not provide it yet."""
    module_name, name = SOURCES[source]
    try:
        module = import_module(module_name)
    except ImportError:
        return None
    return getattr(module, name, None)


_UNREAD = object()


class YearData:
    """The raw selector results for one year, each fetched once on first use, and kept in the
    shared cache under the data version (cppcc/datacache.py), so the next request for the same
    data pays nothing and a request after any committed change recomputes."""

    def __init__(self, year: int) -> None:
        self.year = year
        self._cache: dict[str, Any] = {}
        self._version: Any = _UNREAD

    @property
    def version(self) -> int | None:
        if self._version is _UNREAD:
            self._version = data_version()
        return self._version

    def _shared(self) -> bool:
        # not while this transaction holds uncommitted data writes (their values must not be shared)
        return self.version is not None and not datacache.write_pending(connection)

    def _shared_key(self, source: str) -> str:
        return f"cppcc:figures:{self.version}:{self.year}:{source}"

    def cached(self, source: str) -> bool:
        """Whether `source` is known, taking it from the shared cache when it is there."""
        if source in self._cache:
            return True
        if not self._shared():
            return False
        value = datacache.data_cache().get(self._shared_key(source))
        if value is None:
            return False
        self._cache[source] = value
        return True

    def store(self, source: str, value: Any) -> None:
        self._cache[source] = value
        if value is not None and self._shared():
            datacache.data_cache().set(self._shared_key(source), value, datacache.TTL_SECONDS)

    def get(self, source: str) -> Any:
        if not self.cached(source):
            fn = selector(source)
            self.store(source, fn(year=self.year) if fn is not None else None)
        return self._cache[source]

    def available(self, source: str) -> bool:
        return self.get(source) is not None

    def key(self, source: str, key: str) -> Any:
        data = self.get(source)
        if not data:
            return None
        return data.get(key)


# --- how figures are computed and linked ---------------------------------------------------
def count(source: str, key: str) -> Callable[[YearData], int | None]:
    return lambda d: d.key(source, key)


def percent(source: str, numerator: tuple[str, ...], denominator: str) -> Callable[[YearData], float | None]:
    def compute(d: YearData) -> float | None:
        data = d.get(source)
        if not data:
            return None
        den = data.get(denominator) or 0
        if not den:
            return None
        return round(100.0 * sum(data.get(k) or 0 for k in numerator) / den, 1)

    return compute


def link(url_name: str, **params: Any) -> Callable[[int], str]:
    def build(year: int) -> str:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            return ""
        return url + "?" + urlencode({"year": year, **params})

    return build


# Figures whose rows have no list page of their own are listed by reports:figure_rows from a
# selector returning those rows: code -> (module, function), called as fn(year=year).
ROW_SOURCES: dict[str, tuple[str, str]] = {
    "activities.research_reports": ("consultations.selectors", "research_report_documents"),
}


def rows_link(code: str) -> Callable[[int], str]:
    def build(year: int) -> str:
        try:
            url = reverse("reports:figure_rows", args=[code])
        except NoReverseMatch:
            return ""
        return url + "?" + urlencode({"year": year})

    return build


def figure_rows(code: str, year: int):
    """The rows behind a figure listed by reports:figure_rows (None if it has no such source)."""
    if code not in ROW_SOURCES:
        return None
    module_name, name = ROW_SOURCES[code]
    fn = getattr(import_module(module_name), name, None)
    return fn(year=year) if fn is not None else None


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    unit: str
    description: str
    compute: Callable[[YearData], int | float | None]
    link: Callable[[int], str] | None = None
    group: str = ""

    @property
    def source(self) -> str:
        return self.code.split(".", 1)[0]


G_PROPOSALS, G_OPINIONS, G_ACTIVITIES, G_SUGGESTIONS, G_MEMBERS = (
    "提案",
    "社情民意",
    "协商与监督活动",
    "协商建议闭环",
    "委员履职",
)
REGISTER = "proposals:register"
OPINIONS = "proposals:opinion_list"
ACTIVITIES = "consultations:activity_list"
BOARD = "consultations:board"
RANKING = "members:ranking"

FIGURES: list[Figure] = [
    # proposals
    Figure(
        "proposals.received",
        "收到提案",
        "件",
        "本年度收到的全部提案(含大会提案和平时提案)",
        count("proposal_stats", "received"),
        link(REGISTER, figure="received"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.accepted",
        "立案",
        "件",
        "经提案委审查立案的提案(不含并案、不予立案)",
        count("proposal_stats", "accepted"),
        link(REGISTER, figure="accepted"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.merged",
        "并案",
        "件",
        "并入其他提案办理的提案",
        count("proposal_stats", "merged"),
        link(REGISTER, figure="merged"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.rejected",
        "不予立案",
        "件",
        "审查后不予立案的提案",
        count("proposal_stats", "rejected"),
        link(REGISTER, figure="rejected"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.acceptance_rate",
        "立案率",
        "%",
        "立案数 ÷ 收到提案数",
        percent("proposal_stats", ("accepted",), "received"),
        link(REGISTER, figure="accepted"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.replied",
        "已答复",
        "件",
        "承办单位已正式答复的立案提案",
        count("proposal_stats", "replied"),
        link(REGISTER, figure="replied"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.reply_rate",
        "办复率",
        "%",
        "已答复数 ÷ 立案数",
        percent("proposal_stats", ("replied",), "accepted"),
        link(REGISTER, figure="replied"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.replied_on_time",
        "按期答复",
        "件",
        "在办理期限内答复的提案",
        count("proposal_stats", "replied_on_time"),
        link(REGISTER, figure="replied_on_time"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.on_time_rate",
        "按期办复率",
        "%",
        "按期答复数 ÷ 已答复数",
        percent("proposal_stats", ("replied_on_time",), "replied"),
        link(REGISTER, figure="replied_on_time"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.rated",
        "已评价",
        "件",
        "提案人已对答复作出评价的提案",
        count("proposal_stats", "rated"),
        link(REGISTER, figure="rated"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.satisfied",
        "满意",
        "件",
        "提案人评价为“满意”的提案",
        count("proposal_stats", "satisfied"),
        link(REGISTER, figure="satisfied"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.basically_satisfied",
        "基本满意",
        "件",
        "提案人评价为“基本满意”的提案",
        count("proposal_stats", "basically_satisfied"),
        link(REGISTER, figure="basically_satisfied"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.unsatisfied",
        "不满意",
        "件",
        "提案人评价为“不满意”的提案",
        count("proposal_stats", "unsatisfied"),
        link(REGISTER, figure="unsatisfied"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.satisfaction_rate",
        "满意率",
        "%",
        "(满意 + 基本满意)÷ 已评价数",
        percent("proposal_stats", ("satisfied", "basically_satisfied"), "rated"),
        link(REGISTER, figure="satisfied"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.adopted",
        "提案建议被采纳",
        "件",
        "答复为A类(已解决或基本解决)或B类(部分解决或列入计划)的提案",
        count("proposal_stats", "adopted"),
        link(REGISTER, figure="adopted"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.adoption_rate",
        "采纳率",
        "%",
        "采纳数 ÷ 已答复数",
        percent("proposal_stats", ("adopted",), "replied"),
        link(REGISTER, figure="adopted"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.class_a",
        "A类答复",
        "件",
        "答复为A类:已经解决或基本解决",
        count("proposal_stats", "class_a"),
        link(REGISTER, figure="class_a"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.class_b",
        "B类答复",
        "件",
        "答复为B类:部分解决或已列入计划解决",
        count("proposal_stats", "class_b"),
        link(REGISTER, figure="class_b"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.class_c",
        "C类答复",
        "件",
        "答复为C类:因受条件限制留作参考",
        count("proposal_stats", "class_c"),
        link(REGISTER, figure="class_c"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.key",
        "重点提案",
        "件",
        "主席会议确定的重点提案",
        count("proposal_stats", "key"),
        link(REGISTER, figure="key"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.excellent",
        "优秀提案",
        "件",
        "年终评选的优秀提案",
        count("proposal_stats", "excellent"),
        link(REGISTER, figure="excellent"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.overdue",
        "逾期未答复",
        "件",
        "已超过办理期限仍未答复的提案",
        count("proposal_stats", "overdue"),
        link(REGISTER, figure="overdue"),
        G_PROPOSALS,
    ),
    Figure(
        "proposals.members_proposed",
        "提出提案的委员",
        "人",
        "本年度领衔或联名提出提案的委员人数",
        count("proposal_participation", "members_proposed"),
        None,
        G_PROPOSALS,
    ),
    Figure(
        "proposals.participation_rate",
        "委员提案参与率",
        "%",
        "提出提案的委员数 ÷ 委员总数",
        percent("proposal_participation", ("members_proposed",), "members_total"),
        None,
        G_PROPOSALS,
    ),
    # public-opinion information
    Figure(
        "opinions.collected",
        "收集社情民意信息",
        "条",
        "本年度收到的社情民意信息",
        count("opinion_stats", "collected"),
        link(OPINIONS, figure="collected"),
        G_OPINIONS,
    ),
    Figure(
        "opinions.compiled",
        "编报社情民意",
        "条",
        "编入《社情民意》刊物的信息",
        count("opinion_stats", "compiled"),
        link(OPINIONS, figure="compiled"),
        G_OPINIONS,
    ),
    Figure(
        "opinions.reported",
        "报送社情民意",
        "条",
        "报送市委市政府或上级政协的信息",
        count("opinion_stats", "reported"),
        link(OPINIONS, figure="reported"),
        G_OPINIONS,
    ),
    Figure(
        "opinions.adopted",
        "社情民意被采用",
        "条",
        "被各级采用的信息(市、省、全国)",
        count("opinion_stats", "adopted"),
        link(OPINIONS, figure="adopted"),
        G_OPINIONS,
    ),
    Figure(
        "opinions.adopted_city",
        "被市级采用",
        "条",
        "被市委、市政府采用的信息",
        count("opinion_stats", "adopted_city"),
        link(OPINIONS, figure="adopted_city"),
        G_OPINIONS,
    ),
    Figure(
        "opinions.adopted_province",
        "被省级采用",
        "条",
        "被省级采用的信息",
        count("opinion_stats", "adopted_province"),
        link(OPINIONS, figure="adopted_province"),
        G_OPINIONS,
    ),
    Figure(
        "opinions.adopted_national",
        "被全国采用",
        "条",
        "被全国政协等采用的信息",
        count("opinion_stats", "adopted_national"),
        link(OPINIONS, figure="adopted_national"),
        G_OPINIONS,
    ),
    Figure(
        "opinions.instructed",
        "获领导批示",
        "条",
        "获得领导批示的社情民意信息",
        count("opinion_stats", "instructed"),
        link(OPINIONS, figure="instructed"),
        G_OPINIONS,
    ),
    # consultation and oversight activities
    Figure(
        "activities.total",
        "协商监督活动",
        "次",
        "本年度开展的各类视察、调研、协商、民主监督活动",
        count("activity_stats", "activities"),
        link(ACTIVITIES, figure="activities"),
        G_ACTIVITIES,
    ),
    Figure(
        "activities.major",
        "重大视察协商活动",
        "次",
        "标记为重大的视察、协商活动",
        count("activity_stats", "major"),
        link(ACTIVITIES, figure="major"),
        G_ACTIVITIES,
    ),
    Figure(
        "activities.come_consult_committee",
        "“请你来协商”(市政协)",
        "场",
        "市政协主办的“请你来协商”活动",
        count("activity_stats", "come_consult_committee"),
        link(ACTIVITIES, figure="come_consult_committee"),
        G_ACTIVITIES,
    ),
    Figure(
        "activities.come_consult_other",
        "“请你来协商”(专委会、镇街、界别)",
        "场",
        "各专委会、镇街工委、界别主办的“请你来协商”活动",
        count("activity_stats", "come_consult_other"),
        link(ACTIVITIES, figure="come_consult_other"),
        G_ACTIVITIES,
    ),
    Figure(
        "activities.research_reports",
        "调研报告",
        "件",
        "报送的各类调研报告",
        count("activity_stats", "research_reports"),
        rows_link("activities.research_reports"),
        G_ACTIVITIES,
    ),
    Figure(
        "activities.oversight",
        "民主监督活动",
        "次",
        "开展的民主监督活动(视察调研、协商座谈、听取通报等形式)",
        count("activity_stats", "oversight"),
        link(ACTIVITIES, figure="oversight"),
        G_ACTIVITIES,
    ),
    Figure(
        "activities.inspections",
        "视察",
        "次",
        "开展的视察活动",
        count("activity_stats", "inspections"),
        link(ACTIVITIES, figure="inspections"),
        G_ACTIVITIES,
    ),
    Figure(
        "activities.surveys",
        "调研",
        "次",
        "开展的调研活动",
        count("activity_stats", "surveys"),
        link(ACTIVITIES, figure="surveys"),
        G_ACTIVITIES,
    ),
    Figure(
        "activities.consultations",
        "协商活动",
        "次",
        "开展的各类协商活动",
        count("activity_stats", "consultations"),
        link(ACTIVITIES, figure="consultations"),
        G_ACTIVITIES,
    ),
    # suggestions (closed loop)
    Figure(
        "suggestions.total",
        "协商建议",
        "条",
        "协商、视察、调研形成并跟踪的建议",
        count("suggestion_stats", "total"),
        link(BOARD, figure="total"),
        G_SUGGESTIONS,
    ),
    Figure(
        "suggestions.advanced",
        "协商建议得到推进",
        "条",
        "已落实、部分落实或正在推进的建议",
        count("suggestion_stats", "advanced"),
        link(BOARD, figure="advanced"),
        G_SUGGESTIONS,
    ),
    Figure(
        "suggestions.landed_quickly",
        "建议快速落地",
        "项",
        "标记为快速落地的建议",
        count("suggestion_stats", "landed_quickly"),
        link(BOARD, figure="landed_quickly"),
        G_SUGGESTIONS,
    ),
    Figure(
        "suggestions.implemented",
        "已落实",
        "条",
        "状态为已落实的建议",
        count("suggestion_stats", "implemented"),
        link(BOARD, figure="implemented"),
        G_SUGGESTIONS,
    ),
    Figure(
        "suggestions.partially",
        "部分落实",
        "条",
        "状态为部分落实的建议",
        count("suggestion_stats", "partially"),
        link(BOARD, figure="partially"),
        G_SUGGESTIONS,
    ),
    Figure(
        "suggestions.in_progress",
        "推进中",
        "条",
        "状态为推进中的建议",
        count("suggestion_stats", "in_progress"),
        link(BOARD, figure="in_progress"),
        G_SUGGESTIONS,
    ),
    Figure(
        "suggestions.not_adopted",
        "未采纳",
        "条",
        "状态为未采纳的建议",
        count("suggestion_stats", "not_adopted"),
        link(BOARD, figure="not_adopted"),
        G_SUGGESTIONS,
    ),
    Figure(
        "suggestions.instructed",
        "获领导批示",
        "条",
        "获得领导批示的建议",
        count("suggestion_stats", "instructed"),
        link(BOARD, figure="instructed"),
        G_SUGGESTIONS,
    ),
    Figure(
        "suggestions.overdue",
        "逾期未反馈",
        "条",
        "超过期限未反馈进展的建议",
        count("suggestion_stats", "overdue"),
        link(BOARD, figure="overdue"),
        G_SUGGESTIONS,
    ),
    # members
    Figure(
        "members.active",
        "在册委员",
        "人",
        "本年度在册的委员",
        count("member_stats", "active"),
        link(RANKING),
        G_MEMBERS,
    ),
    Figure(
        "members.with_events",
        "有履职记录的委员",
        "人",
        "本年度至少有一条履职记录的委员",
        count("member_stats", "with_events"),
        link(RANKING, with_events=1),
        G_MEMBERS,
    ),
    Figure(
        "members.average_score",
        "平均履职得分",
        "分",
        "在册委员本年度履职得分的平均值",
        count("member_stats", "average_score"),
        link(RANKING),
        G_MEMBERS,
    ),
    Figure(
        "members.below_minimum",
        "未达最低履职要求",
        "人",
        "未达到年度最低履职要求(提案、社情民意、活动)的委员",
        count("member_stats", "below_minimum"),
        link("members:below_minimum"),
        G_MEMBERS,
    ),
]


def _collect_app_figures() -> None:
    """Apps added later (quick reports, meetings, …) declare their figures in <app>/figures.py:
    `SOURCES` (source name -> (module, function)), `FIGURES` (a list of Figure) and, for rows
    without a list page of their own, `ROW_SOURCES` (code -> (module, function) returning the
    rows, linked with rows_link(code)); they join the registry here, after its own. Every
    figure's link must open exactly the rows it counts (tests/reports/test_drilldown.py)."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name == __package__:
            continue
        try:
            module = import_module(f"{config.name}.figures")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.figures":
                raise
            continue
        SOURCES.update(getattr(module, "SOURCES", {}))
        ROW_SOURCES.update(getattr(module, "ROW_SOURCES", {}))
        FIGURES.extend(getattr(module, "FIGURES", []))


_collect_app_figures()
REGISTRY: dict[str, Figure] = {f.code: f for f in FIGURES}
assert len(REGISTRY) == len(FIGURES), "duplicate figure code"


def figure(code: str) -> Figure:
    return REGISTRY[code]


# --- values --------------------------------------------------------------------------------
def format_value(value: int | float | None, unit: str = "") -> str:
    """How a value is written in text: integers plainly, rates and averages with one decimal."""
    if value is None:
        return "—"
    if isinstance(value, float) or unit in ("%", "分"):
        return f"{float(value):.1f}"
    return str(value)


@dataclass(frozen=True)
class FigureValue:
    figure: Figure
    value: int | float | None
    url: str

    @property
    def code(self) -> str:
        return self.figure.code

    @property
    def display(self) -> str:
        return format_value(self.value, self.figure.unit)

    def as_json(self) -> dict:
        f = self.figure
        return {
            "code": f.code,
            "label": f.label,
            "unit": f.unit,
            "description": f.description,
            "value": self.value,
            "display": self.display,
            "url": self.url,
        }


class FigureBook:
    """All figures of a year, computed from one YearData (each selector called at most once)."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.data = YearData(year)
        self._values: dict[str, FigureValue] = {}

    def __getitem__(self, code: str) -> FigureValue:
        if code not in self._values:
            f = REGISTRY[code]
            value = f.compute(self.data)
            if value is not None and not isinstance(value, int | float):
                value = float(value)  # Decimal averages
            self._values[code] = FigureValue(f, value, f.link(self.year) if f.link else "")
        return self._values[code]

    def get(self, code: str) -> FigureValue | None:
        return self[code] if code in REGISTRY else None

    def all(self) -> list[FigureValue]:
        return [self[f.code] for f in FIGURES]

    def groups(self) -> list[tuple[str, list[FigureValue]]]:
        out: dict[str, list[FigureValue]] = {}
        for value in self.all():
            out.setdefault(value.figure.group, []).append(value)
        return list(out.items())

    def as_json(self) -> dict[str, dict]:
        return {v.code: v.as_json() for v in self.all()}


def figure_book(year: int, request=None) -> FigureBook:
    """The figures of a year, cached on the request so a page computing them twice pays once."""
    if request is None:
        return FigureBook(year)
    books = request.__dict__.setdefault("_report_figure_books", {})
    if year not in books:
        books[year] = FigureBook(year)
    return books[year]


# --- placeholders in narrative text ------------------------------------------------------
PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}|\[\[\s*([^\[\]\s]+)\s*\]\]")


def placeholders_in(text: str) -> list[str]:
    """The figure codes a text refers to, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in PLACEHOLDER_RE.finditer(text or ""):
        seen.setdefault(match.group(1) or match.group(2), None)
    return list(seen)


def unknown_placeholders(text: str) -> list[str]:
    return [code for code in placeholders_in(text) if code not in REGISTRY]


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder by its displayed value (values: code -> text)."""

    def replace(match: re.Match) -> str:
        code = match.group(1) or match.group(2)
        return values.get(code, match.group(0))

    return PLACEHOLDER_RE.sub(replace, text or "")

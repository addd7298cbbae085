"""Checks on the narrative of an annual report: what is refused on save (malformed or unknown
placeholders, markup) and what must be confirmed before issuing (the pre-issue check).

Pure reads: the services call these and decide; nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from members.models import Plenary, Term, chinese_numeral

from . import conf
from .figures import PLACEHOLDER_RE, REGISTRY, FigureBook, placeholders_in
from .models import AnnualReport

# --- refused on save -----------------------------------------------------------------------
# Anything that looks like a placeholder: runs of { or [[ with a code, and stray closers.
_BRACE_RUN_RE = re.compile(r"(?:\{+|\[\[+)\s*[^{}\[\]\s]*\s*(?:\}+|\]+)?|\}+|\]\]+")
TAG_RE = re.compile(r"</?[A-Za-z!][^<>]*>")


def malformed_placeholders(text: str) -> list[str]:
    """Fragments that look like a placeholder but are not exactly {{code}} or [[code]]:
    "{{proposals.accepted}", "{proposals.accepted}", "{{proposals.accepted}}}", a stray "}}" …"""
    found: list[str] = []
    for match in _BRACE_RUN_RE.finditer(text or ""):
        fragment = match.group(0)
        if PLACEHOLDER_RE.fullmatch(fragment.strip()):
            continue
        if fragment not in found:
            found.append(fragment)
    return found


def markup_in(text: str) -> list[str]:
    """HTML-like tags typed into the narrative (<i>, <script>, </p> …): the narrative is plain
    text, and a tag would print as typed, so it is refused instead."""
    return list(dict.fromkeys(TAG_RE.findall(text or "")))


def narrative_errors(*texts: str) -> list[str]:
    """Chinese messages for everything that stops a text from being saved."""
    malformed: list[str] = []
    unknown: list[str] = []
    markup: list[str] = []
    for text in texts:
        malformed += [f for f in malformed_placeholders(text) if f not in malformed]
        unknown += [c for c in placeholders_in(text) if c not in REGISTRY and c not in unknown]
        markup += [t for t in markup_in(text) if t not in markup]
    errors = []
    if malformed:
        errors.append(
            "占位符格式有误:"
            + "、".join(f"“{f}”" for f in malformed)
            + "。数据占位符须写成两对花括号包住指标代码,如 {{proposals.accepted}}。"
        )
    if unknown:
        names = "、".join(f"{{{{{c}}}}}" for c in unknown)
        errors.append(
            f"未知的数据占位符:{names}。请在右侧“数据来源”列表中选择已登记的指标代码(共 {len(REGISTRY)} 项)。"
        )
    if markup:
        errors.append(
            "正文为纯文本(每段一行),不支持HTML标记:"
            + "、".join(f"“{t}”" for t in markup)
            + "。请删去这些标记。"
        )
    return errors


# --- literal numbers -----------------------------------------------------------------------
# A number typed as text: Arabic digits (3, 3.5, 1,000, 95%) outside placeholders. Dates and
# ordinals (2020年, 1月20日, 第5次) are words of the text, not figures.
_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9_.])(\d+(?:[.,]\d+)*)(%|％)?")
_DATE_AFTER = ("年", "月", "日", "号")


@dataclass(frozen=True)
class LiteralNumber:
    key: str  # the number with the words after it ("180个具体问题"), stable while they stay
    number: str
    context: str  # a little text either side, for the list staff read

    def as_json(self) -> dict:
        return asdict(self)


def literal_numbers(text: str) -> list[LiteralNumber]:
    masked = PLACEHOLDER_RE.sub(lambda m: "\ue000" * len(m.group(0)), text or "")
    found: dict[str, LiteralNumber] = {}
    for match in _NUMBER_RE.finditer(masked):
        number = match.group(0)
        start, end = match.start(), match.end()
        following = masked[end : end + 6]
        if following[:1] in _DATE_AFTER or masked[max(0, start - 1) : start] == "第":
            continue
        words = re.split(r"[\s\d，。；：,.;:!?！？、（）()“”\ue000]", following, maxsplit=1)[0]
        key = number + words
        if key in found:
            continue
        context = text[max(0, start - 10) : end + 10].replace("\n", " ")
        found[key] = LiteralNumber(key=key, number=number, context=context)
    return list(found.values())


def section_literal_numbers(section) -> list[dict]:
    """The literal numbers of a section (heading and body), each with whether it is confirmed."""
    confirmed = set(section.confirmed_numbers or [])
    return [
        n.as_json() | {"confirmed": n.key in confirmed}
        for n in literal_numbers(f"{section.heading}\n{section.body}")
    ]


# --- the pre-issue check -------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    key: str  # stable: the same finding has the same key on the confirmation form
    kind: str  # zero / far / heading_year / heading_term / unchanged / literal
    message: str

    def as_json(self) -> dict:
        return asdict(self)


KIND_LABELS = {
    "zero": "数据为零",
    "far": "与上年差异大",
    "heading_year": "标题年份不符",
    "heading_term": "届次不符",
    "unchanged": "与上年文稿相同",
    "literal": "文字数字未核对",
}

CN_DIGITS = "零一二三四五六七八九"


def _cn_to_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)
    if len(text) == 1 and text in CN_DIGITS:
        return CN_DIGITS.index(text)
    return None


_TERM_RE = re.compile(r"第([一二三四五六七八九十\d]{1,3})届")
_SESSION_RE = re.compile(r"第([一二三四五六七八九十\d]{1,3})次会议")
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?=年)")


def expected_term_and_session(year: int) -> tuple[int | None, int | None]:
    """The 届 serving when the report on `year` is delivered (at the plenary early in year+1),
    and that plenary's 次, from the members' calendar; None where it is not recorded."""
    plenary = Plenary.objects.filter(year=year + 1).select_related("term").order_by("opens_on").first()
    if plenary is not None:
        return plenary.term.number, plenary.number
    term = (
        Term.objects.filter(start_date__year__lte=year + 1, end_date__year__gte=year + 1)
        .order_by("-number")
        .first()
    )
    return (term.number if term else None), None


def preissue_findings(*, report: AnnualReport, book: FigureBook, previous: FigureBook) -> list[Finding]:
    """What staff must look at before the report is issued: figures the text quotes that are 0
    or far from last year's, headings whose year or 届/次 does not fit the report, sections
    unchanged from last year's report, and literal numbers nobody confirmed."""
    findings: list[Finding] = []
    sections = list(report.sections.all())
    texts = [report.title, report.occasion] + [f"{s.heading}\n{s.body}" for s in sections]
    used = list(dict.fromkeys(c for t in texts for c in placeholders_in(t) if c in REGISTRY))

    for code in used:
        now, before = book[code], previous[code]
        label = f"{now.figure.label}({{{{{code}}}}})"
        if not now.value:
            findings.append(Finding(f"zero:{code}", "zero", f"{label}为{now.display},请核实数据是否已录入。"))
        elif before.value and (
            now.value > before.value * conf.PREISSUE_FAR_FACTOR
            or now.value * conf.PREISSUE_FAR_FACTOR < before.value
        ):
            findings.append(
                Finding(
                    f"far:{code}",
                    "far",
                    f"{label}今年为{now.display}{now.figure.unit},上年为{before.display}{before.figure.unit},差异较大。",
                )
            )

    term, session = expected_term_and_session(report.year)
    for where, text in [("标题", report.title), ("会议说明", report.occasion)] + [
        (f"章节“{s.heading}”", s.heading) for s in sections if s.heading
    ]:
        for match in _YEAR_RE.finditer(text):
            shown = int(match.group(1))
            if shown not in (report.year, report.year + 1) and not (
                where == "会议说明" and shown == report.year + 1
            ):
                findings.append(
                    Finding(
                        f"heading_year:{where}:{shown}",
                        "heading_year",
                        f"{where}中的“{shown}年”与报告年度{report.year}年不符(应为{report.year}年回顾或{report.year + 1}年任务)。",
                    )
                )
        if term is not None:
            for match in _TERM_RE.finditer(text):
                if _cn_to_int(match.group(1)) not in (term, None):
                    findings.append(
                        Finding(
                            f"heading_term:{where}:{match.group(0)}",
                            "heading_term",
                            f"{where}中的“{match.group(0)}”与{report.year + 1}年大会时的届次(第{chinese_numeral(term)}届)不符。",
                        )
                    )
        if session is not None:
            for match in _SESSION_RE.finditer(text):
                if _cn_to_int(match.group(1)) not in (session, None):
                    findings.append(
                        Finding(
                            f"heading_term:{where}:{match.group(0)}",
                            "heading_term",
                            f"{where}中的“{match.group(0)}”与{report.year + 1}年大会的会次(第{chinese_numeral(session)}次会议)不符。",
                        )
                    )

    last = AnnualReport.objects.filter(year=report.year - 1).first()
    if last is not None:
        last_bodies = {s.body.strip() for s in last.sections.all() if s.body.strip()}
        for number, s in enumerate(sections, start=1):
            if s.body.strip() and s.body.strip() in last_bodies:
                name = s.heading or s.body.strip()[:16] + "…"
                findings.append(
                    Finding(
                        f"unchanged:{s.pk}",
                        "unchanged",
                        f"第{number}节“{name}”的正文与{last.year}年度报告完全相同,请更新。",
                    )
                )

    for s in sections:
        for n in section_literal_numbers(s):
            if not n["confirmed"]:
                findings.append(
                    Finding(
                        f"literal:{s.pk}:{n['key']}",
                        "literal",
                        f"文字数字“{n['key']}”(…{n['context']}…)未核对:有数据时请改用占位符,否则在章节编辑页确认。",
                    )
                )
    return findings

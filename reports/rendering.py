"""Turning an AnnualReport into typeset HTML and a PDF (WeasyPrint), after GB/T 9704-2012.

The same HTML serves the browser preview and the PDF; charts are SVG drawn here in Python so the
PDF needs no JavaScript. Every <svg> names its CJK font family, or WeasyPrint would fall back to a
face with Japanese glyph forms.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.template.loader import render_to_string

from . import conf
from .figures import REGISTRY, FigureBook, fill, format_value, placeholders_in
from .models import AnnualReport
from .typography import balanced_lines, normalise_punctuation

SVG_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'SimHei', sans-serif"
# WeasyPrint logs every layout step at INFO; keep the worker log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class FontMissing(Exception):
    """A face of the report is not installed: refuse to produce a PDF in a fallback face."""


@dataclass(frozen=True)
class Face:
    """One typeface role of GB/T 9704. `file` faces are loaded by file from conf.FONT_DIR
    (@font-face, under `family`); the others are found by fontconfig under `family`."""

    role: str
    family: str
    package: str
    file: str = ""


FACES = {
    "body": Face(
        "正文 仿宋",
        "CPPCC FangSong",
        "texlive-lang-chinese(由 .ci/report-fonts 提取)",
        "FandolFang-Regular.otf",
    ),
    "title": Face(
        "标题 小标宋(粗宋)",
        "CPPCC XiaoBiaoSong",
        "texlive-lang-chinese(由 .ci/report-fonts 提取)",
        "FandolSong-Bold.otf",
    ),
    "song": Face(
        "页码 宋体", "CPPCC Song", "texlive-lang-chinese(由 .ci/report-fonts 提取)", "FandolSong-Regular.otf"
    ),
    "hei": Face("一级标题 黑体", "Noto Sans CJK SC", "fonts-noto-cjk"),
    "kai": Face("二级标题 楷体", "AR PL KaitiM GB", "fonts-arphic-gkai00mp"),
}


def cjk_font_families() -> list[str]:
    """The Chinese font families fontconfig knows (`fc-list :lang=zh family`)."""
    if shutil.which("fc-list") is None:
        return []
    result = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30)
    families: list[str] = []
    for line in result.stdout.splitlines():
        families += [name.strip() for name in line.split(",") if name.strip()]
    return families


def font_path(face: Face) -> Path:
    return Path(conf.FONT_DIR) / face.file


def missing_faces() -> list[Face]:
    families: set[str] | None = None
    missing = []
    for face in FACES.values():
        if face.file:
            if not font_path(face).is_file():
                missing.append(face)
            continue
        if families is None:
            families = set(cjk_font_families())
        if face.family not in families:
            missing.append(face)
    return missing


def check_fonts() -> None:
    """Every face the report uses must be there, or no PDF: a fallback face is not a 仿宋."""
    missing = missing_faces()
    if missing:
        packages = list(dict.fromkeys(f.package for f in missing))
        roles = "、".join(f"{f.role}({f.file or f.family})" for f in missing)
        raise FontMissing(
            f"服务器缺少工作报告所需的字体:{roles},无法按公文格式生成PDF。"
            f"请系统管理员安装 Debian 软件包 {'、'.join(packages)}"
            "(运行项目的 bash .ci/system-deps 即可,仿宋与标题字体由 .ci/report-fonts 提取到 "
            f"{conf.FONT_DIR}),然后重试。"
        )


def font_face_css() -> str:
    """@font-face rules for the faces loaded by file (absolute file URLs)."""
    rules = []
    for face in FACES.values():
        if face.file:
            rules.append(
                f'@font-face {{ font-family: "{face.family}"; font-weight: normal; font-style: normal; '
                f'src: url("{font_path(face).as_uri()}"); }}'
            )
    return "\n".join(rules)


# --- narrative -----------------------------------------------------------------------------
RUN_IN_END = "。:!?;：！？；"


@dataclass
class Block:
    level: int
    heading: str
    paragraphs: list[str]
    anchor: str

    @property
    def run_in(self) -> str:
        """A level-2 heading is set run-in at the start of its first paragraph, as in the seed."""
        if not self.heading:
            return ""
        return self.heading if self.heading[-1] in RUN_IN_END else self.heading + "。"


def paragraphs_of(text: str) -> list[str]:
    """The narrative syntax: plain text, one paragraph a line. Nothing is markup: whatever is
    typed (even "<i>") is printed as typed, escaped the same way on screen and in the PDF."""
    return [line.strip() for line in re.split(r"\n+", text or "") if line.strip()]


def typeset(text: str, values: dict[str, str]) -> str:
    """Punctuation made full-width in Chinese text, then the placeholders filled."""
    return fill(normalise_punctuation(text), values)


def report_blocks(report: AnnualReport, values: dict[str, str]) -> list[Block]:
    blocks = []
    for index, section in enumerate(report.sections.all(), start=1):
        blocks.append(
            Block(
                level=section.level,
                heading=typeset(section.heading, values),
                paragraphs=[typeset(p, values) for p in paragraphs_of(section.body)],
                anchor=f"s{index}",
            )
        )
    return blocks


def used_codes(report: AnnualReport) -> list[str]:
    codes: dict[str, None] = {}
    for text in [report.title, report.occasion] + [s.heading + "\n" + s.body for s in report.sections.all()]:
        for code in placeholders_in(text):
            if code in REGISTRY:
                codes.setdefault(code, None)
    return list(codes)


# --- SVG charts ----------------------------------------------------------------------------
def bar_chart_svg(title: str, rows: list[tuple[str, float]], unit: str = "", width: int = 560) -> str:
    """A horizontal bar chart as an SVG string (labels left, values right of the bars)."""
    rows = [(str(label), float(value or 0)) for label, value in rows]
    bar_h, gap, top, label_w, value_w = 18, 8, 34, 170, 60
    height = top + len(rows) * (bar_h + gap) + 10
    peak = max((v for _, v in rows), default=0) or 1
    span = width - label_w - value_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{SVG_FONT}" role="img" aria-label="{escape(title)}">',
        f'<text x="{width / 2}" y="18" font-size="14" text-anchor="middle" font-family="{SVG_FONT}">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = span * value / peak
        shown = format_value(value if unit in ("%", "分") else int(value), unit)
        parts += [
            f'<text x="{label_w - 6}" y="{y + 13}" font-size="11" text-anchor="end" font-family="{SVG_FONT}">{escape(label[:14])}</text>',
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#b22222"/>',
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="11" font-family="{SVG_FONT}">{shown}{escape(unit)}</text>',
        ]
    if not rows:
        parts.append(
            f'<text x="{width / 2}" y="{top + 10}" font-size="11" text-anchor="middle" font-family="{SVG_FONT}">暂无数据</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def report_tables(book: FigureBook) -> dict:
    data = book.data
    categories = data.get("proposal_categories") or []
    proposer_types = data.get("proposal_proposer_types") or []
    units = data.get("unit_league") or []
    activities = data.key("activity_stats", "by_kind") or {}
    return {
        "categories": categories,
        "proposer_types": proposer_types,
        "units": units,
        "activity_kinds": sorted(activities.items(), key=lambda kv: -kv[1]),
    }


def report_charts(tables: dict) -> list[str]:
    charts = []
    if tables["categories"]:
        charts.append(
            bar_chart_svg("提案分类统计(件)", [(r["name"], r["count"]) for r in tables["categories"]])
        )
    if tables["activity_kinds"]:
        charts.append(bar_chart_svg("协商监督活动分类统计(次)", tables["activity_kinds"]))
    return charts


# --- the whole report ----------------------------------------------------------------------
@dataclass
class Rendered:
    html: str
    text: str
    figures: dict
    pdf: bytes = b""
    blocks: list[Block] = field(default_factory=list)


HEADLINE_CODES = [
    "activities.major",
    "activities.come_consult_committee",
    "activities.come_consult_other",
    "activities.research_reports",
    "activities.oversight",
    "proposals.received",
    "proposals.accepted",
    "proposals.replied",
    "proposals.reply_rate",
    "proposals.satisfaction_rate",
    "proposals.adopted",
    "opinions.collected",
    "opinions.adopted",
    "suggestions.advanced",
    "suggestions.landed_quickly",
]


# Characters per line in the type area (156 mm): the title at 22 pt, the occasion at 16 pt.
TITLE_CHARS, OCCASION_CHARS = 20, 27


@dataclass(frozen=True)
class Options:
    """What besides the report itself goes into the document. The plenary version is the report
    alone (body from page "— 1 —"); an internal statistical annex adds the table of contents and
    the appendix of tables and charts."""

    toc: bool = False
    appendix: bool = False

    def as_json(self) -> dict:
        return {"toc": self.toc, "appendix": self.appendix}


def report_context(*, report: AnnualReport, book: FigureBook, options: Options | None = None) -> dict:
    options = options or Options()
    used = used_codes(report)
    values = {code: book[code].display for code in used}
    blocks = report_blocks(report, values)
    title = typeset(report.title, values)
    occasion = typeset(report.occasion, values)
    ctx = {
        "report": report,
        "options": options,
        "title": " ".join(balanced_lines(title, TITLE_CHARS)),
        "title_lines": [(line, len(line) <= TITLE_CHARS) for line in balanced_lines(title, TITLE_CHARS)],
        "occasion": occasion,
        "occasion_lines": [
            (line, len(line) <= OCCASION_CHARS) for line in balanced_lines(occasion, OCCASION_CHARS)
        ],
        "speaker": normalise_punctuation(report.speaker),
        "salutation": normalise_punctuation(report.salutation),
        "blocks": blocks,
        "toc": [b for b in blocks if b.heading and b.level in (0, 1)] if options.toc else [],
        "used": [book[c] for c in used],
        "year": report.year,
        "font_css": font_face_css(),
    }
    if options.appendix:
        tables = report_tables(book)
        table_codes = list(dict.fromkeys(used + HEADLINE_CODES))
        ctx |= {
            "figure_rows": [book[c] for c in table_codes],
            "tables": tables,
            "charts": report_charts(tables),
        }
    return ctx


def report_text(ctx: dict) -> str:
    lines = [
        "".join(line for line, _ in ctx["title_lines"]),
        ctx["occasion"],
        ctx["speaker"],
        ctx["salutation"],
    ]
    for block in ctx["blocks"]:
        if block.heading and block.level != 2:
            lines.append(block.heading)
        for i, p in enumerate(block.paragraphs):
            lines.append((block.run_in if block.level == 2 and i == 0 else "") + p)
        if block.level == 2 and not block.paragraphs and block.heading:
            lines.append(block.heading)
    return "\n".join(line for line in lines if line)


def render_report(
    *,
    report: AnnualReport,
    pdf: bool = False,
    book: FigureBook | None = None,
    options: Options | None = None,
) -> Rendered:
    """The report with every placeholder filled from the registry; with pdf=True also the PDF."""
    if pdf:
        check_fonts()
    book = book or FigureBook(report.year)
    options = options or Options()
    ctx = report_context(report=report, book=book, options=options)
    html = render_to_string("reports/pdf.html", ctx)
    figures = {
        "year": report.year,
        "used": [v.code for v in ctx["used"]],
        "values": book.as_json(),
        "options": options.as_json(),
    }
    if options.appendix:
        tables = ctx["tables"]
        figures["tables"] = {k: v for k, v in tables.items() if k != "activity_kinds"} | {
            "activity_kinds": [list(kv) for kv in tables["activity_kinds"]]
        }
    rendered = Rendered(html=html, text=report_text(ctx), figures=figures, blocks=ctx["blocks"])
    if pdf:
        from weasyprint import HTML

        rendered.pdf = HTML(string=html).write_pdf()
    return rendered

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

from django.template.loader import render_to_string

from . import conf
from .figures import REGISTRY, FigureBook, fill, format_value, placeholders_in
from .models import AnnualReport

SVG_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'SimHei', sans-serif"
FONT_PACKAGE = "fonts-noto-cjk"
# WeasyPrint logs every layout step at INFO; keep the worker log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class FontMissing(Exception):
    """No Chinese font: refuse to produce a PDF of empty boxes."""


def cjk_font_families() -> list[str]:
    """The Chinese font families fontconfig knows (`fc-list :lang=zh family`)."""
    if shutil.which("fc-list") is None:
        return []
    result = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30)
    families: list[str] = []
    for line in result.stdout.splitlines():
        families += [name.strip() for name in line.split(",") if name.strip()]
    return families


def check_fonts() -> None:
    available = set(cjk_font_families())
    if not available & set(conf.CJK_FONT_FAMILIES):
        raise FontMissing(
            "服务器未安装中文字体,无法生成PDF(否则中文将显示为空白方框)。"
            f"请系统管理员安装 Debian 软件包 {FONT_PACKAGE}(apt-get install {FONT_PACKAGE}),"
            "如需楷体可另装 fonts-arphic-gkai00mp,然后重试。"
        )


# --- narrative -----------------------------------------------------------------------------
RUN_IN_END = "。:!?;"


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
    return [line.strip() for line in re.split(r"\n+", text or "") if line.strip()]


def report_blocks(report: AnnualReport, values: dict[str, str]) -> list[Block]:
    blocks = []
    for index, section in enumerate(report.sections.all(), start=1):
        blocks.append(
            Block(
                level=section.level,
                heading=fill(section.heading, values),
                paragraphs=[fill(p, values) for p in paragraphs_of(section.body)],
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


def report_context(*, report: AnnualReport, book: FigureBook) -> dict:
    used = used_codes(report)
    values = {code: book[code].display for code in used}
    blocks = report_blocks(report, values)
    tables = report_tables(book)
    table_codes = list(dict.fromkeys(used + HEADLINE_CODES))
    return {
        "report": report,
        "title": fill(report.title, values),
        "occasion": fill(report.occasion, values),
        "blocks": blocks,
        "toc": [b for b in blocks if b.heading and b.level in (0, 1)],
        "figure_rows": [book[c] for c in table_codes],
        "used": [book[c] for c in used],
        "tables": tables,
        "charts": report_charts(tables),
        "year": report.year,
    }


def report_text(ctx: dict) -> str:
    lines = [ctx["title"], ctx["occasion"], ctx["report"].speaker, ctx["report"].salutation]
    for block in ctx["blocks"]:
        if block.heading and block.level != 2:
            lines.append(block.heading)
        for i, p in enumerate(block.paragraphs):
            lines.append((block.run_in if block.level == 2 and i == 0 else "") + p)
        if block.level == 2 and not block.paragraphs and block.heading:
            lines.append(block.heading)
    return "\n".join(line for line in lines if line)


def render_report(*, report: AnnualReport, pdf: bool = False, book: FigureBook | None = None) -> Rendered:
    """The report with every placeholder filled from the registry; with pdf=True also the PDF."""
    if pdf:
        check_fonts()
    book = book or FigureBook(report.year)
    ctx = report_context(report=report, book=book)
    html = render_to_string("reports/pdf.html", ctx)
    figures = {
        "year": report.year,
        "used": [v.code for v in ctx["used"]],
        "values": book.as_json(),
        "tables": {k: v for k, v in ctx["tables"].items() if k != "activity_kinds"}
        | {"activity_kinds": [list(kv) for kv in ctx["tables"]["activity_kinds"]]},
    }
    rendered = Rendered(html=html, text=report_text(ctx), figures=figures, blocks=ctx["blocks"])
    if pdf:
        from weasyprint import HTML

        rendered.pdf = HTML(string=html).write_pdf()
    return rendered

"""The year's statistics as an Excel workbook, from the same registry as everything else."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .figures import FigureBook

BOLD = Font(bold=True)


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        ws.append(row)
    for column, width in zip("ABCDEFGH", (28, 14, 12, 12, 12, 12, 60, 40), strict=False):
        ws.column_dimensions[column].width = width


def statistics_workbook(*, book: FigureBook) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        "主要指标",
        ["分组", "指标", "代码", "数值", "单位", "统计口径"],
        [
            [v.figure.group, v.figure.label, v.code, v.value, v.figure.unit, v.figure.description]
            for v in book.all()
        ],
    )
    data = book.data
    _sheet(
        wb,
        "提案分类",
        ["类别", "立案件数"],
        [[r["name"], r["count"]] for r in data.get("proposal_categories") or []],
    )
    _sheet(
        wb,
        "提案者类型",
        ["提案者类型", "立案件数"],
        [[r["name"], r["count"]] for r in data.get("proposal_proposer_types") or []],
    )
    _sheet(
        wb,
        "承办单位",
        ["承办单位", "交办", "已答复", "按期答复", "已评价", "满意(含基本满意)"],
        [
            [u["unit"], u["assigned"], u["replied"], u["on_time"], u["rated"], u["satisfied"]]
            for u in data.get("unit_league") or []
        ],
    )
    by_kind = data.key("activity_stats", "by_kind") or {}
    _sheet(wb, "活动分类", ["活动类型", "次数"], [[k, v] for k, v in by_kind.items()])
    wb.properties.title = f"{book.year}年度政协工作统计"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""Reading and writing roster spreadsheets. Every cell is written as text, and text that starts
with = + - @ is marked as a literal (quote prefix), so no value can become a formula in Excel and
an exported file re-imports unchanged."""

from __future__ import annotations

import io

import tablib
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from .resources import COLUMNS, MemberResource

FORMULA_PREFIXES = ("=", "+", "-", "@")
TEMPLATE_NOTES = [
    ("姓名", "必填"),
    ("性别", "必填:男 / 女"),
    ("身份证号", "必填,18位;用于识别委员,同一文件内不能重复;已在系统中的委员将被更新"),
    ("出生日期", "如 1975-05-01"),
    ("界别", "必填,须与系统中的界别名称一致"),
    ("专委会", "可填多个,用顿号「、」分隔,如:提案委员会、经济委员会"),
    ("镇街工委", "须与系统中的镇街名称一致,如:稠城街道"),
    ("联系村", "所属镇街工委下的村(社区)名称"),
    ("政协职务", "主席 / 副主席 / 秘书长 / 常委 / 委员,留空为委员"),
    ("届次", "如:十三届、十四届"),
    ("在任", "是 / 否,留空为是"),
]


def _workbook(rows: list[list], title: str = "委员名册") -> tuple[Workbook, object]:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            value = "" if value is None else str(value)
            cell.value = value
            cell.data_type = "s"  # text, never a formula or a number (ID numbers keep all 18 digits)
            if value.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True
    for c, header in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = (
            22 if header in ("身份证号", "工作单位", "专委会") else 12
        )
    ws.freeze_panes = "A2"
    return wb, ws


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def roster_export_xlsx(*, queryset) -> bytes:
    """The members of `queryset` as a roster sheet with the import template's headers."""
    qs = queryset.select_related("sector", "work_committee", "village__work_committee").prefetch_related(
        "special_committees", "terms"
    )
    dataset = MemberResource().export(queryset=qs)
    wb, _ws = _workbook([list(row) for row in dataset])
    return _save(wb)


def roster_template_xlsx() -> bytes:
    wb, _ws = _workbook([])
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "说明"])
    for row in TEMPLATE_NOTES:
        notes.append(list(row))
    notes.column_dimensions["B"].width = 70
    return _save(wb)


def roster_dataset(data: bytes) -> tablib.Dataset:
    """The first sheet of an uploaded .xlsx as a dataset (blank lines dropped)."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValidationError("无法读取该文件,请上传 Excel(.xlsx)格式的名册。") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        headers = [("" if h is None else str(h).strip()) for h in next(rows)]
    except StopIteration:
        raise ValidationError("文件是空的。") from None
    while headers and not headers[-1]:
        headers.pop()
    dataset = tablib.Dataset(headers=headers)
    dataset.excel_rows = []  # the sheet's row number of each dataset row (blank lines are dropped)
    for number, row in enumerate(rows, start=2):
        values = list(row[: len(headers)]) + [None] * (len(headers) - len(row))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        dataset.append(values)
        dataset.excel_rows.append(number)
    wb.close()
    return dataset

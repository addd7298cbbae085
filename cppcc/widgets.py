"""The portal's own widgets. `DateInput`: a date is typed and shown as 2026-11-30 whatever the
browser's language (an <input type="date"> shows the browser's locale, e.g. 11/30/2026)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django import forms

DATE_PLACEHOLDER = "2026-11-30"
# 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日 (single-digit month/day too), 20261130
_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def normalize_date_text(text: str) -> str:
    """The typed text as Y-m-d when it reads as a real date in one of the accepted forms;
    otherwise the text unchanged (stripped), so the field says it is not a date and shows it back."""
    text = unicodedata.normalize("NFKC", text or "").strip()  # full-width digits and ／ －
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if not match:
        return text
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return text


class DateInput(forms.DateInput):
    """A text input for a date: numeric keyboard, placeholder and pattern of 2026-11-30, accepts
    the forms of `normalize_date_text` and always renders Y-m-d. Beside it a small calendar button
    opens the browser's own picker (static/js/date-input.js; without it the text input still works)."""

    template_name = "cppcc/widgets/date.html"
    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {k: v for k, v in (attrs or {}).items() if k != "type"}
        base = {
            "inputmode": "numeric",
            "placeholder": DATE_PLACEHOLDER,
            "autocomplete": "off",
            "pattern": r"\s*\d{4}\s*(?:[\-\/.年]\s*\d{1,2}\s*[\-\/.月]\s*\d{1,2}\s*日?|\d{4})\s*",
            "title": "请按 2026-11-30 的格式填写日期",
            "maxlength": "20",
        }
        super().__init__(attrs={**base, **attrs}, format="%Y-%m-%d")

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_date_text(value) if isinstance(value, str) else value

    def format_value(self, value):
        if isinstance(value, str):
            value = normalize_date_text(value)
        return super().format_value(value)

"""Parsing what users (and scanners) put in URLs: one helper for every query parameter and path
argument that is a year or an id. Garbage never reaches the database or `datetime`: a filter
value that does not parse or is out of range is ignored (the default), a path argument that is
out of range is a 404."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404
from django.utils import timezone

YEAR_MIN, YEAR_MAX = 2000, 2100  # the portal's records: a year outside is nobody's
ID_MAX = 2**63 - 1  # bigint primary keys
INT32_MAX = 2**31 - 1


def int_param(
    value, default: int | None = None, *, min_value: int = 0, max_value: int = INT32_MAX
) -> int | None:
    """An integer from a query string, or `default` when missing, not a number or out of range."""
    if value is None:
        return default
    text = str(value).strip()
    if not text or len(text) > 20:
        return default
    try:
        number = int(text)
    except ValueError:
        return default
    return number if min_value <= number <= max_value else default


def id_param(value) -> int | None:
    """A primary key from a query string (1 … bigint max), or None."""
    return int_param(value, None, min_value=1, max_value=ID_MAX)


def id_list(values: Iterable) -> list[int]:
    """The valid ids of a list parameter (`ids=1&ids=abc` -> [1])."""
    return [n for n in (id_param(v) for v in values) if n is not None]


def year_param(value, default: int | None = None) -> int | None:
    """A year from a query string; missing or implausible -> `default`."""
    return int_param(value, default, min_value=YEAR_MIN, max_value=YEAR_MAX)


def this_year() -> int:
    return timezone.localdate().year


def year_or_404(year: int) -> int:
    """A year taken from the path (`<int:year>`): outside the portal's years there is nothing."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404("没有这一年的记录。")
    return year

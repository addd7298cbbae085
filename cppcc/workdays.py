"""The one 工作日 (working-day) calendar of the portal.

Deadlines that a rule states in 工作日 ("5个工作日内答复") are counted on China's official calendar,
with its 调休 swaps (a weekend day made a working day around 春节 and 国庆), not Monday–Friday:

1. a `cppcc.WorkdayOverride` row for the day, if there is one (admin-editable; for years the
   library does not know yet, or a local change);
2. else the `chinesecalendar` package (import chinese_calendar), which carries the State Council's
   published holidays and 调休 days;
3. else (a year neither knows) Monday–Friday.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


def _library_is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package has no data for
        return day.weekday() < 5


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    from .models import WorkdayOverride

    return dict(
        WorkdayOverride.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday")
    )


def is_workday(day: dt.date) -> bool:
    """Whether `day` is a working day (one query for the override table)."""
    override = _overrides(day, day).get(day)
    return _library_is_workday(day) if override is None else override


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (`day` itself is not counted): a report routed on a
    Wednesday with 5 工作日 is due the next Wednesday in an ordinary week. n = 0 gives `day` itself.
    Negative n counts backwards. One query for the overrides, whatever n."""
    if n == 0:
        return day
    step = ONE_DAY if n > 0 else -ONE_DAY
    # the longest Chinese holiday run is 8 days, so 3n + 30 calendar days nearly always suffice;
    # past the window the next one is loaded
    span = dt.timedelta(days=3 * abs(n) + 30)
    left, current = abs(n), day
    lo = hi = day
    overrides: dict[dt.date, bool] = {}
    while left:
        current += step
        if not lo <= current <= hi:
            lo, hi = (current, current + span) if n > 0 else (current - span, current)
            overrides = _overrides(lo, hi)
        override = overrides.get(current)
        if _library_is_workday(current) if override is None else override:
            left -= 1
    return current


def workdays_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count, current = 0, start
    while current < end:
        current += ONE_DAY
        override = overrides.get(current)
        count += _library_is_workday(current) if override is None else override
    return count

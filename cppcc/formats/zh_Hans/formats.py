"""Dates of the portal's pages and forms in Simplified Chinese: 2026-11-30 (Django's zh_Hans would
show 2026年11月30日). Printed documents (提案表, 纪要, the annual report) name their 年月日 format in
their templates and keep it."""

DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "m月j日"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# what a date field accepts (cppcc.widgets.DateInput turns these into the first one before parsing)
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-30
    "%Y/%m/%d",  # 2026/11/30
    "%Y.%m.%d",  # 2026.11.30
    "%Y%m%d",  # 20261130
    "%Y年%m月%d日",  # 2026年11月30日
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
]
# numbers as Django's zh_Hans has them
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ""
NUMBER_GROUPING = 4

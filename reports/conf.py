"""Plain thresholds of reports/, overridable in settings."""

import os

from django.conf import settings

# How many overdue items the dashboard lists.
DASHBOARD_OVERDUE_LIMIT = getattr(settings, "REPORTS_DASHBOARD_OVERDUE_LIMIT", 10)
# How many handling units the dashboard league table shows (the Excel export has all).
DASHBOARD_UNIT_LIMIT = getattr(settings, "REPORTS_DASHBOARD_UNIT_LIMIT", 15)
# Where .ci/report-fonts puts the Fandol faces (仿宋 body, heavy 宋 title, 宋 page numbers).
FONT_DIR = getattr(
    settings, "REPORTS_FONT_DIR", os.environ.get("REPORTS_FONT_DIR", "/usr/local/share/fonts/cppcc-fandol")
)
# Pre-issue check: a figure "far from last year's" differs by more than this factor (×2 or ÷2).
PREISSUE_FAR_FACTOR = getattr(settings, "REPORTS_PREISSUE_FAR_FACTOR", 2.0)

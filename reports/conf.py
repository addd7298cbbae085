"""Plain thresholds of reports/, overridable in settings."""

from django.conf import settings

# How many overdue items the dashboard lists.
DASHBOARD_OVERDUE_LIMIT = getattr(settings, "REPORTS_DASHBOARD_OVERDUE_LIMIT", 10)
# How many handling units the dashboard league table shows (the Excel export has all).
DASHBOARD_UNIT_LIMIT = getattr(settings, "REPORTS_DASHBOARD_UNIT_LIMIT", 15)
# Font families accepted as a CJK face for the PDF (checked with `fc-list :lang=zh family`).
CJK_FONT_FAMILIES = getattr(
    settings, "REPORTS_CJK_FONT_FAMILIES", ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL KaitiM GB")
)

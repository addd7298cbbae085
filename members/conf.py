"""Plain thresholds of members/ (overridable in settings; the point values, bands and minimums
are admin-edited tables, see DutyRule, ScoreBand and DutyMinimum)."""

from django.conf import settings

# Kinds of duty event staff may enter by hand (the others come from proposals/consultations).
MANUAL_DUTY_KINDS = getattr(
    settings,
    "MEMBERS_MANUAL_DUTY_KINDS",
    (
        "plenary_attend",
        "plenary_leave",
        "plenary_absent",
        "speech",
        "training",
        "countryside",
        "village_visit",
        "online_duty",
        "activity_attend",
        "other",
    ),
)
# Largest roster file accepted, in rows.
ROSTER_MAX_ROWS = getattr(settings, "MEMBERS_ROSTER_MAX_ROWS", 20000)
# Members per page in the directory and ranking lists.
MEMBERS_PAGE_SIZE = getattr(settings, "MEMBERS_PAGE_SIZE", 50)

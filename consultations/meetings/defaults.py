"""Defaults loaded by data migration (meetings/migrations/0002); editable in admin afterwards."""

# (code, name, is_plenary, default scope, attend rule, leave rule, absent rule)
MEETING_KINDS = [
    ("plenary", "全体会议", True, "all", "plenary_attend", "plenary_leave", "plenary_absent"),
    ("standing", "常委会会议", False, "standing", "meeting_attend", "meeting_leave", "meeting_absent"),
    ("chairs", "主席会议", False, "chairs", "meeting_attend", "meeting_leave", "meeting_absent"),
    ("secretaries", "秘书长会议", False, "secretary", "meeting_attend", "meeting_leave", "meeting_absent"),
    ("other", "其他会议", False, "none", "meeting_attend", "meeting_leave", "meeting_absent"),
]

# Duty rules the non-plenary meetings count (members.DutyRule: code, name, points, yearly cap).
# The plenary uses the existing plenary_* rules (per half-day); selected speeches use "speech".
DUTY_RULES = [
    ("meeting_attend", "出席常委会会议、主席会议等(每场次)", "5", None),
    ("meeting_leave", "会议请假", "0", None),
    ("meeting_absent", "会议无故缺席", "-5", None),
]

PLENARY = "plenary"
STANDING = "standing"
CHAIRS = "chairs"

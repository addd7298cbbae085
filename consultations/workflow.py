"""The closed loop of a consultation suggestion, as one table (domain notes: 协商建议闭环).

待交办 --assign(staff)--> 已交办 --report_*(unit, staff)--> 推进中 / 已落实 / 部分落实 / 未采纳
   --close(staff)--> 已办结 --reopen(staff, with reason)--> 推进中
回头看 (schedule_review, record_review), 批示 (instruct) and 快速落地 (mark_quick) do not change
the status; they are allowed in any state before closing and are recorded on the timeline.
"""

from cppcc.workflow import StateMachine, Transition
from members.models import Role

from .models import SuggestionStatus as S

OPEN = (S.PENDING, S.ASSIGNED, S.IN_PROGRESS, S.IMPLEMENTED, S.PARTIAL, S.NOT_ADOPTED)
HANDLING = (S.ASSIGNED, S.IN_PROGRESS, S.IMPLEMENTED, S.PARTIAL, S.NOT_ADOPTED)
REPORTED = (S.IN_PROGRESS, S.IMPLEMENTED, S.PARTIAL, S.NOT_ADOPTED)

TRANSITIONS = [
    Transition("assign", "交办", S.PENDING, S.ASSIGNED, "staff"),
    Transition("reassign", "调整交办", HANDLING, None, "staff"),
    Transition("report_progress", "反馈:推进中", HANDLING, S.IN_PROGRESS, ("unit", "staff")),
    Transition("report_implemented", "反馈:已落实", HANDLING, S.IMPLEMENTED, ("unit", "staff")),
    Transition("report_partial", "反馈:部分落实", HANDLING, S.PARTIAL, ("unit", "staff")),
    Transition(
        "report_not_adopted", "反馈:未采纳", HANDLING, S.NOT_ADOPTED, ("unit", "staff"), needs_note=True
    ),
    Transition("schedule_review", "安排回头看", HANDLING, None, "staff"),
    Transition("record_review", "记录回头看", HANDLING, None, "staff"),
    Transition("instruct", "录入批示", OPEN, None, ("leader", "staff")),
    Transition("mark_quick", "标记快速落地", OPEN, None, "staff"),
    Transition("close", "办结", REPORTED, S.CLOSED, "staff", style="success"),
    Transition("reopen", "重新办理", S.CLOSED, S.IN_PROGRESS, "staff", style="warning", needs_note=True),
]

REPORT_ACTIONS = {
    "in_progress": "report_progress",
    "implemented": "report_implemented",
    "partial": "report_partial",
    "not_adopted": "report_not_adopted",
}


def relations(suggestion, user) -> set[str]:
    """How the user stands to this suggestion: staff, leader, or the responsible unit."""
    if not user.is_authenticated:
        return set()
    found = set()
    if user.is_superuser or user.role in (Role.STAFF, Role.ADMIN):
        found.add("staff")
    if user.role == Role.LEADER:
        found.add("leader")
    if user.role == Role.UNIT and suggestion.unit_id and user.handling_unit_id == suggestion.unit_id:
        found.add("unit")
    return found


suggestion_machine = StateMachine(states=S, transitions=TRANSITIONS, relations=relations)

"""The closed loop of a consultation suggestion, as one table (domain notes: 协商建议闭环).

待交办 --assign(staff)--> 已交办 --report_*(unit, staff)--> 推进中 / 已落实 / 部分落实 / 未采纳
   --close(staff)--> 已办结 --reopen(staff, with reason)--> 推进中
回头看 (schedule_review, record_review), 批示 (instruct) and 快速落地 (mark_quick) do not change
the status; they are allowed in any state before closing and are recorded on the timeline.
"""

from cppcc.workflow import StateMachine, Transition
from members.models import Role
from members.permissions import is_staff

from .models import SuggestionEvent
from .models import SuggestionStatus as S

OPEN = (S.PENDING, S.ASSIGNED, S.IN_PROGRESS, S.IMPLEMENTED, S.PARTIAL, S.NOT_ADOPTED)
HANDLING = (S.ASSIGNED, S.IN_PROGRESS, S.IMPLEMENTED, S.PARTIAL, S.NOT_ADOPTED)
REPORTED = (S.IN_PROGRESS, S.IMPLEMENTED, S.PARTIAL, S.NOT_ADOPTED)

F = "consultations.forms."
SV = "consultations.services."


def _has_open_review(suggestion) -> bool:
    return suggestion.reviews.filter(done_date__isnull=True).exists()


# One row per action: states, actors, and the form / service / message the page uses.
# fmt: off
TRANSITIONS = [
    Transition("assign", "交办", S.PENDING, S.ASSIGNED, "staff",
               form=F + "AssignForm", service=SV + "suggestion_assign"),
    Transition("reassign", "调整交办", HANDLING, None, "staff",
               form=F + "AssignForm", service=SV + "suggestion_assign", success="已调整交办。"),
    # one form (反馈落实情况) reports any of the four outcomes; suggestion_report picks the row
    Transition("report_progress", "反馈:推进中", HANDLING, S.IN_PROGRESS, ("unit", "staff"),
               form=F + "ReportForm", service=SV + "suggestion_report", prompt="反馈落实情况",
               success="落实情况已反馈。"),
    Transition("report_implemented", "反馈:已落实", HANDLING, S.IMPLEMENTED, ("unit", "staff"), offered=False),
    Transition("report_partial", "反馈:部分落实", HANDLING, S.PARTIAL, ("unit", "staff"), offered=False),
    Transition("report_not_adopted", "反馈:未采纳", HANDLING, S.NOT_ADOPTED, ("unit", "staff"), needs_note=True,
               offered=False),
    Transition("schedule_review", "安排回头看", HANDLING, None, "staff", style="outline-primary",
               form=F + "ReviewScheduleForm", service=SV + "review_schedule", success="回头看已安排。"),
    Transition("record_review", "记录回头看", HANDLING, None, "staff", style="outline-primary",
               form=F + "ReviewRecordForm", service=SV + "review_record", offered=_has_open_review,
               prompt="保存回头看情况", success="回头看情况已记录。"),
    Transition("request_instruction", "报请领导批示", OPEN, None, "staff", style="outline-danger",
               form="members.forms.InstructionRequestForm", service=SV + "suggestion_request_instruction",
               success="已报请领导批示,领导会收到提醒。"),
    Transition("instruct", "录入批示", OPEN, None, ("leader", "staff"), style="outline-danger",
               form=F + "InstructionForm", service=SV + "suggestion_instruct", success="批示已录入。"),
    Transition("mark_quick", "标记快速落地", OPEN, None, "staff", style="outline-success",
               service=SV + "suggestion_mark_quick", params={"value": True},
               offered=lambda s: not s.landed_quickly),
    Transition("unmark_quick", "取消快速落地标记", OPEN, None, "staff", style="outline-secondary",
               service=SV + "suggestion_mark_quick", params={"value": False},
               offered=lambda s: s.landed_quickly),
    Transition("close", "办结", REPORTED, S.CLOSED, "staff", style="success",
               form=F + "CloseForm", service=SV + "suggestion_close"),
    Transition("reopen", "重新办理", S.CLOSED, S.IN_PROGRESS, "staff", style="warning", needs_note=True,
               form=F + "ReopenForm", service=SV + "suggestion_reopen"),
]
# fmt: on

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
    if is_staff(user):
        found.add("staff")
    if user.role == Role.LEADER:
        found.add("leader")
    if user.role == Role.UNIT and suggestion.unit_id and user.handling_unit_id == suggestion.unit_id:
        found.add("unit")
    return found


suggestion_machine = StateMachine(
    states=S, transitions=TRANSITIONS, relations=relations, event_model=SuggestionEvent
)

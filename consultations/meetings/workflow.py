"""The states of a meeting and who may move it: staff mark it held (举行) or cancel it."""

from cppcc.workflow import StateMachine, Transition
from members.permissions import is_staff

from .models import Meeting

S = Meeting.Status


def relations(meeting, user) -> set[str]:
    return {"staff"} if is_staff(user) else set()


meeting_machine = StateMachine(
    states=S,
    transitions=[
        Transition("hold", "会议已举行(结束全部签到)", S.PLANNED, S.HELD, "staff"),
        Transition("cancel", "取消会议", S.PLANNED, S.CANCELLED, "staff", style="danger", needs_note=True),
        Transition("reopen", "恢复筹备", (S.HELD, S.CANCELLED), S.PLANNED, "staff", style="secondary"),
    ],
    relations=relations,
)

"""The workflow of a quick report (微建议 / 随手拍 / 群众诉求). Check it against docs/quickreports.md:

已提交 → 审核分拨中 → 已交办 → 已答复 → 已解决
   │          │           │  ├→ 申请延期 (once; stays 已交办, later due date)
   │          │           │  └→ 非本单位职责 → 审核分拨中
   │          │           └── 已答复 → 未解决 → 已交办 (once) → 已答复 → 未解决 → 督办中
   │          ├→ 合并 (duplicate) / 转社情民意 / 建议提案 / 关闭 (with a reason)
   └──────────┘                                   督办中 → 重新交办 → 已交办, or 关闭
"""

from __future__ import annotations

from cppcc.workflow import StateMachine, Transition
from members.models import Role

from .models import QuickStatus

S = QuickStatus
TRIAGEABLE = (S.SUBMITTED, S.TRIAGE)

QUICK_TRANSITIONS = [
    Transition("start_triage", "开始审核", S.SUBMITTED, S.TRIAGE, "triager", style="secondary"),
    Transition("route", "交办承办单位", TRIAGEABLE, S.ROUTED, "triager"),
    Transition("merge", "合并重复", TRIAGEABLE, S.MERGED, "triager", style="warning"),
    Transition("to_opinion", "转社情民意", TRIAGEABLE, S.OPINION, "staff", style="outline-primary"),
    Transition("invite_proposal", "建议撰写提案", TRIAGEABLE, S.PROPOSAL, "staff", style="outline-primary"),
    Transition("close", "关闭", (S.SUBMITTED, S.TRIAGE, S.SUPERVISING), S.CLOSED, "triager", "danger", True),
    Transition("extend", "申请延期", S.ROUTED, None, "unit", style="secondary", needs_note=True),
    Transition("refuse", "非本单位职责,退回", S.ROUTED, S.TRIAGE, "unit", style="danger", needs_note=True),
    Transition("answer", "答复", S.ROUTED, S.ANSWERED, "unit", style="success"),
    Transition("resolved", "已解决", S.ANSWERED, S.RESOLVED, "reporter", style="success"),
    Transition("unresolved", "未解决", S.ANSWERED, S.ROUTED, "reporter", style="danger"),
    # the second 未解决: chosen by the service (quick_confirm), never offered as its own button
    Transition("unresolved_escalate", "未解决(转督办)", S.ANSWERED, S.SUPERVISING, "reporter", "danger"),
    Transition("reassign", "督办重新交办", S.SUPERVISING, S.ROUTED, "staff"),
]
HIDDEN_ACTIONS = {"unresolved_escalate"}


def quick_relations(report, user) -> set[str]:
    """How `user` stands to `report`: staff, triager (staff or the 镇街's own triage staff),
    reporter (who submitted it), unit (users of the unit it is routed to), leader."""
    from .models import TriageScope

    if not getattr(user, "is_authenticated", False):
        return set()
    rel: set[str] = set()
    if user.is_superuser or user.role in (Role.STAFF, Role.ADMIN):
        rel |= {"staff", "triager"}
    elif TriageScope.objects.filter(user_id=user.pk, work_committee_id=report.work_committee_id).exists():
        rel.add("triager")
    if user.role == Role.LEADER:
        rel.add("leader")
    if report.submitted_by_id == user.pk:
        rel.add("reporter")
    if user.role == Role.UNIT and user.handling_unit_id and user.handling_unit_id == report.unit_id:
        rel.add("unit")
    return rel


quick_machine = StateMachine(states=QuickStatus, transitions=QUICK_TRANSITIONS, relations=quick_relations)

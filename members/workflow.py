"""The self-report (述职) workflow: 草稿 → 已提交 → 已审阅, with 退回修改 back to 草稿.

| from      | action | to        | who                          |
|-----------|--------|-----------|------------------------------|
| 草稿      | submit | 已提交    | the member (owner)           |
| 已提交    | return | 草稿      | committee staff (note needed)|
| 已提交    | review | 已审阅    | committee staff              |
"""

from cppcc.workflow import StateMachine, Transition

from . import permissions
from .models import SelfReport

S = SelfReport.Status


def self_report_relations(report: SelfReport, user) -> set[str]:
    relations: set[str] = set()
    if not user.is_authenticated:
        return relations
    if permissions.is_staff(user):
        relations.add("staff")
    if report.member.user_id is not None and report.member.user_id == user.pk:
        relations.add("owner")
    return relations


SELF_REPORT_FLOW = StateMachine(
    states=S,
    transitions=[
        Transition("submit", "提交述职", S.DRAFT, S.SUBMITTED, "owner"),
        Transition("return", "退回修改", S.SUBMITTED, S.DRAFT, "staff", style="warning", needs_note=True),
        Transition("review", "审阅通过", S.SUBMITTED, S.REVIEWED, "staff", style="success"),
    ],
    relations=self_report_relations,
)

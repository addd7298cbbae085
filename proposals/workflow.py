"""The two workflow tables of proposals/: 提案 and 社情民意. Check them against docs/domain.md:

草稿 → 已提交 → 审查中 → 立案 → 已交办 → 办理中 → 答复待审核 → 已答复 → 已评价 → 办结
                  ├→ 不予立案        └→ 单位有异议 → 重新交办
                  ├→ 并案            已答复 → 不满意 → 办理中 (new deadline)
                  └→ 退回修改 → 已提交
"""

from __future__ import annotations

from cppcc.workflow import StateMachine, Transition
from members.models import Role

from .models import OpinionStatus, ProposalStatus

S = ProposalStatus
REVIEWABLE = (S.SUBMITTED, S.REVIEWING)
AFTER_ACCEPT = (
    S.ACCEPTED,
    S.ASSIGNED,
    S.OBJECTED,
    S.HANDLING,
    S.REPLY_CHECK,
    S.REPLIED,
    S.RATED,
    S.CLOSED,
)
UNIT_WORK = (S.ASSIGNED, S.HANDLING)
CAN_SIGN = (S.DRAFT, S.RETURNED, S.SUBMITTED, S.REVIEWING)

PROPOSAL_TRANSITIONS = [
    Transition("submit", "提交", (S.DRAFT, S.RETURNED), S.SUBMITTED, "proposer"),
    Transition("cosign_confirm", "确认联名", CAN_SIGN, None, "cosigner", style="success"),
    Transition("cosign_decline", "谢绝联名", CAN_SIGN, None, "cosigner", style="outline-secondary"),
    Transition("start_review", "开始审查", S.SUBMITTED, S.REVIEWING, "staff"),
    Transition("accept", "立案", REVIEWABLE, S.ACCEPTED, "staff", style="success"),
    Transition("reject", "不予立案", REVIEWABLE, S.REJECTED, "staff", style="danger"),
    Transition("merge", "并案", REVIEWABLE, S.MERGED, "staff", style="warning"),
    Transition("send_back", "退回修改", REVIEWABLE, S.RETURNED, "staff", style="secondary", needs_note=True),
    Transition("convert", "转社情民意", S.REJECTED, None, "staff", style="secondary"),
    Transition("assign", "交办", (S.ACCEPTED, S.OBJECTED), S.ASSIGNED, "staff"),
    Transition(
        "object", "提出交办异议", S.ASSIGNED, S.OBJECTED, ("lead_unit", "assisting_unit"), "warning", True
    ),
    Transition("contact", "记录面商", UNIT_WORK, S.HANDLING, ("lead_unit",)),
    Transition("assisting_opinion", "报送协办意见", UNIT_WORK, None, "assisting_unit"),
    Transition(
        "request_extension", "申请延期", UNIT_WORK, None, "lead_unit", style="secondary", needs_note=True
    ),
    Transition("approve_extension", "批准延期", UNIT_WORK, None, "staff"),
    Transition("refuse_extension", "不批准延期", UNIT_WORK, None, "staff", style="secondary"),
    Transition("reply", "提交答复", UNIT_WORK, S.REPLY_CHECK, "lead_unit", style="success"),
    Transition("reply_part", "提交分办答复", UNIT_WORK, None, "lead_unit", style="success"),
    Transition("approve_reply", "审核通过答复", S.REPLY_CHECK, S.REPLIED, "staff", style="success"),
    Transition(
        "return_reply", "退回答复", S.REPLY_CHECK, S.HANDLING, "staff", style="danger", needs_note=True
    ),
    Transition("rate", "评价", S.REPLIED, S.RATED, "proposer", style="success"),
    Transition("rate_unsatisfied", "评价不满意", S.REPLIED, S.HANDLING, "proposer", style="danger"),
    Transition("follow_up", "二次反馈", (S.REPLIED, S.RATED, S.CLOSED), None, "lead_unit"),
    Transition("close", "办结", (S.REPLIED, S.RATED), S.CLOSED, "staff"),
    Transition("mark_key", "列为重点提案", AFTER_ACCEPT, None, "staff", style="outline-primary"),
    Transition("mark_excellent", "评为优秀提案", AFTER_ACCEPT, None, "staff", style="outline-primary"),
    Transition("instruct", "添加批示", AFTER_ACCEPT, None, ("staff", "leader"), style="outline-danger"),
]


def proposal_relations(proposal, user) -> set[str]:
    """How `user` stands to `proposal` (the workflow's actor relations)."""
    from .models import Assignment, ProposalSigner

    if not getattr(user, "is_authenticated", False):
        return set()
    rel: set[str] = set()
    if user.is_superuser or user.role in (Role.STAFF, Role.ADMIN):
        rel.add("staff")
    if user.role == Role.LEADER and proposal.supervising_leader_id == user.pk:
        rel.add("leader")
    if proposal.created_by_id == user.pk and (proposal.organisation_id or user.role != Role.UNIT):
        rel.add("proposer")
    if user.role == Role.MEMBER:
        signer = (
            ProposalSigner.objects.filter(proposal_id=proposal.pk, member__user=user)
            .values_list("role", "answer")
            .first()
        )
        if signer:
            role, answer = signer
            if role == ProposalSigner.Role.LEAD:
                rel.add("proposer")
            elif answer != ProposalSigner.Answer.DECLINED:
                rel.add("cosigner")
    if user.role == Role.UNIT and user.handling_unit_id:
        kinds = set(
            Assignment.objects.filter(
                proposal_id=proposal.pk, unit_id=user.handling_unit_id, is_active=True
            ).values_list("kind", flat=True)
        )
        if kinds & {"lead", "split"}:
            rel.add("lead_unit")
        if "assisting" in kinds:
            rel.add("assisting_unit")
    return rel


proposal_machine = StateMachine(
    states=ProposalStatus, transitions=PROPOSAL_TRANSITIONS, relations=proposal_relations
)


OS = OpinionStatus
OPINION_OPEN = (OS.RECEIVED, OS.CHECKED, OS.COMPILED, OS.REPORTED)
OPINION_TRANSITIONS = [
    Transition("check", "初核通过", OS.RECEIVED, OS.CHECKED, "staff"),
    Transition("compile", "编报", OS.CHECKED, OS.COMPILED, "staff"),
    Transition("report", "报送", OS.COMPILED, OS.REPORTED, "staff"),
    Transition("adopt", "登记采用", OS.REPORTED, OS.ADOPTED, "staff", style="success"),
    Transition("feedback", "登记部门反馈", OS.ADOPTED, OS.FEEDBACK, "staff"),
    Transition("not_adopt", "不采用", OPINION_OPEN, OS.NOT_ADOPTED, "staff", style="danger", needs_note=True),
    Transition(
        "instruct",
        "添加批示",
        (OS.REPORTED, OS.ADOPTED, OS.FEEDBACK),
        None,
        ("staff", "leader"),
        "outline-danger",
    ),
]


def opinion_relations(opinion, user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    rel: set[str] = set()
    if user.is_superuser or user.role in (Role.STAFF, Role.ADMIN):
        rel.add("staff")
    if user.role == Role.LEADER:
        rel.add("leader")
    if opinion.submitted_by_id == user.pk or (opinion.author_id and opinion.author.user_id == user.pk):
        rel.add("author")
    return rel


opinion_machine = StateMachine(
    states=OpinionStatus, transitions=OPINION_TRANSITIONS, relations=opinion_relations
)

"""The two workflow tables of proposals/: 提案 and 社情民意. Check them against docs/domain.md:

草稿 → 已提交 → 审查中 → 立案 → 已交办 → 办理中 → 答复待审核 → 已答复 → 已评价 → 办结
                  ├→ 不予立案        └→ 单位有异议 → 重新交办
                  ├→ 并案            已答复 → 不满意 → 办理中 (new deadline)
                  └→ 退回修改 → 已提交
"""

from __future__ import annotations

from cppcc.workflow import StateMachine, Transition
from members.models import Role
from members.permissions import is_staff

from .models import OpinionEvent, OpinionStatus, ProposalEvent, ProposalStatus

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

F = "proposals.forms."
SV = "proposals.services."


def _accepted_message(proposal) -> str:
    return f"已立案:{proposal.number_label}。"


def _unsatisfied_message(proposal) -> str:
    return f"已评价不满意:提案已退回承办单位重新办理,新的办理期限为{proposal.due_on:%Y-%m-%d}。"


# One row per action: states, actors, and the form / service / message the pages use.
# fmt: off
PROPOSAL_TRANSITIONS = [
    Transition("submit", "提交", (S.DRAFT, S.RETURNED), S.SUBMITTED, "proposer",
               service=SV + "proposal_submit", success="提案已提交。"),
    Transition("cosign_confirm", "确认联名", CAN_SIGN, None, "cosigner", style="success",
               service=SV + "proposal_cosign_answer", params={"confirm": True}, success="已确认联名。"),
    Transition("cosign_decline", "谢绝联名", CAN_SIGN, None, "cosigner", style="outline-secondary",
               service=SV + "proposal_cosign_answer", params={"confirm": False}, success="已谢绝联名。"),
    Transition("start_review", "开始审查", S.SUBMITTED, S.REVIEWING, "staff",
               service=SV + "proposal_start_review"),
    Transition("accept", "立案", REVIEWABLE, S.ACCEPTED, "staff", style="success",
               form=F + "NoteForm", service=SV + "proposal_accept", success=_accepted_message),
    Transition("reject", "不予立案", REVIEWABLE, S.REJECTED, "staff", style="danger",
               form=F + "RejectForm", service=SV + "proposal_reject", success="已作不予立案处理,并通知提案人。",
               confirm="提案不再编号办理,提案人将收到不予立案的理由;如选“转社情民意”,另建一条社情民意。"),
    Transition("merge", "并案", REVIEWABLE, S.MERGED, "staff", style="warning",
               form=F + "MergeForm", service=SV + "proposal_merge",
               confirm="本提案不再单独办理,随主提案一并立案、交办和答复;提案人将收到并案通知。"),
    Transition("send_back", "退回修改", REVIEWABLE, S.RETURNED, "staff", style="secondary", needs_note=True,
               form=F + "NoteForm", service=SV + "proposal_send_back", success="已退回提案人修改。",
               confirm="提案回到提案人手中修改,修改后需重新提交审查;提案人将收到退回说明。"),
    Transition("convert", "转社情民意", S.REJECTED, None, "staff", style="secondary",
               service=SV + "proposal_convert", success="已转为社情民意信息。"),
    Transition("assign", "交办", (S.ACCEPTED, S.OBJECTED), S.ASSIGNED, "staff",
               form=F + "AssignForm", service=SV + "proposal_assign"),
    Transition("object", "提出交办异议", S.ASSIGNED, S.OBJECTED, ("lead_unit", "assisting_unit"), "warning", True,
               form=F + "NoteForm", service=SV + "assignment_object", success="异议已提交提案委。"),
    Transition("contact", "记录面商", UNIT_WORK, S.HANDLING, ("lead_unit",),
               form=F + "ContactForm", service=SV + "contact_record", success="面商情况已记录。"),
    Transition("assisting_opinion", "报送协办意见", UNIT_WORK, None, "assisting_unit",
               form=F + "TextForm", service=SV + "assisting_opinion_send", success="协办意见已报送主办单位。"),
    Transition("request_extension", "申请延期", UNIT_WORK, None, "lead_unit", style="secondary", needs_note=True,
               form=F + "ExtensionForm", service=SV + "extension_request", success="延期申请已提交。"),
    # decided beside the request they answer (detail page), not offered as buttons of their own
    Transition("approve_extension", "批准延期", UNIT_WORK, None, "staff", style="success", offered=False,
               form=F + "ExtensionDecisionForm", service=SV + "extension_decide", params={"approve": True},
               success="延期申请已批准。"),
    Transition("refuse_extension", "不批准延期", UNIT_WORK, None, "staff", style="outline-secondary",
               offered=False, form=F + "ExtensionDecisionForm", service=SV + "extension_decide",
               params={"approve": False}, success="延期申请已处理(不批准)。"),
    Transition("reply", "提交答复", UNIT_WORK, S.REPLY_CHECK, "lead_unit", style="success",
               form=F + "ReplyForm", service=SV + "reply_submit", success="答复已提交,等待提案委审核。"),
    # chosen by reply_submit when other split units have not replied yet
    Transition("reply_part", "提交分办答复", UNIT_WORK, None, "lead_unit", style="success", offered=False),
    Transition("approve_reply", "审核通过答复", S.REPLY_CHECK, S.REPLIED, "staff", style="success",
               form=F + "NoteForm", service=SV + "reply_check", params={"approve": True},
               success="答复已审核通过,已通知提案人。"),
    Transition("return_reply", "退回答复", S.REPLY_CHECK, S.HANDLING, "staff", style="danger", needs_note=True,
               form=F + "NoteForm", service=SV + "reply_check", params={"approve": False},
               success="答复已退回承办单位。"),
    Transition("rate", "评价", S.REPLIED, S.RATED, "proposer", style="success",
               form=F + "RatingForm", service=SV + "proposal_rate", success="评价已提交。"),
    # 不满意 is a decision of its own: a reason, a confirmation, and the proposal goes back to the
    # unit (proposal_rate, the one rating rule, with the level fixed)
    Transition("rate_unsatisfied", "评价不满意", S.REPLIED, S.HANDLING, "proposer", style="danger",
               form=F + "UnsatisfiedForm", service=SV + "proposal_rate", params={"level": "unsatisfied"},
               success=_unsatisfied_message,
               confirm="答复不被接受:提案回到“办理中”,由承办单位重新办理并再次答复,办理期限从今天起按"
                       "“重新办理期限”(办理规则设定,默认3个月)重新计算;承办单位将收到您的理由,"
                       "新的答复经提案委审核后您可再次评价。"),
    Transition("follow_up", "二次反馈", (S.REPLIED, S.RATED, S.CLOSED), None, "lead_unit",
               form=F + "TextForm", service=SV + "follow_up_report", success="二次反馈已提交。"),
    Transition("close", "办结", (S.REPLIED, S.RATED), S.CLOSED, "staff",
               form=F + "NoteForm", service=SV + "proposal_close",
               confirm="办理结束,承办单位不再办理;此后只能由承办单位报送二次反馈。"),
    Transition("mark_key", "列为重点提案", AFTER_ACCEPT, None, "staff", style="outline-primary",
               form=F + "KeyForm", service=SV + "proposal_mark_key"),
    Transition("mark_excellent", "评为优秀提案", AFTER_ACCEPT, None, "staff", style="outline-primary",
               service=SV + "proposal_mark_excellent"),
    Transition("instruct", "添加批示", AFTER_ACCEPT, None, ("staff", "leader"), style="outline-danger",
               form=F + "InstructionForm", service=SV + "proposal_instruct", success="批示已添加。"),
]
# fmt: on


def proposal_relations(proposal, user) -> set[str]:
    """How `user` stands to `proposal` (the workflow's actor relations)."""
    from .models import Assignment, ProposalSigner

    if not getattr(user, "is_authenticated", False):
        return set()
    rel: set[str] = set()
    if is_staff(user):
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
    states=ProposalStatus,
    transitions=PROPOSAL_TRANSITIONS,
    relations=proposal_relations,
    event_model=ProposalEvent,
)


OS = OpinionStatus
OPINION_OPEN = (OS.RECEIVED, OS.CHECKED, OS.COMPILED, OS.REPORTED)
# fmt: off
OPINION_TRANSITIONS = [
    Transition("check", "初核通过", OS.RECEIVED, OS.CHECKED, "staff",
               form=F + "NoteForm", service=SV + "opinion_check"),
    Transition("compile", "编报", OS.CHECKED, OS.COMPILED, "staff",
               form=F + "CompileForm", service=SV + "opinion_compile"),
    Transition("report", "报送", OS.COMPILED, OS.REPORTED, "staff",
               form=F + "ReportForm", service=SV + "opinion_report"),
    Transition("adopt", "登记采用", OS.REPORTED, OS.ADOPTED, "staff", style="success",
               form=F + "AdoptForm", service=SV + "opinion_adopt"),
    Transition("feedback", "登记部门反馈", OS.ADOPTED, OS.FEEDBACK, "staff",
               form=F + "TextForm", service=SV + "opinion_feedback"),
    Transition("not_adopt", "不采用", OPINION_OPEN, OS.NOT_ADOPTED, "staff", style="danger", needs_note=True,
               form=F + "NoteForm", service=SV + "opinion_not_adopt"),
    Transition("request_instruction", "报请领导批示", (OS.REPORTED, OS.ADOPTED, OS.FEEDBACK), None, "staff",
               "outline-danger", form="members.forms.InstructionRequestForm",
               service=SV + "opinion_request_instruction", success="已报请领导批示,领导会收到提醒。"),
    Transition("instruct", "添加批示", (OS.REPORTED, OS.ADOPTED, OS.FEEDBACK), None, ("staff", "leader"),
               "outline-danger", form=F + "InstructionForm", service=SV + "opinion_instruct",
               success="批示已添加。"),
]
# fmt: on


def opinion_relations(opinion, user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    rel: set[str] = set()
    if is_staff(user):
        rel.add("staff")
    if user.role == Role.LEADER:
        rel.add("leader")
    if opinion.submitted_by_id == user.pk or (opinion.author_id and opinion.author.user_id == user.pk):
        rel.add("author")
    return rel


opinion_machine = StateMachine(
    states=OpinionStatus,
    transitions=OPINION_TRANSITIONS,
    relations=opinion_relations,
    event_model=OpinionEvent,
    subject="opinion",
)

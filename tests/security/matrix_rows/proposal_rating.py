"""Permission rows of the proposer's 评价不满意 (proposals/workflow.py rate_unsatisfied): member A
(the proposer) may; member C who co-signed, the unit, staff and leaders may not — like the plain
rating, which is the proposer's alone."""

from tests.security.matrix import Row


def build(w) -> None:
    """A replied proposal of member A co-signed by member C (the `cosigner` persona)."""
    from members.models import Member
    from proposals import services as ps
    from proposals.models import ReplyClass

    staff, unit_user = w.users["staff"], w.users["unit"]
    cosigner = Member.objects.get(user=w.users["cosigner"])
    p = ps.proposal_save_draft(
        by=w.users["member"],
        title="关于矩阵测试评价的建议",
        category=w.o["draft"].category,
        body="分析与建议。",
        cosigners=[cosigner],
    )
    ps.proposal_cosign_answer(proposal=p, by=cosigner.user, confirm=True)
    p = ps.proposal_submit(proposal=p, by=w.users["member"])
    p = ps.proposal_accept(proposal=p, by=staff)
    p = ps.proposal_assign(proposal=p, by=staff, lead_unit=w.o["unit_a"])
    ps.contact_record(
        proposal=p, by=unit_user, date=p.assignments.get().assigned_on, form="meeting", summary="座谈"
    )
    ps.reply_submit(proposal=p, by=unit_user, reply_class=ReplyClass.objects.get(code="B"), text="答复正文")
    w.o["to_rate"] = ps.reply_check(proposal=p, by=staff, approve=True)


ROWS = [
    # the proposer's POST is not tried here (it changes the shared world): tests/proposals/test_rating.py
    Row(
        "proposals:action",
        "302 405 405 405 405 405 405",
        args=lambda w: [w.to_rate.pk, "rate_unsatisfied"],
        case="评价不满意",
        post="302 - 404 400 404 400 400",
        data=lambda w: {"rate_unsatisfied-comment": "答复没有回应建议。", "confirmed": "1"},
        personas={"cosigner": "405 400", "leader_b": "405 400"},
    ),
]

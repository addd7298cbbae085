"""Every transition of the proposal table, allowed and refused, per role."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cppcc.workflow import TransitionNotAllowed
from members.models import DutyEvent, Notification
from proposals import services
from proposals.models import Assignment, FollowUp, Proposal, ProposalEvent, ReplyClass
from proposals.workflow import proposal_machine
from tests.factories import LeaderUserFactory, MemberFactory, ProposerOrganisationFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


def test_happy_path_writes_timeline_duty_and_notices(flow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = flow.to("closed")
    assert p.status == "closed"
    actions = list(ProposalEvent.objects.filter(proposal=p).values_list("action", flat=True))
    assert actions == [
        "cosign_confirm",
        "submit",
        "accept",
        "assign",
        "contact",
        "reply",
        "approve_reply",
        "rate",
        "close",
    ]
    assert p.number == 1 and p.number_label.endswith("第1号")
    assert p.proposer_type == Proposal.ProposerType.JOINT
    kinds = set(DutyEvent.objects.filter(source_id=p.pk).values_list("member_id", "kind_id"))
    assert kinds == {(flow.lead.pk, "proposal_lead"), (flow.cosigner.pk, "proposal_cosign")}
    notices = set(Notification.objects.values_list("kind", flat=True))
    assert {
        "proposal_cosign_invited",
        "proposal_submitted",
        "proposal_accepted",
        "proposal_assigned",
        "proposal_reply_check",
        "proposal_replied",
        "proposal_rated",
    } <= notices
    assert Notification.objects.filter(kind="proposal_assigned", recipient=flow.unit_user).exists()
    assert FollowUp.objects.filter(proposal=p).count() == 1  # B class needs a 二次反馈


ROLES = ("lead", "cosigner", "other_member", "staff", "unit", "assisting", "other_unit", "leader")


def _actor(flow, role):
    return {
        "lead": lambda: flow.lead.user,
        "cosigner": lambda: flow.cosigner.user,
        "other_member": lambda: MemberFactory().user,
        "staff": lambda: flow.staff,
        "unit": lambda: flow.unit_user,
        "assisting": lambda: flow.assisting_user,
        "other_unit": lambda: UnitUserFactory(),
        "leader": lambda: LeaderUserFactory(),
    }[role]()


# (stage, action, roles allowed); every other role is refused
CASES = [
    ("draft", "submit", {"lead"}),
    ("draft", "cosign_confirm", {"cosigner"}),
    ("submitted", "start_review", {"staff"}),
    ("submitted", "accept", {"staff"}),
    ("submitted", "reject", {"staff"}),
    ("submitted", "merge", {"staff"}),
    ("submitted", "send_back", {"staff"}),
    ("accepted", "assign", {"staff"}),
    ("assigned", "object", {"unit", "assisting"}),
    ("assigned", "contact", {"unit"}),
    ("assigned", "assisting_opinion", {"assisting"}),
    ("handling", "request_extension", {"unit"}),
    ("handling", "reply", {"unit"}),
    ("reply_check", "approve_reply", {"staff"}),
    ("reply_check", "return_reply", {"staff"}),
    ("replied", "rate", {"lead"}),
    ("replied", "rate_unsatisfied", {"lead"}),
    ("replied", "close", {"staff"}),
    ("rated", "close", {"staff"}),
    ("accepted", "mark_key", {"staff"}),
    ("accepted", "instruct", {"staff"}),
]


@pytest.mark.parametrize(("stage", "action", "allowed"), CASES)
def test_transition_roles(flow, stage, action, allowed):
    p = flow.to(stage)
    for role in ROLES:
        assert proposal_machine.can(p, action, _actor(flow, role)) == (role in allowed), (role, action)


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        ("draft", "accept"),
        ("submitted", "submit"),
        ("accepted", "reply"),
        ("closed", "rate"),
        ("replied", "assign"),
        ("draft", "close"),
    ],
)
def test_transition_refused_from_wrong_state(flow, stage, action):
    p = flow.to(stage)
    with pytest.raises(TransitionNotAllowed, match="当前状态"):
        proposal_machine.require(p, action, flow.staff)


def test_double_submit_second_is_refused_and_records_nothing(flow):
    p = flow.draft()
    services.proposal_submit(proposal=p, by=flow.lead.user)
    with pytest.raises(TransitionNotAllowed, match="当前状态为「已提交」,不能执行「提交」"):
        services.proposal_submit(proposal=p, by=flow.lead.user)
    assert ProposalEvent.objects.filter(proposal=p, action="submit").count() == 1


def test_leader_supervising_key_proposal_can_instruct(flow, django_capture_on_commit_callbacks):
    p = flow.to("assigned")
    leader = LeaderUserFactory()
    assert not proposal_machine.can(p, "instruct", leader)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.proposal_mark_key(proposal=p, by=flow.staff, leader=leader)
        services.proposal_instruct(
            proposal=p, by=leader, leader=leader, date=dt.date(2020, 5, 1), text="请抓紧落实。"
        )
    assert proposal_machine.can(p, "instruct", leader)
    assert DutyEvent.objects.filter(source_id=p.pk, kind_id="proposal_key_lead").count() == 1
    assert Notification.objects.filter(kind="proposal_instructed", recipient=flow.lead.user).exists()


def test_reject_withdraws_and_converts(flow, django_capture_on_commit_callbacks):
    from proposals.models import RejectReason

    p = flow.to("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        p = services.proposal_reject(
            proposal=p, by=flow.staff, reason=RejectReason.objects.first(), disposition="opinion"
        )
    assert p.status == "rejected" and p.number is None
    assert p.opinions.count() == 1
    assert not DutyEvent.objects.filter(source_id=p.pk, source_type__model="proposal").exists()
    assert Notification.objects.filter(kind="proposal_rejected", recipient=flow.lead.user).exists()


def test_merge_into_master(flow):
    master = flow.to("accepted")
    p = flow.to("submitted")
    p = services.proposal_merge(proposal=p, into=master, by=flow.staff)
    assert p.status == "merged" and p.merged_into == master
    with pytest.raises(ValidationError):
        services.proposal_merge(proposal=flow.to("submitted"), into=p, by=flow.staff)


def test_unsatisfied_rating_sends_back_with_new_deadline(flow):
    p = flow.to("replied")
    p = services.proposal_rate(proposal=p, by=flow.lead.user, level="unsatisfied", comment="措施不具体")
    assert p.status == "handling" and p.handling_round == 2
    assert p.due_on > timezone.localdate()
    with pytest.raises(ValidationError):
        services.proposal_rate(proposal=p, by=flow.lead.user, level="unsatisfied", comment="")


def test_objection_window_and_reassignment(flow):
    p = flow.to("assigned")
    Assignment.objects.filter(proposal=p).update(objection_until=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="异议期"):
        services.assignment_object(proposal=p, by=flow.unit_user, note="不属于本单位职责")
    Assignment.objects.filter(proposal=p).update(objection_until=timezone.localdate())
    p = services.assignment_object(proposal=p, by=flow.unit_user, note="不属于本单位职责")
    assert p.status == "objected"
    other = UnitUserFactory()
    p = services.proposal_assign(proposal=p, by=flow.staff, lead_unit=other.handling_unit)
    assert p.lead_unit == other.handling_unit
    assert not proposal_machine.can(p, "contact", flow.unit_user)


def test_extension_limit_and_approval(flow):
    p = flow.to("handling")
    a = Assignment.objects.get(proposal=p, kind="lead")
    with pytest.raises(ValidationError, match="最长 6 个月"):
        services.extension_request(
            proposal=p, by=flow.unit_user, until=a.assigned_on + dt.timedelta(days=200), reason="x"
        )
    new = services.add_months(a.assigned_on, 5)
    services.extension_request(proposal=p, by=flow.unit_user, until=new, reason="需要调研")
    p = services.extension_decide(proposal=p, by=flow.staff, assignment=a, approve=True)
    assert p.due_on == new


def test_split_handling_waits_for_every_unit(flow, category):
    p = flow.to("accepted")
    p = services.proposal_assign(proposal=p, by=flow.staff, split_units=[flow.unit, flow.assisting])
    b = ReplyClass.objects.get(code="A")
    services.reply_submit(proposal=p, by=flow.unit_user, reply_class=b, text="甲单位答复")
    assert Proposal.objects.get(pk=p.pk).status == "assigned"
    services.reply_submit(proposal=p, by=flow.assisting_user, reply_class=b, text="乙单位答复")
    assert Proposal.objects.get(pk=p.pk).status == "reply_check"


def test_staff_submits_for_organisation(staff_user, category):
    org = ProposerOrganisationFactory(kind="party")
    p = services.proposal_save_draft(
        by=staff_user, title="关于夜间经济的建议", category=category, body="建议", organisation=org
    )
    p = services.proposal_submit(proposal=p, by=staff_user)
    assert p.proposer_type == "party" and p.status == "submitted"
    with pytest.raises(ValidationError):
        services.proposal_save_draft(by=staff_user, title="t", category=category, body="b")


def test_plenary_window_decides_kind_and_series(flow):
    from tests.factories import PlenaryFactory

    plenary = PlenaryFactory(opens_on=timezone.localdate() + dt.timedelta(days=10))
    p = services.proposal_submit(proposal=flow.draft(), by=flow.lead.user)
    assert p.kind == "plenary" and p.plenary == plenary and p.year == plenary.year
    p = services.proposal_accept(proposal=p, by=flow.staff)
    assert p.number_label == "十三届四次会议第1号"

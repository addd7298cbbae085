import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cppcc.workflow import TransitionNotAllowed
from members.models import DutyEvent
from proposals import selectors, services
from proposals.models import PublicOpinion
from proposals.workflow import opinion_machine
from tests.factories import LeaderUserFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_opinion_flow_and_duty(staff_user):
    member = MemberFactory()
    o = services.opinion_submit(by=member.user, title="关于外卖食品安全", body="建议加强监管。")
    assert not opinion_machine.can(o, "check", member.user)
    o = services.opinion_check(opinion=o, by=staff_user)
    o = services.opinion_compile(opinion=o, by=staff_user, number=3)
    assert str(o.bulletin) == f"《社情民意》{o.bulletin.year}年第3期"
    o = services.opinion_report(opinion=o, by=staff_user, sent_to="市委办公室")
    o = services.opinion_adopt(opinion=o, by=staff_user, level="province")
    leader = LeaderUserFactory()
    services.opinion_instruct(opinion=o, by=leader, leader=leader, date=dt.date.today(), text="请研究。")
    o = services.opinion_feedback(opinion=o, by=staff_user, text="已落实")
    assert o.status == "feedback"
    kinds = set(DutyEvent.objects.filter(member=member).values_list("kind_id", flat=True))
    assert kinds == {"opinion_submitted", "opinion_adopted", "opinion_instructed"}
    assert list(o.events.values_list("action", flat=True)) == [
        "submit",
        "check",
        "compile",
        "report",
        "adopt",
        "instruct",
        "feedback",
    ]
    stats = selectors.opinion_stats(year=o.received_on.year)
    assert stats["collected"] == 1 and stats["adopted_province"] == 1 and stats["instructed"] == 1


def test_opinion_refusals(staff_user):
    member = MemberFactory()
    with pytest.raises(ValidationError):
        services.opinion_submit(by=member.user, title="标题", body="字" * 1501)
    assert not PublicOpinion.objects.exists()
    o = services.opinion_submit(by=member.user, title="标题", body="内容")
    with pytest.raises(TransitionNotAllowed, match="当前状态"):
        services.opinion_adopt(opinion=o, by=staff_user, level="city")
    with pytest.raises(TransitionNotAllowed, match="必须填写"):
        services.opinion_not_adopt(opinion=o, by=staff_user, note=" ")

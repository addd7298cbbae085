"""Digests and the quarterly duty-minimum notice."""

import datetime as dt

import pytest

from members.models import DutyMinimum, Role
from members.tasks import duty_minimum_remind, leader_digest_send, staff_digest_send
from tests import factories

from .conftest import at, make_assignment, make_proposal, notices

pytestmark = pytest.mark.django_db


def test_leader_digest_once_a_week(unit_pair, proposer):
    unit, _users = unit_pair
    leaders = [factories.LeaderUserFactory(), factories.LeaderUserFactory()]
    factories.LeaderUserFactory(is_active=False)
    make_assignment(proposal=make_proposal(created_by=proposer), unit=unit, due_on=dt.date(2020, 6, 1))
    with at(2020, 6, 15):  # a Monday
        assert leader_digest_send() == 2
        assert leader_digest_send() == 0
    with at(2020, 6, 17):  # later the same week (e.g. run_job --all from cron): nothing
        assert leader_digest_send() == 0
    with at(2020, 6, 22):
        assert leader_digest_send() == 2
    first = notices("leader_digest", leaders[0])[0]
    assert "提案答复逾期:1件" in first.text
    assert "重点提案" in first.text and "批示" in first.text


def test_staff_digest_once_a_month(staff):
    with at(2020, 7, 1):
        assert staff_digest_send() == 2
        assert staff_digest_send() == 0
    with at(2020, 7, 20):
        assert staff_digest_send() == 0
    with at(2020, 8, 1):
        assert staff_digest_send() == 2
    digest = notices("staff_digest")[0]
    assert digest.title == "2020年06月工作摘要"
    assert "协商监督活动" in digest.text and "提案" in digest.text


def test_duty_minimum_quarterly(staff):
    if not DutyMinimum.objects.exists():
        pytest.skip("no yearly minimum configured")
    lazy = factories.MemberFactory()
    factories.MemberFactory(user=None)  # no login: only counted in the staff summary
    with at(2020, 5, 1):  # not a reminder month
        assert duty_minimum_remind() == 0
    with at(2020, 6, 1):
        sent = duty_minimum_remind()
        assert duty_minimum_remind() == 0
    assert sent >= 1 + len(staff)
    [notice] = notices("duty_minimum", lazy.user)
    assert "最低要求" in notice.title and "要求" in notice.text
    with at(2020, 6, 20):  # same quarter
        assert duty_minimum_remind() == 0
    with at(2020, 9, 1):
        assert duty_minimum_remind() >= 1
    assert len(notices("duty_minimum", lazy.user)) == 2
    assert {n.recipient.role for n in notices("duty_minimum_summary")} <= {Role.STAFF, Role.ADMIN}

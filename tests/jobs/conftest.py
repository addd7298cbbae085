"""Helpers of the scheduled-job tests: a frozen clock in Asia/Shanghai and small builders for the
rows the scans read (proposals are built directly: their factories belong to the proposals tests)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from members.models import Notification, Role
from proposals.models import Assignment, Category, Proposal, ProposalStatus
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0):
    """Freeze the clock at a wall-clock time in Asia/Shanghai."""
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI), tick=False)


def notices(kind: str = "", recipient=None) -> list[Notification]:
    qs = Notification.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if recipient is not None:
        qs = qs.filter(recipient=recipient)
    return list(qs.order_by("id"))


def make_proposal(*, created_by, status=ProposalStatus.HANDLING, **fields) -> Proposal:
    fields.setdefault("title", "关于加快推进城乡新社区建设的建议")
    fields.setdefault("body", "情况分析与具体建议。")
    fields.setdefault("year", 2020)
    return Proposal.objects.create(
        created_by=created_by, status=status, category=Category.objects.order_by("pk").first(), **fields
    )


def make_assignment(*, proposal, unit, due_on, kind=Assignment.Kind.LEAD, **fields) -> Assignment:
    assigned_on = fields.pop("assigned_on", due_on - dt.timedelta(days=90))
    return Assignment.objects.create(
        proposal=proposal,
        unit=unit,
        kind=kind,
        assigned_on=assigned_on,
        due_on=due_on,
        objection_until=assigned_on + dt.timedelta(days=7),
        **fields,
    )


@pytest.fixture
def unit_pair(db):
    """A handling unit with two active users and one inactive user."""
    unit = factories.HandlingUnitFactory()
    users = [factories.UnitUserFactory(handling_unit=unit) for _ in range(2)]
    factories.UnitUserFactory(handling_unit=unit, is_active=False)
    return unit, users


@pytest.fixture
def proposer(db):
    return factories.MemberFactory().user


@pytest.fixture
def staff(db):
    return [factories.StaffUserFactory(), factories.UserFactory(role=Role.ADMIN)]

"""Reminder rules of proposals/ with a frozen clock: before, on and after each date, across
Asia/Shanghai midnight, and run twice (each notice once)."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from members.models import Notification
from proposals import reminders
from proposals.models import FollowUp, ProposalSigner, ProposalStatus
from proposals.tasks import cosigners_remind, follow_ups_remind, ratings_remind, reply_deadlines_remind
from tests import factories

from .conftest import at, make_assignment, make_proposal, notices

pytestmark = pytest.mark.django_db
DUE = dt.date(2020, 6, 30)


@pytest.fixture
def assigned(unit_pair, proposer):
    unit, users = unit_pair
    leader = factories.LeaderUserFactory()
    proposal = make_proposal(created_by=proposer, is_key=True, supervising_leader=leader, due_on=DUE)
    assignment = make_assignment(proposal=proposal, unit=unit, due_on=DUE)
    return proposal, assignment, users, leader


@pytest.mark.parametrize(
    ("day", "sent_to_unit"),
    [
        ((2020, 6, 14), 0),  # 16 days before: nothing yet
        ((2020, 6, 15), 2),  # 15 days before
        ((2020, 6, 16), 2),  # a missed day is caught up once, as the 15-day stage
        ((2020, 6, 23), 2),  # 7 days before
        ((2020, 6, 30), 2),  # on the day
        ((2020, 7, 6), 2),  # 6 days late: still the "due" stage
    ],
)
def test_reply_deadline_stages(assigned, staff, day, sent_to_unit):
    _proposal, _assignment, users, _leader = assigned
    with at(*day):
        assert reply_deadlines_remind() == sent_to_unit
    got = notices("reply_deadline")
    assert {n.recipient_id for n in got} == ({u.pk for u in users} if sent_to_unit else set())
    assert notices("reply_overdue") == []  # staff only once overdue by a week


def test_reply_deadline_weekly_while_overdue_copied_to_staff(assigned, staff):
    _proposal, _assignment, users, leader = assigned
    with at(2020, 7, 7):  # 7 days late
        assert reply_deadlines_remind() == 2 + 2
    assert len(notices("reply_overdue")) == 2
    with at(2020, 7, 10):  # same week of lateness: nothing new
        assert reply_deadlines_remind() == 0
    with at(2020, 7, 14):  # 14 days late
        assert reply_deadlines_remind() == 4
    assert {n.recipient_id for n in notices("reply_overdue")} == {u.pk for u in staff}
    assert notices("reply_overdue_leader") == []
    with at(2020, 7, 30):  # 30 days late: the supervising leader of the key proposal too
        reply_deadlines_remind()
    [leader_notice] = notices("reply_overdue_leader")
    assert leader_notice.recipient == leader
    assert "逾期30天" in leader_notice.title


def test_reply_deadline_not_for_non_key_proposal_leader(unit_pair, proposer, staff):
    unit, _users = unit_pair
    proposal = make_proposal(created_by=proposer, supervising_leader=factories.LeaderUserFactory())
    make_assignment(proposal=proposal, unit=unit, due_on=DUE)
    with at(2020, 8, 5):
        reply_deadlines_remind()
    assert notices("reply_overdue_leader") == []


def test_reply_deadline_across_shanghai_midnight(assigned):
    # 2020-06-14T15:59Z is 23:59 on the 14th in Shanghai (16 days before): nothing.
    with time_machine.travel(dt.datetime(2020, 6, 14, 15, 59, tzinfo=dt.UTC), tick=False):
        assert reply_deadlines_remind() == 0
    # 2020-06-14T16:30Z is already 00:30 on the 15th in Shanghai: the 15-day notice.
    with time_machine.travel(dt.datetime(2020, 6, 14, 16, 30, tzinfo=dt.UTC), tick=False):
        assert reply_deadlines_remind() == 2
    assert all(n.delivery_key.endswith("|2020-06-30") for n in notices("reply_deadline"))


def test_reply_deadline_twice_sends_once(assigned, staff):
    with at(2020, 7, 7):
        first = reply_deadlines_remind()
        second = reply_deadlines_remind()
        reminders.reply_deadline_scan(today=dt.date(2020, 7, 7))
    assert first == 4 and second == 0
    assert Notification.objects.count() == 4


def test_reply_deadline_skips_replied_and_closed(assigned):
    proposal, assignment, _users, _leader = assigned
    assignment.replied_on = dt.date(2020, 6, 20)
    assignment.save()
    with at(2020, 6, 30):
        assert reply_deadlines_remind() == 0
    assignment.replied_on = None
    assignment.save()
    proposal.status = ProposalStatus.REPLIED
    proposal.save()
    with at(2020, 6, 30):
        assert reply_deadlines_remind() == 0


def test_new_deadline_restarts_reminders(assigned):
    _proposal, assignment, _users, _leader = assigned
    with at(2020, 6, 30):
        assert reply_deadlines_remind() == 2
    assignment.due_on = dt.date(2020, 7, 15)  # extension approved
    assignment.save()
    with at(2020, 7, 15):
        assert reply_deadlines_remind() == 2


@override_settings(JOBS_REPLY_REMIND_DAYS_BEFORE=[10], JOBS_REPLY_OVERDUE_EVERY_DAYS=3)
def test_reply_thresholds_are_settings(assigned, staff):
    with at(2020, 6, 15):
        assert reply_deadlines_remind() == 0
    with at(2020, 6, 20):
        assert reply_deadlines_remind() == 2
    with at(2020, 7, 3):  # 3 days late
        assert reply_deadlines_remind() == 4


# --- co-signers ---------------------------------------------------------------------------------
@pytest.fixture
def cosigned(proposer):
    plenary = factories.PlenaryFactory(opens_on=dt.date(2020, 1, 8))  # submission closes 2020-01-09
    proposal = make_proposal(created_by=proposer, status=ProposalStatus.SUBMITTED, plenary=plenary)
    waiting = factories.MemberFactory()
    confirmed = factories.MemberFactory()
    ProposalSigner.objects.create(proposal=proposal, member=waiting)
    ProposalSigner.objects.create(proposal=proposal, member=confirmed, answer=ProposalSigner.Answer.CONFIRMED)
    return plenary, proposal, waiting, confirmed


def test_cosigner_reminder_before_cutoff(cosigned):
    plenary, _proposal, waiting, _confirmed = cosigned
    assert plenary.submission_closes_on == dt.date(2020, 1, 9)
    with at(2020, 1, 5):  # 4 days before
        assert cosigners_remind() == 0
    with at(2020, 1, 6):  # 3 days before
        assert cosigners_remind() == 1
        assert cosigners_remind() == 0
    with at(2020, 1, 9):  # the cut-off day: same key, nothing new
        assert cosigners_remind() == 0
    [notice] = notices("cosign_reminder")
    assert notice.recipient == waiting.user
    with at(2020, 1, 10):  # after the cut-off
        assert cosigners_remind() == 0


def test_cosigner_reminder_for_draft_uses_open_plenary(proposer):
    plenary = factories.PlenaryFactory(opens_on=dt.date(2020, 1, 8))
    draft = make_proposal(created_by=proposer, status=ProposalStatus.DRAFT)
    member = factories.MemberFactory()
    ProposalSigner.objects.create(proposal=draft, member=member)
    with at(2020, 1, 7):
        assert cosigners_remind() == 1
    assert notices("cosign_reminder")[0].delivery_key.endswith(plenary.submission_closes_on.isoformat())


def test_cosigner_after_answer_not_reminded(cosigned):
    _plenary, proposal, waiting, _confirmed = cosigned
    ProposalSigner.objects.filter(proposal=proposal, member=waiting).update(
        answer=ProposalSigner.Answer.DECLINED
    )
    with at(2020, 1, 7):
        assert cosigners_remind() == 0


# --- ratings ------------------------------------------------------------------------------------
@pytest.fixture
def replied(proposer):
    return make_proposal(created_by=proposer, status=ProposalStatus.REPLIED, replied_on=dt.date(2020, 6, 1))


def test_rating_reminders_then_staff(replied, proposer, staff):
    schedule = {
        (2020, 6, 15): 0,  # 14 days
        (2020, 6, 16): 1,  # 15 days: first reminder
        (2020, 6, 20): 0,
        (2020, 6, 23): 1,  # +7: second
        (2020, 6, 30): 1,  # +14: third (twice weekly after the first)
        (2020, 7, 6): 0,
        (2020, 7, 7): 2,  # +21: staff are told
        (2020, 7, 14): 0,  # and nothing after that
    }
    for day, expected in schedule.items():
        with at(*day):
            assert ratings_remind() == expected, day
            assert ratings_remind() == 0
    assert len(notices("rating_reminder", proposer)) == 3
    assert {n.recipient_id for n in notices("rating_overdue")} == {u.pk for u in staff}


def test_rated_proposal_not_reminded(replied):
    replied.rating = "satisfied"
    replied.status = ProposalStatus.RATED
    replied.save()
    with at(2020, 6, 16):
        assert ratings_remind() == 0


# --- follow-ups (二次反馈) ---------------------------------------------------------------------------
def test_follow_up_reminders(unit_pair, proposer, staff):
    unit, users = unit_pair
    proposal = make_proposal(created_by=proposer, status=ProposalStatus.RATED, lead_unit=unit)
    follow_up = FollowUp.objects.create(proposal=proposal, due_on=dt.date(2020, 12, 31))
    with at(2020, 12, 23):
        assert follow_ups_remind() == 0
    with at(2020, 12, 24):  # 7 days before
        assert follow_ups_remind() == 2
    with at(2020, 12, 31):
        assert follow_ups_remind() == 2
        assert follow_ups_remind() == 0
    with at(2021, 1, 7):  # a week late: unit and staff
        assert follow_ups_remind() == 4
    assert len(notices("follow_up_overdue")) == 2
    follow_up.reported_on = dt.date(2021, 1, 8)
    follow_up.save()
    with at(2021, 1, 14):
        assert follow_ups_remind() == 0
    assert {n.recipient_id for n in notices("follow_up_due")} == {u.pk for u in users}


def test_assisting_opinion_reminders(unit_pair, proposer):
    """Deadline = 交办 + 30 days (HandlingRules): 5 days before, on the day, then weekly while late
    with a copy to the lead unit; an opinion sent stops them."""
    assisting, assisting_users = unit_pair
    lead = factories.HandlingUnitFactory()
    lead_user = factories.UnitUserFactory(handling_unit=lead)
    proposal = make_proposal(created_by=proposer, lead_unit=lead, due_on=DUE)
    assigned_on = dt.date(2020, 4, 1)  # opinion due 2020-05-01
    make_assignment(proposal=proposal, unit=lead, due_on=DUE, assigned_on=assigned_on)
    assisting_assignment = make_assignment(
        proposal=proposal, unit=assisting, due_on=DUE, assigned_on=assigned_on, kind="assisting"
    )
    with at(2020, 4, 25):  # 6 days before
        assert reminders.assisting_opinion_scan(today=dt.date(2020, 4, 25)) == 0
    with at(2020, 4, 26):  # 5 days before
        assert reminders.assisting_opinion_scan(today=dt.date(2020, 4, 26)) == 2
        assert reminders.assisting_opinion_scan(today=dt.date(2020, 4, 26)) == 0  # run twice: once
    with at(2020, 5, 1):  # on the day
        assert reminders.assisting_opinion_scan(today=dt.date(2020, 5, 1)) == 2
    with at(2020, 5, 8):  # a week late: the unit again, and the lead unit is told
        assert reminders.assisting_opinion_scan(today=dt.date(2020, 5, 8)) == 3
    assert len(notices("assisting_opinion_late", lead_user)) == 1
    assert {n.recipient for n in notices("assisting_opinion_due")} == set(assisting_users)
    assisting_assignment.opinion_on = dt.date(2020, 5, 9)
    assisting_assignment.save()
    with at(2020, 5, 15):
        assert reminders.assisting_opinion_scan(today=dt.date(2020, 5, 15)) == 0

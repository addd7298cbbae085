"""Reminder rules of consultations/ with a frozen clock."""

import datetime as dt

import pytest

from consultations.models import Invitation
from consultations.tasks import invitations_remind, reviews_remind, suggestion_reports_remind
from tests import factories

from .conftest import at, notices

pytestmark = pytest.mark.django_db


# --- 回头看 ---------------------------------------------------------------------------------------
def test_review_reminders_before_and_on_the_day(unit_pair, staff):
    unit, unit_users = unit_pair
    organiser = factories.StaffUserFactory()
    suggestion = factories.AssignedSuggestionFactory(unit=unit)
    review = factories.ReviewFactory(
        suggestion=suggestion, planned_date=dt.date(2020, 10, 1), scheduled_by=organiser
    )
    expected = {organiser.pk} | {u.pk for u in unit_users}
    with at(2020, 9, 23):
        assert reviews_remind() == 0
    with at(2020, 9, 24):  # 7 days before
        assert reviews_remind() == 3
        assert reviews_remind() == 0
    with at(2020, 10, 1):
        assert reviews_remind() == 3
    with at(2020, 10, 8):  # no repeats after the day
        assert reviews_remind() == 0
    assert {n.recipient_id for n in notices("review_due")} == expected
    review.done_date = dt.date(2020, 10, 1)
    review.save()


def test_review_without_organiser_goes_to_staff(staff):
    factories.ReviewFactory(planned_date=dt.date(2020, 10, 1))
    with at(2020, 10, 1):
        assert reviews_remind() == len(staff)


def test_recorded_review_not_reminded(staff):
    factories.ReviewFactory(planned_date=dt.date(2020, 10, 1), done_date=dt.date(2020, 9, 30))
    with at(2020, 10, 1):
        assert reviews_remind() == 0


# --- progress reports -----------------------------------------------------------------------------
def test_overdue_progress_report_weekly_to_unit_and_staff(unit_pair, staff):
    unit, unit_users = unit_pair
    suggestion = factories.AssignedSuggestionFactory(unit=unit, due_date=dt.date(2020, 12, 31))
    with at(2020, 12, 31):  # due today: not overdue yet
        assert suggestion_reports_remind() == 0
    with at(2021, 1, 1):
        assert suggestion_reports_remind() == 4
        assert suggestion_reports_remind() == 0
    with at(2021, 1, 7):
        assert suggestion_reports_remind() == 0
    with at(2021, 1, 8):  # a week later
        assert suggestion_reports_remind() == 4
    assert {n.recipient_id for n in notices("suggestion_report_overdue")} == {
        u.pk for u in unit_users + staff
    }
    factories.SuggestionUpdateFactory(suggestion=suggestion, date=dt.date(2021, 1, 9))
    with at(2021, 1, 15):
        assert suggestion_reports_remind() == 0


# --- invitations ----------------------------------------------------------------------------------
def test_tomorrow_activity_unanswered_invitations():
    activity = factories.ActivityFactory(date=dt.date(2020, 6, 16))
    pending = factories.InvitationFactory(activity=activity)
    factories.InvitationFactory(activity=activity, response=Invitation.Response.CONFIRMED)
    factories.InvitationFactory(activity=activity, member=factories.MemberFactory(user=None))
    with at(2020, 6, 14, 16):
        assert invitations_remind() == 0
    # 2020-06-14T16:30Z is 00:30 on the 15th in Shanghai: the activity is tomorrow
    with at(2020, 6, 15, 0, 30):
        assert invitations_remind() == 1
    with at(2020, 6, 15, 16):
        assert invitations_remind() == 0
    with at(2020, 6, 16, 8):  # the day itself: same notice, not again
        assert invitations_remind() == 0
    [notice] = notices("activity_invitation_pending")
    assert notice.recipient == pending.member.user
    assert "明天" in notice.title
    with at(2020, 6, 17):
        assert invitations_remind() == 0


def test_cancelled_activity_reminds_nobody():
    activity = factories.ActivityFactory(date=dt.date(2020, 6, 16), status="cancelled")
    factories.InvitationFactory(activity=activity)
    with at(2020, 6, 15, 8):
        assert invitations_remind() == 0
    assert not notices("activity_invitation_pending")

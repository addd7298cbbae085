"""Notices to the responsible unit when a 回头看 is recorded and when the suggestion is closed."""

import datetime as dt

import pytest

from consultations import services as cs
from consultations.models import Outcome
from members.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_review_record_and_close_tell_the_unit(unit_user, staff_user, django_capture_on_commit_callbacks):
    suggestion = f.AssignedSuggestionFactory(unit=unit_user.handling_unit)
    with django_capture_on_commit_callbacks(execute=True):
        cs.suggestion_report(suggestion=suggestion, status=Outcome.IMPLEMENTED, text="已完成", by=unit_user)
        review = cs.review_schedule(suggestion=suggestion, planned_date=dt.date(2020, 11, 1), by=staff_user)
        cs.review_record(review=review, done_date=dt.date(2020, 11, 2), findings="落实到位", by=staff_user)
        cs.suggestion_close(suggestion=suggestion.__class__.objects.get(pk=suggestion.pk), by=staff_user)
    kinds = set(Notification.objects.filter(recipient=unit_user).values_list("kind", flat=True))
    assert {"suggestion_review_recorded", "suggestion_closed"} <= kinds

"""Two connections, the same action at the same moment (PostgreSQL): exactly one wins, the other
gets a clear Chinese message — no duplicate rows, no 500.

Each request runs in its own thread (its own database connection and transaction) and they are
released together by a barrier, as two people pressing the button at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from consultations.models import Review, SuggestionUpdate
from proposals.models import Proposal, Rating, Reply
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"),
]


def race(posts):
    """posts: [(user, url, data)] run at once; returns the responses in order."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)
    errors = []

    def run(i, user, url, data):
        from django.db import connections

        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            barrier.wait(timeout=10)
            responses[i] = client.post(url, data)
        except Exception as exc:  # pragma: no cover - shown in the assertion
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *p)) for i, p in enumerate(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return responses


def one_wins(responses, message: str):
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 400], codes
    loser = next(r for r in responses if r.status_code == 400)
    assert message in loser.content.decode()


def action_url(p, action):
    return reverse("proposals:action", args=[p.pk, action])


def test_two_submits_of_one_draft(flow):
    p = flow.to("draft")
    url = action_url(p, "submit")
    one_wins(race([(flow.lead.user, url, {}), (flow.lead.user, url, {})]), "当前状态为「已提交」")
    assert Proposal.objects.get(pk=p.pk).events.filter(action="submit").count() == 1


def test_two_staff_accept_one_proposal(flow, staff_user):
    p = flow.to("submitted")
    other = f.StaffUserFactory()
    url = action_url(p, "accept")
    one_wins(race([(staff_user, url, {}), (other, url, {})]), "当前状态为「")
    p.refresh_from_db()
    assert p.number == 1 and p.events.filter(action="accept").count() == 1


def test_two_staff_accept_two_proposals_of_one_series_get_two_numbers(flow, staff_user):
    a, b = flow.to("submitted"), flow.to("submitted")
    other = f.StaffUserFactory()
    responses = race([(staff_user, action_url(a, "accept"), {}), (other, action_url(b, "accept"), {})])
    assert [r.status_code for r in responses] == [302, 302]
    a.refresh_from_db(), b.refresh_from_db()
    assert a.series == b.series and {a.number, b.number} == {1, 2}


def test_two_ratings_at_once(flow):
    p = flow.to("replied")
    url = action_url(p, "rate")
    data = {"rate-level": "satisfied"}
    one_wins(race([(flow.lead.user, url, data), (flow.lead.user, url, data)]), "当前状态为「已评价」")
    assert Rating.objects.filter(proposal=p).count() == 1


def test_two_replies_at_once(flow):
    p = flow.to("handling")
    url = action_url(p, "reply")
    from proposals.models import ReplyClass

    data = {"reply-reply_class": ReplyClass.objects.get(code="B").pk, "reply-text": "答复正文"}
    one_wins(race([(flow.unit_user, url, data), (flow.unit_user, url, data)]), "当前状态为「答复待审核」")
    assert Reply.objects.filter(proposal=p).count() == 1


def test_two_reports_and_two_review_records_on_a_suggestion(staff_user):
    unit_user = f.UnitUserFactory()
    s = f.AssignedSuggestionFactory(unit=unit_user.handling_unit)
    review = f.ReviewFactory(suggestion=s)
    url = reverse("consultations:suggestion_action", args=[s.pk, "record_review"])
    data = {
        "record_review-review": review.pk,
        "record_review-done_date": "2020-11-01",
        "record_review-findings": "好",
    }
    other = f.StaffUserFactory()
    responses = race([(staff_user, url, data), (other, url, data)])
    assert sorted(r.status_code for r in responses) == [302, 400]
    assert Review.objects.get(pk=review.pk).done_date is not None
    assert s.events.filter(action="record_review").count() == 1

    s.refresh_from_db()
    url = reverse("consultations:suggestion_action", args=[s.pk, "close"])
    f.SuggestionUpdateFactory(suggestion=s, status="implemented")
    from consultations import services

    services.suggestion_report(suggestion=s, status="implemented", text="已落实", by=unit_user)
    data = {"close-note": "办结"}
    one_wins(race([(staff_user, url, data), (other, url, data)]), "当前状态为「已办结」")
    assert s.events.filter(action="close").count() == 1
    assert SuggestionUpdate.objects.filter(suggestion=s).count() == 2

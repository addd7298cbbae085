"""The proposer's rating of a reply, through the detail page as a browser submits it: 满意 and
基本满意 in the plain rating; 不满意 is its own action (评价不满意) with a required reason and a
confirmation that says what happens next."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Assignment, Proposal, Rating
from proposals.workflow import proposal_machine
from tests.quickreports.html_forms import post_data, read_form

pytestmark = pytest.mark.django_db


def url(p, action):
    return reverse("proposals:action", args=[p.pk, action])


def page_form(client, p, action):
    page = client.get(p.get_absolute_url())
    assert page.status_code == 200
    return read_form(page.content.decode(), action_contains=f"/do/{action}/")


def test_the_plain_rating_offers_only_satisfied_and_basic(flow, client):
    p = flow.to("replied")
    client.force_login(flow.lead.user)
    form = page_form(client, p, "rate")
    assert form.options["rate-level"] == ["satisfied", "basic"]
    # a 不满意 forced into the plain rating is refused and changes nothing
    data = post_data(form)
    data["rate-level"] = "unsatisfied"
    response = client.post(url(p, "rate"), data)
    assert response.status_code == 400 and "不满意请使用“评价不满意”" in response.content.decode()
    p.refresh_from_db()
    assert p.status == "replied" and not Rating.objects.exists()
    # 基本满意 through the page
    response = client.post(url(p, "rate"), post_data(form, **{"rate-level": "basic"}))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "rated" and p.rating == "basic"


def test_unsatisfied_asks_for_a_reason_and_confirmation_then_goes_back_to_the_unit(flow, client):
    p = flow.to("replied")
    client.force_login(flow.lead.user)
    html = client.get(p.get_absolute_url()).content.decode()
    assert "确认评价不满意:答复不被接受:提案回到“办理中”,由承办单位重新办理并再次答复" in html
    form = read_form(html, action_contains="/do/rate_unsatisfied/")
    assert "confirmed" in form.fields and form.fields["confirmed"] == []  # not ticked in advance

    # no reason: the field says so
    response = client.post(url(p, "rate_unsatisfied"), post_data(form, confirmed="1"))
    assert response.status_code == 400 and "请填写不满意的理由" in response.content.decode()
    # a reason but not confirmed: refused with what would happen
    data = post_data(form, **{"rate_unsatisfied-comment": "换乘站点问题没有回应。"})
    response = client.post(url(p, "rate_unsatisfied"), data)
    assert response.status_code == 400 and "请勾选“确认评价不满意”后再提交" in response.content.decode()
    p.refresh_from_db()
    assert p.status == "replied" and not Rating.objects.exists()

    # confirmed: back to the unit, a new round, the deadline recomputed from today
    response = client.post(url(p, "rate_unsatisfied"), {**data, "confirmed": "1"}, follow=True)
    p.refresh_from_db()
    assert p.status == "handling" and p.handling_round == 2 and p.rating == "unsatisfied"
    assert p.due_on >= timezone.localdate() + dt.timedelta(days=28 * 3)
    assert f"新的办理期限为{p.due_on:%Y-%m-%d}" in response.content.decode()
    rating = Rating.objects.get(proposal=p)
    assert (rating.level, rating.comment, rating.round) == ("unsatisfied", "换乘站点问题没有回应。", 1)
    lead = Assignment.objects.get(proposal=p, kind="lead")
    assert lead.due_on == p.due_on and lead.replied_on is None
    assert p.events.last().action == "rate_unsatisfied"


def test_only_the_proposer_may_rate_unsatisfied(flow):
    p = flow.to("replied")
    assert proposal_machine.can(p, "rate_unsatisfied", flow.lead.user)
    for who in (flow.cosigner.user, flow.staff, flow.unit_user, flow.assisting_user):
        assert not proposal_machine.can(p, "rate_unsatisfied", who)
    assert {t.action for t in proposal_machine.offered(p, flow.lead.user)} >= {"rate", "rate_unsatisfied"}
    assert Proposal.objects.get(pk=p.pk).status == "replied"

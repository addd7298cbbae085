"""并案: the proposers of a merged proposal follow the master's handling."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Notification
from proposals import services as ps
from proposals.models import ReplyClass
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged_case(flow, category, django_capture_on_commit_callbacks):
    master = flow.to("assigned")
    other = f.MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        merged = ps.proposal_save_draft(
            by=other.user, title="关于老旧小区改造的建议", category=category, body="建议。"
        )
        merged = ps.proposal_submit(proposal=merged, by=other.user)
        ps.proposal_merge(proposal=merged, into=master, by=flow.staff)
    return master, merged, other


def test_merged_proposer_can_follow_the_master_but_others_cannot(merged_case, client_for):
    master, merged, other = merged_case
    response = client_for(other.user).get(reverse("proposals:detail", args=[merged.pk]))
    assert "本案随主提案办理" in response.content.decode()
    assert client_for(other.user).get(reverse("proposals:detail", args=[master.pk])).status_code == 200
    stranger = f.MemberFactory()
    assert client_for(stranger.user).get(reverse("proposals:detail", args=[master.pk])).status_code == 404


def test_merged_proposer_hears_of_the_masters_reply(merged_case, flow, django_capture_on_commit_callbacks):
    master, _merged, other = merged_case
    with django_capture_on_commit_callbacks(execute=True):
        ps.contact_record(
            proposal=master, by=flow.unit_user, date=timezone.localdate(), form="meeting", summary="座谈"
        )
        ps.reply_submit(
            proposal=master, by=flow.unit_user, reply_class=ReplyClass.objects.get(code="A"), text="已解决"
        )
        ps.reply_check(proposal=master.__class__.objects.get(pk=master.pk), by=flow.staff, approve=True)
    assert Notification.objects.filter(recipient=other.user, kind="proposal_master_replied").exists()
    assert not Notification.objects.filter(recipient=flow.lead.user, kind="proposal_master_replied").exists()

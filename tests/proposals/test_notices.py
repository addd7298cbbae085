"""Notices for the steps a proposer or author waits for (close, follow-up, excellent, cosign answer, opinion)."""

import pytest

from members.models import Notification
from proposals import services as ps
from tests import factories as f

pytestmark = pytest.mark.django_db


def kinds_for(user) -> set[str]:
    return set(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_cosigner_answer_tells_the_proposer(flow, django_capture_on_commit_callbacks):
    proposal = flow.draft()
    with django_capture_on_commit_callbacks(execute=True):
        ps.proposal_cosign_answer(proposal=proposal, by=flow.cosigner.user, confirm=False)
    notice = Notification.objects.get(recipient=flow.lead.user, kind="proposal_cosign_answered")
    assert "谢绝联名" in notice.title


def test_close_follow_up_and_excellent_tell_the_proposer(flow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = flow.to("rated")
        ps.follow_up_report(proposal=proposal, by=flow.unit_user, text="年底已完成改造")
    assert "proposal_follow_up" in kinds_for(flow.lead.user)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = ps.proposal_close(proposal=proposal.__class__.objects.get(pk=proposal.pk), by=flow.staff)
        ps.proposal_mark_excellent(proposal=proposal, by=flow.staff)
    assert {"proposal_closed", "proposal_excellent"} <= kinds_for(flow.lead.user)
    assert "proposal_closed" in kinds_for(flow.unit_user)


def test_opinion_feedback_and_rejection_tell_the_author(django_capture_on_commit_callbacks, staff_user):
    author = f.MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        opinion = ps.opinion_submit(by=author.user, title="关于夜间经济的建议", body="建议延长夜市营业时间。")
        ps.opinion_not_adopt(opinion=opinion, by=staff_user, note="已有类似信息")
    notice = Notification.objects.get(recipient=author.user, kind="opinion_not_adopted")
    assert notice.text == "已有类似信息"

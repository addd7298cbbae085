"""The periodic jobs' digests and reminders reach people through the same channels: every notice
the jobs make goes through notify, which fans out to the channels; a rerun sends nothing twice."""

from __future__ import annotations

import pytest
import time_machine

from cppcc import jobs
from members.channels.models import ChannelPreference, Delivery
from members.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms(settings, stub_server):
    settings.SMS_GATEWAY_URL = f"{stub_server.url}/sms"
    stub_server.answer("/sms", (200, {"code": 0}))
    return stub_server


def test_leader_digest_goes_by_sms_when_chosen_and_once(sms, django_capture_on_commit_callbacks):
    leader = f.LeaderUserFactory(phone="13905790011")
    ChannelPreference.objects.create(user=leader, group="digests", email=True, sms=True)
    with time_machine.travel("2026-03-02 08:30 +0800", tick=False):  # a Monday
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.job_run_now(name="leader-digest") == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.job_run_now(name="leader-digest") == 0  # a rerun
    notice = Notification.objects.get(recipient=leader, kind="leader_digest")
    assert Delivery.objects.get(notification=notice).status == Delivery.Status.SENT
    [request] = sms.on("/sms")
    assert request.json()["mobile"] == "13905790011" and "每周工作摘要" in request.json()["content"]


def test_reminders_through_deliver_fan_out_by_default(sms, django_capture_on_commit_callbacks):
    member = f.MemberFactory(user__phone="13905790012").user
    notice = jobs.Notice(
        member, "reply_deadline", "提案答复期限还有7天", "请及时答复。", None, "before-7", None
    )
    with time_machine.travel("2026-03-02 08:00 +0800", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.deliver([notice]) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.deliver([notice]) == 0
    # deadlines go by SMS by default (staff defaults), digests by e-mail only
    assert Delivery.objects.filter(notification__recipient=member, channel="sms", status="sent").count() == 1
    assert len(sms.on("/sms")) == 1


def test_default_digest_is_not_sent_by_sms(sms, django_capture_on_commit_callbacks):
    f.LeaderUserFactory(phone="13905790013")
    with (
        time_machine.travel("2026-03-02 08:30 +0800", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        jobs.job_run_now(name="leader-digest")
    assert sms.on("/sms") == [] and not Delivery.objects.exists()

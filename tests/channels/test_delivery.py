"""Delivery channels against a local stub server: the exact requests, retries with backoff and
their records, the inbox row when every channel fails, quiet hours, no double send on a rerun."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from members.channels import services, tasks
from members.channels.models import Channel, ChannelPreference, Delivery, DeliveryProfile
from members.models import Notification
from members.notifications import notify
from tests import factories as f

pytestmark = pytest.mark.django_db
DAYTIME = "2026-03-02 10:00 +0800"


@pytest.fixture
def sms(settings, stub_server):
    settings.SMS_GATEWAY_URL = f"{stub_server.url}/sms/send"
    settings.SMS_GATEWAY_HEADERS = {"X-Api-Key": "k-123"}
    settings.SMS_GATEWAY_SIGN = "义乌政协"
    settings.PORTAL_NAME = "义乌市政协履职工作平台"
    settings.PORTAL_BASE_URL = "https://zx.yw.gov.cn"
    stub_server.answer("/sms/send", (200, {"code": 0, "msg": "ok"}))
    return stub_server


@pytest.fixture
def dingtalk(settings, stub_server):
    settings.DINGTALK_BASE_URL = stub_server.url
    settings.DINGTALK_APP_KEY = "ding-key"
    settings.DINGTALK_APP_SECRET = "ding-secret"
    settings.DINGTALK_AGENT_ID = "2345678"
    stub_server.answer("/gettoken", (200, {"errcode": 0, "access_token": "tok-1", "expires_in": 7200}))
    stub_server.answer(
        "/topapi/message/corpconversation/asyncsend_v2",
        (200, {"errcode": 0, "task_id": 1, "request_id": "r"}),
    )
    return stub_server


@pytest.fixture
def wecom(settings, stub_server):
    settings.WECOM_BASE_URL = stub_server.url
    settings.WECOM_CORP_ID = "ww-corp"
    settings.WECOM_SECRET = "wecom-secret"
    settings.WECOM_AGENT_ID = "1000002"
    stub_server.answer("/cgi-bin/gettoken", (200, {"errcode": 0, "access_token": "wtok", "expires_in": 7200}))
    stub_server.answer("/cgi-bin/message/send", (200, {"errcode": 0, "errmsg": "ok"}))
    return stub_server


@pytest.fixture
def person():
    user = f.MemberFactory().user
    user.phone = "13905790001"
    user.save(update_fields=["phone"])
    DeliveryProfile.objects.create(user=user, dingtalk_userid="ding-u1", wecom_userid="wecom-u1")
    return user


def _notify(capture, user, kind="reply_deadline", **extra):
    with capture(execute=True):
        return notify(
            recipient=user,
            kind=kind,
            title="提案答复期限还有7天",
            text="请及时答复。",
            url="/proposals/1/",
            **extra,
        )


def test_sms_request_is_exactly_the_configured_template(sms, person, django_capture_on_commit_callbacks):
    with time_machine.travel(DAYTIME, tick=False):
        notice = _notify(django_capture_on_commit_callbacks, person)
    [request] = sms.on("/sms/send")
    assert request.method == "POST"
    assert request.headers["X-Api-Key"] == "k-123"
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.json() == {
        "mobile": "13905790001",
        "content": "【义乌市政协履职工作平台】提案答复期限还有7天\n请及时答复。\nhttps://zx.yw.gov.cn/proposals/1/",
        "sign": "义乌政协",
    }
    delivery = Delivery.objects.get(notification=notice, channel=Channel.SMS)
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1 and delivery.sent_at


def test_sms_form_template(settings, sms, person, django_capture_on_commit_callbacks):
    settings.SMS_GATEWAY_FORMAT = "form"
    settings.SMS_GATEWAY_BODY = "to=$phone&msg=$text&sig=$sign"
    with time_machine.travel(DAYTIME, tick=False):
        _notify(django_capture_on_commit_callbacks, person)
    [request] = sms.on("/sms/send")
    form = parse_qs(request.body.decode())
    assert form["to"] == ["13905790001"] and form["sig"] == ["义乌政协"]
    assert form["msg"][0].startswith("【义乌市政协履职工作平台】提案答复期限还有7天\n")


def test_failure_is_recorded_and_retried_with_backoff(
    settings, sms, person, django_capture_on_commit_callbacks
):
    settings.CHANNELS_RETRY_BASE_SECONDS = 60
    sms.answer("/sms/send", (500, b"gateway down"), (503, b"busy"), (200, {"code": 0}))
    with time_machine.travel(DAYTIME, tick=False) as clock:
        notice = _notify(django_capture_on_commit_callbacks, person)
        delivery = Delivery.objects.get(notification=notice, channel=Channel.SMS)
        assert delivery.status == Delivery.Status.RETRYING and delivery.attempts == 1
        assert "HTTP 500" in delivery.last_error
        assert delivery.not_before == timezone.now() + dt.timedelta(seconds=60)
        assert tasks._send_due() == 0  # not due yet: nothing is sent before its time
        assert len(sms.on("/sms/send")) == 1
        clock.shift(61)
        assert tasks._send_due() == 0
        delivery.refresh_from_db()
        assert delivery.attempts == 2 and "HTTP 503" in delivery.last_error
        assert delivery.not_before == timezone.now() + dt.timedelta(seconds=120)  # doubled
        clock.shift(121)
        assert tasks.deliveries_send_due(trigger="command") == 1
        delivery.refresh_from_db()
        assert (
            delivery.status == Delivery.Status.SENT and delivery.attempts == 3 and delivery.last_error == ""
        )
    assert len(sms.on("/sms/send")) == 3


def test_gives_up_after_max_attempts_and_on_a_4xx(settings, sms, person, django_capture_on_commit_callbacks):
    settings.CHANNELS_MAX_ATTEMPTS = 2
    sms.answer("/sms/send", (500, b"down"))
    with time_machine.travel(DAYTIME, tick=False) as clock:
        notice = _notify(django_capture_on_commit_callbacks, person)
        clock.shift(3600)
        tasks._send_due()
    delivery = Delivery.objects.get(notification=notice)
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 2
    sms.answer("/sms/send", (400, {"code": 40, "msg": "bad phone"}))
    with time_machine.travel(DAYTIME, tick=False):
        other = _notify(django_capture_on_commit_callbacks, person, kind="reply_overdue")
    delivery = Delivery.objects.get(notification=other)
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 1  # a 4xx is not retried
    assert "bad phone" in delivery.last_error


def test_dingtalk_requests(dingtalk, person, django_capture_on_commit_callbacks):
    with time_machine.travel(DAYTIME, tick=False):
        _notify(django_capture_on_commit_callbacks, person)
        _notify(django_capture_on_commit_callbacks, person, kind="reply_overdue")
    [token] = dingtalk.on("/gettoken")  # fetched once, then cached
    assert token.method == "GET" and token.query == {"appkey": ["ding-key"], "appsecret": ["ding-secret"]}
    sends = dingtalk.on("/topapi/message/corpconversation/asyncsend_v2")
    assert len(sends) == 2 and sends[0].query == {"access_token": ["tok-1"]}
    assert sends[0].json() == {
        "agent_id": 2345678,
        "userid_list": "ding-u1",
        "msg": {
            "msgtype": "text",
            "text": {
                "content": "【义乌市政协履职工作平台】提案答复期限还有7天\n请及时答复。\nhttp://127.0.0.1:8000/proposals/1/"
            },
        },
    }
    assert Delivery.objects.filter(channel=Channel.DINGTALK, status=Delivery.Status.SENT).count() == 2


def test_dingtalk_expired_token_is_fetched_again_on_retry(
    dingtalk, person, django_capture_on_commit_callbacks
):
    dingtalk.answer(
        "/topapi/message/corpconversation/asyncsend_v2",
        (200, {"errcode": 42001, "errmsg": "access_token expired"}),
        (200, {"errcode": 0}),
    )
    with time_machine.travel(DAYTIME, tick=False) as clock:
        notice = _notify(django_capture_on_commit_callbacks, person)
        delivery = Delivery.objects.get(notification=notice)
        assert delivery.status == Delivery.Status.RETRYING and "42001" in delivery.last_error
        clock.shift(3600)
        assert tasks._send_due() == 1
    assert len(dingtalk.on("/gettoken")) == 2


def test_wecom_requests(wecom, person, django_capture_on_commit_callbacks):
    with time_machine.travel(DAYTIME, tick=False):
        _notify(django_capture_on_commit_callbacks, person)
    [token] = wecom.on("/cgi-bin/gettoken")
    assert token.query == {"corpid": ["ww-corp"], "corpsecret": ["wecom-secret"]}
    [send] = wecom.on("/cgi-bin/message/send")
    assert send.query == {"access_token": ["wtok"]}
    assert send.json() == {
        "touser": "wecom-u1",
        "msgtype": "text",
        "agentid": 1000002,
        "text": {
            "content": "【义乌市政协履职工作平台】提案答复期限还有7天\n请及时答复。\nhttp://127.0.0.1:8000/proposals/1/"
        },
    }


def test_inbox_row_is_there_when_every_channel_fails(
    settings, sms, dingtalk, wecom, person, django_capture_on_commit_callbacks, monkeypatch
):
    sms.answer("/sms/send", (500, b"down"))
    dingtalk.answer(
        "/topapi/message/corpconversation/asyncsend_v2", (200, {"errcode": 500, "errmsg": "busy"})
    )
    wecom.answer("/cgi-bin/message/send", (502, b"bad gateway"))

    def broken_mail(*args, **kwargs):
        raise OSError("连接邮件服务器失败")

    monkeypatch.setattr("members.tasks.send_mail", broken_mail)
    with time_machine.travel(DAYTIME, tick=False):
        notice = _notify(django_capture_on_commit_callbacks, person)
    assert Notification.objects.filter(pk=notice.pk, recipient=person, read_at__isnull=True).exists()
    notice.refresh_from_db()
    assert notice.emailed_at is None and "连接邮件服务器失败" in notice.email_error
    records = {d.channel: d for d in Delivery.objects.filter(notification=notice)}
    assert set(records) == {Channel.SMS, Channel.DINGTALK, Channel.WECOM}
    assert all(d.status == Delivery.Status.RETRYING and d.last_error for d in records.values())


def test_quiet_hours_defer_sms_to_the_morning_but_not_urgent(sms, person, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-03-02 23:10 +0800", tick=False) as clock:
        notice = _notify(django_capture_on_commit_callbacks, person)
        urgent = _notify(django_capture_on_commit_callbacks, person, kind="urgent_meeting_change")
        assert len(sms.on("/sms/send")) == 1  # only the urgent one at night
        delivery = Delivery.objects.get(notification=notice)
        assert delivery.status == Delivery.Status.PENDING
        assert timezone.localtime(delivery.not_before).isoformat() == "2026-03-03T07:30:00+08:00"
        assert Delivery.objects.get(notification=urgent).status == Delivery.Status.SENT
        clock.move_to("2026-03-03 03:00 +0800")
        assert tasks._send_due() == 0
        clock.move_to("2026-03-03 07:31 +0800")
        assert tasks._send_due() == 1
    assert len(sms.on("/sms/send")) == 2


def test_personal_quiet_hours_and_email_is_not_deferred(sms, person, django_capture_on_commit_callbacks):
    DeliveryProfile.objects.filter(user=person).update(quiet_start=dt.time(12, 0), quiet_end=dt.time(14, 0))
    with time_machine.travel("2026-03-02 12:30 +0800", tick=False):
        notice = _notify(django_capture_on_commit_callbacks, person)
    assert len(mail.outbox) == 1  # e-mail is never held back
    assert timezone.localtime(Delivery.objects.get(notification=notice).not_before).hour == 14


def test_no_double_send_on_a_rerun(sms, person, django_capture_on_commit_callbacks):
    with time_machine.travel(DAYTIME, tick=False):
        notice = _notify(django_capture_on_commit_callbacks, person)
        assert _notify(django_capture_on_commit_callbacks, person) is None  # same delivery key
        services.deliveries_plan(notification_id=notice.pk)  # a redelivered planning task
        delivery = Delivery.objects.get(notification=notice)
        assert services.delivery_send(delivery_id=delivery.pk) == "skipped"  # a redelivered send
        assert tasks._send_due() == 0
    assert len(sms.on("/sms/send")) == 1 and len(mail.outbox) == 1
    assert Delivery.objects.filter(notification=notice).count() == 1


def test_channels_are_off_until_configured(person, django_capture_on_commit_callbacks):
    notice = _notify(django_capture_on_commit_callbacks, person)
    assert not Delivery.objects.filter(notification=notice).exists()
    assert len(mail.outbox) == 1


def test_preferences_choose_channels_per_group(sms, person, django_capture_on_commit_callbacks):
    ChannelPreference.objects.create(user=person, group="deadlines", email=False, sms=False)
    ChannelPreference.objects.create(user=person, group="events", email=False, sms=True)
    with time_machine.travel(DAYTIME, tick=False):
        deadline = _notify(django_capture_on_commit_callbacks, person)  # deadlines: inbox only
        event = _notify(django_capture_on_commit_callbacks, person, kind="proposal_accepted")
    assert not Delivery.objects.filter(notification=deadline).exists()
    assert Delivery.objects.get(notification=event).status == Delivery.Status.SENT
    assert len(mail.outbox) == 0

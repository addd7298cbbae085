"""notify_many: the jobs' bulk write of notices. It writes the rows notify writes (notice_row is the
one home of the row and its delivery key), each notice once however often it runs, with a query
count that does not grow with the rows, and plans the channel deliveries exactly as notify does
(preferences, staff defaults, quiet hours, urgent notices), with one send task per batch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.channels import services as channel_services
from members.channels import tasks as channel_tasks
from members.channels.models import ChannelPreference, Delivery, DeliveryProfile
from members.models import Notification
from members.notifications import notice_row, notify, notify_many
from tests import factories
from tests.jobs.conftest import SHANGHAI, at

pytestmark = pytest.mark.django_db

FIELDS = ("recipient_id", "kind", "title", "text", "url", "target_type_id", "target_id", "delivery_key")


@pytest.fixture
def sent_tasks(monkeypatch):
    """Record the e-mail and channel-send tasks instead of running them: {task: [args, …]}."""
    from members import tasks as member_tasks

    calls: dict[str, list] = {"email": [], "emails": [], "send": [], "sends": []}
    monkeypatch.setattr(member_tasks.notification_send_email, "delay", lambda pk: calls["email"].append(pk))
    monkeypatch.setattr(
        member_tasks.notifications_send_email, "delay", lambda ids: calls["emails"].append(ids)
    )
    monkeypatch.setattr(channel_tasks.delivery_send, "delay", lambda pk: calls["send"].append(pk))
    monkeypatch.setattr(channel_tasks.deliveries_send, "delay", lambda ids: calls["sends"].append(ids))
    return calls


@pytest.fixture
def channels_on(settings):
    """SMS and 钉钉 configured (the sends themselves are recorded by sent_tasks, never made)."""
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    settings.DINGTALK_APP_KEY = "ding-key"
    settings.DINGTALK_APP_SECRET = "ding-secret"
    settings.DINGTALK_AGENT_ID = "2345678"


def _specs(users, activity, stage: str) -> list[dict]:
    """One notice of each shape per user: with a target (its url), without, a long title, an event."""
    out = []
    for i, user in enumerate(users):
        out += [
            {"recipient": user, "kind": "reply_deadline", "title": "提案答复期限还有7天", "text": "请及时答复。",
                 "target": activity, "stage": f"{stage}-{i}", "day": dt.date(2026, 3, 2)},
            {"recipient": user, "kind": "staff_digest", "title": "月" * 250, "text": "摘要", "stage": stage,
                 "day": dt.date(2026, 3, 1), "url": "/custom/"},
            {"recipient": user, "kind": "urgent_notice", "title": "紧急", "target": activity, "stage": stage,
                 "event": f"test-event-{stage}"},
        ]  # fmt: skip
    return out


def _rows() -> list[tuple]:
    return sorted(Notification.objects.values_list(*FIELDS))


def test_notify_many_writes_the_rows_notify_writes(django_capture_on_commit_callbacks, sent_tasks):
    users = [factories.MemberFactory().user for _ in range(3)]
    activity = factories.ActivityFactory()
    with at(2026, 3, 2), django_capture_on_commit_callbacks(execute=True):
        for spec in _specs(users, activity, "s"):
            assert notify(**spec) is not None
    by_notify = _rows()
    Notification.objects.all().delete()

    with at(2026, 3, 2), django_capture_on_commit_callbacks(execute=True):
        created = notify_many([notice_row(**spec) for spec in _specs(users, activity, "s")])
    assert len(created) == 9 and all(row.pk for row in created)
    assert _rows() == by_notify
    assert {len(row[2]) for row in by_notify} == {len("提案答复期限还有7天"), 200, 2}  # titles cut to 200
    assert {row[4] for row in by_notify} == {activity.get_absolute_url(), "/custom/"}


def test_notify_many_writes_each_notice_once(django_capture_on_commit_callbacks, sent_tasks):
    users = [factories.MemberFactory().user for _ in range(2)]
    activity = factories.ActivityFactory()
    specs = _specs(users, activity, "once")
    with at(2026, 3, 2), django_capture_on_commit_callbacks(execute=True):
        notify(**specs[0])  # one already delivered by notify
        rows = [notice_row(**spec) for spec in specs]
        created = notify_many(rows + [notice_row(**specs[1])])  # and a duplicate in the input
        assert {row.delivery_key for row in created} == {row.delivery_key for row in rows[1:]}
        assert notify_many([notice_row(**spec) for spec in specs]) == []  # a rerun
        assert notify(**specs[2]) is None  # notify after notify_many
    assert Notification.objects.count() == len(specs)
    # only the rows each call inserted went to the channels: one e-mail task each, no double
    emailed = [*sent_tasks["email"], *(pk for batch in sent_tasks["emails"] for pk in batch)]
    assert sorted(emailed) == sorted(Notification.objects.values_list("pk", flat=True))


def _bulk_queries(users, activity, stage: str, django_capture_on_commit_callbacks) -> int:
    rows = [
        notice_row(
            recipient=user, kind="reply_deadline", title="期限提醒", target=activity, stage=f"{stage}-{i}"
        )
        for i, user in enumerate(users)
    ]
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
        assert len(notify_many(rows)) == len(users)
    return len(ctx.captured_queries)


def test_notify_many_query_count_is_constant_in_rows(
    channels_on, sent_tasks, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    activity = factories.ActivityFactory()
    users = [factories.MemberFactory(user__phone=f"139057900{i:02d}").user for i in range(20)]
    for user in users[:5]:
        DeliveryProfile.objects.create(user=user, dingtalk_userid=f"ding-{user.pk}")
        ChannelPreference.objects.create(user=user, group="deadlines", email=True, sms=False, dingtalk=True)
    ten = [users[i % 20] for i in range(10)]
    two_hundred = [users[i % 20] for i in range(200)]
    with at(2026, 3, 2, 10):
        small = _bulk_queries(ten, activity, "small", django_capture_on_commit_callbacks)
        with django_assert_max_num_queries(small):
            rows = [
                notice_row(
                    recipient=u, kind="reply_deadline", title="期限提醒", target=activity, stage=f"big-{i}"
                )
                for i, u in enumerate(two_hundred)
            ]
            with django_capture_on_commit_callbacks(execute=True):
                assert len(notify_many(rows)) == 200
    assert small <= 8  # insert, then plan: notices, defaults, preferences, profiles, deliveries
    # one e-mail task and one send task per batch, not one per notice
    assert [len(ids) for ids in sent_tasks["emails"]] == [10, 200]
    assert [len(ids) for ids in sent_tasks["sends"]] == [10, 200]
    assert sent_tasks["email"] == sent_tasks["send"] == []
    # 15 of 20 people want SMS (5 of the first 10), the other 5 chose 钉钉 and have its id
    assert Delivery.objects.filter(channel="sms").count() == 5 + 150
    assert Delivery.objects.filter(channel="dingtalk").count() == 5 + 50


def test_notify_many_batches_are_one_statement_each(sent_tasks, django_capture_on_commit_callbacks):
    users = [factories.UserFactory() for _ in range(5)]
    rows = [
        notice_row(recipient=users[i % 5], kind="reply_deadline", title="t", stage=str(i)) for i in range(25)
    ]
    with CaptureQueriesContext(connection) as ctx:
        assert len(notify_many(rows, batch_size=10)) == 25
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 3 and all("ON CONFLICT" in sql for sql in inserts)


def _deliveries(kind_stage: str) -> set[tuple]:
    return set(
        Delivery.objects.filter(notification__delivery_key__contains=kind_stage).values_list(
            "notification__recipient_id", "notification__kind", "channel", "address", "not_before", "status"
        )
    )


@pytest.mark.parametrize("hour", [10, 23])
def test_channels_are_planned_as_notify_plans_them(
    hour, channels_on, sent_tasks, django_capture_on_commit_callbacks
):
    own = factories.MemberFactory(user__phone="13905790001").user  # own choice: no SMS for deadlines
    ChannelPreference.objects.create(user=own, group="deadlines", email=True, sms=False, dingtalk=True)
    DeliveryProfile.objects.create(user=own, dingtalk_userid="ding-own")
    default = factories.MemberFactory(user__phone="13905790002").user  # staff defaults
    late = factories.MemberFactory(user__phone="13905790003").user  # quiet hours 23:30–06:00
    DeliveryProfile.objects.create(user=late, quiet_start=dt.time(23, 30), quiet_end=dt.time(6, 0))
    no_email = factories.MemberFactory(user__phone="13905790004", user__email_notifications=False).user
    people = [own, default, late, no_email]
    kinds = ["reply_deadline", "staff_digest", "urgent_notice", "proposal_assigned"]

    def specs(stage):
        return [
            {"recipient": u, "kind": k, "title": "提醒", "stage": stage, "day": dt.date(2026, 3, 2)}
            for u in people
            for k in kinds
        ]

    with at(2026, 3, 2, hour), django_capture_on_commit_callbacks(execute=True):
        for spec in specs("one"):
            notify(**spec)
        notify_many([notice_row(**spec) for spec in specs("many")])
    by_notify, by_many = _deliveries("|one|"), _deliveries("|many|")
    assert by_many == by_notify and by_many
    emailed_by_notify = set(
        Notification.objects.filter(pk__in=sent_tasks["email"]).values_list("recipient", "kind")
    )
    [batch] = sent_tasks["emails"]
    emailed_by_many = set(Notification.objects.filter(pk__in=batch).values_list("recipient", "kind"))
    assert emailed_by_many == emailed_by_notify
    assert no_email.pk not in {uid for uid, _ in emailed_by_many}

    sms = {(uid, kind): nb for uid, kind, channel, _, nb, _ in by_many if channel == "sms"}
    assert (own.pk, "reply_deadline") not in sms  # own choice wins over the default
    assert (default.pk, "reply_deadline") in sms and (default.pk, "staff_digest") not in sms
    assert ("ding-own") in {address for _, _, channel, address, _, _ in by_many if channel == "dingtalk"}
    now = dt.datetime(2026, 3, 2, hour, tzinfo=SHANGHAI)
    morning = dt.datetime(2026, 3, 3, 7, 30, tzinfo=SHANGHAI)  # default quiet hours 22:00–07:30
    if hour == 10:
        assert set(sms.values()) == {now}
        # everything due now: one send task for all of notify_many's deliveries
        many_ids = set(
            Delivery.objects.filter(notification__delivery_key__contains="|many|").values_list(
                "pk", flat=True
            )
        )
        assert set(sent_tasks["sends"][-1]) == many_ids
    else:
        assert sms[(default.pk, "reply_deadline")] == morning
        assert sms[(late.pk, "reply_deadline")] == now  # 23:00 is before their quiet hours
        assert sms[(default.pk, "urgent_notice")] == now  # urgent notices are never held back
    rerun = channel_services.deliveries_plan_many(
        notification_ids=list(Notification.objects.values_list("pk", flat=True))
    )
    assert rerun == []  # planned once


def test_an_announcement_reaches_the_channels_each_recipient_wants(
    channels_on, sent_tasks, django_capture_on_commit_callbacks
):
    """The publish bulk-inserts the inbox notices in SQL; after commit they are planned by the
    same code as notify's (deliveries_plan_many): preferences per group, quiet hours, once."""
    from members.briefing.models import Audience
    from members.briefing.services import announcement_create
    from members.briefing.tasks import announcement_emails_queue

    staff = factories.StaffUserFactory()
    texted = factories.MemberFactory(user__phone="13905790021").user  # chose SMS for 通知公告
    ChannelPreference.objects.create(user=texted, group="announcements", email=False, sms=True)
    default = factories.MemberFactory(user__phone="13905790022").user  # defaults: e-mail, work message
    DeliveryProfile.objects.create(user=default, dingtalk_userid="ding-default")
    with at(2026, 3, 2, 10), django_capture_on_commit_callbacks(execute=True):
        announcement = announcement_create(
            by=staff,
            kind="notice",
            title="关于召开常委会议的通知",
            body="正文",
            audience_kind=Audience.PEOPLE,
            people=[texted, default],
            publish=True,
        )
    notices = dict(Notification.objects.filter(target_id=announcement.pk).values_list("recipient_id", "pk"))
    assert set(Delivery.objects.values_list("notification__recipient_id", "channel", "address")) == {
        (texted.pk, "sms", "13905790021"),
        (default.pk, "dingtalk", "ding-default"),
    }
    [emailed] = sent_tasks["emails"] or [sent_tasks["email"]]
    assert emailed == [notices[default.pk]]  # e-mail only to who wants it for 通知公告
    assert announcement_emails_queue(announcement.pk, "announcement") == 2  # a redelivered task …
    assert Delivery.objects.count() == 2  # … plans nothing twice


def test_a_failing_email_in_a_batch_is_recorded_and_the_rest_go_out(monkeypatch, mailoutbox):
    """One batch task e-mails many notices; a mail error on one records it on that notice (left to
    email-pending in-process, handed to the retried single task on a worker) and the rest are sent."""
    from members import tasks as member_tasks

    users = [factories.UserFactory(email=f"batch{i}@example.cn") for i in range(3)]
    rows = notify_many(
        [notice_row(recipient=u, kind="reply_deadline", title="提醒", stage="b") for u in users]
    )
    real_send = member_tasks.send_mail

    def flaky(subject, body, sender, to):
        if to == ["batch1@example.cn"]:
            raise OSError("mail server down")
        return real_send(subject, body, sender, to)

    monkeypatch.setattr(member_tasks, "send_mail", flaky)
    batch = member_tasks.notifications_send_email
    assert batch.apply(args=([row.pk for row in rows],)).get() == 2  # in-process (eager)
    assert sorted(m.to[0] for m in mailoutbox) == ["batch0@example.cn", "batch2@example.cn"]
    failed = Notification.objects.get(recipient=users[1])
    assert (
        failed.emailed_at is None and failed.email_attempts == 1 and "mail server down" in failed.email_error
    )
    assert batch.apply(args=([row.pk for row in rows],)).get() == 0  # sent ones are skipped

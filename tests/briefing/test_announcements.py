"""Announcements: audiences resolve to exactly the right people at publish time, read receipts are
exact, 回执, outsiders get 404, reminders are sent once."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc.jobs import job_run_now
from members.briefing import reminders, services
from members.briefing.models import Announcement, AnnouncementRecipient, Audience
from members.models import Notification

from .conftest import at, pdf

pytestmark = pytest.mark.django_db


def recipients(a):
    return set(AnnouncementRecipient.objects.filter(announcement=a).values_list("user_id", flat=True))


def test_all_members_means_active_members_with_a_login(world, publish):
    a = publish(Audience.ALL_MEMBERS)
    w = world
    assert recipients(a) == {w[k].user_id for k in "abcd"}
    assert a.recipient_count == 4
    # one inbox notice each, naming the announcement as the causing event
    notices = Notification.objects.filter(kind=services.NOTICE_KIND, target_id=a.pk)
    assert set(notices.values_list("recipient_id", flat=True)) == recipients(a)
    assert all(n.delivery_key.endswith(f"event=briefing.announcement:{a.pk}") for n in notices)
    from members.services import notification_key

    one = notices.select_related("recipient").first()
    assert one.delivery_key == notification_key(
        recipient=one.recipient, kind="announcement", target=a, event=a
    )
    assert one.url == a.get_absolute_url() and one.title.startswith("【倡议书】")


@pytest.mark.parametrize(
    ("kind", "field", "index", "expected"),
    [
        (Audience.SECTOR, "sector", 0, "ab"),
        (Audience.SECTOR, "sector", 1, "cd"),
        (Audience.SPECIAL_COMMITTEE, "special_committee", 0, "ac"),
        (Audience.SPECIAL_COMMITTEE, "special_committee", 1, "c"),
        (Audience.WORK_COMMITTEE, "work_committee", 0, "ac"),
        (Audience.WORK_COMMITTEE, "work_committee", 1, "bd"),
    ],
)
def test_body_audiences(world, publish, kind, field, index, expected):
    source = {"sector": "sectors", "special_committee": "committees", "work_committee": "towns"}[field]
    a = publish(kind, **{field: world[source][index]})
    assert recipients(a) == {world[k].user_id for k in expected}


def test_units_leaders_and_people(world, publish):
    unit = world["unit"]
    a = publish(Audience.UNITS, units=[unit.handling_unit])
    assert recipients(a) == {unit.pk}
    b = publish(Audience.LEADERS)
    assert recipients(b) == {world["leader"].pk}
    c = publish(Audience.PEOPLE, people=[world["a"].user, world["leader"]])
    assert recipients(c) == {world["a"].user_id, world["leader"].pk}


def test_membership_change_after_publishing_does_not_change_recipients(world, publish):
    s1, s2 = world["sectors"]
    a = publish(Audience.SECTOR, sector=s1)
    # b moves to the other sector, d joins s1: decided at publish time
    world["b"].sector = s2
    world["b"].save()
    world["d"].sector = s1
    world["d"].save()
    assert recipients(a) == {world["a"].user_id, world["b"].user_id}
    assert services.announcement_open(announcement=a, user=world["b"].user) is not None
    with pytest.raises(PermissionDenied):
        services.announcement_open(announcement=a, user=world["d"].user)
    # a new announcement to s1 follows the new membership
    again = publish(Audience.SECTOR, sector=s1)
    assert recipients(again) == {world["a"].user_id, world["d"].user_id}


def test_audience_needs_its_body_and_someone_to_send_to(world, publish, staff):
    with pytest.raises(ValidationError, match="请选择界别"):
        publish(Audience.SECTOR)
    empty = __import__("tests.factories", fromlist=["SectorFactory"]).SectorFactory(name="空界别")
    with pytest.raises(ValidationError, match="没有可接收的人员"):
        publish(Audience.SECTOR, sector=empty)
    assert not Announcement.objects.filter(sector=empty).exists()  # nothing half-saved


def test_only_staff_publish(world):
    with pytest.raises(PermissionDenied):
        services.announcement_create(
            by=world["a"].user,
            kind="notice",
            title="t",
            body="b",
            audience_kind=Audience.ALL_MEMBERS,
            publish=True,
        )


def test_read_receipts_are_exact(world, publish):
    a = publish(Audience.ALL_MEMBERS)
    services.announcement_open(announcement=a, user=world["a"].user)
    first = AnnouncementRecipient.objects.get(announcement=a, user=world["a"].user).read_at
    services.announcement_open(announcement=a, user=world["a"].user)  # opening again keeps the first time
    assert AnnouncementRecipient.objects.get(announcement=a, user=world["a"].user).read_at == first
    services.announcement_open(announcement=a, user=world["c"].user)
    read = set(
        AnnouncementRecipient.objects.filter(announcement=a, read_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    assert read == {world["a"].user_id, world["c"].user_id}
    # the inbox notice is read too
    assert Notification.objects.get(recipient=world["a"].user, target_id=a.pk, kind="announcement").read_at
    assert (
        Notification.objects.get(recipient=world["b"].user, target_id=a.pk, kind="announcement").read_at
        is None
    )


def test_receipt_confirm_and_reply(world, publish):
    confirm = publish(Audience.ALL_MEMBERS, receipt=Announcement.Receipt.CONFIRM)
    r = services.announcement_receipt(announcement=confirm, user=world["a"].user)
    assert r.receipt_at and r.read_at
    reply = publish(Audience.ALL_MEMBERS, receipt=Announcement.Receipt.REPLY)
    with pytest.raises(ValidationError, match="请填写回执内容"):
        services.announcement_receipt(announcement=reply, user=world["a"].user, text=" ")
    services.announcement_receipt(announcement=reply, user=world["a"].user, text="已组织本界别委员学习")
    assert (
        AnnouncementRecipient.objects.get(announcement=reply, user=world["a"].user).receipt_text
        == "已组织本界别委员学习"
    )
    none = publish(Audience.ALL_MEMBERS)
    with pytest.raises(ValidationError, match="不需要回执"):
        services.announcement_receipt(announcement=none, user=world["a"].user)
    with pytest.raises(PermissionDenied):
        services.announcement_receipt(announcement=confirm, user=world["leader"])


def test_reminder_to_the_unread_is_sent_once(world, publish):
    with at(2020, 3, 1):
        a = publish(Audience.ALL_MEMBERS, read_by=dt.date(2020, 3, 5))
        services.announcement_open(announcement=a, user=world["a"].user)
    with at(2020, 3, 4):
        assert job_run_now(name="announcement-reminders") == 0  # not due yet
    with at(2020, 3, 5):
        assert job_run_now(name="announcement-reminders") == 3
        assert job_run_now(name="announcement-reminders") == 0
    with at(2020, 3, 9):
        assert job_run_now(name="announcement-reminders") == 0
    reminded = set(
        Notification.objects.filter(kind=services.REMINDER_KIND, target_id=a.pk).values_list(
            "recipient_id", flat=True
        )
    )
    assert reminded == {world[k].user_id for k in "bcd"}
    a.refresh_from_db()
    assert a.reminded_at is not None


def test_reminder_key_holds_even_if_the_stamp_is_lost(world, publish):
    with at(2020, 3, 1):
        a = publish(Audience.ALL_MEMBERS, read_by=dt.date(2020, 3, 2))
    with at(2020, 3, 2):
        assert reminders.announcement_reminders_scan(today=dt.date(2020, 3, 2)) == 4
        Announcement.objects.filter(pk=a.pk).update(reminded_at=None)  # e.g. restored from a backup
        assert reminders.announcement_reminders_scan(today=dt.date(2020, 3, 2)) == 0
    assert Notification.objects.filter(kind=services.REMINDER_KIND).count() == 4


def test_outsider_gets_404_on_announcement_and_files(world, publish, client):
    a = publish(Audience.SECTOR, sector=world["sectors"][0], files=[pdf("通知.pdf")])
    attachment = a.attachments.get()
    client.force_login(world["a"].user)
    assert client.get(a.get_absolute_url()).status_code == 200
    assert client.get(f"/briefing/attachments/{attachment.pk}/").status_code == 200
    for outsider in (world["c"].user, world["unit"], world["leader"]):
        client.force_login(outsider)
        assert client.get(a.get_absolute_url()).status_code == 404
        assert client.get(f"/briefing/attachments/{attachment.pk}/").status_code == 404
        assert client.post(f"/briefing/{a.pk}/receipt/", {"text": "x"}).status_code == 404


def test_draft_is_not_visible_to_members(world, staff, client):
    draft = services.announcement_create(
        by=staff, kind="notice", title="草稿", body="b", audience_kind=Audience.ALL_MEMBERS, publish=False
    )
    client.force_login(world["a"].user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    services.announcement_publish(announcement=draft, by=staff)
    assert client.get(draft.get_absolute_url()).status_code == 200
    with pytest.raises(ValidationError, match="已经发布"):
        services.announcement_publish(announcement=draft, by=staff)


def test_publish_to_3000_members_is_fast(staff):
    import time

    from members.briefing.models import Announcement
    from members.models import Member, Role, Sector, User

    sector = Sector.objects.create(name="规模测试界别")
    users = User.objects.bulk_create(
        [
            User(username=f"bulk{i}", name=f"委员{i}", role=Role.MEMBER, email=f"b{i}@example.cn")
            for i in range(3000)
        ]
    )
    Member.objects.bulk_create(
        [Member(user=u, name=u.name, gender="M", sector=sector, id_number=None) for u in users]
    )
    start = time.perf_counter()
    a = services.announcement_create(
        by=staff,
        kind="initiative",
        title="倡议书",
        body="正文",
        audience_kind=Audience.ALL_MEMBERS,
        publish=True,
    )
    elapsed = time.perf_counter() - start
    assert a.recipient_count == 3000
    assert Notification.objects.filter(target_id=a.pk, kind="announcement").count() == 3000
    print(f"publish to 3,000 members: {elapsed:.2f} s")  # timed by the bench (bench/ops.py)
    assert Announcement.objects.get(pk=a.pk).is_published


def test_a_meetings_participants_as_audience(world, publish):
    """Registered by consultations.meetings: the invited members and guests with a login of that
    meeting only, decided at publish time."""
    from consultations.meetings.models import MeetingGuest
    from members.briefing.audiences import kind_choices
    from tests import factories as f
    from tests.factories.meetings import MeetingFactory, MeetingInvitationFactory

    assert ("meeting", "会议参会人员") in kind_choices()
    meeting, other = MeetingFactory(), MeetingFactory()
    MeetingInvitationFactory(meeting=meeting, member=world["a"])
    MeetingInvitationFactory(meeting=meeting, member=world["c"])
    MeetingInvitationFactory(meeting=other, member=world["b"])
    guest = f.UnitUserFactory()
    MeetingGuest.objects.create(meeting=meeting, user=guest, name="列席单位负责人")
    a = publish("meeting", audience_object_id=meeting.pk)
    assert recipients(a) == {world["a"].user_id, world["c"].user_id, guest.pk}
    MeetingInvitationFactory(meeting=meeting, member=world["d"])  # invited after publishing
    assert recipients(a) == {world["a"].user_id, world["c"].user_id, guest.pk}

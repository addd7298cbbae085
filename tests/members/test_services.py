import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cppcc.uploads import validate_upload
from members import services
from members.models import DutyEvent, Notification
from tests import factories

pytestmark = pytest.mark.django_db


def test_notify_is_idempotent_per_delivery_key(django_capture_on_commit_callbacks):
    user = factories.UserFactory()
    target = factories.MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(
            recipient=user, kind="x", title="提醒", target=target, stage="7d", day=dt.date(2020, 1, 1)
        )
        second = services.notify(
            recipient=user, kind="x", title="提醒", target=target, stage="7d", day=dt.date(2020, 1, 1)
        )
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1 and "提醒" in mail.outbox[0].subject
    assert Notification.objects.get().emailed_at is not None


def test_notify_without_email_preference_sends_no_mail(django_capture_on_commit_callbacks):
    user = factories.UserFactory(email_notifications=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipient=user, kind="x", title="提醒")
    assert Notification.objects.count() == 1 and len(mail.outbox) == 0


def test_inbox_lists_and_marks_read(client_for):
    user = factories.UserFactory()
    factories.NotificationFactory(recipient=user, title="新的提案待审")
    other = factories.NotificationFactory(title="别人的通知")
    client = client_for(user)
    html = client.get("/members/notifications/").content.decode()
    assert "新的提案待审" in html and "别人的通知" not in html
    assert client.get(f"/members/notifications/{other.pk}/").status_code == 404
    client.post("/members/notifications/read/")
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_duty_event_record_once_per_source_and_withdraw():
    member = factories.MemberFactory()
    source = factories.MemberFactory()  # any model instance will do as a source
    services.duty_event_record(member=member, kind="proposal_lead", date=dt.date(2020, 3, 1), source=source)
    services.duty_event_record(member=member, kind="proposal_lead", date=dt.date(2020, 3, 2), source=source)
    events = DutyEvent.objects.filter(member=member)
    assert events.count() == 1 and events.get().date == dt.date(2020, 3, 2) and events.get().points == 15
    assert services.duty_event_withdraw(source=source) == 1
    assert not DutyEvent.objects.exists()


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_upload_accepts_real_pdf_and_png():
    validate_upload(SimpleUploadedFile("答复函.pdf", PDF))
    validate_upload(SimpleUploadedFile("photo.PNG", PNG))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "不支持的文件类型"),
        ("fake.pdf", b"MZ\x90\x00 this is not a pdf", "内容与扩展名"),
        ("noext", PDF, "不支持的文件类型"),
    ],
)
def test_upload_rejects_wrong_types_with_chinese_message(name, content, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile(name, content))
    assert message in excinfo.value.messages[0]
    assert "允许的类型" in excinfo.value.messages[0]


def test_upload_rejects_oversized(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(SimpleUploadedFile("big.pdf", PDF))
    assert "过大" in excinfo.value.messages[0]

"""A file chosen on a form that came back with an error is kept (cppcc/kept_uploads.py): the forms
are read from the rendered page and posted as a browser posts them (multipart, the hidden token
included, no file chosen the second time)."""

# ruff: noqa: F811 - the proposal and quick-report fixtures are imported from their conftest files

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cppcc import kept_uploads
from cppcc.jobs import job_run_now
from cppcc.models import JobRun, PendingUpload
from proposals.models import ReplyClass
from proposals.quickreports.models import QuickReport
from tests.factories import UnitUserFactory
from tests.proposals.conftest import category, flow  # noqa: F401 - fixtures
from tests.quickreports.conftest import photo, q  # noqa: F401 - fixtures
from tests.quickreports.html_forms import post_data, read_form

pytestmark = pytest.mark.django_db

LETTER = b"%PDF-1.4\n% the unit's stamped reply letter\n%%EOF\n"
TOKEN = "reply-letter__kept"


def letter(name="答复函.pdf"):
    return SimpleUploadedFile(name, LETTER, content_type="application/pdf")


def reply_form(client, p):
    page = client.get(p.get_absolute_url())
    assert page.status_code == 200
    return read_form(page.content.decode(), action_contains="/do/reply/")


def action_url(p):
    return reverse("proposals:action", args=[p.pk, "reply"])


def test_reply_form_says_up_front_that_mianshang_comes_first(flow, client):
    p = flow.to("assigned")
    client.force_login(flow.unit_user)
    html = client.get(p.get_absolute_url()).content.decode()
    assert "须先在本页“记录面商”中登记与提案人的面商情况" in html


def test_reply_with_an_error_keeps_the_letter_and_the_next_submit_attaches_it(flow, client):
    p = flow.to("handling")
    client.force_login(flow.unit_user)
    form = reply_form(client, p)
    b = ReplyClass.objects.get(code="B")
    data = post_data(form, **{"reply-reply_class": str(b.pk)})  # 答复内容 forgotten
    data["reply-letter"] = letter()
    response = client.post(action_url(p), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写答复内容" in html
    assert "已上传：答复函.pdf（可重新选择替换）" in html
    kept = PendingUpload.objects.get()
    assert kept.owner == flow.unit_user and kept.field == "reply-letter" and kept.name == "答复函.pdf"

    # the page that came back is submitted again, the letter not chosen a second time
    again = read_form(html, action_contains="/do/reply/")
    assert TOKEN in again.fields
    data = post_data(again, **{"reply-text": "已按建议落实。"})
    assert "reply-letter" not in data
    response = client.post(action_url(p), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    reply = p.replies.get()
    assert reply.letter and reply.letter.read() == LETTER
    assert not PendingUpload.objects.exists()  # used: forgotten


def test_a_refusal_by_the_service_keeps_the_letter_too(flow, client):
    p = flow.to("assigned")  # 面商 not recorded: the service refuses
    client.force_login(flow.unit_user)
    data = post_data(reply_form(client, p), **{"reply-reply_class": str(ReplyClass.objects.get(code="A").pk)})
    data["reply-text"] = "答复正文"
    data["reply-letter"] = letter("函.pdf")
    response = client.post(action_url(p), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "请先记录与提案人的面商情况" in html and "已上传：函.pdf（可重新选择替换）" in html
    # a new file replaces the kept one
    from proposals import services

    services.contact_record(
        proposal=p, by=flow.unit_user, date=timezone.localdate(), form="meeting", summary="座谈"
    )
    data = post_data(read_form(html, action_contains="/do/reply/"))
    data["reply-letter"] = SimpleUploadedFile("新函.pdf", b"%PDF-1.4\nnew\n", content_type="application/pdf")
    assert client.post(action_url(p), data).status_code == 302
    assert p.replies.get().letter.read() == b"%PDF-1.4\nnew\n"


def test_an_invalid_file_is_not_kept(flow, client):
    p = flow.to("handling")
    client.force_login(flow.unit_user)
    data = post_data(reply_form(client, p), **{"reply-reply_class": str(ReplyClass.objects.get(code="B").pk)})
    data["reply-letter"] = SimpleUploadedFile("x.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = client.post(action_url(p), data)
    assert response.status_code == 400 and "已上传" not in response.content.decode()
    assert not PendingUpload.objects.exists()


def test_another_users_or_a_tampered_token_is_ignored(flow, client):
    p = flow.to("handling")
    client.force_login(flow.unit_user)
    data = post_data(reply_form(client, p), **{"reply-reply_class": str(ReplyClass.objects.get(code="B").pk)})
    data["reply-letter"] = letter()
    html = client.post(action_url(p), data).content.decode()
    token = read_form(html, action_contains="/do/reply/").fields[TOKEN][0]
    kept = PendingUpload.objects.get()

    # a colleague of the same unit replays the token: it was signed for someone else
    colleague = UnitUserFactory(handling_unit=flow.unit)
    client.force_login(colleague)
    data = post_data(reply_form(client, p), **{"reply-reply_class": str(ReplyClass.objects.get(code="B").pk)})
    data.update({"reply-text": "答复正文", TOKEN: token})
    assert client.post(action_url(p), data).status_code == 302
    assert not p.replies.get().letter  # nothing of the other user's was attached
    assert PendingUpload.objects.filter(pk=kept.pk).exists()

    # a token naming the row for the right user but tampered with is refused as well
    forged = signing.dumps({"u": colleague.pk, "f": "reply-letter", "ids": [kept.pk]}, salt="other")
    assert kept_uploads.read_token(forged, colleague, "reply-letter") == []
    assert kept_uploads.read_token(token[:-2] + "xx", flow.unit_user, "reply-letter") == []
    assert kept_uploads.read_token(token, flow.unit_user, "reply-other") == []
    # a well-signed token of the colleague naming a row the colleague does not own restores nothing
    own = kept_uploads.make_token(colleague, "reply-letter", [kept.pk])
    request = RequestFactory().post(action_url(p), {TOKEN: own})
    request.user = colleague
    assert kept_uploads.restore(request) == {} and not request.FILES


def test_quick_report_photos_are_kept_too(q, client):
    client.force_login(q.member.user)
    form = read_form(client.get(reverse("quickreports:create")).content.decode(), form_id="quick-form")
    data = post_data(form, text="路灯不亮。", category=str(q.category.pk), address="宾王路")
    data["photos"] = [photo("a.jpg"), photo("b.jpg")]  # 所在镇街 forgotten
    response = client.post(reverse("quickreports:create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "已上传：a.jpg、b.jpg（可重新选择替换）" in html
    data = post_data(read_form(html, form_id="quick-form"), work_committee=str(q.town.pk))
    response = client.post(reverse("quickreports:create"), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert QuickReport.objects.get().photos.count() == 2
    assert not PendingUpload.objects.exists()


def test_the_cleanup_job_removes_kept_files_older_than_a_day(flow, django_capture_on_commit_callbacks):
    user = flow.unit_user
    old = kept_uploads.store(user, "reply-letter", letter("old.pdf"))
    PendingUpload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    fresh = kept_uploads.store(user, "reply-letter", letter("fresh.pdf"))
    storage = PendingUpload._meta.get_field("file").storage
    assert storage.exists(old.file.name)
    # files are deleted once the deletion is committed (the test's transaction never commits)
    with django_capture_on_commit_callbacks(execute=True):
        assert job_run_now(name="kept-uploads") == 1
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not storage.exists(old.file.name) and storage.exists(fresh.file.name)
    assert JobRun.objects.get(job="kept-uploads").status == JobRun.Status.OK


def test_a_token_older_than_a_day_restores_nothing(flow):
    user = flow.unit_user
    row = kept_uploads.store(user, "reply-letter", letter())
    token = kept_uploads.make_token(user, "reply-letter", [row.pk])
    assert kept_uploads.read_token(token, user, "reply-letter") == [row.pk]
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        assert kept_uploads.read_token(token, user, "reply-letter") == []

"""Pages: every form page read and submitted as a browser would; a constant number of queries on
every list at two data sizes; garbage input never answers 500."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.briefing import services
from members.briefing.models import (
    Announcement,
    AnnouncementRecipient,
    Audience,
    Collection,
    Course,
    Document,
    Piece,
)
from tests import factories as f

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db


def form_data(html: str, form_index: int = 0) -> dict:
    """The fields of the n-th <form> as a browser would send them (inputs with values, checked
    boxes, selected options, textareas)."""
    forms = [f for f in page_forms(html) if "logout" not in f]
    form = forms[form_index]
    data: dict = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        value = (re.search(r'value="([^"]*)"', tag) or [None, ""])[1]
        if kind in ("checkbox", "radio") and "checked" not in tag:
            continue
        if kind in ("file", "submit"):
            continue
        data[name.group(1)] = value if kind != "checkbox" or value else "on"
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, flags=re.S):
        data[name] = body.strip()
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.S):
        selected = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        if selected:
            data[name] = selected if "multiple" in form.split(f'name="{name}"')[0][-200:] else selected[0]
    return data


def page_forms(html: str) -> list[str]:
    return [f for f in re.findall(r"<form\b.*?</form>", html, flags=re.S) if "logout" not in f]


def test_publish_form_as_a_browser(world, staff, client):
    client.force_login(staff)
    html = client.get("/briefing/new/").content.decode()
    data = form_data(html)
    assert {"kind", "title", "body", "audience_kind", "sector", "receipt", "read_by", "publish"} <= set(
        re.findall(r'name="([a-z_]+)"', html)
    )
    data.update(
        kind="initiative",
        title="致全市政协委员的倡议书",
        body="各位委员:……",
        audience_kind="sector",
        sector=str(world["sectors"][0].pk),
        receipt="confirm",
        publish="on",
        files=[SimpleUploadedFile("倡议书.pdf", PDF, content_type="application/pdf")],
    )
    response = client.post("/briefing/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    a = Announcement.objects.get(title="致全市政协委员的倡议书")
    assert a.is_published and a.recipient_count == 2 and a.attachments.count() == 1
    # a refused publish keeps what was typed
    data.update(title="第二份", sector="", files=[])
    response = client.post("/briefing/new/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "请选择界别" in body and "第二份" in body
    assert not Announcement.objects.filter(title="第二份").exists()


def test_receipt_form_as_a_browser(world, staff, client):
    a = services.announcement_create(
        by=staff,
        kind="notice",
        title="会议通知",
        body="请回复",
        audience_kind=Audience.ALL_MEMBERS,
        receipt="reply",
        publish=True,
    )
    client.force_login(world["a"].user)
    html = client.get(a.get_absolute_url()).content.decode()
    forms = page_forms(html)
    index = next(i for i, form in enumerate(forms) if "receipt" in form)
    data = form_data(html, index)
    response = client.post(f"/briefing/{a.pk}/receipt/", data)
    assert "请填写回执内容" in response.content.decode()
    data["text"] = "准时参加"
    assert client.post(f"/briefing/{a.pk}/receipt/", data).status_code == 302
    r = AnnouncementRecipient.objects.get(announcement=a, user=world["a"].user)
    assert r.receipt_text == "准时参加" and r.read_at


def test_readers_list_and_export(world, staff, client):
    a = services.announcement_create(
        by=staff,
        kind="notice",
        title="通知",
        body="b",
        audience_kind=Audience.ALL_MEMBERS,
        receipt="confirm",
        publish=True,
    )
    services.announcement_receipt(announcement=a, user=world["a"].user)
    client.force_login(staff)
    html = client.get(f"/briefing/{a.pk}/readers/?state=unread").content.decode()
    assert world["a"].name not in html and world["b"].name in html
    assert 'data-testid="unread-count">3<' in html
    response = client.get(f"/briefing/{a.pk}/receipts.xlsx")
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(response.content)).active
    values = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(values) == 4
    assert sum(1 for v in values if v[3]) == 1
    assert client.get(f"/briefing/{a.pk}/readers/?state=<script>&page=zz").status_code == 200


def test_document_form_as_a_browser(staff, client, folder):
    client.force_login(staff)
    html = client.get("/briefing/library/new/").content.decode()
    data = form_data(html)
    data.update(folder=str(folder.pk), title="学习资料一", visibility="all", file=pdf())
    assert client.post("/briefing/library/new/", data).status_code == 302
    doc = Document.objects.get(title="学习资料一")
    html = client.get(doc.get_absolute_url()).content.decode()
    data = form_data(html, next(i for i, form in enumerate(page_forms(html)) if "versions/" in form))
    data["file"] = pdf("第二版.pdf")
    assert client.post(f"/briefing/library/{doc.pk}/versions/", data).status_code == 302
    assert doc.versions.count() == 2


def test_folder_course_collection_forms(staff, client):
    client.force_login(staff)
    data = form_data(client.get("/briefing/library/folders/new/").content.decode())
    data["name"] = "会议材料"
    assert client.post("/briefing/library/folders/new/", data).status_code == 302
    data = form_data(client.get("/briefing/training/new/").content.decode())
    data.update(title="委员履职能力提升培训班", year="2020")
    response = client.post("/briefing/training/new/", data)
    assert response.status_code == 302, re.findall(
        r"invalid-feedback[^>]*>([^<]+)", response.content.decode()
    )
    course = Course.objects.get(title="委员履职能力提升培训班")
    html = client.get(course.get_absolute_url()).content.decode()
    forms = page_forms(html)
    index = next(i for i, form in enumerate(forms) if "sessions/" in form)
    data = form_data(html, index)
    data.update(date="2020-09-10", topic="政协理论")
    assert client.post(f"/briefing/training/{course.pk}/sessions/", data).status_code == 302
    assert course.sessions.count() == 1
    data = form_data(client.get("/briefing/wenshi/new/").content.decode())
    data.update(title="抗疫笔记", year="2020")
    assert client.post("/briefing/wenshi/new/", data).status_code == 302
    assert Collection.objects.filter(title="抗疫笔记").exists()


def test_piece_form_and_review_as_a_browser(world, staff, client):
    collection = services.collection_create(by=staff, title="专题", year=2020)
    client.force_login(world["a"].user)
    url = f"/briefing/wenshi/{collection.pk}/submit/"
    data = form_data(client.get(url).content.decode())
    data.update(title="我的抗疫日记", body="那一天……", submit="1")
    assert client.post(url, data).status_code == 302
    piece = Piece.objects.get(title="我的抗疫日记")
    assert piece.status == Piece.Status.SUBMITTED
    client.force_login(staff)
    html = client.get(piece.get_absolute_url()).content.decode()
    assert "退回修改" in html and "采用" in html
    data = form_data(html, next(i for i, f in enumerate(page_forms(html)) if "note" in f))
    response = client.post(f"/briefing/wenshi/pieces/{piece.pk}/request_changes/", data)
    assert response.status_code == 400 and "必须填写" in response.content.decode()
    data["note"] = "请补充照片"
    assert client.post(f"/briefing/wenshi/pieces/{piece.pk}/request_changes/", data).status_code == 302
    piece.refresh_from_db()
    assert piece.status == Piece.Status.CHANGES
    client.force_login(world["a"].user)
    data = form_data(client.get(f"/briefing/wenshi/pieces/{piece.pk}/edit/").content.decode())
    assert data["title"] == "我的抗疫日记"
    data.update(submit="1")
    assert client.post(f"/briefing/wenshi/pieces/{piece.pk}/edit/", data).status_code == 302
    piece.refresh_from_db()
    assert piece.status == Piece.Status.SUBMITTED
    assert client.post(f"/briefing/wenshi/pieces/{piece.pk}/bogus/", {}).status_code == 400


def test_quiz_page(world, staff, client):
    from members.briefing.models import QuizQuestion

    course = services.course_create(by=staff, title="班", year=2020)
    q = QuizQuestion.objects.create(course=course, text="题一", options="甲\n乙", answer=2)
    services.course_enrol(course=course, by=world["a"].user)
    client.force_login(world["a"].user)
    html = client.get(f"/briefing/training/{course.pk}/quiz/").content.decode()
    assert f'name="q_{q.pk}"' in html
    response = client.post(f"/briefing/training/{course.pk}/quiz/", {f"q_{q.pk}": "2"}, follow=True)
    assert "答对 1 / 1 题" in response.content.decode()


def grow(world, staff, folder, n):
    """n more of everything a list shows."""
    members = [f.MemberFactory(sector=world["sectors"][0]) for _ in range(n)]
    collection = Collection.objects.first() or services.collection_create(by=staff, title="专题", year=2020)
    course = Course.objects.first() or services.course_create(by=staff, title="班", year=2020)
    services.course_enrol_members(course=course, by=staff, members=members)
    for i in range(n):
        services.announcement_create(
            by=staff,
            kind="notice",
            title=f"通知{i}",
            body="b",
            audience_kind=Audience.ALL_MEMBERS,
            publish=True,
        )
        services.document_create(by=staff, folder=folder, title=f"资料{i}", file=pdf())
        services.course_create(
            by=staff, title=f"班{i}", year=2020, sessions=[(dt.date(2020, 1, 1), "课", "")]
        )
        services.collection_create(by=staff, title=f"专题{i}", year=2020)
        p = services.piece_save(by=members[i].user, collection=collection, title=f"稿{i}", body="b")
        services.piece_action(piece=p, action="submit", by=members[i].user)
    return collection, course


PAGES = [
    ("staff", "/briefing/"),
    ("member", "/briefing/"),
    ("staff", "/briefing/library/"),
    ("member", "/briefing/library/?q=资料"),
    ("staff", "/briefing/training/"),
    ("member", "/briefing/training/"),
    ("staff", "/briefing/wenshi/"),
    ("staff", "collection"),
    ("staff", "course"),
    ("staff", "readers"),
    ("member", "/"),
    ("staff", "/briefing/figures/?what=recipients&year=" + str(dt.date.today().year)),
]


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_lists_make_a_constant_number_of_queries(
    world, staff, folder, client, django_assert_max_num_queries, who, page
):
    user = staff if who == "staff" else world["a"].user
    client.force_login(user)

    def url():
        if page == "collection":
            return Collection.objects.first().get_absolute_url()
        if page == "course":
            return Course.objects.order_by("pk").first().get_absolute_url()
        if page == "readers":
            return f"/briefing/{Announcement.objects.order_by('pk').first().pk}/readers/"
        return page

    grow(world, staff, folder, 2)
    client.get(url())
    with django_assert_max_num_queries(16) as small:
        assert client.get(url()).status_code == 200
    grow(world, staff, folder, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url()).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/briefing/?page=-1&year=x",
        "/briefing/library/?folder=abc&page=99999",
        "/briefing/library/?folder=99999999999999999999",
        "/briefing/training/?year=99999",
        "/briefing/wenshi/1/?status=bogus&page=x",
        "/briefing/999999/",
        "/briefing/library/999999/download/",
    ],
)
def test_garbage_never_500(staff, client, url):
    client.force_login(staff)
    assert client.get(url).status_code in (200, 404)


def test_receipts_export_keeps_formula_like_text_as_text(world, staff, client):
    from io import BytesIO

    from openpyxl import load_workbook

    a = services.announcement_create(
        by=staff,
        kind="notice",
        title="通知",
        body="b",
        audience_kind=Audience.ALL_MEMBERS,
        receipt="reply",
        publish=True,
    )
    services.announcement_receipt(
        announcement=a, user=world["a"].user, text='=HYPERLINK("http://evil.example","x")'
    )
    client.force_login(staff)
    wb = load_workbook(BytesIO(client.get(f"/briefing/{a.pk}/receipts.xlsx").content))
    cells = [c for row in wb.active.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert '=HYPERLINK("http://evil.example","x")' in [c.value for c in cells]

"""Document library: content-checked uploads, visibility, versions, search, permission-checked downloads."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from members.briefing import selectors, services
from members.briefing.models import Visibility

from .conftest import pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(world, staff, folder):
    s1 = world["sectors"][0]
    c2 = world["committees"][1]
    return {
        "all": services.document_create(by=staff, folder=folder, title="政协章程学习读本", file=pdf()),
        "sector": services.document_create(
            by=staff,
            folder=folder,
            title="经济界别活动方案",
            file=pdf(),
            visibility=Visibility.BODY,
            sector=s1,
        ),
        "committee": services.document_create(
            by=staff,
            folder=folder,
            title="教科卫体委调研提纲",
            file=png(),
            visibility=Visibility.BODY,
            special_committee=c2,
        ),
        "staff": services.document_create(
            by=staff, folder=folder, title="机关内部工作安排", file=pdf(), visibility=Visibility.STAFF
        ),
    }


def titles(user):
    return {d.title for d in selectors.visible_documents(user=user)}


def test_visibility(world, docs, staff):
    assert titles(world["a"].user) == {"政协章程学习读本", "经济界别活动方案"}
    assert titles(world["c"].user) == {"政协章程学习读本", "教科卫体委调研提纲"}
    assert titles(world["d"].user) == {"政协章程学习读本"}
    assert titles(world["leader"]) == {"政协章程学习读本"}
    assert titles(world["unit"]) == set()
    assert len(titles(staff)) == 4


def test_downloads_are_permission_checked(world, docs, client):
    sector_doc = docs["sector"]
    version = sector_doc.versions.get()
    client.force_login(world["a"].user)
    assert client.get(f"/briefing/library/{sector_doc.pk}/download/").status_code == 200
    assert client.get(f"/briefing/library/versions/{version.pk}/").status_code == 200
    client.force_login(world["d"].user)
    assert client.get(f"/briefing/library/{sector_doc.pk}/").status_code == 404
    assert client.get(f"/briefing/library/{sector_doc.pk}/download/").status_code == 404
    assert client.get(f"/briefing/library/versions/{version.pk}/").status_code == 404
    assert client.get(f"/briefing/library/{docs['staff'].pk}/download/").status_code == 404


def test_new_version_keeps_old_ones(docs, staff, world, client):
    doc = docs["all"]
    services.document_add_version(document=doc, by=staff, file=pdf("v2.pdf"), note="修订")
    doc.refresh_from_db()
    assert doc.version_count == 2
    assert list(doc.versions.values_list("number", "name")) == [(2, "v2.pdf"), (1, "doc.pdf")]
    client.force_login(world["b"].user)
    response = client.get(f"/briefing/library/{doc.pk}/download/")
    assert "v2.pdf" in response["Content-Disposition"]


def test_uploads_are_checked_by_content(staff, folder):
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="内容与扩展名"):
        services.document_create(by=staff, folder=folder, title="伪装文件", file=fake)
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="不支持的文件类型"):
        services.document_create(by=staff, folder=folder, title="程序", file=exe)


def test_members_cannot_upload(world, folder):
    with pytest.raises(PermissionDenied):
        services.document_create(by=world["a"].user, folder=folder, title="x", file=pdf())


def test_body_visibility_needs_a_body(staff, folder):
    with pytest.raises(ValidationError, match="指定组织"):
        services.document_create(by=staff, folder=folder, title="x", file=pdf(), visibility=Visibility.BODY)


def test_search_by_title(world, docs):
    found = selectors.document_list(user=world["a"].user, q="章程")
    assert [d.title for d in found] == ["政协章程学习读本"]
    assert list(selectors.document_list(user=world["d"].user, q="经济界别")) == []


def test_new_for_me_panel_on_home(world, docs, client):
    client.force_login(world["a"].user)
    html = client.get("/").content.decode()
    assert "知情明政" in html and "经济界别活动方案" in html
    assert "教科卫体委调研提纲" not in html

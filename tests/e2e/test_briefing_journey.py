"""Journey: staff publish a 倡议书 to one 界别 asking for a 回执; two members read and confirm it on a
phone; the read list shows who has not."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "“节约粮食 拒绝浪费”倡议书"
PHONE = {"width": 375, "height": 812}


def test_initiative_to_one_sector_with_receipts(page, login, shot, axe):
    factories.StaffUserFactory(username="b_staff", name="办公室王秘书")
    sector = factories.SectorFactory(name="经济界")
    other = factories.SectorFactory(name="教育界")
    factories.MemberFactory(user__username="b_one", name="陈立新", user__name="陈立新", sector=sector)
    factories.MemberFactory(user__username="b_two", name="楼晓燕", user__name="楼晓燕", sector=sector)
    factories.MemberFactory(user__username="b_three", name="吴建国", user__name="吴建国", sector=sector)
    factories.MemberFactory(user__username="b_outside", name="金小明", user__name="金小明", sector=other)

    # 1. staff publish the 倡议书 to 经济界 with a 确认收到 回执
    login("b_staff")
    page.goto("/briefing/")
    page.get_by_role("link", name="发布通知/倡议书").click()
    page.get_by_label("类型").select_option(label="倡议书")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("正文").fill(
        "经济界别各位委员:\n请带头践行“光盘行动”,在所在企业和界别群众中宣传节约理念。"
    )
    page.get_by_label("发送范围").select_option(label="界别")
    page.get_by_label("界别", exact=True).select_option(label="经济界")
    page.get_by_label("回执").select_option(label="确认收到")
    axe("announcement form")
    shot("briefing-1-publish-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已发布,接收人 3 人")).to_be_visible()
    announcement_url = page.url

    # 2. two members read and confirm on a phone
    page.set_viewport_size(PHONE)
    for number, username in enumerate(("b_one", "b_two"), start=2):
        login(username)
        page.goto("/briefing/")
        expect(page.get_by_text("[未读]")).to_be_visible()
        page.get_by_role("link", name=TITLE).click()
        confirm = page.get_by_role("button", name="确认收到")
        box = confirm.bounding_box()
        assert box["height"] >= 44 and box["width"] <= PHONE["width"]
        if number == 2:
            axe("announcement on a phone")
            shot("briefing-2-member-phone")
        confirm.click()
        expect(page.get_by_test_id("receipt-done")).to_be_visible()
        if number == 3:
            shot("briefing-3-member-confirmed")

    # a member of another sector is outside the audience: 404
    login("b_outside")
    response = page.goto(announcement_url)
    assert response.status == 404

    # 3. the read list shows who has not read
    page.set_viewport_size({"width": 1280, "height": 900})
    login("b_staff")
    page.goto(announcement_url)
    page.get_by_role("link", name="阅读情况").click()
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_role("link", name="未读", exact=True).click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("吴建国")
    axe("read list")
    shot("briefing-4-read-list-unread")


def test_briefing_pages_are_accessible(page, login, axe):
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.briefing import services
    from members.briefing.models import Folder, QuizQuestion

    staff = factories.StaffUserFactory(username="x_staff")
    member = factories.MemberFactory(user__username="x_member", name="陈立新", user__name="陈立新")
    folder = Folder.objects.get(parent=None, name="学习资料")
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    doc = services.document_create(by=staff, folder=folder, title="政协章程", file=pdf)
    course = services.course_create(
        by=staff,
        title="委员履职能力提升培训班",
        year=2020,
        materials=[doc],
        sessions=[(dt.date(2020, 9, 1), "理论", "")],
    )
    QuizQuestion.objects.create(course=course, text="题一", options="甲\n乙", answer=1)
    services.course_enrol(course=course, by=member.user)
    collection = services.collection_create(by=staff, title="抗疫笔记", year=2020)
    piece = services.piece_save(by=member.user, collection=collection, title="日记", body="正文")
    piece = services.piece_action(piece=piece, action="submit", by=member.user)
    urls = {
        "x_member": [
            "/",
            "/briefing/",
            "/briefing/library/",
            doc.get_absolute_url(),
            "/briefing/training/",
            course.get_absolute_url(),
            f"/briefing/training/{course.pk}/quiz/",
            "/briefing/wenshi/",
            collection.get_absolute_url(),
            f"/briefing/wenshi/{collection.pk}/submit/",
            piece.get_absolute_url(),
        ],
        "x_staff": [
            "/briefing/library/new/",
            doc.get_absolute_url(),
            course.get_absolute_url(),
            f"/briefing/training/sessions/{course.sessions.get().pk}/attendance/",
            piece.get_absolute_url(),
            "/briefing/wenshi/new/",
            "/briefing/figures/?what=pieces&year=2020",
        ],
    }
    failures = []
    for username, pages in urls.items():
        login(username)
        for url in pages:
            assert page.goto(url).status == 200, url
            try:
                axe(f"{username} {url}")
            except AssertionError as exc:
                failures.append(str(exc))
    assert not failures, "\n\n".join(failures)

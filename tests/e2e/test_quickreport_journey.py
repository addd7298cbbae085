"""Journey: a 随手拍 at phone size (375×812) — the member submits with two photos (the draft
survives a reload), staff route it, the unit answers with an 整改 photo, the member confirms."""

import io

import pytest
from playwright.sync_api import expect

from proposals.quickreports.models import QuickReport, QuickStatus
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TEXT = "稠州北路公交站台顶棚破损漏雨,候车群众只能站在雨里,建议尽快修复。"


def _jpeg(path, color):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), color).save(buf, "JPEG")
    path.write_bytes(buf.getvalue())
    return str(path)


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 375, "height": 812})
    return page


def action_form(page, action: str):
    return page.locator(f"form[action$='/do/{action}/']")


def test_quick_report_from_phone_to_resolved(phone, login, shot, axe, tmp_path):
    page = phone
    town = factories.WorkCommitteeFactory(name="稠城街道")
    factories.MemberFactory(
        user__username="q_member", name="周晓燕", user__name="周晓燕", work_committee=town
    )
    factories.StaffUserFactory(username="q_staff", name="办公室吴")
    unit = factories.HandlingUnitFactory(name="市交通运输局")
    factories.UnitUserFactory(username="q_unit", name="交通局钱", handling_unit=unit)
    a, b, after = (
        _jpeg(tmp_path / "a.jpg", (200, 60, 60)),
        _jpeg(tmp_path / "b.jpg", (60, 60, 200)),
        _jpeg(tmp_path / "after.jpg", (60, 180, 60)),
    )

    # 1. the member fills the form on a phone; a reload (a dropped connection) keeps the draft
    login("q_member")
    page.goto("/quick/new/")
    page.get_by_label("随手拍(文明创建)").check()
    page.get_by_label("反映的问题").fill(TEXT)
    page.get_by_label("类别").select_option(label="公共设施")
    page.get_by_label("所在镇街").select_option(label="稠城街道")
    page.get_by_label("具体地点").fill("稠州北路公交站")
    page.reload()
    expect(page.get_by_label("反映的问题")).to_have_value(TEXT)
    expect(page.get_by_label("具体地点")).to_have_value("稠州北路公交站")
    expect(page.get_by_text("已恢复上次未提交的草稿")).to_be_visible()
    page.get_by_label("照片", exact=True).set_input_files([a, b])
    expect(page.get_by_text("已选:a.jpg")).to_be_visible()
    submit = page.get_by_role("button", name="提交")
    assert submit.bounding_box()["height"] >= 44
    axe("quick report form at 375 px")
    shot("quick-1-member-form-375")
    submit.click()
    expect(page.get_by_text("已提交(编号")).to_be_visible()
    report = QuickReport.objects.get()
    assert report.photos.count() == 2 and report.kind == "snapshot"
    shot("quick-2-member-submitted-375")
    # the draft is gone after a successful submission
    page.goto("/quick/new/")
    expect(page.get_by_label("反映的问题")).to_have_value("")

    # 2. staff route it to the transport bureau (5 工作日)
    login("q_staff")
    page.goto("/quick/triage/")
    axe("triage queue at 375 px")
    page.get_by_role("link", name=report.summary).click()
    axe("triage detail with its action forms")
    form = action_form(page, "route")
    form.get_by_label("承办单位").select_option(label="市交通运输局")
    form.get_by_role("button", name="交办承办单位").click()
    expect(page.get_by_text("已交市交通运输局办理")).to_be_visible()
    shot("quick-3-staff-routed-375")

    # 3. the unit answers with an 整改 photo
    login("q_unit")
    page.goto("/quick/unit/")
    page.get_by_role("link", name=report.summary).click()
    form = action_form(page, "answer")
    form.get_by_label("答复内容").fill("已更换站台顶棚并加固立柱,3月12日完工。")
    form.get_by_label("整改后照片").set_input_files([after])
    form.get_by_role("button", name="答复").click()
    expect(page.get_by_text("已答复。")).to_be_visible()
    shot("quick-4-unit-answered-375")

    # 4. the member sees the answer with the photo and confirms 已解决
    login("q_member")
    page.goto("/quick/mine/")
    page.get_by_role("link", name=report.summary).click()
    expect(page.get_by_role("img", name="整改后照片 1")).to_be_visible()
    action_form(page, "resolved").get_by_role("button", name="已解决").click()
    expect(page.get_by_text("感谢您的确认。")).to_be_visible()
    axe("resolved report with the answer and photos")
    shot("quick-5-member-resolved-375")
    report.refresh_from_db()
    assert report.status == QuickStatus.RESOLVED
    assert report.photos.filter(stage="after").count() == 1

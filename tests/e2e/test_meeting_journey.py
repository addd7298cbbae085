"""Journey: a 常委会会议 from the notice to the signed roll — agenda and a document, members
answer on their phones, one signs in by the QR link, staff approve leave and mark an absence."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.meetings.models import Meeting
from members.models import Position
from tests import factories
from tests.e2e.conftest import ARTIFACTS, PASSWORD, nav

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "十三届政协第二十次常委会会议"
AGENDA = [
    "听取市政府关于国际贸易综合改革试验区建设情况的通报",
    "审议2021年度协商工作计划",
    "审议关于提案办理情况的报告",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _phone(browser, live_server, username):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True
    )
    context.set_default_timeout(15000)
    phone = context.new_page()
    phone.goto("/accounts/login/")
    phone.get_by_label("用户名").fill(username)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_load_state()
    return phone


def test_standing_committee_meeting_journey(page, browser, live_server, login, shot, axe, tmp_path):
    today = timezone.localdate()
    factories.StaffUserFactory(username="m_staff", name="会务组陈")
    people = {
        "m_chen": "陈建国",  # confirms and signs in by QR
        "m_lou": "楼晓燕",  # confirms, not (yet) signed in
        "m_wu": "吴海峰",  # asks for leave
        "m_fang": "方志明",  # does not answer, marked absent
    }
    for username, name in people.items():
        factories.MemberFactory(
            user__username=username, user__name=name, name=name, position=Position.STANDING
        )

    # 1. staff create the meeting: the 常委 are invited by position
    login("m_staff")
    nav(page, "会议")
    page.get_by_role("link", name="新建会议").click()
    page.get_by_label("会议类型").select_option(label="常委会会议")
    page.get_by_label("会议名称").fill(TITLE)
    page.get_by_label("开始日期").fill(today.isoformat())
    page.get_by_label("地点", exact=True).fill("市政协三楼会议室")
    axe("meeting form")
    shot("meeting-1-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已向 4 位委员发出通知")).to_be_visible()
    meeting_url = page.url

    # 2. three agenda items and a document
    for title in AGENDA:
        page.get_by_label(re.compile("^议题")).fill(title)
        page.get_by_role("button", name="添加议程").click()
        expect(page.get_by_text("议程已添加。")).to_be_visible()
    pdf = tmp_path / "tongbao.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label(re.compile("^标题")).fill("国际贸易综合改革试验区建设情况通报")
    page.get_by_label("版本").select_option(label="正式稿")
    page.get_by_label("所属议程").select_option(label=f"1. {AGENDA[0]}")
    page.get_by_label(re.compile("^文件")).set_input_files(str(pdf))
    page.get_by_role("button", name="上传文件").click()
    expect(page.get_by_text("会议文件已上传。")).to_be_visible()
    axe("meeting detail (staff)")
    shot("meeting-2-detail-staff")

    # 3. on their phones: two members confirm, one asks for leave
    for username in ("m_chen", "m_lou"):
        phone = _phone(browser, live_server, username)
        phone.goto("/meetings/mine/")
        phone.get_by_role("button", name="确认参加").click()
        expect(phone.get_by_text("答复已提交。")).to_be_visible()
        if username == "m_chen":
            shot_phone = phone
        else:
            phone.context.close()
    phone = _phone(browser, live_server, "m_wu")
    phone.goto("/meetings/mine/")
    phone.get_by_label("请假事由").fill("赴杭州参加省政协培训")
    phone.screenshot(path=str(ARTIFACTS / "meeting-3-phone-leave.png"), full_page=True)
    phone.get_by_role("button", name="请假").click()
    expect(phone.get_by_text("请假申请已提交,等待审批。")).to_be_visible()
    expect(phone.get_by_text("待审批", exact=True)).to_be_visible()
    phone.context.close()

    # 4. staff approve the leave and open the sign-in screen
    page.goto(meeting_url)
    page.get_by_role("button", name="准假(吴海峰)").click()
    expect(page.get_by_text("已准假。")).to_be_visible()
    page.get_by_role("link", name="签到屏与现场登记").click()
    expect(page.locator(".qr-code svg")).to_be_visible()
    signin_url = page.get_by_role("link", name="签到链接").get_attribute("href")
    shot("meeting-4-qr-screen")

    # 5. a member opens the QR link on the phone and signs in
    shot_phone.goto(signin_url)
    expect(shot_phone.get_by_text(TITLE)).to_be_visible()
    shot_phone.get_by_role("button", name="确认签到").click()
    expect(shot_phone.get_by_text("签到成功")).to_be_visible()
    shot_phone.screenshot(path=str(ARTIFACTS / "meeting-5-phone-signed-in.png"), full_page=True)
    shot_phone.context.close()

    # 6. the live count follows (htmx polling), staff mark the member who did not come
    expect(page.locator('#live-count [data-count="present"]')).to_have_text("1", timeout=12000)
    page.get_by_label("委员", exact=True).select_option(label="方志明")
    page.get_by_label("出勤", exact=True).select_option(label="缺席")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("方志明:缺席。")).to_be_visible()
    axe("sign-in screen")

    # 7. the roll shows the four states
    page.get_by_role("link", name="查看出席名册").click()
    totals = page.locator(".roll-totals")
    expect(totals).to_contain_text("应到 4 人,实到 1 人,请假 1 人,缺席 1 人,未签到 1 人")
    for name, state in (("陈建国", "出席"), ("吴海峰", "请假"), ("方志明", "缺席"), ("楼晓燕", "未签到")):
        row = page.locator("tr", has_text=name)
        expect(row.locator("td[data-state]")).to_have_text(state)
    axe("roll")
    shot("meeting-6-roll")
    meeting = Meeting.objects.get(title=TITLE)
    assert meeting.agenda.count() == 3 and meeting.documents.count() == 1

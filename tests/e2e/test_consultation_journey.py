"""Journey 2: a 请你来协商 session from planning to the closed suggestion and the duty record."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import nav

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOPIC = "请你来协商:老旧小区改造"
SUGGESTION = "建议将加装电梯纳入老旧小区改造统一规划"


def test_come_consult_session_closes_the_loop(page, login, shot, axe):
    today = timezone.localdate()
    factories.StaffUserFactory(username="c_staff", name="机关孙")
    factories.LeaderUserFactory(username="c_leader", name="周主席")
    factories.MemberFactory(user__username="c_attendee", name="钱晓红", user__name="钱晓红")
    factories.MemberFactory(user__username="c_leave", name="吴志强", user__name="吴志强")
    unit = factories.HandlingUnitFactory(name="市住房和城乡建设局")
    factories.UnitUserFactory(username="c_unit", name="住建局郑", handling_unit=unit)

    # 1. staff plan the session and invite two members
    login("c_staff")
    nav(page, "协商活动")
    axe("activity list (staff)")
    page.get_by_role("link", name="新建活动").click()
    page.get_by_label("活动类型").select_option(label="请你来协商")
    page.get_by_label("主题").fill(TOPIC)
    page.get_by_label("日期").fill(today.isoformat())
    page.get_by_label("地点").fill("市政协三楼会议室")
    page.get_by_label("邀请委员").select_option(label=["钱晓红", "吴志强"])
    page.get_by_label("部门负责人").fill("市住房和城乡建设局局长")
    axe("activity form (filled)")
    shot("consultation-1-activity-form")
    page.get_by_role("button", name="保存并发出邀请").click()
    expect(page.get_by_text("已向 2 位委员发出邀请")).to_be_visible()
    activity_url = page.url

    # 2. one member asks for leave with a reason
    login("c_leave")
    page.goto(activity_url)
    page.get_by_label("请假", exact=True).check()
    page.get_by_label("请假事由").fill("外出参加培训")
    axe("activity detail (member, invitation)")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("外出参加培训").first).to_be_visible()
    shot("consultation-2-leave")

    # 3. staff record attendance
    login("c_staff")
    page.goto(activity_url)
    page.get_by_role("link", name="登记出勤").click()
    expect(page.get_by_text("请假:外出参加培训")).to_be_visible()
    page.get_by_label("钱晓红 出席").check()
    page.get_by_label("吴志强 请假").check()
    axe("attendance form")
    shot("consultation-3-attendance")
    page.get_by_role("button", name="保存出勤").click()
    expect(page.get_by_text("实到 1 · 请假 1 · 缺席 0")).to_be_visible()

    # 4. the suggestion goes to the department
    page.get_by_label("建议内容").fill(SUGGESTION)
    page.get_by_label("责任单位").select_option(label="市住房和城乡建设局")
    page.get_by_label("反馈期限").fill((today + timezone.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="保存建议").click()
    expect(page.get_by_text("建议已录入(第1条)。")).to_be_visible()
    axe("activity detail (staff)")
    shot("consultation-4-suggestion")

    # 5. a leader adds an instruction
    login("c_leader")
    nav(page, "建议办理")
    axe("suggestion board (leader)")
    page.get_by_role("link", name=SUGGESTION).first.click()
    page.get_by_label("批示领导").select_option(label="周主席")
    page.get_by_label("批示内容").fill("请住建局抓紧研究,年内拿出方案。")
    axe("suggestion detail (leader)")
    page.get_by_role("button", name="录入批示").click()
    instructions = page.locator("section", has=page.get_by_role("heading", name="领导批示"))
    expect(instructions.get_by_text("请住建局抓紧研究,年内拿出方案。")).to_be_visible()

    # 6. the department reports progress
    login("c_unit")
    nav(page, "建议办理")
    page.get_by_role("link", name=SUGGESTION).first.click()
    page.get_by_label("落实情况").select_option(label="已落实")
    page.get_by_label("进展情况").fill("已出台加装电梯补助办法,首批30幢完成加装。")
    axe("suggestion detail (unit, report form)")
    shot("consultation-5-unit-report")
    page.get_by_role("button", name="反馈落实情况").click()
    expect(page.get_by_text("已出台加装电梯补助办法,首批30幢完成加装。").first).to_be_visible()

    # 7. staff close the loop
    login("c_staff")
    nav(page, "建议办理")
    page.get_by_role("link", name=SUGGESTION).first.click()
    page.get_by_role("button", name="办结", exact=True).click()
    expect(page.locator(".badge", has_text="已办结")).to_be_visible()
    timeline = page.locator("section", has=page.get_by_role("heading", name="办理记录"))
    steps = timeline.locator("li strong").all_inner_texts()
    for label in ["录入建议", "交办", "录入批示", "反馈:已落实", "办结"]:
        assert label in steps, (label, steps)
    shot("consultation-6-closed")

    # 8. the attendee's duty record shows the session
    login("c_attendee")
    nav(page, "我的履职")
    expect(page.get_by_text(TOPIC).first).to_be_visible()
    axe("my duty record")
    shot("consultation-7-duty-record")

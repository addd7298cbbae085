"""Journeys of the committee's bodies: a 镇街工委 联络员 runs a 请你来协商 with the people picker,
a member answers from a phone, the office sees the suggestion, the grassroots figure moves by one;
and a 联村 visit turned into a topic and then an activity shows its chain on each page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.bodies.figure_queries import body_stats
from tests import factories
from tests.e2e.conftest import ARTIFACTS, PASSWORD, nav

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TOPIC = "请你来协商—电商企业稳岗用工"
SUGGESTION = "对受疫情影响的电商企业落实稳岗返还和社保补贴"


def _phone(browser, live_server, username):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 740}, has_touch=True
    )
    context.set_default_timeout(15000)
    phone = context.new_page()
    phone.goto("/accounts/login/")
    phone.get_by_label("用户名").fill(username)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_load_state()
    return context, phone


def _touch_targets_ok(page, selector):
    heights = page.eval_on_selector_all(
        selector, "els => els.filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights


def test_liaison_runs_a_come_consult_with_the_picker(page, login, shot, axe, browser, live_server):
    year = timezone.localdate().year
    town = factories.WorkCommitteeFactory(name="江东街道")
    other_town = factories.WorkCommitteeFactory(name="稠城街道")
    factories.OrganiserRoleFactory(
        user=factories.UserFactory(username="b_liaison", name="联络员周敏"), work_committee=town
    )
    factories.MemberFactory(user__username="b_phone", name="程刚", user__name="程刚", work_committee=town)
    factories.MemberFactory(name="马诚国", user__name="马诚国", work_committee=town)
    factories.MemberFactory(name="楼一鸣", user__name="楼一鸣", work_committee=other_town)
    factories.StaffUserFactory(username="b_staff", name="机关孙")
    before = body_stats(year=year)["come_consult_grassroots"]

    # 1. the 联络员 opens the body page and creates a 请你来协商: the body's members are pre-selected
    login("b_liaison")
    nav(page, "机构")
    page.get_by_role("link", name="江东街道").first.click()
    axe("body page (organiser)")
    page.get_by_role("link", name="新建活动").click()
    page.get_by_label("活动类型").select_option(label="请你来协商")
    page.get_by_label("主题").fill(TOPIC)
    page.get_by_label("日期").fill(timezone.localdate().isoformat())
    page.get_by_label("地点").fill("青岩刘村文化礼堂")
    selected = page.locator("#picker-members-selected")
    expect(selected.get_by_text("程刚")).to_be_visible()
    expect(selected.get_by_text("马诚国")).to_be_visible()
    # 2. … and adds a member of another 镇街 by typing part of the name
    page.get_by_label("邀请委员").fill("楼")
    page.get_by_role("button", name="添加 楼一鸣").click()
    expect(selected.get_by_text("楼一鸣")).to_be_visible()
    axe("activity form with the picker")
    shot("bodies-1-picker")
    page.get_by_role("button", name="创建并发出邀请").click()
    expect(page.get_by_text("已向 3 位委员发出邀请")).to_be_visible()
    activity_url = page.url

    # 3. a member answers from a phone
    context, phone = _phone(browser, live_server, "b_phone")
    phone.goto(activity_url)
    phone.get_by_label("确认参加").check()
    phone.get_by_role("button", name="提交答复").click()
    expect(phone.get_by_text("答复已提交")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "bodies-phone-answer.png"), full_page=True)
    context.close()

    # 4. the 联络员 records attendance (the activity is then held) and a suggestion
    login("b_liaison")
    page.goto(activity_url)
    page.get_by_role("link", name="登记出勤").first.click()
    page.get_by_label("程刚 出席").check()
    page.get_by_label("马诚国 出席").check()
    page.get_by_label("楼一鸣 缺席").check()
    page.get_by_role("button", name="保存出勤").click()
    expect(page.get_by_text("实到 2 · 请假 0 · 缺席 1")).to_be_visible()
    expect(page.get_by_text("活动状态:已举办")).to_be_visible()
    page.get_by_label("建议内容").fill(SUGGESTION)
    page.get_by_role("button", name="保存建议").click()
    expect(page.get_by_text("建议已录入(第1条)。")).to_be_visible()
    shot("bodies-2-held-with-suggestion")

    # 5. the office sees it on its board; the grassroots figure moved by one
    login("b_staff")
    nav(page, "建议办理")
    expect(page.get_by_text(SUGGESTION).first).to_be_visible()
    assert body_stats(year=year)["come_consult_grassroots"] == before + 1
    page.goto(f"/bodies/figures/?code=bodies.come_consult_grassroots&year={year}")
    expect(page.get_by_text(f"共 {before + 1} 条")).to_be_visible()
    expect(page.get_by_role("link", name=TOPIC)).to_be_visible()


def test_visit_to_topic_to_activity_shows_the_chain(page, login, shot, axe, browser, live_server):
    town = factories.WorkCommitteeFactory(name="江东街道")
    village = factories.VillageFactory(name="青岩刘村", work_committee=town)
    member = factories.MemberFactory(
        user__username="v_member", name="程刚", user__name="程刚", work_committee=town
    )
    factories.ContactVillageFactory(member=member, village=village)
    factories.OrganiserRoleFactory(user=factories.UserFactory(username="v_liaison"), work_committee=town)

    # 1. the member logs the visit from a phone and recommends what was heard as a topic
    context, phone = _phone(browser, live_server, "v_member")
    phone.goto("/bodies/visits/new/")
    phone.get_by_label("联系村").select_option(label=str(village))
    phone.get_by_label("听到的问题或诉求").fill("电商企业员工社保补贴申领不畅")
    phone.get_by_role("button", name="提交").click()
    expect(phone.get_by_text("走访已登记")).to_be_visible()
    phone.get_by_label("荐为协商议题").check()
    phone.get_by_label("标题(转社情民意、荐题或提案时使用)").fill("电商企业稳岗用工与社保补贴")
    _touch_targets_ok(phone, "main button[type=submit], main .bodies-touch")
    phone.get_by_role("button", name="保存处理方式").click()
    expect(phone.get_by_text("已记录处理方式")).to_be_visible()
    visit_url = phone.url
    context.close()

    # 2. the 联络员 holds a session on that topic
    login("v_liaison")
    page.goto(f"/consultations/new/work/{town.pk}/")
    page.get_by_label("活动类型").select_option(label="请你来协商")
    page.get_by_label("主题").fill("请你来协商—电商企业稳岗用工与社保补贴")
    page.get_by_label("年度计划议题").select_option(index=1)
    page.get_by_role("button", name="创建并发出邀请").click()
    expect(page.get_by_text("来源与去向")).to_be_visible()
    chain = page.locator(".trace-chain")
    expect(chain.get_by_text("电商企业员工社保补贴申领不畅")).to_be_visible()  # the heard item
    expect(chain.get_by_text("走访青岩刘村")).to_be_visible()  # the visit
    shot("bodies-3-chain-on-activity")

    # 3. the visit page shows the whole chain down to the activity
    login("v_member")
    page.goto(visit_url)
    chain = page.locator(".trace-chain")
    expect(chain.get_by_text("电商企业稳岗用工与社保补贴").first).to_be_visible()
    expect(chain.get_by_text("请你来协商—电商企业稳岗用工与社保补贴")).to_be_visible()
    axe("visit page with its chain")
    shot("bodies-4-chain-on-visit")

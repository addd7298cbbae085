"""Dates are typed and shown as 2026-11-30 whatever the browser's language: in an en-US browser
(where <input type="date"> would show 11/30/2026) staff record a duty event with a date field."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from members.models import DutyEvent
from tests import factories
from tests.e2e.conftest import ARTIFACTS, PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_en_us_browser_shows_and_submits_a_date_as_y_m_d(browser, live_server):
    factories.StaffUserFactory(username="d_staff", name="机关钱")
    member = factories.MemberFactory(name="何晓雯", user__name="何晓雯")
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("d_staff")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert page.evaluate("navigator.language") == "en-US"

    page.goto("/members/duty/add/")
    date = page.locator("#id_date")
    expect(date).to_have_attribute("type", "text")
    expect(date).to_have_attribute("placeholder", "2026-11-30")
    # the calendar button borrows the browser's picker; what it picks is written as Y-m-d
    expect(page.get_by_role("button", name="打开日历")).to_be_visible()
    page.evaluate(
        """() => { const p = document.querySelector('.portal-date-native');
                   p.value = '2026-11-29'; p.dispatchEvent(new Event('change', {bubbles: true})); }"""
    )
    expect(date).to_have_value("2026-11-29")

    # typed in Chinese, sent with 履职事项 missing: the page answers with the field named and the
    # date shown back as 2026-11-30
    date.fill("2026年11月30日")
    page.locator("#id_title").fill("送医下乡")
    page.locator("#id_members").select_option(label="何晓雯")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("请选择「履职事项」。")).to_be_visible()
    expect(page.locator("#id_date")).to_have_value("2026-11-30")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "date-input-en-us.png"), full_page=True)

    page.locator("#id_kind").select_option(value="countryside")
    page.locator("#id_members").select_option(label="何晓雯")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已为 1 名委员记录")).to_be_visible()
    assert DutyEvent.objects.get(member=member, kind_id="countryside").date == dt.date(2026, 11, 30)

    page.goto(f"/members/{member.pk}/duty/")
    expect(page.get_by_text("2026-11-30").first).to_be_visible()
    context.close()

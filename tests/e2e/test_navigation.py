"""The main menu in the browser: at 1366×768 the staff's and the leader's menus are one line; area
dropdowns open with the vendored Bootstrap JS from the keyboard; the current page and its area are
marked; on a phone the collapsed menu opens the same dropdowns."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import nav

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def one_line(page) -> tuple[float, float]:
    """(height of the menu bar's items row, height of one item)."""
    row = page.locator("#mainnav").bounding_box()
    item = page.locator("#mainnav > ul.navbar-nav > li.nav-item").first.bounding_box()
    return row["height"], item["height"]


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_menu_is_one_line_at_1366(page, login, shot, axe, role):
    factory = factories.StaffUserFactory if role == "staff" else factories.LeaderUserFactory
    user = factory(
        username=f"nav_{role}", name="叶涵浩(市政协主席)" if role == "leader" else "提案委办公室 王秘书"
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    login(user.username)
    row, item = one_line(page)
    assert abs(row - item) < 1, f"menu of {role} wraps: {row}px high, one item {item}px"
    tops = {
        round(box["y"])
        for box in page.locator("#mainnav li.nav-item").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().toJSON())"
        )
    }
    assert len(tops) == 1, tops
    # the name once, the role inside the account menu
    assert page.locator("body").inner_text().count(user.display_name) == 1
    shot(f"nav-1366-{role}")

    # keyboard: focus the 委员 area, open it with Enter, move with the arrow key, close with Escape
    toggle = page.locator("#nav-area-members")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    first = page.locator("#nav-area-members + .dropdown-menu .dropdown-item").first
    expect(first).to_be_focused()
    axe(f"{role} menu open")
    shot(f"nav-1366-{role}-open")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")

    # open a page through the menu: it and its area are marked as current
    nav(page, "履职排名")
    expect(page.locator("#nav-area-members")).to_have_attribute("aria-current", "true")
    expect(page.locator('#mainnav [aria-current="page"]')).to_have_text("履职排名")
    assert abs(one_line(page)[0] - one_line(page)[1]) < 1

    page.locator("#account-menu").click()
    expect(page.locator("#account-menu + .dropdown-menu")).to_contain_text(user.get_role_display())
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def test_collapsed_menu_on_a_phone_opens_the_areas(page, login, shot):
    factories.StaffUserFactory(username="nav_phone")
    page.set_viewport_size({"width": 390, "height": 844})
    login("nav_phone")
    expect(page.locator("#mainnav")).to_be_hidden()
    nav(page, "名册导入导出")
    assert page.url.endswith("/roster/")
    page.get_by_role("button", name="展开导航").click()
    expect(page.locator("#mainnav")).to_have_class(re.compile(r"\bshow\b"))
    page.locator("#nav-area-members").click()
    expect(page.locator('#mainnav [aria-current="page"]')).to_be_visible()
    shot("nav-phone-staff-open")

"""The main menu (cppcc/nav.py): pages grouped into one dropdown per area for roles with many pages,
flat for roles with few; the current page and its area marked; no SQL; the user's name once."""

import re

import pytest
from django.urls import reverse

from cppcc.nav import FLAT_MAX, NAV_AREAS, _all_items, nav_for, nav_menu
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_item_names_a_declared_area_or_none():
    items = _all_items()
    assert items
    assert {item.area for item in items} <= set(NAV_AREAS) | {""}
    # only the home page and the inbox stay outside the areas
    assert {item.url_name for item in items if not item.area} == {"home", "members:notifications"}


@pytest.mark.parametrize("role", ["staff", "leader", "member", "admin"])
def test_roles_with_many_pages_get_one_dropdown_per_area(make_user, role):
    user = make_user(role)
    menu = nav_menu(user)
    dropdowns = [entry for entry in menu if "links" in entry]
    assert len(nav_for(user)) > FLAT_MAX
    assert dropdowns, role
    assert len(menu) <= 9, [entry["label"] for entry in menu]  # fits one line at 1366 px
    assert [entry["label"] for entry in menu][0] == "首页"
    labels = [entry["label"] for entry in dropdowns]
    assert labels == [label for label in NAV_AREAS.values() if label in labels]  # declared order
    # every page of the flat list is reachable from the menu exactly once
    urls = [link["url"] for entry in menu for link in entry.get("links", [entry])]
    assert sorted(urls) == sorted(item["url"] for item in nav_for(user))


def test_staff_menu_groups_pages_by_area(staff_user):
    menu = {entry["label"]: entry for entry in nav_menu(staff_user)}
    assert {"提案", "协商", "委员", "知情明政", "统计"} <= set(menu)
    assert "名册导入导出" in [link["label"] for link in menu["委员"]["links"]]
    assert "提案管理" in [link["label"] for link in menu["提案"]["links"]]
    assert "links" not in menu["消息"]  # always a plain link


def test_unit_with_few_pages_sees_them_flat(unit_user):
    menu = nav_menu(unit_user)
    assert len(menu) <= FLAT_MAX
    assert not [entry for entry in menu if "links" in entry]


def test_current_page_and_its_area_are_marked(staff_user):
    menu = nav_menu(staff_user, "members:roster_import")
    current_areas = [entry["label"] for entry in menu if entry["current"]]
    assert current_areas == ["委员"]
    members_area = next(entry for entry in menu if entry["label"] == "委员")
    assert [link["label"] for link in members_area["links"] if link["current"]] == ["名册导入导出"]


def test_building_the_menu_runs_no_sql(staff_user, leader_user, django_assert_num_queries):
    with django_assert_num_queries(0):
        nav_menu(staff_user, "home")
        nav_menu(leader_user, "reports:dashboard")


def test_rendered_menu_marks_current_page_and_area(staff_user, client_for):
    html = client_for(staff_user).get(reverse("members:roster_import")).content.decode()
    assert re.search(r'id="nav-area-members"[^>]*aria-current="true"', html)
    assert re.search(r'class="dropdown-item active" href="/[^"]*"\s*aria-current="page">名册导入导出<', html)
    assert html.count('aria-current="page"') == 1
    assert 'data-bs-toggle="dropdown"' in html
    # menus carry no label of their own: "委员" would otherwise label a menu as well as a form field
    assert "aria-labelledby" not in html[: html.index("</header>")]


@pytest.mark.parametrize("role", ["leader", "staff", "member", "unit"])
def test_user_name_shows_once_with_the_role_in_the_account_menu(client_for, role):
    factory = {
        "leader": factories.LeaderUserFactory,
        "staff": factories.StaffUserFactory,
        "unit": factories.UnitUserFactory,
    }.get(role)
    user = (
        factory(name="叶涵浩(市政协主席)") if factory else factories.MemberFactory(user__name="何子娜").user
    )
    html = client_for(user).get(reverse("home")).content.decode()
    assert html.count(user.display_name) == 1
    account = html[html.index('id="account-menu"') :]
    assert user.get_role_display() in account[: account.index("</ul>")]

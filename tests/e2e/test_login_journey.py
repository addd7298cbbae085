import pytest

from tests import factories

# serialized_rollback: the data migrations (roles, default lists) survive the flush between tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_login_wrong_password_then_each_role_home_is_accessible(page, login, axe, shot):
    factories.UserFactory(username="zhangsan", name="张三")
    page.goto("/")
    assert "/accounts/login/" in page.url
    axe("login page")
    page.get_by_label("用户名").fill("zhangsan")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").filter(has_text="用户名或密码不正确").is_visible()
    assert page.get_by_label("用户名").input_value() == "zhangsan"
    shot("login-wrong-password")

    users = {
        "member": factories.MemberFactory(user__username="e2e_member").user,
        "staff": factories.StaffUserFactory(username="e2e_staff"),
        "unit": factories.UnitUserFactory(username="e2e_unit"),
        "leader": factories.LeaderUserFactory(username="e2e_leader"),
    }
    for role, user in users.items():
        login(user.username)
        assert page.url == f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}/"
        assert page.get_by_text(user.display_name).first.is_visible()
        axe(f"home of {role}")
        shot(f"home-{role}")


def test_home_is_usable_on_a_phone(browser, live_server):
    factories.MemberFactory(user__username="phone_member")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("phone_member")
    page.get_by_label("密码").fill("pass-Word-123")
    page.keyboard.press("Enter")  # keyboard-only submit
    page.wait_for_load_state()
    page.get_by_role("button", name="展开导航").click()
    assert page.get_by_role("link", name="消息", exact=True).is_visible()
    context.close()

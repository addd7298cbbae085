"""等保 2.0 basics: idle session timeout, password character classes, a per-address login limit,
no-store on authenticated pages and the CSP's base-uri / object-src."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from cppcc.security import CharacterClassesValidator
from tests import factories as f

PASSWORD = "pass-Word-123"


# --- idle session timeout --------------------------------------------------------------------------
def _login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_idle_session_is_signed_out_with_a_chinese_message(client, db, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    user = f.MemberFactory().user
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as clock:
        _login(client, user)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(29 * 60)  # still active: 29 minutes since the last request
        assert client.get(reverse("home")).status_code == 200
        clock.shift(29 * 60)  # the idle time counts from the last request, not from the login
        assert client.get(reverse("home")).status_code == 200
        clock.shift(31 * 60)
        response = client.get(reverse("members:notifications"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
        assert "您已超过 30 分钟未操作" in page.content.decode()


def test_idle_timeout_is_configurable_and_can_be_off(client, db, settings):
    user = f.MemberFactory().user
    settings.SESSION_IDLE_TIMEOUT = 0
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as clock:
        _login(client, user)
        client.get(reverse("home"))
        clock.shift(5 * 3600)
        assert client.get(reverse("home")).status_code == 200
    settings.SESSION_IDLE_TIMEOUT = 120
    with time_machine.travel("2026-03-02 15:00 +0800", tick=False) as clock:
        client.get(reverse("home"))
        clock.shift(121)
        assert client.get(reverse("home")).status_code == 302


def test_htmx_request_after_idle_timeout_redirects_the_whole_page(client, db, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    user = f.MemberFactory().user
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as clock:
        _login(client, user)
        client.get(reverse("home"))
        clock.shift(61)
        response = client.get(reverse("home"), headers={"HX-Request": "true"})
        assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("login"))


# --- passwords ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("password", ["abcdefghij", "ABCDEFGHIJ1", "zhengxie2021", "qwerty!@#$%"])
def test_password_with_fewer_than_three_classes_is_refused_in_chinese(password, db):
    user = f.UserFactory.build(username="someone", name="测试")
    with pytest.raises(ValidationError) as info:
        validate_password(password, user)
    assert any("至少包含" in m and "3 类" in m for m in info.value.messages)


@pytest.mark.parametrize("password", ["Zhengxie2021", "zhengxie#2021", "ZX-YIWU-2021", "Cppcc@2020demo"])
def test_password_with_three_classes_is_accepted(password, db):
    validate_password(password, f.UserFactory.build(username="someone", name="测试"))


def test_character_classes_are_configurable():
    assert CharacterClassesValidator(min_classes=4).classes_of("Zhengxie2021") == 3
    with pytest.raises(ValidationError):
        CharacterClassesValidator(min_classes=4).validate("Zhengxie2021")
    CharacterClassesValidator(min_classes=2).validate("zhengxie2021")


def test_password_change_page_refuses_a_lowercase_password(client, db):
    user = f.MemberFactory().user
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "yiwuzhengxie", "new_password2": "yiwuzhengxie"},
    )
    assert response.status_code == 200 and "至少包含" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- login throttling per address ----------------------------------------------------------------------
def test_one_address_cannot_try_every_account(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_IP_FAILURE_LIMIT = 8
    victim = f.MemberFactory().user
    url = reverse("login")
    for i in range(7):  # different usernames, 1 failure each: never 5 for one username
        response = client.post(url, {"username": f"guess{i}", "password": "wrong"})
        assert response.status_code == 200
    eighth = client.post(url, {"username": "guess7", "password": "wrong"})
    assert eighth.status_code == 429 and "锁定" in eighth.content.decode()
    locked = client.post(url, {"username": victim.username, "password": PASSWORD})
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    # another address is not affected
    other = client.post(url, {"username": victim.username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_address_below_its_limit_still_signs_in(client, db, settings):
    settings.AXES_IP_FAILURE_LIMIT = 8
    user = f.MemberFactory().user
    for i in range(7):
        client.post(reverse("login"), {"username": f"guess{i}", "password": "wrong"})
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302


# --- no-store and CSP ----------------------------------------------------------------------------------
def test_authenticated_pages_are_not_stored(client, db):
    user = f.MemberFactory().user
    client.force_login(user)
    for name in ("home", "members:notifications", "members:my_duty"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], name


def test_csp_has_base_uri_and_no_objects(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}
    assert directives["base-uri"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]

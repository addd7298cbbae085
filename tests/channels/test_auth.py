"""Sign-in by SMS phone code (members) and the second factor of staff (TOTP, recovery codes),
through the pages, with a local stub SMS gateway."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.channels.models import PhoneLoginCode
from tests import factories as f
from tests.channels.html_forms import form_data

pytestmark = pytest.mark.django_db
PHONE = "13905790002"
PASSWORD = "pass-Word-123"


@pytest.fixture
def sms(settings, stub_server):
    settings.SMS_GATEWAY_URL = f"{stub_server.url}/sms"
    stub_server.answer("/sms", (200, {"code": 0}))
    return stub_server


@pytest.fixture
def member():
    """A member whose number is on the roster (Member.phone), as the demo's are."""
    return f.MemberFactory(phone=PHONE).user


def _last_code(stub) -> str:
    return re.search(r"验证码是 (\d{6})", stub.on("/sms")[-1].json()["content"]).group(1)


def _request_code(client, phone=PHONE):
    page = client.get(reverse("login_phone"))
    data = form_data(page.content.decode(), css_class="portal-phone")
    data["phone"] = [phone]
    return client.post(reverse("login_phone"), data)


def _submit_code(client, response, code):
    data = form_data(response.content.decode(), css_class="portal-phone-code")
    data["code"] = [code]
    return client.post(reverse("login_phone"), data)


def test_member_signs_in_with_a_phone_code(client, sms, member):
    assert "委员短信验证码登录" in client.get(reverse("login")).content.decode()
    response = _request_code(client)
    assert response.status_code == 200 and "验证码已发送" in response.content.decode()
    code = _last_code(sms)
    record = PhoneLoginCode.objects.get(phone=PHONE)
    assert code not in record.code_hash and len(record.code_hash) >= 40  # only a keyed hash is kept
    signed_in = _submit_code(client, response, code)
    assert signed_in.status_code == 302 and client.session["_auth_user_id"] == str(member.pk)
    record.refresh_from_db()
    assert record.used_at is not None
    client.logout()  # a used code cannot sign in again
    again = client.post(reverse("login_phone"), {"step": "verify", "phone": PHONE, "code": code})
    assert "_auth_user_id" not in client.session and "无效或已过期" in again.content.decode()


def test_wrong_codes_lock_the_code_out(client, sms, member, settings):
    settings.PHONE_CODE_MAX_ATTEMPTS = 5
    response = _request_code(client)
    code = _last_code(sms)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        page = _submit_code(client, response, wrong)
        assert f"还可以尝试 {left} 次" in page.content.decode()
    page = _submit_code(client, response, wrong)
    assert "错误次数过多" in page.content.decode()
    page = _submit_code(client, response, code)  # even the right code is now refused
    assert "错误次数过多" in page.content.decode() and "_auth_user_id" not in client.session


def test_code_expires(client, sms, member):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False) as clock:
        response = _request_code(client)
        clock.shift(301)
        page = _submit_code(client, response, _last_code(sms))
    assert "无效或已过期" in page.content.decode() and "_auth_user_id" not in client.session


def test_sending_is_rate_limited(client, sms, member, settings):
    settings.PHONE_CODE_MAX_PER_HOUR = 3
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False) as clock:
        _request_code(client)
        assert "秒后再重新获取" in _request_code(client).content.decode()
        for _ in range(2):
            clock.shift(61)
            _request_code(client)
        clock.shift(61)
        assert "过于频繁" in _request_code(client).content.decode()
    assert len(sms.on("/sms")) == 3


def test_unknown_number_gets_the_same_answer_and_no_sms(client, sms, member):
    response = _request_code(client, phone="13800000000")
    assert "验证码已发送" in response.content.decode() and sms.on("/sms") == []


def test_staff_cannot_sign_in_by_phone_code(client, sms):
    staff = f.StaffUserFactory()
    staff.phone = "13905790003"
    staff.save(update_fields=["phone"])
    _request_code(client, phone="13905790003")
    assert sms.on("/sms") == []


def test_phone_login_is_off_without_sms(client, member):
    assert "委员短信验证码登录" not in client.get(reverse("login")).content.decode()
    assert "未开通" in client.get(reverse("login_phone")).content.decode()


# --- second factor ---------------------------------------------------------------------------------
def _password_login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def _totp(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_staff_sets_up_totp_when_required_and_keeps_recovery_codes(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own delay after a wrong code (1 s, 2 s …)
    staff = f.StaffUserFactory()
    _password_login(client, staff)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    response = client.get(response["Location"], follow=True)
    assert response.request["PATH_INFO"] == reverse("two_factor_setup")
    html = response.content.decode()
    assert "<svg" in html and "扫描" in html
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    data = form_data(html, css_class="portal-two-factor")
    data["token"] = ["000000" if _totp(device) != "000000" else "111111"]
    assert "验证码不正确" in client.post(reverse("two_factor_setup"), data).content.decode()
    data["token"] = [_totp(device)]
    codes_page = client.post(reverse("two_factor_setup"), data)
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", codes_page.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("home")).status_code == 200
    # a new sign-in asks for the second factor; a recovery code works once
    client.logout()
    _password_login(client, staff)
    assert client.get(reverse("home")).status_code == 302
    verify = client.get(reverse("two_factor_verify"))
    data = form_data(verify.content.decode(), css_class="portal-two-factor")
    data["token"] = [codes[0]]
    assert client.post(reverse("two_factor_verify"), data).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    _password_login(client, staff)
    data["token"] = [codes[0]]
    assert "验证码不正确" in client.post(reverse("two_factor_verify"), data).content.decode()


def _staff_with_device():
    staff = f.StaffUserFactory()
    device = TOTPDevice.objects.create(user=staff, name="手机", confirmed=True)
    return staff, device


def test_wrong_totp_codes_lock_out_staff(client, settings):
    settings.TWO_FACTOR_MAX_FAILURES = 3
    staff, device = _staff_with_device()
    _password_login(client, staff)
    wrong = "000000" if _totp(device) != "000000" else "111111"
    for _ in range(2):
        page = client.post(reverse("two_factor_verify"), {"token": wrong})
        assert "验证码不正确" in page.content.decode()
    locked = client.post(reverse("two_factor_verify"), {"token": wrong}, follow=True)
    assert "错误次数过多" in locked.content.decode() and "_auth_user_id" not in client.session
    # signing in again does not help while locked, even with the right code
    _password_login(client, staff)
    again = client.post(reverse("two_factor_verify"), {"token": _totp(device)}, follow=True)
    assert "错误次数过多" in again.content.decode() and "_auth_user_id" not in client.session


def test_demo_staff_without_a_device_pass_when_not_required(client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    staff = f.StaffUserFactory()
    _password_login(client, staff)
    assert client.get(reverse("home")).status_code == 200
    with_device, device = _staff_with_device()
    client.logout()
    _password_login(client, with_device)
    assert client.get(reverse("home")).status_code == 302  # a device once set up is always used
    assert client.post(reverse("two_factor_verify"), {"token": _totp(device)}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_members_never_need_a_second_factor(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    member = f.MemberFactory().user
    _password_login(client, member)
    assert client.get(reverse("home")).status_code == 200

"""Sign-in by SMS phone code (members) and the second factor of staff and administrators (TOTP
with django-otp, plus one-time recovery codes). Codes are never stored in clear: a keyed hash
(HMAC with SECRET_KEY) of phone and code. Every limit is a setting (cppcc/settings/channels.py)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from members.models import User

from .backends import DeliveryError, Message, SmsChannel
from .models import PhoneLoginCode

SENT_MESSAGE = "如该手机号已登记为委员账号,验证码已发送,{minutes} 分钟内有效。"


class PhoneCodeError(Exception):
    pass


def _hash(phone: str, code: str) -> str:
    return salted_hmac("members.channels.phone-code", f"{phone}:{code}").hexdigest()


def normalize_phone(raw: str) -> str:
    phone = "".join(ch for ch in raw if ch.isdigit())
    if phone.startswith("86") and len(phone) == 13:
        phone = phone[2:]
    if len(phone) != 11 or not phone.startswith("1"):
        raise PhoneCodeError("请输入11位手机号码。")
    return phone


def phone_login_available() -> bool:
    return settings.PHONE_LOGIN_ENABLED and SmsChannel().enabled()


def _user_for_phone(phone: str) -> User | None:
    users = list(
        User.objects.filter(Q(phone=phone) | Q(member__phone=phone))
        .filter(is_active=True, role__in=settings.PHONE_LOGIN_ROLES)
        .distinct()
        .order_by("pk")[:2]
    )
    return users[0] if len(users) == 1 else None  # a number shared by two accounts signs in neither


def phone_code_send(*, raw_phone: str, ip_address: str | None, now: dt.datetime | None = None) -> str:
    """Send a sign-in code. The answer is the same whether or not the number belongs to an
    account (no way to probe numbers). Limits: one code per number every PHONE_CODE_RESEND_SECONDS,
    PHONE_CODE_MAX_PER_HOUR per number and PHONE_CODE_MAX_PER_HOUR_PER_ADDRESS per address."""
    if not phone_login_available():
        raise PhoneCodeError("本平台未开通短信验证码登录,请使用用户名和密码登录。")
    phone = normalize_phone(raw_phone)
    now = now or timezone.now()
    hour_ago = now - dt.timedelta(hours=1)
    recent = PhoneLoginCode.objects.filter(phone=phone, created_at__gte=hour_ago)
    last = recent.order_by("-created_at").first()
    if last is not None and (now - last.created_at).total_seconds() < settings.PHONE_CODE_RESEND_SECONDS:
        wait = settings.PHONE_CODE_RESEND_SECONDS - int((now - last.created_at).total_seconds())
        raise PhoneCodeError(f"验证码已发送,请 {wait} 秒后再重新获取。")
    if recent.count() >= settings.PHONE_CODE_MAX_PER_HOUR:
        raise PhoneCodeError("该手机号获取验证码过于频繁,请一小时后再试或使用密码登录。")
    address_key = f"phone-code-ip:{ip_address}"
    if ip_address and cache.get(address_key, 0) >= settings.PHONE_CODE_MAX_PER_HOUR_PER_ADDRESS:
        raise PhoneCodeError("本网络获取验证码过于频繁,请稍后再试。")
    if ip_address:
        cache.add(address_key, 0, 3600)
        cache.incr(address_key)
    minutes = max(1, settings.PHONE_CODE_TTL_SECONDS // 60)
    user = _user_for_phone(phone)
    if user is None:
        return SENT_MESSAGE.format(minutes=minutes)
    code = f"{secrets.randbelow(10**6):06d}"
    PhoneLoginCode.objects.create(
        user=user,
        phone=phone,
        code_hash=_hash(phone, code),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.PHONE_CODE_TTL_SECONDS),
        ip_address=ip_address,
    )
    text = f"您的登录验证码是 {code},{minutes} 分钟内有效。如非本人操作,请忽略。"
    try:
        SmsChannel().send(address=phone, message=Message(title="登录验证码", text=text))
    except DeliveryError as exc:
        raise PhoneCodeError("短信发送失败,请稍后重试或使用密码登录。") from exc
    return SENT_MESSAGE.format(minutes=minutes)


@dataclass
class CodeCheck:
    user: User | None
    error: str = ""


@transaction.atomic
def phone_code_verify(*, raw_phone: str, code: str, now: dt.datetime | None = None) -> CodeCheck:
    """The user a correct, unexpired, unused code signs in, or the reason it does not. A code allows
    PHONE_CODE_MAX_ATTEMPTS wrong tries; then it is dead and a new one must be requested."""
    try:
        phone = normalize_phone(raw_phone)
    except PhoneCodeError as exc:
        return CodeCheck(None, str(exc))
    now = now or timezone.now()
    record = (
        PhoneLoginCode.objects.select_for_update()
        .filter(phone=phone, used_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if record is None or record.expires_at <= now:
        return CodeCheck(None, "验证码无效或已过期,请重新获取。")
    if record.failed_attempts >= settings.PHONE_CODE_MAX_ATTEMPTS:
        return CodeCheck(None, "验证码错误次数过多,已失效,请重新获取。")
    if not constant_time_compare(record.code_hash, _hash(phone, code.strip())):
        record.failed_attempts += 1
        record.save(update_fields=["failed_attempts"])
        left = settings.PHONE_CODE_MAX_ATTEMPTS - record.failed_attempts
        if left <= 0:
            return CodeCheck(None, "验证码错误次数过多,已失效,请重新获取。")
        return CodeCheck(None, f"验证码不正确,还可以尝试 {left} 次。")
    record.used_at = now
    record.save(update_fields=["used_at"])
    user = User.objects.filter(pk=record.user_id, is_active=True).first()
    if user is None:
        return CodeCheck(None, "该账号已停用,请联系政协机关工作人员。")
    return CodeCheck(user)


# --- second factor ------------------------------------------------------------------------------------
SESSION_HAS_DEVICE = "_otp_has_device"


def remember_device_at_login(sender, request, user, **kwargs) -> None:
    """At sign-in (user_logged_in), note in the session whether a staff user has a second-factor
    device, so no page afterwards spends queries on it (second_factor_needed reads the note)."""
    from django_otp import user_has_device

    from cppcc.permissions import is_staff

    if request is not None and hasattr(request, "session") and is_staff(user):
        request.session[SESSION_HAS_DEVICE] = user_has_device(user)


def second_factor_needed(request) -> bool:
    """Staff and administrators verify a second factor: always when TWO_FACTOR_REQUIRED, and
    otherwise as soon as they have set up a device (demo logins without one are let through).
    Whether the user has a device is looked up once per session, so pages keep their query count."""
    from django_otp import user_has_device

    from cppcc.permissions import is_staff

    user = request.user
    if not (user.is_authenticated and is_staff(user)) or user.is_verified():
        return False
    if settings.TWO_FACTOR_REQUIRED:
        return True
    has_device = request.session.get(SESSION_HAS_DEVICE)
    if has_device is None:
        has_device = user_has_device(user)
        request.session[SESSION_HAS_DEVICE] = has_device
    return has_device


def _lock_key(user) -> str:
    return f"otp-failures:{user.pk}"


def second_factor_locked(user) -> bool:
    return cache.get(_lock_key(user), 0) >= settings.TWO_FACTOR_MAX_FAILURES


def second_factor_verify(*, user, token: str):
    """The device (TOTP or a recovery code) that accepts `token`, or None; wrong codes are counted
    and after TWO_FACTOR_MAX_FAILURES the account cannot verify for TWO_FACTOR_LOCKOUT_SECONDS."""
    from django_otp import devices_for_user

    if second_factor_locked(user):
        return None
    token = "".join(token.split())
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            cache.delete(_lock_key(user))
            return device
    key = _lock_key(user)
    cache.add(key, 0, settings.TWO_FACTOR_LOCKOUT_SECONDS)
    cache.incr(key)
    return None


def totp_device_start(*, user):
    """An unconfirmed TOTP device for the setup page (reused until confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user, device, token: str) -> list[str] | None:
    """Confirm the device with a first code; returns the new recovery codes (shown once)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    if device.user_id != user.pk or not device.verify_token("".join(token.split())):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes

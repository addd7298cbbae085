"""Guards for what anonymous people send: length, link spam, phone shape, and a per-address rate
limit kept in the cache. Each raises ValidationError with the message the form shows; a refused
submission stores nothing."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

MAX_TEXT = 1000
MAX_TITLE = 100
LINK_RE = re.compile(
    r"(https?://|www\.|\b[a-z0-9-]+\.(com|cn|net|org|xyz|top|info|cc|vip)\b|<a\s|\[url)", re.IGNORECASE
)
PHONE_RE = re.compile(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")


def rate_limit() -> tuple[int, int]:
    """(attempts, seconds) allowed per address; PARTICIPATION_PUBLIC_RATE in settings overrides."""
    return getattr(settings, "PARTICIPATION_PUBLIC_RATE", (5, 3600))


def check_text(value: str, *, label: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过{limit}字(现有{len(value)}字)。")
    if LINK_RE.search(value):
        raise ValidationError(f"{label}中不能包含网址或链接,请删去后再提交。")
    return value


def check_identity(name: str, phone: str) -> tuple[str, str]:
    name = (name or "").strip()
    phone = re.sub(r"\s", "", phone or "")
    if not name or len(name) > 50:
        raise ValidationError("请填写姓名(50字以内)。")
    if LINK_RE.search(name):
        raise ValidationError("姓名中不能包含网址或链接。")
    if not PHONE_RE.match(phone):
        raise ValidationError("请填写正确的手机号或固定电话(如 13800000000 或 0579-85550000)。")
    return name, phone


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(address: str, scope: str = "public-post") -> bool:
    """Count one attempt from `address`; True when it is over the limit (then nothing is stored)."""
    attempts, seconds = rate_limit()
    key = f"participation:rate:{scope}:{address}"
    if cache.add(key, 1, seconds):
        return attempts < 1
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    return count > attempts

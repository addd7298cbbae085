"""Sign-in tokens of the QR code shown at a session.

The code encodes a URL with a short-lived token signed by django.core.signing.TimestampSigner,
bound to the session id: the token names the session it was made for, and it is refused after
MEETINGS_SIGNIN_TOKEN_SECONDS (default 10 minutes). The screen shows a fresh code every minute,
so a photo of yesterday's (or of this morning's) code does not sign anyone in."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "meetings.session-signin"


def max_age() -> int:
    return int(getattr(settings, "MEETINGS_SIGNIN_TOKEN_SECONDS", 600))


def refresh_seconds() -> int:
    return int(getattr(settings, "MEETINGS_SIGNIN_REFRESH_SECONDS", 60))


def make_token(session) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(session.pk))


class BadToken(Exception):
    """The message is shown to the member who scanned."""


def session_id_from(token: str) -> int:
    """The session id a token was made for, if it is genuine and fresh; BadToken otherwise."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age())
    except signing.SignatureExpired:
        raise BadToken("签到码已过期,请扫描会场屏幕上最新的二维码。") from None
    except signing.BadSignature:
        raise BadToken("签到码无效,请扫描会场屏幕上的二维码。") from None
    try:
        return int(value)
    except ValueError:
        raise BadToken("签到码无效,请扫描会场屏幕上的二维码。") from None


def signin_url(request, session) -> str:
    return request.build_absolute_uri(reverse("meetings:signin", args=[make_token(session)]))


def qr_svg(url: str) -> str:
    """The QR code as an inline SVG element (no script, no external reference)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=2, xmldecl=False, svgns=True, title="签到二维码", nl=False
    )
    return out.getvalue().decode()

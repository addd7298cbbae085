"""Sign-in tokens of the QR code shown at a session.

The code encodes a URL with a short-lived token signed by django.core.signing.TimestampSigner,
bound to the session id: the token names the session it was made for, and it is refused after
MEETINGS_SIGNIN_TOKEN_SECONDS (default 10 minutes). The screen shows a fresh code every minute,
so a photo of yesterday's (or of this morning's) code does not sign anyone in.

A *printed* code (for a room without a screen) cannot change every minute: its token is marked
as printed and is accepted only on the session's own day (and never after 18 hours), so a photo
of yesterday's printed sheet fails too."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "meetings.session-signin"


def max_age() -> int:
    return int(getattr(settings, "MEETINGS_SIGNIN_TOKEN_SECONDS", 600))


def refresh_seconds() -> int:
    return int(getattr(settings, "MEETINGS_SIGNIN_REFRESH_SECONDS", 60))


PRINTED_MAX_AGE = 18 * 3600


def make_token(session, printed: bool = False) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{session.pk}.p" if printed else str(session.pk))


class BadToken(Exception):
    """The message is shown to the member who scanned."""


def session_id_from(token: str) -> int:
    """The session id a screen token was made for, if it is genuine and fresh; BadToken otherwise.
    Printed tokens pass here only within PRINTED_MAX_AGE; `check_printed_day` then requires the
    session's own day."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=PRINTED_MAX_AGE)
    except signing.SignatureExpired:
        raise BadToken("签到码已过期,请扫描会场屏幕上最新的二维码。") from None
    except signing.BadSignature:
        raise BadToken("签到码无效,请扫描会场屏幕上的二维码。") from None
    printed = value.endswith(".p")
    if not printed:
        try:
            signer.unsign(token, max_age=max_age())
        except signing.SignatureExpired:
            raise BadToken("签到码已过期,请扫描会场屏幕上最新的二维码。") from None
    try:
        return int(value.removesuffix(".p"))
    except ValueError:
        raise BadToken("签到码无效,请扫描会场屏幕上的二维码。") from None


def is_printed(token: str) -> bool:
    return token.split(":", 1)[0].endswith(".p")


def check_printed_day(token: str, session) -> None:
    """A printed code works only on the day of its session."""
    if is_printed(token) and session.date != timezone.localdate():
        raise BadToken("签到码已过期:打印的签到码仅在会议当天有效。")


def signin_url(request, session, printed: bool = False) -> str:
    return request.build_absolute_uri(reverse("meetings:signin", args=[make_token(session, printed)]))


def qr_svg(url: str) -> str:
    """The QR code as an inline SVG element (no script, no external reference)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=2, xmldecl=False, svgns=True, title="签到二维码", nl=False
    )
    return out.getvalue().decode()

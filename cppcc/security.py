"""等保 2.0 basics that are not a single setting: the idle session timeout, `Cache-Control:
no-store` on authenticated pages, the password character-class rule and a per-address login limit
on top of django-axes' per-username+address one. Every number is a setting (cppcc/settings/base.py)."""

from __future__ import annotations

import time
from urllib.parse import quote

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string


# --- idle session timeout ------------------------------------------------------------------------
class IdleSessionTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_TIMEOUT seconds without a request, and say so on the
    login page. The time of the last request is kept in the cache (Redis, shared by the web nodes)
    under the session key, not in the session: a page view writes nothing to the database. Runs
    after the message middleware (the notice is a message shown on the login page) and before any
    view, so LoginRequiredMiddleware sends the signed-out request to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.SESSION_IDLE_TIMEOUT
        user = getattr(request, "user", None)
        key = request.session.session_key
        if timeout and key and user is not None and user.is_authenticated:
            now = int(time.time())
            cache_key = f"session-seen:{key}"
            last_seen = cache.get(cache_key)
            if last_seen is not None and now - int(last_seen) > timeout:
                cache.delete(cache_key)
                logout(request)
                messages.warning(request, idle_message())
                login = f"{reverse(settings.LOGIN_URL)}?next={quote(request.get_full_path())}"
                if request.headers.get("HX-Request") == "true":
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login
                    return response
                return redirect(login)
            # kept as long as a session may live, so an idle session is recognised whenever it returns
            cache.set(cache_key, now, settings.SESSION_COOKIE_AGE)
        return self.get_response(request)


def idle_message() -> str:
    minutes = max(1, settings.SESSION_IDLE_TIMEOUT // 60)
    return f"您已超过 {minutes} 分钟未操作,为保护账号安全已自动退出,请重新登录。"


# --- second factor ---------------------------------------------------------------------------------
class SecondFactorMiddleware:
    """Until a signed-in user who needs a second factor (settings.SECOND_FACTOR_CHECK(request), by
    default members.channels.auth.second_factor_needed: staff and administrators) has verified it in this
    session, every page except the verification pages and sign-out leads to the verification page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self._exempt(request.path)
            and import_string(settings.SECOND_FACTOR_CHECK)(request)
        ):
            target = f"{reverse('two_factor_verify')}?next={quote(request.get_full_path())}"
            if request.headers.get("HX-Request") == "true":
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return any(path == reverse(name) for name in settings.SECOND_FACTOR_EXEMPT_URLS)


# --- no caching of authenticated pages -------------------------------------------------------------
class NoStoreMiddleware:
    """Pages seen by a signed-in user are never stored by the browser or a proxy (the back button
    after sign-out on a shared computer shows nothing). Static files are served before this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


# --- password policy -------------------------------------------------------------------------------
class CharacterClassesValidator:
    """At least `min_classes` of the four classes: upper case, lower case, digits, other symbols."""

    CLASSES = ("大写字母", "小写字母", "数字", "特殊符号")

    def __init__(self, min_classes: int = 3):
        self.min_classes = max(1, min(4, int(min_classes)))

    @staticmethod
    def classes_of(password: str) -> int:
        return sum(
            (
                any(c.isupper() for c in password),
                any(c.islower() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )

    def validate(self, password: str, user=None) -> None:
        if self.classes_of(password) < self.min_classes:
            raise ValidationError(self.message(), code="password_too_few_classes")

    def message(self) -> str:
        return f"密码过于简单:须至少包含{'、'.join(self.CLASSES)}中的 {self.min_classes} 类。"

    def get_help_text(self) -> str:
        return f"密码须至少包含{'、'.join(self.CLASSES)}中的 {self.min_classes} 类。"


# --- login throttling per address ------------------------------------------------------------------
class AddressLimitedAxesHandler(AxesDatabaseHandler):
    """django-axes counts failures per username+address (AXES_FAILURE_LIMIT); this adds a limit per
    address over every username (AXES_IP_FAILURE_LIMIT), so one address cannot try every account."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        limit = settings.AXES_IP_FAILURE_LIMIT
        address = getattr(request, "axes_ip_address", None)
        if not limit or not address:
            return False
        return self.address_failures(address) >= limit

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False):
            limit = settings.AXES_IP_FAILURE_LIMIT
            address = getattr(request, "axes_ip_address", None)
            if limit and address and self.address_failures(address) >= limit:
                request.axes_locked_out = True  # AxesMiddleware answers with the lock-out page
                request.axes_credentials = credentials

    @staticmethod
    def address_failures(address: str) -> int:
        from axes.helpers import get_cool_off
        from axes.models import AccessAttempt
        from django.db.models import Sum
        from django.utils import timezone

        qs = AccessAttempt.objects.filter(ip_address=address)
        cool_off = get_cool_off()
        if cool_off is not None:
            qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
        return qs.aggregate(total=Sum("failures_since_start"))["total"] or 0

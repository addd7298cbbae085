"""A lost race on the embedded database (SQLite) answers with a message, in one place.

SQLite allows one writer at a time. Settings give it a busy timeout and IMMEDIATE transactions
(a writer waits for the lock at BEGIN instead of failing when it upgrades a read), so two people
pressing the same button usually just queue. If the wait still runs out, Django raises
OperationalError("database is locked"); this middleware turns that into the Chinese message
below instead of a 500 — nothing was saved, because the whole service ran in one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

BUSY_MESSAGE = "系统繁忙:另一项操作正在保存,您的操作未生效,请稍后重试。"


def is_lock_timeout(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_lock_timeout(exception):
            return None
        if request.method == "POST":
            messages.error(request, BUSY_MESSAGE)
            back = request.META.get("HTTP_REFERER", "")
            safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
            return redirect(back if safe else request.path)
        return HttpResponse(BUSY_MESSAGE, status=503, content_type="text/plain; charset=utf-8")

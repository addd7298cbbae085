import io
from urllib.parse import quote

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .panels import home_panels

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# text starting with one of these is a formula (or DDE payload) to Excel and LibreOffice
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def xlsx_text_only(content: bytes) -> bytes:
    """The workbook with every formula-like value stored as literal text (quote prefix), so a
    member named "=HYPERLINK(...)" or a title "=1+1" can never run as a formula when opened."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES)
                ):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An Excel download, formula-safe (see xlsx_text_only); every export view answers with it."""
    response = HttpResponse(xlsx_text_only(content), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


HOME_HEADINGS = {
    "member": "我的履职",
    "unit": "本单位待办",
    "staff": "工作台",
    "admin": "工作台",
    "leader": "领导驾驶舱",
}


def home(request):
    role = "admin" if request.user.is_superuser else request.user.role
    return render(
        request,
        "home.html",
        {"heading": HOME_HEADINGS.get(role, "首页"), "panels": home_panels(request.user), "role": role},
    )


@login_not_required
@require_GET
def health(request):
    """Liveness and database check for load balancers; no login, no session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


# --- installable app (PWA) ----------------------------------------------------------------------
PWA_SHELL = (
    "vendor/bootstrap/bootstrap.min.css",
    "css/portal.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/portal.js",
    "js/pwa.js",
    "js/offline-draft.js",
    "pwa/manifest.webmanifest",
    "pwa/icon-192.png",
    "pwa/icon-512.png",
)


@login_not_required
@require_GET
def service_worker(request):
    """The service worker, served from the site root so that its scope is the whole portal. Its
    cache name follows the shell's URLs (hashed in production), so a release replaces the cache."""
    import hashlib

    from django.conf import settings
    from django.templatetags.static import static
    from django.urls import reverse

    shell = [static(path) for path in PWA_SHELL]
    version = hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12]
    response = render(
        request,
        "pwa/sw.js",
        {
            "shell": shell,
            "version": version,
            "offline_url": reverse("offline"),
            "static_prefix": settings.STATIC_URL,
        },
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def offline(request):
    """The page the service worker shows when a page cannot be loaded without a connection."""
    return render(request, "pwa/offline.html")

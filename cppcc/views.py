from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .panels import home_panels

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

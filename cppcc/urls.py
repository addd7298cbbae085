import os

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "政协履职工作平台 管理后台"
admin.site.site_title = "政协履职工作平台"
admin.site.index_title = "数据管理"

handler403 = "cppcc.views.permission_denied"
handler404 = "cppcc.views.page_not_found"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("accounts/", include("members.urls_accounts")),
    path("members/", include("members.urls")),
    path("briefing/", include("members.briefing.urls")),
    path("proposals/", include("proposals.urls")),
    path("quick/", include("proposals.quickreports.urls")),
    path("consultations/", include("consultations.urls")),
    path("meetings/", include("consultations.meetings.urls")),
    path("bodies/", include("members.bodies.urls")),
    path("reports/", include("reports.urls")),
    path("", include("consultations.participation.urls")),  # /participation/ and the public /public/
    path("captcha/", include("consultations.participation.captcha_urls")),  # public forms' CAPTCHA
    path("ops/", include("cppcc.urls_ops")),
    path("admin/", admin.site.urls),
]

# the bench's bare views (bench/bare.py), the yardstick of each measured page: only when asked for
if getattr(settings, "BENCH_BARE_VIEWS", False) or os.environ.get("BENCH_BARE_VIEWS") == "1":
    urlpatterns.append(path("_bench/", include("bench.bare")))

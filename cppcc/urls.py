from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from members.forms import LoginForm

from . import views

admin.site.site_header = "政协履职工作平台 管理后台"
admin.site.site_title = "政协履职工作平台"
admin.site.index_title = "数据管理"

handler403 = "cppcc.views.permission_denied"
handler404 = "cppcc.views.page_not_found"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("members/", include("members.urls")),
    path("proposals/", include("proposals.urls")),
    path("consultations/", include("consultations.urls")),
    path("bodies/", include("members.bodies.urls")),
    path("reports/", include("reports.urls")),
    path("ops/", include("cppcc.urls_ops")),
    path("admin/", admin.site.urls),
]

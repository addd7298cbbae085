"""Sign-in, sign-out and password pages (global URL names: login, logout, password_change …),
included from cppcc/urls.py under accounts/ so cppcc/ never imports members/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .channels import auth_views as channel_views
from .forms import LoginForm, PasswordChangeForm

urlpatterns = [
    path("login/", channel_views.PortalLoginView.as_view(authentication_form=LoginForm), name="login"),
    path("login/phone/", channel_views.login_phone, name="login_phone"),
    path("2fa/", channel_views.two_factor_verify, name="two_factor_verify"),
    path("2fa/setup/", channel_views.two_factor_setup, name="two_factor_setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

"""Pages of sign-in by phone code and of the second factor (global URL names, members/urls_accounts.py)."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import auth
from .auth_forms import PhoneCodeForm, PhoneForm, TokenForm


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_not_required
@require_http_methods(["GET", "POST"])
def login_phone(request):
    """短信验证码登录: step 1 asks for the number and sends a code, step 2 checks the code."""
    available = auth.phone_login_available()
    phone_form = PhoneForm(request.POST if request.POST.get("step") == "send" else None)
    code_form = PhoneCodeForm(request.POST if request.POST.get("step") == "verify" else None)
    step = "phone"
    if request.method == "POST" and available:
        if request.POST.get("step") == "send" and phone_form.is_valid():
            try:
                notice = auth.phone_code_send(
                    raw_phone=phone_form.cleaned_data["phone"], ip_address=request.META.get("REMOTE_ADDR")
                )
            except auth.PhoneCodeError as exc:
                phone_form.add_error("phone", str(exc))
            else:
                messages.info(request, notice)
                code_form = PhoneCodeForm(initial={"phone": phone_form.cleaned_data["phone"]})
                step = "code"
        elif request.POST.get("step") == "verify":
            step = "code"
            if code_form.is_valid():
                check = auth.phone_code_verify(
                    raw_phone=code_form.cleaned_data["phone"], code=code_form.cleaned_data["code"]
                )
                if check.user is not None:
                    login(request, check.user, backend="django.contrib.auth.backends.ModelBackend")
                    return redirect(_next(request))
                code_form.add_error("code", check.error)
    return render(
        request,
        "registration/login_phone.html",
        {
            "available": available,
            "step": step,
            "phone_form": phone_form,
            "code_form": code_form,
            "next": _next(request),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """二次验证: a TOTP code or a recovery code, after the password."""
    from django_otp import login as otp_login
    from django_otp import user_has_device

    user = request.user
    _require_staff(user)
    if user.is_verified():
        return redirect(_next(request))
    if not user_has_device(user):
        return redirect(f"{_setup_url()}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if auth.second_factor_locked(user):
        logout(request)
        messages.error(request, _locked_message())
        return redirect("login")
    if request.method == "POST" and form.is_valid():
        device = auth.second_factor_verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        if auth.second_factor_locked(user):
            logout(request)
            messages.error(request, _locked_message())
            return redirect("login")
        form.add_error("token", "验证码不正确,请重新输入。")
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code, enter a first code, keep the recovery codes."""
    import segno
    from django_otp import login as otp_login
    from django_otp import user_has_device

    user = request.user
    _require_staff(user)
    if user_has_device(user) and not user.is_verified():
        return redirect("two_factor_verify")
    device = auth.totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = auth.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            return render(
                request, "registration/two_factor_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("token", "验证码不正确:请确认手机时间准确,并输入身份验证器当前显示的6位数字。")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "registration/two_factor_setup.html",
        {"form": form, "qr": qr, "secret": secret, "next": _next(request)},
    )


def _require_staff(user) -> None:
    from django.core.exceptions import PermissionDenied

    from cppcc.permissions import is_staff

    if not is_staff(user):
        raise PermissionDenied("二次验证仅适用于机关工作人员和系统管理员。")


def _setup_url() -> str:
    from django.urls import reverse

    return reverse("two_factor_setup")


def _locked_message() -> str:
    minutes = max(1, settings.TWO_FACTOR_LOCKOUT_SECONDS // 60)
    return f"二次验证错误次数过多,账号已暂时锁定,请 {minutes} 分钟后再登录。"


class PortalLoginView(auth_views.LoginView):
    """The password login page, with a link to sign-in by phone code when it is available."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["phone_login"] = auth.phone_login_available()
        return context

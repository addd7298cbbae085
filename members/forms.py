from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确,请重新输入。注意区分大小写;连续失败 %(limit)s 次将暂时锁定。",
        "inactive": "该账号已停用,请联系政协机关工作人员。",
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class NotificationSettingsForm(forms.Form):
    email_notifications = forms.BooleanField(label="同时通过电子邮件接收提醒", required=False)

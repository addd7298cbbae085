"""Chinese names for third-party apps whose AppConfig has no translatable verbose_name (the admin
index, breadcrumbs and permission lists show them). INSTALLED_APPS names these subclasses instead
of the packages' own configs; labels stay the same, so nothing in the database changes."""

from axes.apps import AppConfig as AxesBase
from django.apps import AppConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticBase
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpBase


class AxesConfig(AxesBase):
    verbose_name = "登录防护"


class TotpConfig(TotpBase):
    verbose_name = "双因素认证(动态口令)"


class StaticConfig(StaticBase):
    verbose_name = "双因素认证(备用验证码)"


class CaptchaConfig(AppConfig):
    name = "captcha"
    verbose_name = "图形验证码"
    default_auto_field = "django.db.models.AutoField"

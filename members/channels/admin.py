from django.contrib import admin

from . import models


@admin.register(models.Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "notification",
        "channel",
        "address",
        "status",
        "attempts",
        "last_error",
        "sent_at",
        "not_before",
    )
    list_filter = ("channel", "status")
    search_fields = ("address", "notification__title")
    list_select_related = ("notification",)
    raw_id_fields = ("notification",)


@admin.register(models.GroupDefault)
class GroupDefaultAdmin(admin.ModelAdmin):
    list_display = ("group", "email", "sms", "dingtalk", "wecom")
    list_editable = ("email", "sms", "dingtalk", "wecom")


@admin.register(models.DeliveryProfile)
class DeliveryProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "quiet_enabled", "quiet_start", "quiet_end", "dingtalk_userid", "wecom_userid")
    search_fields = ("user__username", "user__name", "dingtalk_userid", "wecom_userid")
    raw_id_fields = ("user",)


@admin.register(models.ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "group", "email", "sms", "dingtalk", "wecom")
    list_filter = ("group",)
    raw_id_fields = ("user",)


# --- the second factor's devices (django-otp), in Chinese -------------------------------------
# django-otp's models and admins carry plain English strings that no catalog can reach, so the
# admins are registered again with Chinese labels, help texts, fieldsets and column headers.
# Their model names come from the proxies AuthenticatorDevice and RecoveryCodeSet (models.py): the
# admin lists the proxies instead of django-otp's own registrations.
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin, StaticTokenInline  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

OTP_LABELS = {
    "user": ("用户", "使用该设备的用户。"),
    "name": ("设备名称", "便于识别的设备名称。"),
    "confirmed": ("已确认", "设备是否已可使用。"),
    "created_at": ("创建时间", "设备在系统中创建的时间。"),
    "last_used_at": ("最近使用时间", "最近一次使用该设备的时间。"),
    "key": ("密钥", "十六进制编码的密钥,最长 40 字节。"),
    "step": ("时间步长", "口令的时间步长(秒)。"),
    "t0": ("起始时间", "开始计算时间步的 Unix 时间。"),
    "digits": ("口令位数", "口令的位数。"),
    "tolerance": ("容差", "允许前后偏差的时间步数。"),
    "drift": ("时钟偏移", "设备时钟与服务器时钟相差的时间步数。"),
    "last_t": ("最近验证的时间步", "最近一次验证通过的口令所在的时间步;下一个口令必须更晚。"),
    "throttling_failure_timestamp": ("最近失败时间", "最近一次验证失败的时间;验证成功后清空。"),
    "throttling_failure_count": ("连续失败次数", "连续验证失败的次数。"),
    "token": ("备用验证码", ""),
}
OTP_FIELDSETS = {"Identity": "设备", "Timestamps": "时间", "Configuration": "配置", "State": "状态",
                 "Throttling": "失败限制"}  # fmt: skip


class ChineseOTPAdminMixin:
    search_help_text = "按用户名或电子邮箱搜索"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in OTP_LABELS:
            field.label, field.help_text = OTP_LABELS[db_field.name]
        return field

    def get_fieldsets(self, request, obj=None):
        return [
            (
                OTP_FIELDSETS.get(name, name),
                {**options, "fields": [READONLY.get(f, f) for f in options["fields"]]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_list_display(self, request):
        return [COLUMNS.get(name, name) for name in super().get_list_display(request)]

    def get_readonly_fields(self, request, obj=None):
        return [READONLY.get(name, name) for name in super().get_readonly_fields(request, obj)]


def _column(name):
    def value(obj):
        return getattr(obj, name)

    value.__name__ = f"{name}_display"  # not the field's name: its English help text stays off
    return admin.display(description=OTP_LABELS[name][0], ordering=name, boolean=name == "confirmed")(value)


COLUMNS = {name: _column(name) for name in ("user", "name", "created_at", "last_used_at", "confirmed")}
READONLY = {name: COLUMNS[name] for name in ("created_at", "last_used_at")}


class ChineseStaticTokenInline(ChineseOTPAdminMixin, StaticTokenInline):
    verbose_name = "备用验证码"
    verbose_name_plural = "备用验证码"


class ChineseTOTPDeviceAdmin(ChineseOTPAdminMixin, TOTPDeviceAdmin):
    list_filter = ()

    @admin.display(description="二维码")
    def qrcode_link(self, device):
        return super().qrcode_link(device)


class ChineseStaticDeviceAdmin(ChineseOTPAdminMixin, StaticDeviceAdmin):
    list_filter = ()
    inlines = [ChineseStaticTokenInline]


for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
admin.site.register(models.AuthenticatorDevice, ChineseTOTPDeviceAdmin)
admin.site.register(models.RecoveryCodeSet, ChineseStaticDeviceAdmin)

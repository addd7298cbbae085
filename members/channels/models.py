"""Records of the delivery channels: one Delivery per notice and channel (sent, failed with its
reason, retried), each person's channel choices and quiet hours, the staff's defaults per notice
group, and the one-time codes of sign-in by phone."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .groups import NoticeGroup


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"
    DINGTALK = "dingtalk", "钉钉工作通知"
    WECOM = "wecom", "企业微信"


class Delivery(models.Model):
    """One notice on one channel (the inbox row is the notice itself). Unique per notice and
    channel, so a rerun, a redelivered task or a second scan never sends it twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        RETRYING = "retrying", "重试中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    notification = models.ForeignKey(
        "members.Notification", verbose_name="通知", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    address = models.CharField("发送地址", max_length=200, help_text="手机号或钉钉/企业微信用户ID")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    not_before = models.DateTimeField(
        "最早发送时间", default=timezone.now, help_text="免打扰时段内的通知顺延到早晨"
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("失败原因", max_length=500, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "渠道投递"
        verbose_name_plural = "渠道投递"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel")
        ]
        indexes = [models.Index(fields=["status", "not_before"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}: {self.get_status_display()}"


class DeliveryProfile(models.Model):
    """A person's quiet hours and work-messaging user ids (the phone number is User.phone)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="delivery_profile",
    )
    quiet_enabled = models.BooleanField("夜间免打扰", default=True)
    quiet_start = models.TimeField("免打扰开始", default=dt.time(22, 0))
    quiet_end = models.TimeField("免打扰结束", default=dt.time(7, 30))
    dingtalk_userid = models.CharField("钉钉用户ID", max_length=64, blank=True)
    wecom_userid = models.CharField("企业微信用户ID", max_length=64, blank=True)

    class Meta:
        verbose_name = "接收设置"
        verbose_name_plural = "接收设置"

    def __str__(self) -> str:
        return str(self.user)


class GroupDefault(models.Model):
    """The channels a notice group goes to for people who have not chosen (set by staff in admin)."""

    group = models.CharField("通知类别", max_length=20, choices=NoticeGroup.choices, primary_key=True)
    email = models.BooleanField("电子邮件", default=True)
    sms = models.BooleanField("短信", default=False)
    dingtalk = models.BooleanField("钉钉", default=False)
    wecom = models.BooleanField("企业微信", default=False)

    class Meta:
        verbose_name = "通知渠道默认设置"
        verbose_name_plural = "通知渠道默认设置"

    def __str__(self) -> str:
        return self.get_group_display()


class ChannelPreference(models.Model):
    """A person's own choice of channels for one notice group (the inbox is always on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="channel_preferences",
    )
    group = models.CharField("通知类别", max_length=20, choices=NoticeGroup.choices)
    email = models.BooleanField("电子邮件", default=True)
    sms = models.BooleanField("短信", default=False)
    dingtalk = models.BooleanField("钉钉", default=False)
    wecom = models.BooleanField("企业微信", default=False)

    class Meta:
        verbose_name = "通知渠道偏好"
        verbose_name_plural = "通知渠道偏好"
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="one_preference_per_group")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_group_display()}"


class PhoneLoginCode(models.Model):
    """A one-time sign-in code sent by SMS. Only its hash is stored; it expires, allows a few
    wrong tries and is used once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="phone_codes"
    )
    phone = models.CharField("手机号", max_length=20)
    code_hash = models.CharField("验证码摘要", max_length=128)
    created_at = models.DateTimeField("发送时间", default=timezone.now)
    expires_at = models.DateTimeField("失效时间")
    failed_attempts = models.PositiveSmallIntegerField("错误次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    ip_address = models.GenericIPAddressField("请求地址", null=True, blank=True)

    class Meta:
        verbose_name = "短信登录验证码"
        verbose_name_plural = "短信登录验证码"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["phone", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"


# --- the second factor's devices under Chinese names ---------------------------------------------
# django-otp's models carry English names that no catalog reaches, and renaming them would alter its
# own migrations. These proxies (no table of their own) are what the admin lists instead.
class AuthenticatorDevice(TOTPDevice):
    """A staff member's authenticator app (django-otp TOTPDevice), as the admin names it."""

    class Meta:
        proxy = True
        verbose_name = "动态口令设备"
        verbose_name_plural = "动态口令设备"


class RecoveryCodeSet(StaticDevice):
    """A staff member's recovery codes (django-otp StaticDevice), as the admin names it."""

    class Meta:
        proxy = True
        verbose_name = "备用验证码"
        verbose_name_plural = "备用验证码"

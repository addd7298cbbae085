from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    """Delivery channels of notices (e-mail, SMS, 钉钉, 企业微信), people's channel preferences and
    quiet hours, sign-in by phone code and the staff's second factor."""

    name = "members.channels"
    label = "member_channels"
    verbose_name = "通知渠道与登录安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .auth import remember_device_at_login

        user_logged_in.connect(remember_device_at_login, dispatch_uid="channels-remember-device")

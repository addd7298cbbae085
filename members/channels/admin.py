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

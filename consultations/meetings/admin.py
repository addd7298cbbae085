from django.contrib import admin

from . import models


@admin.register(models.MeetingKind)
class MeetingKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_plenary", "default_scope", "attend_rule", "order", "is_active")
    list_editable = ("order", "is_active")


class SessionInline(admin.TabularInline):
    model = models.MeetingSession
    extra = 0


class AgendaInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0
    raw_id_fields = ("plan_topic", "proposal")


class GuestInline(admin.TabularInline):
    model = models.MeetingGuest
    extra = 0
    raw_id_fields = ("user",)


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "start_date", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "place")
    date_hierarchy = "start_date"
    list_select_related = ("kind",)
    inlines = [SessionInline, AgendaInline, GuestInline]


@admin.register(models.MeetingInvitation)
class MeetingInvitationAdmin(admin.ModelAdmin):
    list_display = ("member", "meeting", "role", "response", "leave_status", "attendance")
    list_filter = ("role", "response", "leave_status")
    raw_id_fields = ("member", "meeting", "leave_decided_by")
    list_select_related = ("member", "meeting")


@admin.register(models.Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = ("title", "member", "meeting", "status", "oral_order")
    list_filter = ("status",)
    raw_id_fields = ("member", "meeting")

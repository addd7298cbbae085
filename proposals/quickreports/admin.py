from django.contrib import admin

from .models import DeadlineRule, QuickCategory, QuickEvent, QuickPhoto, QuickReport, TriageScope


@admin.register(QuickCategory)
class QuickCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """Working-day limits (工作日, counted on cppcc/workdays.py's calendar)."""

    list_display = ("code", "workdays", "note")
    list_editable = ("workdays",)


@admin.register(TriageScope)
class TriageScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "work_committee")
    list_filter = ("work_committee",)
    autocomplete_fields = ("user",)


class PhotoInline(admin.TabularInline):
    model = QuickPhoto
    extra = 0
    fields = ("stage", "image", "width", "height", "has_location", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False


class EventInline(admin.TabularInline):
    model = QuickEvent
    extra = 0
    fields = ("created_at", "actor", "label", "from_state", "to_state", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(QuickReport)
class QuickReportAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the portal's workflow, not the admin."""

    list_display = ("pk", "kind", "status", "submitted_on", "work_committee", "unit", "due_on")
    list_filter = ("kind", "status", "work_committee")
    search_fields = ("text", "address")
    date_hierarchy = "submitted_on"
    readonly_fields = ("status", "submitted_by", "member", "merged_into", "opinion")
    raw_id_fields = ("unit", "category", "work_committee")
    inlines = [PhotoInline, EventInline]

from django.contrib import admin

from . import models


@admin.register(models.ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "category", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(models.PlanTopic)
class PlanTopicAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "source", "lead_committee", "planned_month", "approved")
    list_filter = ("year", "approved", "source")
    search_fields = ("title", "proposer_text")
    list_select_related = ("lead_committee",)
    raw_id_fields = ("proposer_member",)


class GuestInline(admin.TabularInline):
    model = models.ActivityGuest
    extra = 0


class DocumentInline(admin.TabularInline):
    model = models.ActivityDocument
    extra = 0


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("topic", "kind", "organiser_type", "date", "mode", "major", "is_public")
    list_filter = ("kind", "organiser_type", "major", "is_public", "mode")
    search_fields = ("topic", "place")
    date_hierarchy = "date"
    list_select_related = ("kind",)
    raw_id_fields = ("plan_topic",)
    inlines = [GuestInline, DocumentInline]


@admin.register(models.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("member", "activity", "response", "attendance")
    list_filter = ("response", "attendance")
    raw_id_fields = ("member", "activity")
    list_select_related = ("member", "activity")


@admin.register(models.ActivityGuest)
class ActivityGuestAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "activity")
    raw_id_fields = ("activity",)


@admin.register(models.ActivityDocument)
class ActivityDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "date", "activity")
    list_filter = ("kind",)
    raw_id_fields = ("activity",)


class UpdateInline(admin.TabularInline):
    model = models.SuggestionUpdate
    extra = 0


class ReviewInline(admin.TabularInline):
    model = models.Review
    extra = 0


class EventInline(admin.TabularInline):
    model = models.SuggestionEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "label", "from_state", "to_state", "actor", "note", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Status changes only through the portal's workflow, so status is read-only here."""

    list_display = ("__str__", "activity", "unit", "status", "outcome", "due_date", "landed_quickly")
    list_filter = ("status", "outcome", "landed_quickly")
    search_fields = ("text",)
    raw_id_fields = ("activity",)
    readonly_fields = ("status", "outcome", "assigned_at", "closed_at")
    list_select_related = ("activity", "unit")
    inlines = [UpdateInline, ReviewInline, EventInline]


@admin.register(models.SuggestionUpdate)
class SuggestionUpdateAdmin(admin.ModelAdmin):
    list_display = ("suggestion", "status", "date", "author")
    raw_id_fields = ("suggestion",)


@admin.register(models.Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("suggestion", "planned_date", "done_date")
    raw_id_fields = ("suggestion",)


@admin.register(models.SuggestionEvent)
class SuggestionEventAdmin(admin.ModelAdmin):
    list_display = ("suggestion", "label", "from_state", "to_state", "actor", "created_at")
    raw_id_fields = ("suggestion",)

from django.contrib import admin

from cppcc.admin_names import ChineseChoicesMixin

from .models import ActivityChange, ContactVillage, HeardItem, OrganiserRole, TraceLink, Visit, VisitPhoto


@admin.register(OrganiserRole)
class OrganiserRoleAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "body_type",
        "special_committee",
        "work_committee",
        "sector",
        "title",
        "is_active",
    )
    list_filter = ("body_type", "title", "is_active")
    search_fields = ("user__username", "user__name")
    autocomplete_fields = ("user",)


@admin.register(ContactVillage)
class ContactVillageAdmin(admin.ModelAdmin):
    list_display = ("member", "village", "since")
    list_filter = ("village__work_committee",)
    search_fields = ("member__name", "village__name")
    raw_id_fields = ("member",)


class HeardItemInline(ChineseChoicesMixin, admin.TabularInline):
    model = HeardItem
    extra = 0
    fields = ("text", "outcome", "outcome_note", "decided_at")
    readonly_fields = ("decided_at",)


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("date", "member", "village")
    list_filter = ("village__work_committee",)
    search_fields = ("member__name", "village__name")
    date_hierarchy = "date"
    raw_id_fields = ("member",)
    inlines = [HeardItemInline, VisitPhotoInline]


@admin.register(TraceLink)
class TraceLinkAdmin(ChineseChoicesMixin, admin.ModelAdmin):
    list_display = ("source_type", "source_id", "kind", "target_type", "target_id", "created_at")
    list_filter = (
        "kind",
        ("source_type", admin.RelatedOnlyFieldListFilter),
        ("target_type", admin.RelatedOnlyFieldListFilter),
    )


@admin.register(ActivityChange)
class ActivityChangeAdmin(admin.ModelAdmin):
    list_display = ("activity", "label", "from_state", "to_state", "by", "at")
    raw_id_fields = ("activity",)

from django.contrib import admin

from . import models as m
from .search import reindex


@admin.register(m.Category, m.RejectReason)
class NamedRowAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(m.ReplyClass)
class ReplyClassAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "adopted", "needs_follow_up", "order")


@admin.register(m.HandlingRules)
class HandlingRulesAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "reply_months",
        "objection_days",
        "rating_days",
        "rehandling_months",
        "extension_max_months",
    )

    def has_add_permission(self, request):
        return not m.HandlingRules.objects.exists()


class SignerInline(admin.TabularInline):
    model = m.ProposalSigner
    extra = 0
    raw_id_fields = ("member",)


class AssignmentInline(admin.TabularInline):
    model = m.Assignment
    extra = 0


class EventInline(admin.TabularInline):
    model = m.ProposalEvent
    extra = 0
    readonly_fields = ("actor", "action", "label", "from_state", "to_state", "note", "created_at")
    can_delete = False


@admin.register(m.Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "series", "number", "status", "lead_unit", "is_key", "is_excellent")
    list_filter = ("year", "status", "kind", "category", "is_key", "is_excellent")
    search_fields = ("title", "body")
    raw_id_fields = ("lead_member", "merged_into", "created_by", "supervising_leader")
    readonly_fields = ("status",)
    inlines = [SignerInline, AssignmentInline, EventInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reindex(form.instance)  # title or body may have changed


@admin.register(m.Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "reply_class", "submitted_on", "checked_on")
    raw_id_fields = ("proposal", "assignment", "submitted_by", "checked_by")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "proposal" in form.changed_data:
            reindex(form.initial["proposal"])  # the proposal it no longer answers
        reindex(obj.proposal_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reindex(obj.proposal_id)

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("proposal_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        for pk in ids:
            reindex(pk)


@admin.register(m.ProposalEvent)
class ProposalEventAdmin(admin.ModelAdmin):
    list_display = ("proposal", "label", "from_state", "to_state", "actor", "created_at")
    raw_id_fields = ("proposal",)


for _model in (
    m.ProposalSigner,
    m.Attachment,
    m.Assignment,
    m.Contact,
    m.Rating,
    m.FollowUp,
    m.Bulletin,
    m.OpinionEvent,
):
    admin.site.register(_model)


@admin.register(m.PublicOpinion)
class PublicOpinionAdmin(admin.ModelAdmin):
    list_display = ("title", "received_on", "status", "bulletin", "adoption_level")
    list_filter = ("status", "adoption_level")
    search_fields = ("title", "body")
    readonly_fields = ("status",)
    raw_id_fields = ("author", "source_proposal")

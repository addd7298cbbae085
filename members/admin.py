from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from cppcc.admin_names import ChineseChoicesMixin

from . import models, services


@admin.register(models.User)
class UserAdmin(ChineseChoicesMixin, BaseUserAdmin):
    list_display = ("username", "name", "role", "handling_unit", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "name", "phone")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("政协平台", {"fields": ("name", "role", "handling_unit", "phone", "email_notifications")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("政协平台", {"fields": ("name", "role", "handling_unit")}),
    )


@admin.register(models.Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("__str__", "start_date", "end_date")


@admin.register(models.Plenary)
class PlenaryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "opens_on", "closes_on", "submission_opens_on", "submission_closes_on")
    list_select_related = ("term",)


@admin.register(models.Sector, models.SpecialCommittee, models.ProposerOrganisation)
class OrderedNameAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name",)


@admin.register(models.WorkCommittee)
class WorkCommitteeAdmin(OrderedNameAdmin):
    list_display = ("name", "kind", "order", "is_active")


@admin.register(models.Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("name", "work_committee")
    list_filter = ("work_committee",)
    search_fields = ("name",)


@admin.register(models.HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "contact_person", "contact_phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(models.Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "position", "work_committee", "is_active")
    list_filter = ("is_active", "position", "sector", "work_committee")
    search_fields = ("name", "work_unit", "phone")
    list_select_related = ("sector", "work_committee")
    filter_horizontal = ("special_committees", "terms")
    raw_id_fields = ("user", "village")


@admin.register(models.DutyRule)
class DutyRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "points", "yearly_cap", "order")
    list_editable = ("points", "yearly_cap")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "points" in form.changed_data:
            # DutyEvent.points is a copy of the rule's points: recompute this year's scores
            year = timezone.localdate().year
            changed = services.duty_rules_apply(year=year)
            self.message_user(request, f"已按新分值重算{year}年度的 {changed} 条履职记录。")


@admin.register(models.ScoreBand)
class ScoreBandAdmin(admin.ModelAdmin):
    list_display = ("name", "min_score")


@admin.register(models.DutyMinimum)
class DutyMinimumAdmin(admin.ModelAdmin):
    list_display = ("name", "min_count", "order")
    filter_horizontal = ("rules",)


class SelfReportEventInline(admin.TabularInline):
    model = models.SelfReportEvent
    extra = 0
    readonly_fields = ("action", "label", "from_state", "to_state", "by", "note", "at")
    can_delete = False


@admin.register(models.SelfReport)
class SelfReportAdmin(admin.ModelAdmin):
    list_display = ("member", "year", "status", "submitted_at", "reviewer")
    list_filter = ("year", "status")
    search_fields = ("member__name",)
    raw_id_fields = ("member", "reviewer")
    list_select_related = ("member", "reviewer")
    readonly_fields = ("status",)  # changes only through the workflow
    inlines = [SelfReportEventInline]


@admin.register(models.DutyEvent)
class DutyEventAdmin(ChineseChoicesMixin, admin.ModelAdmin):
    list_display = ("member", "date", "kind", "points", "title")
    list_filter = ("kind",)
    search_fields = ("member__name", "title")
    raw_id_fields = ("member",)
    list_select_related = ("member", "kind")
    date_hierarchy = "date"


@admin.register(models.Notification)
class NotificationAdmin(ChineseChoicesMixin, admin.ModelAdmin):
    list_display = ("recipient", "kind", "title", "created_at", "read_at", "emailed_at", "email_error")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username")
    raw_id_fields = ("recipient",)
    list_select_related = ("recipient",)


@admin.register(models.Instruction)
class InstructionAdmin(ChineseChoicesMixin, admin.ModelAdmin):
    list_display = ("leader", "leader_title", "date", "target_type", "target_id")
    raw_id_fields = ("leader", "recorded_by")


@admin.register(models.InstructionRequest)
class InstructionRequestAdmin(ChineseChoicesMixin, admin.ModelAdmin):
    """报请领导批示 records (written by the workflows' 报请领导批示 action)."""

    list_display = ("leader", "target_type", "target_id", "requested_by", "requested_at")
    list_filter = (("target_type", admin.RelatedOnlyFieldListFilter),)
    raw_id_fields = ("leader", "requested_by")

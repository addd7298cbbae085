from django.contrib import admin

from .models import (
    Choice,
    Deliberation,
    ModerationRecord,
    Opinion,
    Question,
    Survey,
    SurveyResponse,
    TopicCall,
    TopicSubmission,
)


@admin.register(TopicCall)
class TopicCallAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "deadline", "status", "open_to_public"]
    list_filter = ["year", "status"]


@admin.register(TopicSubmission)
class TopicSubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "source", "status", "moderation", "recommended_rank"]
    list_filter = ["call", "source", "status", "moderation"]
    raw_id_fields = ["author", "merged_into", "plan_topic"]


@admin.register(Deliberation)
class DeliberationAdmin(admin.ModelAdmin):
    list_display = ["activity", "audience", "is_open", "result_published"]
    raw_id_fields = ["activity"]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "deliberation", "author", "moderation"]
    list_filter = ["moderation"]
    raw_id_fields = ["deliberation", "parent", "author", "suggestion"]


@admin.register(ModerationRecord)
class ModerationRecordAdmin(admin.ModelAdmin):
    """The audit trail of moderation: read-only."""

    list_display = ["at", "action", "reason", "by", "opinion", "submission"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "year", "audience", "status"]
    list_filter = ["kind", "year", "status"]
    inlines = [QuestionInline]


admin.site.register(Choice)
admin.site.register(SurveyResponse)

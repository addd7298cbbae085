from django.contrib import admin

from . import models


class ReportSectionInline(admin.StackedInline):
    model = models.ReportSection
    extra = 0
    fields = ("order", "level", "heading", "body")


@admin.register(models.AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "updated_at")
    search_fields = ("title",)
    inlines = [ReportSectionInline]


@admin.register(models.ReportSection)
class ReportSectionAdmin(admin.ModelAdmin):
    list_display = ("report", "order", "level", "heading")
    list_filter = ("report__year", "level")
    list_select_related = ("report",)


@admin.register(models.ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    list_display = ("id", "year", "status", "requested_by", "created_at", "finished_at", "seconds")
    list_filter = ("status", "year")
    list_select_related = ("requested_by",)
    readonly_fields = (
        "report",
        "year",
        "status",
        "error",
        "pdf",
        "figures",
        "html",
        "text",
        "requested_by",
        "created_at",
        "finished_at",
        "seconds",
    )

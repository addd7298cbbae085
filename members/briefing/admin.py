from django.contrib import admin

from . import models


@admin.register(models.Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "audience_label", "published_at", "recipient_count")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    readonly_fields = (
        "status",
        "published_at",
        "published_by",
        "recipient_count",
        "reminded_at",
        "audience_label",
    )


@admin.register(models.Folder)
class FolderAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "order")


class VersionInline(admin.TabularInline):
    model = models.DocumentVersion
    extra = 0
    readonly_fields = ("number", "name", "size", "uploaded_by", "uploaded_at")
    fields = ("number", "name", "size", "note", "uploaded_by", "uploaded_at")


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "folder", "visibility", "version_count", "updated_at")
    list_filter = ("visibility", "folder")
    search_fields = ("title",)
    inlines = [VersionInline]


class SessionInline(admin.TabularInline):
    model = models.TrainingSession
    extra = 0


class QuestionInline(admin.StackedInline):
    model = models.QuizQuestion
    extra = 1


@admin.register(models.Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "organiser", "enrolment_open")
    inlines = [SessionInline, QuestionInline]
    filter_horizontal = ("materials",)


@admin.register(models.Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "is_open")


@admin.register(models.Piece)
class PieceAdmin(admin.ModelAdmin):
    list_display = ("title", "collection", "author", "status", "accepted_at")
    list_filter = ("status", "collection")
    readonly_fields = ("status", "submitted_at", "accepted_at")

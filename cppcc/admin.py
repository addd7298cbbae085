from django.contrib import admin
from django.db.models import OuterRef, Subquery

from .models import AuditRecord, JobRun, WorkdayOverride


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Run records are written by the jobs themselves; admin only reads them."""

    list_display = ("job", "trigger", "status", "started_at", "finished_at", "sent")
    list_filter = ("job", "status", "trigger")
    readonly_fields = [f.name for f in JobRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """The database-level audit trail: read-only, for administrators."""

    list_display = ("at", "table_name", "row_id", "action", "actor")
    list_filter = ("table_name", "action")
    search_fields = ("=row_id", "=actor_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditRecord._meta.fields]

    @admin.display(description="操作人", ordering="actor_name")
    def actor(self, obj):
        return obj.actor_name or (f"用户#{obj.actor_id}" if obj.actor_id else "系统")

    def get_queryset(self, request):
        from members.models import User

        name = User.objects.filter(pk=OuterRef("actor_id")).values("name")[:1]
        return super().get_queryset(request).annotate(actor_name=Subquery(name))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    """Holidays and 调休 working days that chinesecalendar does not know (cppcc/workdays.py)."""

    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    date_hierarchy = "date"


# django-auditlog's log entries: the catalog (locale/) translates its strings but one column
# header is a plain English string, so the admin is registered again with it in Chinese.
from auditlog.admin import LogEntryAdmin  # noqa: E402
from auditlog.models import LogEntry  # noqa: E402


class ChineseLogEntryAdmin(LogEntryAdmin):
    @admin.display(description="关联编号")
    def cid_url(self, obj):
        return super().cid_url(obj)


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, ChineseLogEntryAdmin)


# auth groups: their permission list names apps, models and permissions in Chinese
from django.contrib.auth.admin import GroupAdmin  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

from .admin_names import ChineseChoicesMixin  # noqa: E402


class ChineseGroupAdmin(ChineseChoicesMixin, GroupAdmin):
    pass


if admin.site.is_registered(Group):
    admin.site.unregister(Group)
admin.site.register(Group, ChineseGroupAdmin)

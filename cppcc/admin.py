from django.contrib import admin

from .models import JobRun


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

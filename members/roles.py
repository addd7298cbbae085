"""Model permissions of each role's group (for Django admin). Groups themselves come from the
data migration; this runs after every migrate so permissions of new models are granted too.
What a role may do in the portal's own pages is decided in each app's permissions.py."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

PORTAL_APPS = ("members", "proposals", "consultations", "reports")


def portal_app_labels() -> list[str]:
    """Labels of the portal apps and of the apps nested in them (members.channels …)."""
    return [c.label for c in apps.get_app_configs() if c.name.split(".")[0] in PORTAL_APPS]


def sync_role_permissions(sender=None, **kwargs) -> None:
    # Runs after each portal app's post_migrate (idempotent), so the last run sees every app's permissions.
    if sender is not None and sender.name.split(".")[0] not in PORTAL_APPS:
        return
    portal_perms = Permission.objects.filter(content_type__app_label__in=portal_app_labels())
    staff = Group.objects.filter(name="机关工作人员").first()
    leader = Group.objects.filter(name="领导").first()
    admin = Group.objects.filter(name="系统管理员").first()
    if staff:
        staff.permissions.set(portal_perms.exclude(content_type__model="user"))
    if admin:
        admin.permissions.set(Permission.objects.all())
    if leader:
        leader.permissions.set(portal_perms.filter(codename__startswith="view_"))

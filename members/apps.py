from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "委员与组织"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (registers models with auditlog)
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="members.sync_role_permissions")

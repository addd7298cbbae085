from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CppccConfig(AppConfig):
    name = "cppcc"
    verbose_name = "平台运行"

    def ready(self) -> None:
        from . import datacache  # noqa: F401  (installs the data-version wrapper on new connections)
        from .admin_names import permissions_in_chinese

        post_migrate.connect(permissions_in_chinese, sender=self, dispatch_uid="cppcc.permissions_in_chinese")

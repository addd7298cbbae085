from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "提案与社情民意"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (registers models with auditlog)

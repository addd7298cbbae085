from django.apps import AppConfig


class QuickReportsConfig(AppConfig):
    name = "proposals.quickreports"
    label = "quickreports"
    verbose_name = "微建议与随手拍"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (registers models with auditlog)

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "统计与报告"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (registers models with auditlog)

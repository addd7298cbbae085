from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "协商与监督"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (registers models with auditlog)

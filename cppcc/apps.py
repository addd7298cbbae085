from django.apps import AppConfig


class CppccConfig(AppConfig):
    name = "cppcc"
    verbose_name = "平台运行"

    def ready(self) -> None:
        from . import datacache  # noqa: F401  (installs the data-version wrapper on new connections)

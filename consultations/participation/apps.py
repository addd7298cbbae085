from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "consultations.participation"
    label = "participation"
    verbose_name = "协商参与(议题征集、网络议政、问卷投票、公开页面)"

    def ready(self) -> None:
        # Build the figure registry now, so it collects this app's figures.py whole (importing
        # figures.py first would leave the registry reading a half-loaded module).
        import reports.figures  # noqa: F401

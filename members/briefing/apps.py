from django.apps import AppConfig


class BriefingConfig(AppConfig):
    name = "members.briefing"
    label = "briefing"
    verbose_name = "知情明政"

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations.meetings"
    label = "meetings"
    verbose_name = "会议"

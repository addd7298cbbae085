from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations.meetings"
    label = "meetings"
    verbose_name = "会议"

    def ready(self) -> None:
        # "a meeting's participants" as an announcement audience (members.briefing stays unaware)
        from members.briefing import audiences

        from .audience import meeting_choices, participant_user_ids

        audiences.register("meeting", "会议参会人员", resolve=participant_user_ids, choices=meeting_choices)

from cppcc import forms

from .groups import GROUP_HELP, NoticeGroup
from .models import Channel


class PreferencesForm(forms.Form):
    """Channels per notice group (the inbox always receives every notice) and quiet hours."""

    email_notifications = forms.BooleanField(label="接收电子邮件提醒(总开关)", required=False)
    quiet_enabled = forms.BooleanField(
        label="夜间免打扰:此时段内不发短信和钉钉/企业微信消息(紧急通知除外),顺延到结束时发送", required=False
    )
    quiet_start = forms.TimeField(
        label="免打扰开始", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    quiet_end = forms.TimeField(
        label="免打扰结束", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, channels: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = channels
        for group, label in NoticeGroup.choices:
            self.fields[f"group_{group}"] = forms.MultipleChoiceField(
                label=label,
                choices=channels,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=GROUP_HELP[group],
            )

    def group_fields(self):
        return [self[f"group_{group}"] for group in NoticeGroup.values]

    def choices(self) -> dict[str, set[str]]:
        return {group: set(self.cleaned_data[f"group_{group}"]) for group in NoticeGroup.values}

    def clean(self):
        data = super().clean()
        if (
            data.get("quiet_enabled")
            and data.get("quiet_start")
            and data.get("quiet_start") == data.get("quiet_end")
        ):
            self.add_error("quiet_end", "免打扰结束时间不能与开始时间相同。")
        return data

    @staticmethod
    def initial_for(*, user, preferences: dict[str, set[str]], profile) -> dict:
        from django.conf import settings

        initial = {
            "email_notifications": user.email_notifications,
            "quiet_enabled": profile.quiet_enabled if profile else True,
            "quiet_start": profile.quiet_start if profile else settings.CHANNELS_QUIET_START,
            "quiet_end": profile.quiet_end if profile else settings.CHANNELS_QUIET_END,
        }
        for group, chosen in preferences.items():
            initial[f"group_{group}"] = sorted(chosen & set(Channel.values))
        return initial

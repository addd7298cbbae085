from django.urls import reverse

from cppcc.panels import Panel

from .selectors import notification_list


def home_panels(user) -> list[Panel]:
    latest = list(notification_list(user=user, unread_only=True)[:5])
    return [
        Panel(
            title="未读消息",
            template="members/panel_notifications.html",
            context={"notifications": latest},
            order=90,
            link_url=reverse("members:notifications"),
            link_label="全部消息",
        )
    ]

"""The home page's "what is new for me" panel (collected by cppcc/panels.py)."""

from django.urls import reverse

from cppcc.panels import Panel

from . import permissions, selectors


def home_panels(user) -> list[Panel]:
    if not user.is_authenticated or permissions.can_manage(user):
        return []
    announcements = list(selectors.announcement_inbox(user=user)[:5])
    documents = selectors.new_for_me(user=user) if permissions.can_use_library(user) else []
    return [
        Panel(
            title="知情明政:新通知与资料",
            template="briefing/panel_new_for_me.html",
            context={"announcements": announcements, "documents": documents},
            order=15,
            link_url=reverse("briefing:announcement_list"),
            link_label="全部通知公告",
        )
    ]

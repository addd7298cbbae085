from django.urls import reverse
from django.utils import timezone

from cppcc.panels import Panel

from . import permissions
from .models import Role
from .selectors import (
    instructions_waiting,
    member_for_user,
    member_stats,
    member_year_summary,
    notification_list,
)


def home_panels(user) -> list[Panel]:
    latest = list(notification_list(user=user, unread_only=True)[:5])
    panels = [
        Panel(
            title="未读消息",
            template="members/panel_notifications.html",
            context={"notifications": latest},
            order=90,
            link_url=reverse("members:notifications"),
            link_label="全部消息",
        )
    ]
    year = timezone.localdate().year
    if user.is_authenticated and user.is_member:
        member = member_for_user(user)
        if member is not None:
            panels.append(
                Panel(
                    title="我的履职得分",
                    template="members/panel_my_score.html",
                    context={"year": year, "summary": member_year_summary(member=member, year=year)},
                    order=20,
                    link_url=reverse("members:my_duty"),
                    link_label="我的履职档案",
                )
            )
    if user.is_authenticated and user.role == Role.LEADER:
        panels.append(
            Panel(
                title="待我批示",
                template="members/panel_instructions_waiting.html",
                context={"requests": instructions_waiting(leader=user)},
                order=8,
            )
        )
    if permissions.is_staff(user):
        stats = member_stats(year=year)
        panels.append(
            Panel(
                title="委员履职情况",
                template="members/panel_staff_duty.html",
                context={"year": year, "stats": stats},
                order=40,
                link_url=f"{reverse('members:below_minimum')}?year={year}",
                link_label="未达最低要求名单",
            )
        )
    return panels

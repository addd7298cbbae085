"""Home panels of consultations/: each uses a constant number of queries."""

from django.urls import reverse

from cppcc.panels import Panel
from members.models import Role

from . import selectors


def home_panels(user) -> list[Panel]:
    role = "admin" if user.is_superuser else user.role
    board = reverse("consultations:board")
    if role == Role.MEMBER:
        return [
            Panel(
                title="我的活动邀请",
                template="consultations/panel_invitations.html",
                context={"invitations": selectors.my_invitations(user=user)},
                order=20,
                link_url=reverse("consultations:activity_list"),
                link_label="全部活动",
            )
        ]
    if role == Role.UNIT:
        return [
            Panel(
                title="待反馈的协商建议",
                template="consultations/panel_suggestions.html",
                context={"suggestions": selectors.unit_suggestions_waiting(user=user)},
                order=20,
                link_url=board,
                link_label="建议办理",
            )
        ]
    if role in (Role.STAFF, Role.ADMIN):
        return [
            Panel(
                title="待处理的协商建议",
                template="consultations/panel_suggestions.html",
                context={"suggestions": selectors.suggestions_waiting_for_staff()},
                order=20,
                link_url=board,
                link_label="建议办理",
            ),
            Panel(
                title="近期协商监督活动",
                template="consultations/panel_activities.html",
                context={"activities": selectors.upcoming_activities()},
                order=21,
                link_url=reverse("consultations:activity_list"),
                link_label="全部活动",
            ),
        ]
    if role == Role.LEADER:
        return [
            Panel(
                title="待批示、待反馈的协商建议",
                template="consultations/panel_suggestions.html",
                context={"suggestions": selectors.suggestions_for_leader()},
                order=20,
                link_url=board,
                link_label="建议办理",
            )
        ]
    return []

"""Home-page panels of proposals/, each a constant number of queries."""

from django.urls import reverse

from cppcc.panels import Panel
from members.models import Role

from . import selectors
from .permissions import is_staff


def home_panels(user) -> list[Panel]:
    if not user.is_authenticated:
        return []
    panels: list[Panel] = []
    if user.role == Role.MEMBER:
        panels.append(
            Panel(
                title="我的提案",
                template="proposals/panel_mine.html",
                context={
                    "proposals": list(selectors.proposal_list_mine(user=user)[:5]),
                    "invitations": list(selectors.cosign_invitations(user=user)[:5]),
                },
                order=10,
                link_url=reverse("proposals:mine"),
                link_label="全部提案",
            )
        )
    if user.role == Role.UNIT and user.handling_unit_id:
        panels.append(
            Panel(
                title="待办理提案",
                template="proposals/panel_unit.html",
                context={"assignments": list(selectors.unit_queue(user=user, open_only=True)[:8])},
                order=10,
                link_url=reverse("proposals:unit_queue"),
                link_label="本单位提案",
            )
        )
    if is_staff(user):
        panels.append(
            Panel(
                title="提案待办",
                template="proposals/panel_staff.html",
                context=selectors.staff_queues(limit=5),
                order=10,
                link_url=reverse("proposals:register"),
                link_label="提案管理",
            )
        )
    if user.role == Role.LEADER:
        panels.append(
            Panel(
                title="我督办的重点提案",
                template="proposals/panel_leader.html",
                context={"proposals": list(selectors.supervised_proposals(user=user, open_only=True)[:10])},
                order=10,
                link_url=reverse("proposals:register") + "?key=1",
                link_label="全部重点提案",
            )
        )
    return panels

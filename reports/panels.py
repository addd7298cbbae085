from django.urls import reverse

from cppcc.panels import Panel
from members.models import Role

from .selectors import current_year, panel_figures


def home_panels(user) -> list[Panel]:
    if user.role != Role.LEADER:
        return []
    year = current_year()
    return [
        Panel(
            title=f"{year}年主要数据",
            template="reports/panel_headlines.html",
            context={"figures": panel_figures(year=year), "year": year},
            order=5,
            link_url=reverse("reports:dashboard"),
            link_label="进入领导驾驶舱",
        )
    ]

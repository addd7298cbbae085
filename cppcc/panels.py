"""Home page panels. Each app may define <app>/panels.py with `home_panels(user) -> list[Panel]`;
the home page shows the panels of every app for the user's role, in order."""

from dataclasses import dataclass, field
from importlib import import_module

PANEL_APPS = ("members", "members.briefing", "proposals", "consultations", "reports")


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
    link_url: str = ""
    link_label: str = ""


def home_panels(user) -> list[Panel]:
    panels: list[Panel] = []
    for app in PANEL_APPS:
        try:
            module = import_module(f"{app}.panels")
        except ModuleNotFoundError:
            continue
        panels.extend(module.home_panels(user))
    return sorted(panels, key=lambda p: p.order)

"""Home page panels. Each app may define <app>/panels.py with `home_panels(user) -> list[Panel]`;
the home page shows the panels of every app for the user's role, in order."""

import functools
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
    link_url: str = ""
    link_label: str = ""


@functools.cache
def _panel_modules() -> tuple:
    """Every installed app of the portal (nested apps included) may declare <app>/panels.py."""
    modules = []
    for config in apps.get_app_configs():
        if f"{config.name}.panels" == __name__:  # this module is the collector, not a panel source
            continue
        try:
            modules.append(import_module(f"{config.name}.panels"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.panels":
                raise
    return tuple(modules)


def home_panels(user) -> list[Panel]:
    panels: list[Panel] = []
    for module in _panel_modules():
        panels.extend(module.home_panels(user))
    return sorted(panels, key=lambda p: p.order)

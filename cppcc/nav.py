"""Role-aware navigation. Each app declares its own entries in <app>/nav.py as NAV_ITEMS; this
module collects them, so adding a page never means editing a shared template."""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 50
    badge: str = ""  # name of a context value to show as a badge


# The project's own pages (the jobs' operations page).
NAV_ITEMS = [NavItem("运行状态", "ops:jobs", ("staff",), order=95)]


def _all_items() -> list[NavItem]:
    items: list[NavItem] = []
    # every installed app of the portal (nested apps included) may declare <app>/nav.py
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.nav":
                raise
            continue
        items.extend(module.NAV_ITEMS)
    return sorted(items, key=lambda item: item.order)


def nav_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    role = "admin" if user.is_superuser else user.role
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in _all_items()
        if role in item.roles or (role == "admin" and "staff" in item.roles)
    ]

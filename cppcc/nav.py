"""Role-aware navigation. Each app declares its own entries in <app>/nav.py as NAV_ITEMS; this
module collects them, so adding a page never means editing a shared template.

An item names its `area` (a key of NAV_AREAS, the one list of areas and their order); the menu
shows one dropdown per area. A role with at most FLAT_MAX items sees them flat, and an area a role
has a single item in shows that item as a plain link. Items without an area (首页, 消息) are always
top-level links. Building the menu runs no SQL: it reads only the user's role and reverses URLs."""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

# The areas of the menu, in menu order: key -> label shown on the dropdown.
NAV_AREAS = {
    "proposals": "提案",
    "consultations": "协商",
    "members": "委员",
    "briefing": "知情明政",
    "reports": "统计",
    "system": "系统",
}

# A role with this many items or fewer sees them all as plain links (e.g. 承办单位).
FLAT_MAX = 8


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 50
    badge: str = ""  # name of a context value to show as a badge
    area: str = ""  # a key of NAV_AREAS; "" = always a top-level link


# The project's own pages (the jobs' operations page).
NAV_ITEMS = [NavItem("运行状态", "ops:jobs", ("staff",), order=95, area="system")]


@cache
def _all_items() -> tuple[NavItem, ...]:
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
    unknown = sorted({item.area for item in items if item.area and item.area not in NAV_AREAS})
    if unknown:
        raise ImproperlyConfigured(f"nav items name unknown areas {unknown}; declare them in NAV_AREAS")
    return tuple(sorted(items, key=lambda item: item.order))


def _role(user) -> str:
    return "admin" if user.is_superuser else user.role


def _items_for(user) -> list[NavItem]:
    role = _role(user)
    return [
        item for item in _all_items() if role in item.roles or (role == "admin" and "staff" in item.roles)
    ]


def _link(item: NavItem, current: str) -> dict:
    return {
        "label": item.label,
        "url": reverse(item.url_name),
        "url_name": item.url_name,
        "current": item.url_name == current,
    }


def nav_for(user) -> list[dict]:
    """Every page the user's menu offers, flat, in menu order (the smoke check walks these)."""
    if not user.is_authenticated:
        return []
    return [_link(item, "") for item in _items_for(user)]


def nav_menu(user, current: str = "") -> list[dict]:
    """The user's menu: top-level links ({"label", "url", "url_name", "current"}) and area
    dropdowns ({"label", "area", "links": [...], "current"}), in menu order. `current` is the
    view name of the page shown, which marks its link and its area."""
    if not user.is_authenticated:
        return []
    items = _items_for(user)
    if len(items) <= FLAT_MAX:
        return [_link(item, current) for item in items]
    by_area: dict[str, list[NavItem]] = {}
    for item in items:
        if item.area:
            by_area.setdefault(item.area, []).append(item)
    top = [item for item in items if not item.area and item.order < 50]
    tail = [item for item in items if not item.area and item.order >= 50]
    menu = [_link(item, current) for item in top]
    for area, label in NAV_AREAS.items():
        members = by_area.get(area)
        if not members:
            continue
        if len(members) == 1:
            menu.append(_link(members[0], current))
            continue
        links = [_link(item, current) for item in members]
        menu.append(
            {
                "label": label,
                "area": area,
                "links": links,
                "current": any(link["current"] for link in links),
            }
        )
    menu.extend(_link(item, current) for item in tail)
    return menu

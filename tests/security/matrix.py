"""Shared pieces of the permission matrix (tests/test_permission_matrix.py).

Each app may keep its rows in a module of its own under tests/security/matrix_rows/: a list
`ROWS` of `Row`, and optionally `build(world)` that adds the app's objects to `world.o` (called
once, after the core world is built). This keeps new apps from editing one long shared table.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any


@dataclass
class Row:
    name: str
    get: str  # seven codes, one per role in ROLES
    args: Any = None  # callable(world) -> list of URL args
    query: str = ""
    post: str | None = None  # seven codes or "-"
    data: Any = None  # callable(world) -> POST data
    case: str = ""
    # people who stand in between the roles (world.PERSONAS): persona -> "GET POST" codes
    # ("-" for POST: not tried), e.g. {"cosigner": "403 403"}
    personas: dict | None = None

    @property
    def id(self) -> str:
        return f"{self.name}[{self.case}]" if self.case else self.name


def pk(attr: str):
    return lambda w: [getattr(w, attr).pk]


def _modules():
    from tests.security import matrix_rows

    for info in sorted(pkgutil.iter_modules(matrix_rows.__path__), key=lambda i: i.name):
        yield importlib.import_module(f"{matrix_rows.__name__}.{info.name}")


def extra_rows() -> list[Row]:
    return [row for module in _modules() for row in getattr(module, "ROWS", [])]


def build_extra(world) -> None:
    for module in _modules():
        if hasattr(module, "build"):
            module.build(world)

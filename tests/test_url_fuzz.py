"""Garbage in every URL: every named URL × every role × garbage for each query parameter and path
argument it reads (negative, huge, non-numeric, 20 digits, 10,000 characters) -> never a 500.

URLs added later are covered without editing this file: the names come from the resolver (as in
the permission matrix), path arguments from the matrix row of the URL (world objects) or 1, and
the parameters a view reads from its module's source (`request.GET.get("year")`, `getlist`,
FilterSet fields) plus the common ones below."""

from __future__ import annotations

import contextlib
import inspect
import re
from functools import cache

import pytest
from django.test import Client
from django.urls import resolve, reverse

from tests.security.world import ROLES
from tests.test_permission_matrix import MATRIX, module_world, url_names, world  # noqa: F401

GARBAGE = ["-1", "99999999", "abc", "9" * 20, "x" * 10_000]
POST_GARBAGE = ["abc", "9" * 20]
PATH_GARBAGE = [99_999, 10**20]
COMMON = (
    "year",
    "page",
    "status",
    "q",
    "ids",
    "after",
    "unit",
    "kind",
    "assignment",
    "format",
    "by",
    "pk",
    "id",
)
READS = re.compile(r"""(?:GET|POST|data|filters)\s*(?:\.get|\.getlist|\[)\s*\(?\s*["'](\w+)["']""")
FILTER_FIELD = re.compile(r"""^\s+(\w+)\s*=\s*django_filters\.""", re.M)


@cache
def params_read_by(module_name: str) -> tuple[str, ...]:
    import importlib

    module = importlib.import_module(module_name)
    names = set(COMMON)
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        source = ""
    names |= set(READS.findall(source))
    for imported in {getattr(v, "__module__", "") for v in vars(module).values()}:
        if imported and imported.endswith("filters"):
            with contextlib.suppress(OSError, TypeError, ImportError):
                names |= set(FILTER_FIELD.findall(inspect.getsource(importlib.import_module(imported))))
    return tuple(sorted(names))


def _row_args(name: str, world_):
    row = next((r for r in MATRIX if r.name == name and r.args), None)
    if row is not None:
        return list(row.args(world_))
    from tests.security.matrix import extra_rows

    row = next((r for r in extra_rows() if r.name == name and r.args), None)
    return list(row.args(world_)) if row is not None else None


def _default_args(name: str) -> list:
    """1 for every argument of a URL no row opens with objects (reverse tells how many)."""
    for n in range(0, 4):
        try:
            reverse(name, args=[1] * n)
            return [1] * n
        except Exception:
            continue
    return []


def _urls(name: str, world_) -> list[str]:
    args = _row_args(name, world_)
    if args is None:
        args = _default_args(name)
    urls = [reverse(name, args=args)]
    for i, value in enumerate(args):
        if isinstance(value, int):
            for bad in PATH_GARBAGE:
                urls.append(reverse(name, args=[*args[:i], bad, *args[i + 1 :]]))
    return urls


NAMES = sorted(url_names())


@pytest.mark.parametrize("name", NAMES)
def test_no_500_on_garbage(world, name):  # noqa: F811
    urls = _urls(name, world)
    params = params_read_by(resolve(urls[0]).func.__module__)
    failures = []
    for role in ROLES:
        client = Client(raise_request_exception=False)  # a fresh session: a fuzzed logout stays here
        if world.users[role] is not None:
            client.force_login(world.users[role])
        for url in urls[1:]:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{role} GET {url[:120]} -> {response.status_code}")
        tries = [("get", v) for v in GARBAGE] + [("post", v) for v in POST_GARBAGE]
        for method, value in tries:
            response = getattr(client, method)(urls[0], dict.fromkeys(params, value))
            if response.status_code >= 500:
                failures.append(f"{role} {method.upper()} {urls[0]} {value[:20]!r} -> {response.status_code}")
    assert not failures, "\n".join(failures[:20])

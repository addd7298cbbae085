"""SQL queries per benchmarked page: django.test.Client + CaptureQueriesContext against the
current database (run in its own process: `uv run python bench/querycount.py --info gen.json`).

`page_query_counts(info)` is also used by tests/test_scale.py."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def page_query_counts(info: dict, *, client_factory=None) -> dict[str, dict]:
    """{label: {"path", "role", "queries", "status"}} for every page in bench.pages.PAGES."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import PAGES, fill
    from members.models import User

    users = {role: User.objects.get(username=name) for role, name in info["logins"].items()}
    out = {}
    clients = {}
    for _label, role, template in PAGES:  # warm up: process-wide caches (content types) filled once
        if role not in clients:
            clients[role] = (client_factory or Client)()
            clients[role].force_login(users[role])
        clients[role].get(fill(template, info))
    for label, role, template in PAGES:
        path = fill(template, info)
        with CaptureQueriesContext(connection) as ctx:
            response = clients[role].get(path)
        out[label] = {
            "path": path,
            "role": role,
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            "sql": [q["sql"] for q in ctx.captured_queries],
        }
    return out


def bare_query_counts(info: dict) -> dict[str, dict]:
    """{label: {"path", "status", "queries"}} for the bare view of every page (bench.pages.BARE).
    Needs the bare views mounted (BENCH_BARE_VIEWS=1 when cppcc.urls was imported)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import BARE, PAGES, fill
    from members.models import User

    users = {role: User.objects.get(username=name) for role, name in info["logins"].items()}
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    out = {}
    for label, role, _template in PAGES:
        path = fill(BARE[label], info)
        clients[role].get(path)  # warm up, as for the pages
        with CaptureQueriesContext(connection) as ctx:
            response = clients[role].get(path)
        out[label] = {"path": path, "status": response.status_code, "queries": len(ctx.captured_queries)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--info", required=True, help="the generator's JSON output")
    parser.add_argument("--out", help="write {label: queries} as JSON here")
    parser.add_argument("--sql", action="store_true", help="print every query")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc.settings.local")
    os.environ["BENCH_BARE_VIEWS"] = "1"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    info = json.loads(Path(args.info).read_text())
    counts = page_query_counts(info)
    for label, row in bare_query_counts(info).items():
        counts[label]["bare_queries"] = row["queries"]
        counts[label]["bare_status"] = row["status"]
    for label, row in counts.items():
        print(
            f"{row['queries']:4d}  {row['status']}  {label}  {row['path']}"
            f"  | bare {row['bare_queries']} queries, {row['bare_status']}"
        )
        if args.sql:
            for sql in row["sql"]:
                print("        ", sql[:300])
    if args.out:
        Path(args.out).write_text(
            json.dumps(
                {k: {kk: vv for kk, vv in v.items() if kk != "sql"} for k, v in counts.items()},
                ensure_ascii=False,
                indent=2,
            )
        )


if __name__ == "__main__":
    main()

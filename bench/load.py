"""Drive the running server: for every page of bench.pages, log in as the page's role and measure
p50/p95/p99 and requests per second at 1 and 8 concurrent clients, interleaved with the page's
bare view (bench/bare.py; page, bare, page, bare, … in the same run, so both see the same machine
load). The server must run with BENCH_BARE_VIEWS=1. Standard library only (this process does not
import Django), so it loads the server, not itself.

    python bench/load.py --base http://127.0.0.1:8011 --info gen.json --out load.json
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadgen import login, measure_interleaved  # noqa: E402
from bench.pages import BARE, PAGES, fill  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8011")
    parser.add_argument("--info", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--single", type=int, default=20, help="requests at 1 client")
    parser.add_argument("--per-client", type=int, default=10, help="requests per client at 8 clients")
    parser.add_argument("--only", help="comma-separated labels to measure (default: every page)")
    args = parser.parse_args()
    info = json.loads(Path(args.info).read_text())
    cookies = {role: login(args.base, name, info["password"]) for role, name in info["logins"].items()}
    only = set(args.only.split(",")) if args.only else None
    results = {}
    for label, role, template in PAGES:
        if only and label not in only:
            continue
        path = urllib.parse.quote(fill(template, info), safe="/?&=%")
        bare = urllib.parse.quote(fill(BARE[label], info), safe="/?&=%")
        one, bare_one = measure_interleaved(
            args.base, [path, bare], cookies[role], clients=1, requests_per_client=args.single
        )
        eight, bare_eight = measure_interleaved(
            args.base, [path, bare], cookies[role], clients=8, requests_per_client=args.per_client
        )
        results[label] = {
            "path": path,
            "role": role,
            "c1": asdict(one),
            "c8": asdict(eight),
            "bare_path": bare,
            "bare_c1": asdict(bare_one),
            "bare_c8": asdict(bare_eight),
        }
        ratio1 = one.p50_ms / bare_one.p50_ms if bare_one.p50_ms else float("nan")
        ratio8 = eight.p50_ms / bare_eight.p50_ms if bare_eight.p50_ms else float("nan")
        print(
            f"{label:<16} c1 p50 {one.p50_ms:7.1f} (bare {bare_one.p50_ms:6.1f}, ×{ratio1:4.1f}) "
            f"p95 {one.p95_ms:7.1f} | c8 p50 {eight.p50_ms:7.1f} (bare {bare_eight.p50_ms:6.1f}, ×{ratio8:4.1f}) "
            f"p95 {eight.p95_ms:7.1f} | err {one.errors + eight.errors} bare err {bare_one.errors + bare_eight.errors}",
            flush=True,
        )
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

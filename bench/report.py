"""Render bench/RESULTS.md from this run's JSON files, with the previous run's numbers beside each
value. Every run is kept in bench/results.json ({"runs": [newest first]}); the table shows the
newest and the one before it.

    python bench/report.py --dir var/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET_RATIO_P50 = 2.0  # page ÷ its bare view (bench/bare.py), p50 at 1 client
BUDGET_PAGE_P95 = 150.0
BUDGET_DASHBOARD_P95 = 300.0
BUDGET_QUERIES = 15
BUDGET_PDF_SECONDS, BUDGET_PDF_MIB = 10.0, 1024.0
BUDGET_IMPORT_SECONDS = 30.0
BUDGET_JOB_SECONDS = 10.0
try:
    from bench.pages import DASHBOARD_LABELS
except ImportError:  # run as a script: bench/ is not on the path as a package
    import sys

    sys.path.insert(0, str(HERE.parent))
    from bench.pages import DASHBOARD_LABELS


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kib = 0
    try:
        pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pg = ""
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": pg,
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def beside(now, before, digits: int = 1) -> str:
    return f"{fmt(now, digits)} ({fmt(before, digits)})" if before is not None else fmt(now, digits)


def ratio(row: dict, clients: str):
    """page p50 ÷ bare p50, or None when there is no bare view or a request did not answer 200."""
    page, bare = row.get(clients, {}), row.get(f"bare_{clients}", {})
    if not page or not bare or not bare.get("p50_ms") or page.get("p50_ms") != page.get("p50_ms"):
        return None
    if page.get("errors") or bare.get("errors"):
        return None
    return round(page["p50_ms"] / bare["p50_ms"], 1)


def bare_cell(b: dict) -> str:
    return f"{fmt(b.get('p50_ms'), 0)} / {fmt(b.get('p95_ms'), 0)}" if b else "—"


def render(run: dict, prev: dict | None) -> str:
    prev = prev or {}
    m = run["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Run {m['date']} on {m['nproc']} cores, {m['memory_gib']} GiB, {m['cpu']}; Python {m['python']}, "
        f"{m['postgresql']}. Data: seed {run['gen']['seed']}, scale {run['gen']['scale']} "
        f"({', '.join(f'{k} {v:,}' for k, v in run['gen']['counts'].items())}), generated in "
        f"{run['gen']['seconds']} s. gunicorn with {run.get('workers', '?')} workers, production settings, Redis cache.",
        "",
        "Values in parentheses are the previous run's (when there is one). "
        "The machine may have been shared with other test suites during this run (other engineers "
        f"run their tests on the same host), so latencies are upper bounds. Load average when the "
        f"table was written (1/5/15 min): {' / '.join(str(x) for x in m.get('loadavg', []))}.",
        "",
        f"Budgets: every page ≤ {BUDGET_RATIO_P50:.0f}× its bare view at 1 client (p50); p95 < "
        f"{BUDGET_PAGE_P95:.0f} ms at 8 clients (dashboard and homes < {BUDGET_DASHBOARD_P95:.0f} ms); "
        f"≤ {BUDGET_QUERIES} queries per page, PDF < {BUDGET_PDF_SECONDS:.0f} s and 1 GiB, 5,000-member import "
        f"< {BUDGET_IMPORT_SECONDS:.0f} s, each job's scan < {BUDGET_JOB_SECONDS:.0f} s. ✗ marks a missed budget, "
        "✓ a budget met.",
        "",
        "## Pages against their bare views",
        "",
        "Beside each page, its **bare view** (bench/bare.py): a Django view over the same rows — one "
        "query, same filter, ordering and page size, the columns the page shows, a minimal template — "
        'behind the same middleware and login; the dashboard and homes have "a logged-in page with no '
        'queries". Page and bare view are requested alternately in the same run (page, bare, page, '
        "bare, …), so both see the same machine. ratio = page p50 ÷ bare p50; the previous run's ratio "
        "and p95 are in parentheses. Times in ms.",
        "",
        "| page | role | queries (bare) | 1 client p50 / p95 | bare p50 / p95 | ratio | "
        "8 clients p50 / p95 | bare p50 / p95 | ratio | rps | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    missed = []
    prev_load = prev.get("load", {})
    for label, row in run["load"].items():
        p = prev_load.get(label, {})
        qrow = run["queries"].get(label, {})
        q, bq = qrow.get("queries"), qrow.get("bare_queries")
        c1, c8 = row["c1"], row["c8"]
        b1, b8 = row.get("bare_c1", {}), row.get("bare_c8", {})
        pc8 = p.get("c8", {})
        budget = BUDGET_DASHBOARD_P95 if label in DASHBOARD_LABELS else BUDGET_PAGE_P95
        r1, r8 = ratio(row, "c1"), ratio(row, "c8")
        errors = c1["errors"] + c8["errors"] + b1.get("errors", 0) + b8.get("errors", 0)
        if errors or qrow.get("status", 200) != 200 or qrow.get("bare_status", 200) != 200:
            # a page that did not answer 200 measured a redirect or an error page: no verdict
            missed.append(f"{label}: {errors} requests did not answer 200; its times are not the page's")
            r1 = r8 = None
        mark1 = "" if r1 is None else (" ✗" if r1 > BUDGET_RATIO_P50 else " ✓")
        if r1 is not None and r1 > BUDGET_RATIO_P50:
            missed.append(
                f"{label}: {r1}× its bare view at 1 client (p50 {c1['p50_ms']:.0f} ms, bare {b1['p50_ms']:.0f} ms; "
                f"budget {BUDGET_RATIO_P50:.0f}×)"
            )
        mark8 = " ✗" if c8["p95_ms"] > budget else " ✓"
        if c8["p95_ms"] > budget:
            missed.append(f"{label}: p95 {c8['p95_ms']:.0f} ms at 8 clients (budget {budget:.0f} ms)")
        qmark = ""
        if q is not None and q > BUDGET_QUERIES:
            qmark = " ✗"
            missed.append(f"{label}: {q} queries (budget {BUDGET_QUERIES})")
        lines.append(
            f"| {label} `{row['path']}` | {row['role']} | {fmt(q)}{qmark} ({fmt(bq)}) | "
            f"{fmt(c1['p50_ms'], 0)} / {fmt(c1['p95_ms'], 0)} | {bare_cell(b1)} | "
            f"{beside(r1, ratio(p, 'c1') if p else None)}{mark1} | "
            f"{fmt(c8['p50_ms'], 0)} / {beside(c8['p95_ms'], pc8.get('p95_ms'), 0)}{mark8} | {bare_cell(b8)} | "
            f"{beside(r8, ratio(p, 'c8') if p else None)} | {fmt(c8['rps'])} | {errors} |"
        )
    ratios = [r for r in (ratio(row, "c1") for row in run["load"].values()) if r is not None]
    if ratios:
        within = sum(1 for r in ratios if r <= BUDGET_RATIO_P50)
        lines += [
            "",
            f"{within} of {len(ratios)} pages within {BUDGET_RATIO_P50:.0f}× their bare view at 1 client; "
            f"median ratio {sorted(ratios)[len(ratios) // 2]}×, worst {max(ratios)}×.",
        ]
    ops, pops = run.get("ops", {}), prev.get("ops", {})
    if not ops:
        lines += ["", "## Operations", "", "Not measured in this run (BENCH_OPS=0)."]
    else:
        lines += [
            "",
            f"## Operations (year {ops.get('year')})",
            "",
            "| operation | seconds | other |",
            "|---|---|---|",
        ]
    pdf, ppdf = ops.get("annual_pdf", {}), pops.get("annual_pdf", {})
    if pdf:
        mark = " ✗" if pdf["seconds"] > BUDGET_PDF_SECONDS or pdf["peak_mib"] > BUDGET_PDF_MIB else ""
        if mark:
            missed.append(f"annual PDF: {pdf['seconds']} s, {pdf['peak_mib']} MiB")
        lines.append(
            f"| annual report PDF (child process) | {beside(pdf['seconds'], ppdf.get('seconds'), 2)}{mark} | "
            f"peak {beside(pdf['peak_mib'], ppdf.get('peak_mib'))} MiB, {pdf['bytes']:,} bytes |"
        )
    for key, label in (("figures", "the year's figures alone"), ("excel", "statistics Excel")):
        if key in ops:
            lines.append(
                f"| {label} | {beside(ops[key]['seconds'], pops.get(key, {}).get('seconds'), 2)} | |"
            )
    imp = ops.get("import")
    if imp:
        mark = " ✗" if imp["seconds"] > BUDGET_IMPORT_SECONDS else ""
        if mark:
            missed.append(f"5,000-member import: {imp['seconds']} s")
        lines.append(
            f"| import of 5,000 members (roster_import_apply, rolled back) | "
            f"{beside(imp['seconds'], pops.get('import', {}).get('seconds'), 2)}{mark} | {imp['rows']} |"
        )
    ann = ops.get("announcement")
    if ann:  # 知情明政: budget 5 s for an announcement to every member
        mark = " ✗" if ann["seconds"] > 5 else ""
        if mark:
            missed.append(f"announcement to all members: {ann['seconds']} s")
        lines.append(
            f"| announcement to every member (bulk recipients + inbox notices, rolled back) | "
            f"{beside(ann['seconds'], pops.get('announcement', {}).get('seconds'), 2)}{mark} | "
            f"{ann['recipients']:,} recipients |"
        )
    for name, job in ops.get("jobs", {}).items():
        pj = pops.get("jobs", {}).get(name, {})
        seconds, again = job.get("seconds"), job.get("again_seconds")
        mark = " ✗" if seconds is None or seconds > BUDGET_JOB_SECONDS else ""
        if mark:
            missed.append(
                f"job {name}: first run {seconds if seconds is not None else job.get('error')} s "
                f"writing {job.get('sent')} notices; second run {again} s"
            )
        other = f"{job.get('sent'):,} notices" if "sent" in job else job.get("error", "")
        lines.append(
            f"| job `{name}` scan, first run / second run | {beside(seconds, pj.get('seconds'), 2)}{mark} / "
            f"{beside(again, pj.get('again_seconds'), 2)} | {other}; then {job.get('again_sent', '—')} |"
        )
    lines += ["", "## Budgets missed", ""]
    lines += [f"- {m}" for m in missed] or ["- none"]
    reasons = run.get("notes") or []
    if reasons:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in reasons]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--dir", required=True, help="directory with gen.json, load.json, queries.json, ops.json"
    )
    parser.add_argument("--workers", type=int)
    parser.add_argument(
        "--to", default=str(HERE), help="directory for RESULTS.md and results.json (default bench/)"
    )
    args = parser.parse_args()
    d = Path(args.dir)

    def load(name):
        path = d / name
        return json.loads(path.read_text()) if path.exists() else {}

    gen = load("gen.json")
    run = {
        "machine": machine(),
        "workers": args.workers,
        "gen": {k: gen.get(k) for k in ("seed", "scale", "counts", "seconds")},
        "load": load("load.json"),
        "queries": load("queries.json"),
        "ops": load("ops.json"),
        "notes": (HERE / "NOTES.md").read_text().strip().splitlines() if (HERE / "NOTES.md").exists() else [],
    }
    to = Path(args.to)
    to.mkdir(parents=True, exist_ok=True)
    history_path = to / "results.json"
    history = json.loads(history_path.read_text()) if history_path.exists() else {"runs": []}
    previous = history["runs"][0] if history["runs"] else None
    history["runs"] = [run] + history["runs"][:9]
    history_path.write_text(json.dumps(history, ensure_ascii=False, indent=1))
    (to / "RESULTS.md").write_text(render(run, previous))
    print(f"wrote {to / 'RESULTS.md'}")


if __name__ == "__main__":
    main()

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
BUDGET_PAGE_P95 = 150.0
BUDGET_DASHBOARD_P95 = 300.0
BUDGET_QUERIES = 15
BUDGET_PDF_SECONDS, BUDGET_PDF_MIB = 10.0, 1024.0
BUDGET_IMPORT_SECONDS = 30.0
BUDGET_JOB_SECONDS = 10.0
DASHBOARD_LABELS = {"领导驾驶舱", "首页(领导)"}


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
        "Each value is followed by the previous run's value in parentheses (when there is one). "
        "The machine may have been shared with other test suites during this run (other engineers "
        f"run their tests on the same host), so latencies are upper bounds. Load average when the "
        f"table was written (1/5/15 min): {' / '.join(str(x) for x in m.get('loadavg', []))}.",
        "",
        f"Budgets: page p95 < {BUDGET_PAGE_P95:.0f} ms at 8 clients (dashboard < {BUDGET_DASHBOARD_P95:.0f} ms), "
        f"≤ {BUDGET_QUERIES} queries per page, PDF < {BUDGET_PDF_SECONDS:.0f} s and 1 GiB, 5,000-member import "
        f"< {BUDGET_IMPORT_SECONDS:.0f} s, each job's scan < {BUDGET_JOB_SECONDS:.0f} s. ✗ marks a missed budget.",
        "",
        "## Pages",
        "",
        "| page | role | queries | 1 client p50 / p95 / p99 ms | rps | 8 clients p50 / p95 / p99 ms | rps | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    missed = []
    prev_load = prev.get("load", {})
    prev_q = prev.get("queries", {})
    for label, row in run["load"].items():
        p = prev_load.get(label, {})
        q = run["queries"].get(label, {}).get("queries")
        pq = prev_q.get(label, {}).get("queries")
        c1, c8 = row["c1"], row["c8"]
        pc1, pc8 = p.get("c1", {}), p.get("c8", {})
        budget = BUDGET_DASHBOARD_P95 if label in DASHBOARD_LABELS else BUDGET_PAGE_P95
        mark = ""
        if c8["p95_ms"] > budget:
            mark = " ✗"
            missed.append(f"{label}: p95 {c8['p95_ms']:.0f} ms at 8 clients (budget {budget:.0f} ms)")
        qmark = ""
        if q is not None and q > BUDGET_QUERIES:
            qmark = " ✗"
            missed.append(f"{label}: {q} queries (budget {BUDGET_QUERIES})")
        lines.append(
            f"| {label} `{row['path']}` | {row['role']} | {beside(q, pq)}{qmark} | "
            f"{beside(c1['p50_ms'], pc1.get('p50_ms'), 0)} / {beside(c1['p95_ms'], pc1.get('p95_ms'), 0)} / "
            f"{beside(c1['p99_ms'], pc1.get('p99_ms'), 0)} | {beside(c1['rps'], pc1.get('rps'))} | "
            f"{beside(c8['p50_ms'], pc8.get('p50_ms'), 0)} / {beside(c8['p95_ms'], pc8.get('p95_ms'), 0)}{mark} / "
            f"{beside(c8['p99_ms'], pc8.get('p99_ms'), 0)} | {beside(c8['rps'], pc8.get('rps'))} | "
            f"{c1['errors'] + c8['errors']} |"
        )
    ops, pops = run.get("ops", {}), prev.get("ops", {})
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
    history_path = HERE / "results.json"
    history = json.loads(history_path.read_text()) if history_path.exists() else {"runs": []}
    previous = history["runs"][0] if history["runs"] else None
    history["runs"] = [run] + history["runs"][:9]
    history_path.write_text(json.dumps(history, ensure_ascii=False, indent=1))
    (HERE / "RESULTS.md").write_text(render(run, previous))
    print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()

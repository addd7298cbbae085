"""Offline operations at scale, each timed: the annual report PDF (in a child process, with its peak
memory), the year's figures alone, the statistics Excel, an import of 5,000 members through the
roster import service (rolled back), and each periodic job's scan.

    python bench/ops.py --info gen.json --out ops.json       # all of them
    python bench/ops.py --year 2025 pdf                        # the child: prints JSON
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc.settings.local")
    import django

    django.setup()


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def ensure_report(year: int):
    from reports.demo import NARRATIVE_2020, parse_narrative
    from reports.models import AnnualReport, ReportSection

    report = AnnualReport.objects.filter(year=year).first()
    if report is None:
        header, sections = parse_narrative(NARRATIVE_2020.read_text(encoding="utf-8"))
        report = AnnualReport.objects.create(
            year=year,
            title=header["title"],
            occasion=header.get("occasion", ""),
            speaker=header.get("speaker", ""),
        )
        ReportSection.objects.bulk_create(
            ReportSection(
                report=report, order=i, level=s["level"], heading=s["heading"], body="\n".join(s["body"])
            )
            for i, s in enumerate(sections, start=1)
        )
    return report


def child_pdf(year: int) -> dict:
    from reports.rendering import render_report

    report = ensure_report(year)
    seconds, rendered = _timed(lambda: render_report(report=report, pdf=True))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": round(seconds, 2), "peak_mib": round(peak_kib / 1024, 1), "bytes": len(rendered.pdf)}


def roster_file(n: int, seed: int = 7) -> bytes:
    from members.models import Sector, WorkCommittee
    from members.resources import COLUMNS, id_number_check_digit
    from members.roster import _save, _workbook

    rng = random.Random(seed)
    sectors = list(Sector.objects.values_list("name", flat=True))
    towns = list(WorkCommittee.objects.values_list("name", flat=True))
    rows = []
    for i in range(n):
        body = f"330782{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        values = {
            "姓名": f"导入委员{i:05d}",
            "性别": rng.choice(["男", "女"]),
            "身份证号": body + id_number_check_digit(body),
            "出生日期": f"{1960 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "民族": "汉族",
            "政治面貌": "中共党员",
            "学历": "本科",
            "工作单位": f"导入单位{i % 300}",
            "职务职称": "经理",
            "手机号": f"138{i:08d}",
            "电子邮箱": f"import{i}@example.cn",
            "界别": rng.choice(sectors),
            "镇街工委": rng.choice(towns),
            "政协职务": "委员",
            "在任": "是",
        }
        rows.append([values.get(c, "") for c in COLUMNS])
    wb, _ws = _workbook(rows)
    return _save(wb)


def run_all(info: dict) -> dict:
    from django.db import transaction

    from cppcc.celery import PERIODIC_JOBS
    from cppcc.jobs import job_run_now
    from members.models import User
    from members.services import roster_import_apply
    from reports.exports import statistics_workbook
    from reports.figures import FigureBook

    year = info["year"] - 1  # the last complete year: the one whose report is written
    out: dict = {"year": year}
    ensure_report(year)
    child = subprocess.run(
        [sys.executable, __file__, "--year", str(year), "pdf"], capture_output=True, text=True, check=True
    )
    out["annual_pdf"] = json.loads(child.stdout.strip().splitlines()[-1])
    print("annual pdf", out["annual_pdf"], flush=True)
    seconds, _ = _timed(lambda: FigureBook(year).all())
    out["figures"] = {"seconds": round(seconds, 2)}
    seconds, content = _timed(lambda: statistics_workbook(book=FigureBook(year)))
    out["excel"] = {"seconds": round(seconds, 2), "bytes": len(content)}
    print("figures", out["figures"], "excel", out["excel"], flush=True)
    data = roster_file(5000)
    staff = User.objects.get(username=info["logins"]["staff"])
    start = time.perf_counter()
    with transaction.atomic():
        result = roster_import_apply(data=data, by=staff)
        out["import"] = {"seconds": round(time.perf_counter() - start, 2), "rows": result.totals}
        transaction.set_rollback(True)  # leave the bench database as generated
    print("import", out["import"], flush=True)
    # 知情明政: one announcement to every member (bulk-inserted recipients and inbox notices; the
    # emails are queued after commit, so rolling back leaves the bench database as generated)
    from members.briefing.models import Audience
    from members.briefing.services import announcement_create

    start = time.perf_counter()
    with transaction.atomic():
        announcement = announcement_create(
            by=staff,
            kind="notice",
            title="基准测试通知",
            body="正文",
            audience_kind=Audience.ALL_MEMBERS,
            publish=True,
        )
        out["announcement"] = {
            "seconds": round(time.perf_counter() - start, 2),
            "recipients": announcement.recipient_count,
        }
        transaction.set_rollback(True)
    print("announcement", out["announcement"], flush=True)
    out["jobs"] = {}
    for job in PERIODIC_JOBS:
        try:
            # first run: the scan plus writing every notice due on a ten-year backlog; the second
            # run is the steady state (idempotent: the same scan, nothing new to send)
            seconds, sent = _timed(lambda job=job: job_run_now(name=job.name))
            again, sent_again = _timed(lambda job=job: job_run_now(name=job.name))
            out["jobs"][job.name] = {
                "seconds": round(seconds, 2),
                "sent": sent,
                "again_seconds": round(again, 2),
                "again_sent": sent_again,
            }
        except Exception as exc:  # noqa: BLE001 - a failing job is a result, not a crash of the bench
            out["jobs"][job.name] = {"seconds": None, "error": f"{type(exc).__name__}: {exc}"[:200]}
        print("job", job.name, out["jobs"][job.name], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--info")
    parser.add_argument("--out")
    parser.add_argument("--year", type=int)
    parser.add_argument("what", nargs="?", default="all", choices=["all", "pdf"])
    args = parser.parse_args()
    _setup()
    if args.what == "pdf":
        print(json.dumps(child_pdf(args.year)))
        return
    out = run_all(json.loads(Path(args.info).read_text()))
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

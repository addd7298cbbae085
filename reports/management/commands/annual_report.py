"""python manage.py annual_report YEAR --pdf PATH: the same PDF as the portal, without the web."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import AnnualReport
from reports.rendering import FontMissing, render_report


class Command(BaseCommand):
    help = "生成某年度政协常委会工作报告的PDF(数据按当前库实时计算)"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--pdf", required=True, help="输出PDF文件路径")

    def handle(self, *args, year: int, pdf: str, **options):
        report = AnnualReport.objects.filter(year=year).first()
        if report is None:
            raise CommandError(f"没有{year}年度的工作报告。")
        started = time.monotonic()
        try:
            rendered = render_report(report=report, pdf=True)
        except FontMissing as exc:
            raise CommandError(str(exc)) from exc
        Path(pdf).write_bytes(rendered.pdf)
        self.stdout.write(f"已写入 {pdf}({len(rendered.pdf) // 1024} KB,{time.monotonic() - started:.1f} 秒)")

"""python manage.py annual_report YEAR --pdf PATH: the same PDF as the portal, without the web."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import AnnualReport
from reports.rendering import FontMissing, Options, render_report


class Command(BaseCommand):
    help = "生成某年度政协常委会工作报告的PDF(数据按当前库实时计算)"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--pdf", required=True, help="输出PDF文件路径")
        parser.add_argument("--toc", action="store_true", help="含封面与目录(内部统计附件用)")
        parser.add_argument("--appendix", action="store_true", help="含附表与图表(内部统计附件用)")

    def handle(self, *args, year: int, pdf: str, toc: bool = False, appendix: bool = False, **options):
        report = AnnualReport.objects.filter(year=year).first()
        if report is None:
            raise CommandError(f"没有{year}年度的工作报告。")
        started = time.monotonic()
        try:
            rendered = render_report(report=report, pdf=True, options=Options(toc=toc, appendix=appendix))
        except FontMissing as exc:
            raise CommandError(str(exc)) from exc
        Path(pdf).write_bytes(rendered.pdf)
        self.stdout.write(f"已写入 {pdf}({len(rendered.pdf) // 1024} KB,{time.monotonic() - started:.1f} 秒)")

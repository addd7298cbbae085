"""Run periodic jobs now, synchronously, in this process: `run_job <name>`, `run_job --all`,
`run_job --list`. The embedded default has no Celery beat: put `run_job --all` in cron (docs/jobs.md).
Every job is idempotent, so running it more often than its schedule sends nothing twice."""

from django.core.management.base import BaseCommand, CommandError

from cppcc.celery import PERIODIC_JOBS
from cppcc.jobs import job_get, job_run_now
from cppcc.models import JobRun


class Command(BaseCommand):
    help = "立即运行定时任务(同步执行):run_job <任务名> | --all | --list"

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="任务名(见 --list)")
        parser.add_argument("--all", dest="run_all", action="store_true", help="依次运行全部定时任务")
        parser.add_argument("--list", dest="show_list", action="store_true", help="列出全部定时任务")

    def handle(self, *args, names, run_all, show_list, **options):
        if show_list:
            for job in PERIODIC_JOBS:
                self.stdout.write(f"{job.name:24} {job.when:16} {job.label}")
            return
        if run_all:
            names = [job.name for job in PERIODIC_JOBS]
        if not names:
            raise CommandError("请给出任务名,或使用 --all / --list。")
        for name in names:
            try:
                job_get(name)
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        failed = []
        for name in names:
            try:
                sent = job_run_now(name=name, trigger=JobRun.Trigger.COMMAND)
            except Exception as exc:  # keep running the other jobs; the run is recorded as failed
                failed.append(name)
                self.stderr.write(f"{name}: 失败:{exc}")
                continue
            self.stdout.write(f"{name}: 完成,发送 {sent} 条提醒")
        if failed:
            raise CommandError(f"{len(failed)} 个任务失败:{', '.join(failed)}")

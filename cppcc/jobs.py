"""The mechanism of the periodic jobs: the run record (JobRun), notice delivery with a bulk check
of existing delivery keys, the digest sections each app contributes, and the job table lookups
used by the operations page and `manage.py run_job`.

A task in <app>/tasks.py looks like:

    @shared_task(name="proposals.tasks.reply_deadlines_remind")
    def reply_deadlines_remind(trigger: str = "schedule") -> int:
        return run_recorded("reply-deadlines", reminders.reply_deadline_scan, trigger=trigger)
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module

from celery import current_app
from django.conf import settings
from django.utils import timezone

from .celery import PERIODIC_JOBS, PeriodicJob
from .models import JobRun

logger = logging.getLogger(__name__)

JOBS_BY_NAME: dict[str, PeriodicJob] = {job.name: job for job in PERIODIC_JOBS}


def notice_backend():
    """The module that stores notices and knows who is told (settings.NOTICE_BACKEND, by default
    members.notifications). It is looked up by name so that cppcc/ never imports members/: it must
    provide notification_key(**), notice_row(**) (an unsaved notice), notify_many(rows) (writes the
    new ones, returns them), existing_keys(keys), staff_users(), unit_users(ids)."""
    return import_module(settings.NOTICE_BACKEND)


KEY_CHUNK = 5000


# --- run records ------------------------------------------------------------------------------
def run_recorded(
    name: str,
    scan: Callable[..., int],
    *,
    trigger: str = JobRun.Trigger.SCHEDULE,
    today: dt.date | None = None,
) -> int:
    """Run `scan(today=...)` and record the run (start, end, status, notices sent, error). The
    record is written outside the scan's work, so a failing scan still leaves a failed run."""
    run = JobRun.objects.create(job=name, trigger=trigger)
    try:
        sent = int(scan(today=today or timezone.localdate()) or 0)
    except Exception:
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRun.Status.FAILED, finished_at=timezone.now(), error=traceback.format_exc()[-4000:]
        )
        logger.exception("job %s failed", name)
        raise
    JobRun.objects.filter(pk=run.pk).update(status=JobRun.Status.OK, finished_at=timezone.now(), sent=sent)
    return sent


def job_get(name: str) -> PeriodicJob:
    try:
        return JOBS_BY_NAME[name]
    except KeyError:
        raise LookupError(f"没有名为“{name}”的定时任务。") from None


def job_task(name: str):
    """The Celery task object of a job (tasks are registered by autodiscovery)."""
    job = job_get(name)
    import_module(job.task.rsplit(".", 1)[0])  # make sure the app's tasks module is loaded
    return current_app.tasks[job.task]


def job_run_now(*, name: str, trigger: str = JobRun.Trigger.COMMAND) -> int:
    """Run a job synchronously in this process (run_job, tests)."""
    return job_task(name)(trigger=trigger)


def job_enqueue(*, name: str, trigger: str = JobRun.Trigger.MANUAL) -> None:
    """Queue a job for the worker (in-process at once when there is no broker: the embedded default)."""
    job_task(name).delay(trigger=trigger)


# --- delivery ---------------------------------------------------------------------------------
@dataclass
class Notice:
    recipient: object  # members.models.User
    kind: str
    title: str
    text: str = ""
    target: object = None
    stage: str = ""
    day: dt.date | None = None
    url: str = ""


def deliver(notices: Iterable[Notice]) -> int:
    """Create the notices that were not delivered yet, in bulk; returns how many were created.

    Checking the existing keys first (one query per 5,000 keys) keeps a rerun to a few queries;
    the new ones are built by the backend's notice_row (the same row notify writes) and written
    by its notify_many: batched INSERT … ON CONFLICT (delivery_key) DO NOTHING, so a concurrent
    run (two beat processes, a redelivered task) still writes and sends each notice once."""
    backend = notice_backend()
    wanted: dict[str, Notice] = {}
    for n in notices:
        key = backend.notification_key(
            recipient=n.recipient, kind=n.kind, target=n.target, stage=n.stage, day=n.day
        )
        wanted.setdefault(key, n)
    if not wanted:
        return 0
    keys = list(wanted)
    existing: set[str] = set()
    for i in range(0, len(keys), KEY_CHUNK):
        existing.update(backend.existing_keys(keys[i : i + KEY_CHUNK]))
    urls: dict = {}  # each target's URL once per run
    rows = [
        backend.notice_row(
            recipient=n.recipient,
            kind=n.kind,
            title=n.title,
            text=n.text,
            target=n.target,
            url=n.url,
            stage=n.stage,
            day=n.day,
            urls=urls,
        )
        for key, n in wanted.items()
        if key not in existing
    ]
    return len(backend.notify_many(rows)) if rows else 0


# --- digests ----------------------------------------------------------------------------------
def digest_lines(*, audience: str, start: dt.date, end: dt.date) -> list[str]:
    """The lines of a digest ("leader" weekly, "staff" monthly) for the period start..end: each app
    may define `digest_lines(audience=, start=, end=) -> list[str]` in its reminders.py (collected
    from every installed app, like nav.py and panels.py, so no app imports the apps above it)."""
    from django.apps import apps

    lines: list[str] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.reminders"
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        contribute = getattr(module, "digest_lines", None)
        if contribute is not None:
            lines.extend(contribute(audience=audience, start=start, end=end))
    return lines


# --- small date helpers shared by the scans -----------------------------------------------------
def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def deadline_stage(*, days_left: int, before: Iterable[int], every: int, repeat: bool = True) -> str | None:
    """The reminder stage of a deadline `days_left` days away (negative: overdue), or None.

    Before the day: "before-N" for the smallest threshold N >= days_left (so a job that missed a
    day still sends the stage it is in, once). On the day, and during the first `every` days after
    it: "due". Then "overdue-K" every `every` days while overdue (only when `repeat`)."""
    if days_left > 0:
        passed = [t for t in before if days_left <= t]
        return f"before-{min(passed)}" if passed else None
    overdue = -days_left
    weeks = overdue // every if every > 0 else 0
    if weeks == 0:
        return "due"
    return f"overdue-{weeks}" if repeat else None


def staff_users() -> list:
    return list(notice_backend().staff_users())


def unit_users_by_unit(unit_ids: Iterable[int]) -> dict[int, list]:
    """{unit_id: [active unit users]} in one query."""
    out: dict[int, list] = {}
    ids = {pk for pk in unit_ids if pk}
    if not ids:
        return out
    for user in notice_backend().unit_users(ids):
        out.setdefault(user.handling_unit_id, []).append(user)
    return out


# --- operations page ----------------------------------------------------------------------------
def job_overview(*, days: int = 30) -> list[dict]:
    """One row per periodic job: {job, last (JobRun or None), runs, failures, sent} over the last
    `days` days, in schedule order (three queries whatever the number of runs)."""
    from django.db.models import Count, Max, Q, Sum

    since = timezone.now() - dt.timedelta(days=days)
    stats = {
        row["job"]: row
        for row in JobRun.objects.filter(started_at__gte=since)
        .values("job")
        .annotate(
            runs=Count("pk"),
            failures=Count("pk", filter=Q(status=JobRun.Status.FAILED)),
            sent=Sum("sent"),
        )
        .order_by()
    }
    last_ids = JobRun.objects.values("job").annotate(last=Max("pk")).order_by().values_list("last", flat=True)
    latest = {run.job: run for run in JobRun.objects.filter(pk__in=list(last_ids))}
    return [
        {
            "job": job,
            "last": latest.get(job.name),
            "runs": stats.get(job.name, {}).get("runs", 0),
            "failures": stats.get(job.name, {}).get("failures", 0),
            "sent": stats.get(job.name, {}).get("sent") or 0,
        }
        for job in PERIODIC_JOBS
    ]


def job_run_list(*, job: str = ""):
    qs = JobRun.objects.all()
    if job:
        qs = qs.filter(job=job)
    return qs.order_by("-started_at", "-id")

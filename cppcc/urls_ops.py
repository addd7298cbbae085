"""The operations page of the periodic jobs (运行状态): each job's last run, notices sent and
failures, the recent runs, and a "run now" button. Staff and administrators only.

Include from cppcc/urls.py with: path("ops/", include("cppcc.urls_ops")),
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from cppcc.permissions import staff_required

from . import jobs
from .celery import PERIODIC_JOBS
from .models import JobRun

app_name = "ops"
PAGE_SIZE = 30


@require_GET
@staff_required
def job_status(request):
    selected = request.GET.get("job", "")
    if selected not in jobs.JOBS_BY_NAME:
        selected = ""
    page = Paginator(jobs.job_run_list(job=selected), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {job.name: job.label for job in PERIODIC_JOBS}
    page.object_list = list(page.object_list)
    for run in page.object_list:
        run.label = labels.get(run.job, run.job)
    return render(
        request,
        "cppcc/jobs.html",
        {
            "overview": jobs.job_overview(days=30),
            "page_obj": page,
            "jobs": PERIODIC_JOBS,
            "selected": selected,
            "selected_label": labels.get(selected, ""),
        },
    )


@require_POST
@staff_required
def job_run(request, name: str):
    try:
        job = jobs.job_get(name)
    except LookupError as exc:
        messages.error(request, str(exc))
        return redirect("ops:jobs")
    try:
        jobs.job_enqueue(name=name, trigger=JobRun.Trigger.MANUAL)
    except Exception as exc:  # the run is recorded as failed; say so instead of a 500
        messages.error(request, f"“{job.label}”运行失败:{exc}")
    else:
        messages.success(request, f"已开始运行“{job.label}”,结果见下方运行记录。")
    return redirect("ops:jobs")


urlpatterns = [
    path("jobs/", job_status, name="jobs"),
    path("jobs/<slug:name>/run/", job_run, name="job_run"),
]

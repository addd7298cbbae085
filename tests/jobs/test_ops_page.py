"""The operations page (运行状态): who may see it, run-now, and a constant number of queries."""

import pytest
from django.urls import reverse

from cppcc.celery import PERIODIC_JOBS
from cppcc.models import JobRun

from .conftest import at

pytestmark = pytest.mark.django_db


def _runs(n: int) -> None:
    JobRun.objects.bulk_create(
        [
            JobRun(
                job=PERIODIC_JOBS[i % len(PERIODIC_JOBS)].name,
                status=JobRun.Status.FAILED if i % 4 == 0 else JobRun.Status.OK,
                sent=i,
                error="Traceback: boom" if i % 4 == 0 else "",
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("role", ["member", "unit", "leader"])
def test_other_roles_may_not_see_or_run(make_user, client_for, role):
    client = client_for(make_user(role))
    assert client.get(reverse("ops:jobs")).status_code == 403
    assert client.post(reverse("ops:job_run", args=["reply-deadlines"])).status_code == 403
    assert not JobRun.objects.exists()


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admin_see_every_job(make_user, client_for, role):
    _runs(5)
    response = client_for(make_user(role)).get(reverse("ops:jobs"))
    assert response.status_code == 200
    html = response.content.decode()
    for job in PERIODIC_JOBS:
        assert job.label in html
    assert "失败" in html and "Traceback: boom" in html


def test_run_now_is_post_only_and_records_a_manual_run(staff_user, client_for):
    client = client_for(staff_user)
    assert client.get(reverse("ops:job_run", args=["reply-deadlines"])).status_code == 405
    with at(2020, 6, 15):
        response = client.post(reverse("ops:job_run", args=["reply-deadlines"]), follow=True)
    assert response.status_code == 200
    assert "已开始运行“提案答复期限提醒”" in response.content.decode()
    run = JobRun.objects.get()
    assert (run.job, run.trigger, run.status) == ("reply-deadlines", "manual", "ok")


def test_run_now_unknown_job_shows_a_chinese_message(staff_user, client_for):
    response = client_for(staff_user).post(reverse("ops:job_run", args=["no-such-job"]), follow=True)
    assert "没有名为“no-such-job”的定时任务" in response.content.decode()
    assert not JobRun.objects.exists()


@pytest.mark.parametrize("rows", [3, 30, 90])
def test_ops_page_constant_queries(staff_user, client_for, django_assert_max_num_queries, rows):
    _runs(rows)
    client = client_for(staff_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ops:jobs")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ops:jobs"), {"job": "reply-deadlines", "page": 2}).status_code == 200

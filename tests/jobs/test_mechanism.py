"""The job mechanism: run records, delivery keys, run_job, and email that fails."""

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.management import CommandError, call_command

from cppcc import jobs
from cppcc.celery import PERIODIC_JOBS, app
from cppcc.models import JobRun
from members import tasks as member_tasks
from members.models import Notification
from members.services import notify
from tests import factories

from .conftest import at

pytestmark = pytest.mark.django_db


def test_every_periodic_job_is_a_registered_task_in_the_beat_schedule():
    for job in PERIODIC_JOBS:
        assert jobs.job_task(job.name).name == job.task
        assert app.conf.beat_schedule[job.name]["task"] == job.task
    assert app.conf.timezone == "Asia/Shanghai"


def test_deadline_stage():
    stage = jobs.deadline_stage
    assert stage(days_left=16, before=[15, 7], every=7) is None
    assert stage(days_left=15, before=[15, 7], every=7) == "before-15"
    assert stage(days_left=8, before=[15, 7], every=7) == "before-15"
    assert stage(days_left=7, before=[15, 7], every=7) == "before-7"
    assert stage(days_left=0, before=[15, 7], every=7) == "due"
    assert stage(days_left=-6, before=[15, 7], every=7) == "due"
    assert stage(days_left=-7, before=[15, 7], every=7) == "overdue-1"
    assert stage(days_left=-15, before=[15, 7], every=7) == "overdue-2"
    assert stage(days_left=-7, before=[7], every=7, repeat=False) is None


def test_deliver_checks_keys_and_the_database_enforces_them():
    user = factories.UserFactory()
    notice = jobs.Notice(user, "test_kind", "标题", "内容", None, "s1", dt.date(2020, 6, 15))
    assert jobs.deliver([notice, notice]) == 1
    assert jobs.deliver([notice]) == 0
    # even without the bulk check (a concurrent run), the unique key refuses a second row
    assert (
        notify(recipient=user, kind="test_kind", title="标题", stage="s1", day=dt.date(2020, 6, 15)) is None
    )
    assert Notification.objects.count() == 1


def test_run_recorded_records_ok_and_failed_runs():
    assert jobs.run_recorded("reply-deadlines", lambda today: 3, trigger=JobRun.Trigger.COMMAND) == 3
    run = JobRun.objects.get()
    assert (run.status, run.sent, run.trigger) == (JobRun.Status.OK, 3, "command")
    assert run.finished_at is not None

    def broken(today):
        raise RuntimeError("数据库不可用")

    with pytest.raises(RuntimeError):
        jobs.run_recorded("reply-deadlines", broken)
    failed = JobRun.objects.filter(status=JobRun.Status.FAILED).get()
    assert "数据库不可用" in failed.error and failed.finished_at is not None


def test_run_job_command_list_one_all_and_unknown():
    out = StringIO()
    call_command("run_job", "--list", stdout=out)
    assert all(job.name in out.getvalue() for job in PERIODIC_JOBS)
    with at(2020, 6, 15):
        call_command("run_job", "reply-deadlines", stdout=StringIO())
        assert JobRun.objects.filter(job="reply-deadlines", trigger="command", status="ok").count() == 1
        call_command("run_job", "--all", stdout=StringIO())
    assert set(JobRun.objects.values_list("job", flat=True)) == {job.name for job in PERIODIC_JOBS}
    with pytest.raises(CommandError, match="没有名为"):
        call_command("run_job", "no-such-job")
    with pytest.raises(CommandError):
        call_command("run_job")


def test_email_sent_once_even_when_the_task_runs_twice(django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="weiyuan@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=user, kind="test_kind", title="提醒", text="内容")
    assert len(mail.outbox) == 1
    assert member_tasks.notification_send_email(notification.pk) == "skipped"  # a redelivered task
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_attempts == 1


def test_failing_email_keeps_the_notice_and_schedules_a_retry():
    user = factories.UserFactory(email="weiyuan@example.cn")
    notification = notify(
        recipient=user, kind="test_kind", title="提醒", text="内容"
    )  # on_commit not run here
    with (
        mock.patch.object(member_tasks, "send_mail", side_effect=OSError("连接邮件服务器失败")),
        mock.patch.object(
            member_tasks.notification_send_email, "retry", return_value=Retry("retry")
        ) as retry,
        pytest.raises(Retry),
    ):
        member_tasks.notification_send_email(notification.pk)
    retry.assert_called_once()
    assert isinstance(retry.call_args.kwargs["exc"], OSError)
    notification.refresh_from_db()  # the notice exists, not marked sent, the error recorded
    assert notification.emailed_at is None
    assert notification.email_attempts == 1
    assert "连接邮件服务器失败" in notification.email_error
    assert member_tasks.notification_send_email.max_retries == 5
    # the next attempt (the retry) succeeds
    assert member_tasks.notification_send_email(notification.pk) == "sent"
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_attempts == 2
    assert notification.email_error == ""


def test_failing_email_in_process_does_not_break_the_caller(django_capture_on_commit_callbacks):
    """Without a broker (the embedded default) the task runs eagerly: the failure is recorded and
    the notice waits for notifications_send_pending; the request that made it goes on."""
    user = factories.UserFactory(email="weiyuan@example.cn")
    with (
        mock.patch.object(member_tasks, "send_mail", side_effect=OSError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = notify(recipient=user, kind="test_kind", title="提醒")
    notification.refresh_from_db()
    assert notification.emailed_at is None and notification.email_attempts == 1
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at - dt.timedelta(hours=1)
    )
    assert member_tasks.notifications_send_pending() == 1  # the safety net sends it
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert JobRun.objects.filter(job="email-pending", status="ok", sent=1).exists()

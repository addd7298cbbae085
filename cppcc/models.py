"""Shared models of the project package. JobRun records every run of every periodic job, so the
operations page can show when each job last ran, what it sent and why it failed."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "运行中"
        OK = "ok", "成功"
        FAILED = "failed", "失败"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "定时"
        MANUAL = "manual", "手动(页面)"
        COMMAND = "command", "命令行"

    job = models.CharField("任务", max_length=60, db_index=True)
    trigger = models.CharField("触发方式", max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RUNNING)
    sent = models.PositiveIntegerField("发送提醒数", default=0)
    error = models.TextField("错误信息", blank=True)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["job", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class AuditRecord(models.Model):
    """One row change of an audited table, written by a PostgreSQL trigger (cppcc/audit.py), so bulk
    updates and raw SQL are recorded as surely as ORM saves. `actor_id` is the logged-in user whose
    request made the change (empty for jobs and the command line)."""

    class Action(models.TextChoices):
        INSERT = "insert", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    table_name = models.CharField("数据表", max_length=63)
    row_id = models.BigIntegerField("记录编号")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    changes = models.JSONField(
        "变更内容", default=dict, help_text="修改时为 {字段: [原值, 新值]};新增、删除时为整行"
    )
    actor_id = models.BigIntegerField("操作人编号", null=True, blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["table_name", "row_id"]), models.Index(fields=["-at"])]

    def __str__(self) -> str:
        return f"{self.table_name}#{self.row_id} {self.get_action_display()}"


class WorkdayOverride(models.Model):
    """One day whose 工作日 status differs from what chinesecalendar says, or a day of a year the
    library does not know yet (the State Council publishes each year's 调休 in November): staff
    enter the new year's holidays and 调休 working weekends here. Read by cppcc/workdays.py."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是工作日", help_text="勾选:当天上班(如调休的周末);不勾选:当天放假")
    note = models.CharField("说明", max_length=100, blank=True, help_text="如:2027年春节调休上班")

    class Meta:
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整(节假日与调休)"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_workday else '放假'}"


class PendingUpload(models.Model):
    """A file chosen on a form that came back with an error, kept so the user need not choose it
    again (cppcc/kept_uploads.py). The next submit of the form restores it into request.FILES;
    the `kept-uploads` job deletes rows older than a day together with their files."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="上传人"
    )
    field = models.CharField("表单字段", max_length=200)
    name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    file = models.FileField("文件", upload_to="pending/%Y/%m/", max_length=300)
    created_at = models.DateTimeField("上传时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "暂存的上传文件"
        verbose_name_plural = "暂存的上传文件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

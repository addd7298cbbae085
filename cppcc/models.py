"""Shared models of the project package. JobRun records every run of every periodic job, so the
operations page can show when each job last ran, what it sent and why it failed."""

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

"""The annual work report (常委会工作报告) and its frozen, issued snapshots.

reports/ writes only its own tables; the figures it quotes are read from the other apps'
selectors through the figure registry (reports/figures.py).
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.dateparse import parse_datetime


class AnnualReport(models.Model):
    """One standing-committee work report per year; the narrative lives in ordered sections."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("标题", max_length=200)
    occasion = models.CharField(
        "会议说明",
        max_length=200,
        blank=True,
        help_text="如:(2021年1月20日在政协第十三届义乌市委员会第五次会议上)",
    )
    speaker = models.CharField("报告人", max_length=100, blank=True, help_text="如:义乌市政协主席 葛国庆")
    salutation = models.CharField("称谓", max_length=50, default="各位委员:")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "年度工作报告"
        verbose_name_plural = "年度工作报告"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.year])


class ReportSection(models.Model):
    """A part of the narrative: an optional heading (level 1 "一、…" in 黑体, level 2 "(一)…" in
    楷体) and body text whose paragraphs may hold figure placeholders such as {{proposals.accepted}}."""

    class Level(models.IntegerChoices):
        PART = 0, "篇章标题(如“2020年工作回顾”)"
        FIRST = 1, "一级标题(一、)"
        SECOND = 2, "二级标题((一))"

    report = models.ForeignKey(
        AnnualReport, verbose_name="报告", on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField("顺序", default=0)
    level = models.PositiveSmallIntegerField("标题级别", choices=Level.choices, default=Level.FIRST)
    heading = models.CharField("标题", max_length=200, blank=True, help_text="可留空(仅正文)")
    body = models.TextField(
        "正文",
        blank=True,
        help_text="纯文本,每段一行(不支持HTML等标记);数据用占位符,如 {{proposals.accepted}}",
    )
    # Literal numbers staff confirmed as right ("180个具体问题"), by their key in
    # reports.checks.literal_numbers; a number not confirmed holds up issuing.
    confirmed_numbers = models.JSONField("已核对的文字数字", default=list, blank=True)

    class Meta:
        verbose_name = "报告章节"
        verbose_name_plural = "报告章节"
        ordering = ["report", "order", "id"]

    def __str__(self) -> str:
        return self.heading or (self.body[:30] + "…")


class ReportSnapshot(models.Model):
    """An issued PDF with the figures and text it was made from, frozen: a report issued in
    January still reads the same in June, whatever the live data does afterwards."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    report = models.ForeignKey(
        AnnualReport, verbose_name="报告", on_delete=models.PROTECT, related_name="snapshots"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField("错误信息", blank=True)
    pdf = models.FileField("PDF文件", upload_to="reports/%Y/", blank=True)
    figures = models.JSONField("所用数据", default=dict, blank=True, encoder=DjangoJSONEncoder)
    with_toc = models.BooleanField("含目录", default=False)
    with_appendix = models.BooleanField("含附表与图表", default=False)
    # The pre-issue check as it stood when the PDF was requested, and who confirmed issuing
    # past its findings: {"findings": [...], "confirmed_by": ..., "confirmed_by_id": ..., "confirmed_at": ...}.
    preissue = models.JSONField("签发前检查与确认", default=dict, blank=True, encoder=DjangoJSONEncoder)
    html = models.TextField("排版HTML", blank=True)
    text = models.TextField("报告全文", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    seconds = models.FloatField("耗时(秒)", null=True, blank=True)

    class Meta:
        verbose_name = "报告定稿(快照)"
        verbose_name_plural = "报告定稿(快照)"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年报告 #{self.pk}({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:snapshot_detail", args=[self.pk])

    @property
    def preissue_confirmed_at(self):
        value = (self.preissue or {}).get("confirmed_at")
        return parse_datetime(value) if value else None

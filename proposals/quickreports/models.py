"""微建议 / 随手拍 / 群众诉求: a member's short report of a concrete problem, with photos and a
place, routed to the department that can fix it and answered within a number of 工作日.

The workflow (states and transitions) is in workflow.py; every status change goes through it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from members.models import OrderedName
from proposals.models import TimelineEvent

TEXT_MAX_CHARS = 500
PHOTOS_MAX = 9


class QuickKind(models.TextChoices):
    SUGGESTION = "suggestion", "微建议"
    SNAPSHOT = "snapshot", "随手拍(文明创建)"
    APPEAL = "appeal", "群众诉求"


class QuickStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    TRIAGE = "triage", "审核分拨中"
    ROUTED = "routed", "已交办"
    ANSWERED = "answered", "已答复"
    RESOLVED = "resolved", "已解决"
    SUPERVISING = "supervising", "督办中"
    MERGED = "merged", "已合并"
    OPINION = "opinion", "已转社情民意"
    PROPOSAL = "proposal", "已建议提案"
    CLOSED = "closed", "已关闭"


OPEN_STATES = (
    QuickStatus.SUBMITTED,
    QuickStatus.TRIAGE,
    QuickStatus.ROUTED,
    QuickStatus.ANSWERED,
    QuickStatus.SUPERVISING,
)
WITH_UNIT_STATES = (QuickStatus.ROUTED,)
# reports "found valid" by triage: sent to a unit, or made into a 社情民意 item or a proposal
VALID_STATES = (
    QuickStatus.ROUTED,
    QuickStatus.ANSWERED,
    QuickStatus.RESOLVED,
    QuickStatus.SUPERVISING,
    QuickStatus.OPINION,
    QuickStatus.PROPOSAL,
)


class QuickCategory(OrderedName):
    class Meta(OrderedName.Meta):
        verbose_name = "微建议类别"
        verbose_name_plural = "微建议类别"


class DeadlineRule(models.Model):
    """How many 工作日 a step may take (admin-editable; defaults by data migration)."""

    class Code(models.TextChoices):
        TRIAGE = "triage", "审核分拨"
        ORDINARY = "ordinary", "一般事项办理"
        MAJOR = "major", "重大事项办理"
        EXTENSION = "extension", "申请延期(每次)"
        REOPEN = "reopen", "未解决重新办理"

    code = models.CharField("规则", max_length=20, choices=Code.choices, unique=True)
    workdays = models.PositiveSmallIntegerField("工作日数")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "办理时限规则"
        verbose_name_plural = "办理时限规则(工作日)"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_code_display()}:{self.workdays}个工作日"

    DEFAULTS = {"triage": 2, "ordinary": 5, "major": 15, "extension": 5, "reopen": 5}

    @classmethod
    def days(cls, code: str) -> int:
        value = cls.objects.filter(code=code).values_list("workdays", flat=True).first()
        return cls.DEFAULTS[code] if value is None else value


class TriageScope(models.Model):
    """A 镇街工委's own staff: the user may triage (审核分拨) the reports of that 镇街."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="quick_scopes"
    )
    work_committee = models.ForeignKey(
        "members.WorkCommittee", verbose_name="镇街", on_delete=models.CASCADE, related_name="quick_scopes"
    )

    class Meta:
        verbose_name = "镇街分拨权限"
        verbose_name_plural = "镇街分拨权限"
        constraints = [models.UniqueConstraint(fields=["user", "work_committee"], name="quick_scope_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.work_committee}"


class QuickReport(models.Model):
    kind = models.CharField("类型", max_length=12, choices=QuickKind.choices, default=QuickKind.SUGGESTION)
    status = models.CharField(
        "状态", max_length=12, choices=QuickStatus.choices, default=QuickStatus.SUBMITTED, db_index=True
    )
    text = models.TextField("内容", max_length=TEXT_MAX_CHARS)
    category = models.ForeignKey(QuickCategory, verbose_name="类别", on_delete=models.PROTECT)
    address = models.CharField("地点", max_length=200)
    work_committee = models.ForeignKey(
        "members.WorkCommittee", verbose_name="镇街", on_delete=models.PROTECT, related_name="quick_reports"
    )
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    keep_location = models.BooleanField("照片保留位置信息", default=False)
    on_behalf_of = models.CharField("代为反映(群众姓名或联系方式)", max_length=100, blank=True)
    member = models.ForeignKey(
        "members.Member",
        verbose_name="反映委员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quick_reports",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        on_delete=models.PROTECT,
        related_name="quick_reports",
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    submitted_on = models.DateField("提交日期", db_index=True)
    triage_due_on = models.DateField("分拨期限", null=True, blank=True)
    # handling
    unit = models.ForeignKey(
        "members.HandlingUnit",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quick_reports",
    )
    major = models.BooleanField("重大事项", default=False)
    routed_on = models.DateField("交办日期", null=True, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True, db_index=True)
    extended = models.BooleanField("已延期", default=False)
    refused_units = models.ManyToManyField(
        "members.HandlingUnit", verbose_name="曾退回的单位", blank=True, related_name="+"
    )
    reopen_count = models.PositiveSmallIntegerField("重新办理次数", default=0)
    answer_text = models.TextField("答复内容", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_on_time = models.BooleanField("按期答复", null=True, blank=True)
    resolved_on = models.DateField("确认解决日期", null=True, blank=True)
    escalated_on = models.DateField("列入督办日期", null=True, blank=True, db_index=True)
    # outcomes of triage other than routing
    merged_into = models.ForeignKey(
        "self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    opinion = models.ForeignKey(
        "proposals.PublicOpinion",
        verbose_name="转为社情民意",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quick_reports",
    )
    close_reason = models.TextField("关闭理由", blank=True)

    class Meta:
        verbose_name = "微建议/随手拍"
        verbose_name_plural = "微建议/随手拍"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["work_committee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}:{self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("quickreports:detail", args=[self.pk])

    @property
    def summary(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 30 else text[:30] + "…"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == QuickStatus.ROUTED and self.due_on is not None and self.due_on < today


def photo_path(instance: QuickPhoto, filename: str) -> str:
    return f"quickreports/{timezone.localdate():%Y/%m}/{instance.report_id}-{filename}"


class QuickPhoto(models.Model):
    class Stage(models.TextChoices):
        REPORT = "report", "反映时"
        BEFORE = "before", "整改前"
        AFTER = "after", "整改后"

    report = models.ForeignKey(QuickReport, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices, default=Stage.REPORT)
    image = models.FileField("照片", upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField("宽", default=0)
    height = models.PositiveIntegerField("高", default=0)
    has_location = models.BooleanField("含位置信息", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "照片"
        verbose_name_plural = "照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}照片 #{self.pk}"


class QuickEvent(TimelineEvent):
    """One row of a quick report's timeline (written only by the workflow's record_event)."""

    states = QuickStatus
    report = models.ForeignKey(QuickReport, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

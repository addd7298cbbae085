"""Consultation and oversight activities (请你来协商, 视察, 调研, 民主监督 …), the annual plan of
topics, invitations and attendance, outcome documents, and the closed loop of each suggestion."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cppcc.workflow import TimelineEvent

from .invitations import InvitationBase


class Category(models.TextChoices):
    CONSULTATION = "consultation", "协商"
    INSPECTION = "inspection", "视察"
    RESEARCH = "research", "调研"
    OVERSIGHT = "oversight", "民主监督"
    OTHER = "other", "其他"


class ActivityKind(models.Model):
    """A kind of activity (configurable list; defaults by data migration). `code` is stable so
    figures can find 请你来协商 even if the name is edited; `category` groups kinds in figures."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "活动类型"
        verbose_name_plural = "活动类型"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PlanTopic(models.Model):
    """A topic gathered for the annual consultation plan (党政点题、政协找题、委员荐题、群众出题)."""

    class Source(models.TextChoices):
        PARTY_GOVERNMENT = "party_government", "党委政府点题"
        COMMITTEE = "committee", "政协找题"
        MEMBER = "member", "委员荐题"
        PUBLIC = "public", "群众出题(经委员)"

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("议题", max_length=200)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    proposer_text = models.CharField(
        "提出者", max_length=200, blank=True, help_text="如:市委办、某某委员转群众"
    )
    proposer_member = models.ForeignKey(
        "members.Member",
        verbose_name="提出委员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.ForeignKey(
        ActivityKind,
        verbose_name="拟采用形式",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_committee = models.ForeignKey(
        "members.SpecialCommittee",
        verbose_name="牵头专委会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_month = models.PositiveSmallIntegerField("计划月份", null=True, blank=True)
    approved = models.BooleanField("已列入年度计划", default=False)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度协商议题"
        verbose_name_plural = "年度协商议题"
        ordering = ["year", "planned_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_month__isnull=True)
                | models.Q(planned_month__gte=1, planned_month__lte=12),
                name="plantopic_month_1_12",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class ActivityQuerySet(models.QuerySet):
    def held(self):
        """Activities that took place: the only ones figures and reports count."""
        return self.filter(status=Activity.Status.HELD)


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        HELD = "held", "已举办"
        POSTPONED = "postponed", "已延期"
        CANCELLED = "cancelled", "已取消"

    class OrganiserType(models.TextChoices):
        COMMITTEE = "committee", "市政协"
        SPECIAL = "special", "专委会"
        WORK = "work", "镇街工委"
        SECTOR = "sector", "界别"

    class Mode(models.TextChoices):
        VENUE = "venue", "会场"
        SITE = "site", "现场"
        ONLINE = "online", "线上"
        OFFLINE = "offline", "线下"

    kind = models.ForeignKey(
        ActivityKind, verbose_name="活动类型", on_delete=models.PROTECT, related_name="activities"
    )
    organiser_type = models.CharField(
        "组织方类型", max_length=10, choices=OrganiserType.choices, default=OrganiserType.COMMITTEE
    )
    special_committee = models.ForeignKey(
        "members.SpecialCommittee",
        verbose_name="专委会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    work_committee = models.ForeignKey(
        "members.WorkCommittee",
        verbose_name="镇街工委",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.ForeignKey(
        "members.Sector",
        verbose_name="界别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField("主题", max_length=200)
    plan_topic = models.ForeignKey(
        PlanTopic,
        verbose_name="年度计划议题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    date = models.DateField("日期", db_index=True)
    place = models.CharField("地点", max_length=200, blank=True)
    mode = models.CharField("形式", max_length=10, choices=Mode.choices, default=Mode.VENUE)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    major = models.BooleanField("重大视察协商活动", default=False)
    is_public = models.BooleanField("公开(全体委员可见)", default=False)
    description = models.TextField("活动简介", blank=True)
    department_heads = models.TextField("邀请部门负责人", blank=True, help_text="每行一位:姓名 单位职务")
    minutes = models.TextField("会议纪要摘要", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "协商监督活动"
        verbose_name_plural = "协商监督活动"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organiser_type="committee")
                    | models.Q(organiser_type="special", special_committee__isnull=False)
                    | models.Q(organiser_type="work", work_committee__isnull=False)
                    | models.Q(organiser_type="sector", sector__isnull=False)
                ),
                name="activity_organiser_given",
                violation_error_message="请选择具体的组织方",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("consultations:activity_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        """How the activity is named everywhere: "<kind>:<topic>", without repeating the kind when
        the topic already starts with it ("请你来协商—城市有机更新", not "请你来协商:请你来协商—…")."""
        kind = self.kind.name if self.kind_id else ""
        if not kind or self.topic.startswith(kind):
            return self.topic
        return f"{kind}:{self.topic}"

    @property
    def organiser_name(self) -> str:
        match self.organiser_type:
            case self.OrganiserType.SPECIAL:
                return str(self.special_committee)
            case self.OrganiserType.WORK:
                return str(self.work_committee)
            case self.OrganiserType.SECTOR:
                return f"{self.sector}界别"
        return "市政协"


class ActivityGuest(models.Model):
    """A public representative or other guest invited by name (no login)."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField("姓名", max_length=50)
    organisation = models.CharField("单位或身份", max_length=200, blank=True)

    class Meta:
        verbose_name = "列席嘉宾"
        verbose_name_plural = "列席嘉宾"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Invitation(InvitationBase):
    # response, leave_reason, responded_at, attendance, duty_events: see consultations.invitations
    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="委员", on_delete=models.CASCADE, related_name="activity_invitations"
    )

    class Meta:
        verbose_name = "活动邀请"
        verbose_name_plural = "活动邀请"
        ordering = ["activity", "member__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="invitation_once_per_member")
        ]
        indexes = [models.Index(fields=["member", "response"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.activity.topic}"


class ActivityDocument(models.Model):
    class Kind(models.TextChoices):
        MINUTES = "minutes", "会议纪要"
        BRIEF = "brief", "协商专报"
        RESEARCH_REPORT = "research_report", "调研报告"
        INSPECTION_REPORT = "inspection_report", "视察报告"

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    date = models.DateField("日期", db_index=True)
    file = models.FileField("附件", upload_to="consultations/%Y/", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动成果文件"
        verbose_name_plural = "活动成果文件"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.title


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "待交办"
    ASSIGNED = "assigned", "已交办"
    IN_PROGRESS = "in_progress", "推进中"
    IMPLEMENTED = "implemented", "已落实"
    PARTIAL = "partial", "部分落实"
    NOT_ADOPTED = "not_adopted", "未采纳"
    CLOSED = "closed", "已办结"


class Outcome(models.TextChoices):
    """What the department last reported (kept after closing, so figures know how it ended)."""

    IN_PROGRESS = "in_progress", "推进中"
    IMPLEMENTED = "implemented", "已落实"
    PARTIAL = "partial", "部分落实"
    NOT_ADOPTED = "not_adopted", "未采纳"


# waiting for the responsible unit's report (交办 or 推进中)
AWAITING_REPORT = (SuggestionStatus.ASSIGNED, SuggestionStatus.IN_PROGRESS)


def suggestion_overdue_q(today: dt.date | None = None) -> Q:
    """The one definition of an overdue suggestion: waiting for the unit's report past its
    feedback date. The board filter, its figures, the tracking report and the reminders use it."""
    return Q(status__in=AWAITING_REPORT, due_date__lt=today or timezone.localdate())


class SuggestionQuerySet(models.QuerySet):
    def overdue(self, today: dt.date | None = None):
        return self.filter(suggestion_overdue_q(today))


class Suggestion(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.PROTECT, related_name="suggestions"
    )
    number = models.PositiveSmallIntegerField("序号", default=1)
    text = models.TextField("建议内容")
    unit = models.ForeignKey(
        "members.HandlingUnit",
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_suggestions",
    )
    due_date = models.DateField("反馈期限", null=True, blank=True, db_index=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
        db_index=True,
    )
    outcome = models.CharField("落实情况", max_length=20, choices=Outcome.choices, blank=True)
    landed_quickly = models.BooleanField("快速落地", default=False)
    assigned_at = models.DateField("交办日期", null=True, blank=True)
    closed_at = models.DateField("办结日期", null=True, blank=True)
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "协商建议"
        verbose_name_plural = "协商建议"
        ordering = ["activity__date", "activity_id", "number", "id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.text[:40]

    def get_absolute_url(self) -> str:
        return reverse("consultations:suggestion_detail", args=[self.pk])


class SuggestionUpdate(models.Model):
    """A department's progress report on a suggestion."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField("落实情况", max_length=20, choices=Outcome.choices)
    text = models.TextField("进展情况")
    reason = models.TextField("未采纳理由", blank=True)
    date = models.DateField("反馈日期")
    attachment = models.FileField("附件", upload_to="consultations/%Y/", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = "建议落实反馈"
        verbose_name_plural = "建议落实反馈"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.get_status_display()}"


class Review(models.Model):
    """回头看: a follow-up review of how a suggestion was carried out."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="reviews"
    )
    planned_date = models.DateField("计划日期", db_index=True)
    done_date = models.DateField("完成日期", null=True, blank=True)
    findings = models.TextField("回头看情况", blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="安排人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["planned_date", "id"]

    def __str__(self) -> str:
        return f"回头看 {self.planned_date}"


class SuggestionEvent(TimelineEvent):
    """The timeline of a suggestion: one row per workflow action."""

    states = SuggestionStatus
    suggestion = models.ForeignKey(
        Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="events"
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = "建议办理记录"
        verbose_name_plural = "建议办理记录"

    def __str__(self) -> str:
        return f"{self.label} {self.created_at:%Y-%m-%d}"

"""Identity and organisation of the committee, members' duty records and notifications.

members/ is the bottom of the app stack: it never imports proposals/, consultations/ or reports/.
Records that point at objects of other apps (duty events, notifications, instructions) do so
through a generic reference (content type + id).
"""

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Role(models.TextChoices):
    MEMBER = "member", "委员"
    STAFF = "staff", "机关工作人员"
    UNIT = "unit", "承办单位"
    LEADER = "leader", "领导"
    ADMIN = "admin", "系统管理员"


class User(AbstractUser):
    """A login. Chinese names are not split, so `name` holds the whole name."""

    name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.MEMBER)
    handling_unit = models.ForeignKey(
        "members.HandlingUnit",
        verbose_name="所属承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="仅承办单位用户需要填写",
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    email_notifications = models.BooleanField("接收邮件提醒", default=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="unit") | models.Q(handling_unit__isnull=False),
                name="unit_user_has_unit",
                violation_error_message="承办单位用户必须指定所属承办单位",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER

    @property
    def is_committee_staff(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN)

    @property
    def is_unit(self) -> bool:
        return self.role == Role.UNIT

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER


class Term(models.Model):
    """届: a five-year term, e.g. 第十三届 (2017–2021)."""

    number = models.PositiveSmallIntegerField("届次", unique=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")

    class Meta:
        verbose_name = "届"
        verbose_name_plural = "届"
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"第{chinese_numeral(self.number)}届"

    @property
    def short_name(self) -> str:
        return f"{chinese_numeral(self.number)}届"


class Plenary(models.Model):
    """次会议: the yearly plenary session of a term, with its proposal submission window."""

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="plenaries")
    number = models.PositiveSmallIntegerField("次")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    opens_on = models.DateField("开幕日期")
    closes_on = models.DateField("闭幕日期")
    submission_opens_on = models.DateField("大会提案征集开始", help_text="一般为会前三个月")
    submission_closes_on = models.DateField("大会提案截止日期")

    class Meta:
        verbose_name = "全体会议(次会议)"
        verbose_name_plural = "全体会议(次会议)"
        ordering = ["-opens_on"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="plenary_unique_per_term")]

    def __str__(self) -> str:
        return f"{self.term.short_name}{chinese_numeral(self.number)}次会议"


class OrderedName(models.Model):
    """A configurable list entry: a name, a sort order and whether it is still offered."""

    name = models.CharField("名称", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Sector(OrderedName):
    class Meta(OrderedName.Meta):
        verbose_name = "界别"
        verbose_name_plural = "界别"


class SpecialCommittee(OrderedName):
    class Meta(OrderedName.Meta):
        verbose_name = "专门委员会"
        verbose_name_plural = "专门委员会"


class WorkCommittee(OrderedName):
    """镇街工委: one per town (镇) or street (街道)."""

    class Kind(models.TextChoices):
        STREET = "street", "街道"
        TOWN = "town", "镇"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.STREET)

    class Meta(OrderedName.Meta):
        verbose_name = "镇街工委"
        verbose_name_plural = "镇街工委"


class Village(models.Model):
    """联系村: the village a member is linked to under 一村一委员."""

    name = models.CharField("村(社区)", max_length=100)
    work_committee = models.ForeignKey(
        WorkCommittee, verbose_name="所属镇街", on_delete=models.PROTECT, related_name="villages"
    )

    class Meta:
        verbose_name = "联系村"
        verbose_name_plural = "联系村"
        ordering = ["work_committee__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["work_committee", "name"], name="village_unique_in_town")
        ]

    def __str__(self) -> str:
        return f"{self.work_committee.name}·{self.name}"


class HandlingUnit(OrderedName):
    """承办单位: a government department or other body that handles proposals and suggestions."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "政府部门"
        TOWN = "town", "镇街"
        ENTERPRISE = "enterprise", "国有企业"
        ORGANISATION = "organisation", "群团组织"
        OTHER = "other", "其他"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta(OrderedName.Meta):
        verbose_name = "承办单位"
        verbose_name_plural = "承办单位"


class ProposerOrganisation(OrderedName):
    """党派团体 and other collective proposers (专委会, 界别) that submit proposals in their own name."""

    class Kind(models.TextChoices):
        PARTY = "party", "民主党派"
        ORGANISATION = "organisation", "人民团体"
        COMMITTEE = "committee", "专门委员会"
        SECTOR = "sector", "界别"
        GROUP = "group", "委员小组"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.PARTY)

    class Meta(OrderedName.Meta):
        verbose_name = "党派团体"
        verbose_name_plural = "党派团体"


class Position(models.TextChoices):
    CHAIR = "chair", "主席"
    VICE_CHAIR = "vice_chair", "副主席"
    SECRETARY_GENERAL = "secretary_general", "秘书长"
    STANDING = "standing", "常委"
    MEMBER = "member", "委员"


class Member(models.Model):
    """委员: the profile of a committee member. A login (User) is optional: rosters are imported
    before accounts are issued."""

    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    user = models.OneToOneField(
        User, verbose_name="登录账号", null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, unique=True, null=True, blank=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    party = models.CharField("政治面貌", max_length=30, blank=True)
    education = models.CharField("学历", max_length=30, blank=True)
    work_unit = models.CharField("工作单位", max_length=200, blank=True)
    job_title = models.CharField("职务职称", max_length=100, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    sector = models.ForeignKey(Sector, verbose_name="界别", on_delete=models.PROTECT, related_name="members")
    special_committees = models.ManyToManyField(
        SpecialCommittee, verbose_name="所属专委会", blank=True, related_name="members"
    )
    work_committee = models.ForeignKey(
        WorkCommittee,
        verbose_name="所属镇街工委",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    village = models.ForeignKey(
        Village,
        verbose_name="联系村",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    position = models.CharField("政协职务", max_length=20, choices=Position.choices, default=Position.MEMBER)
    terms = models.ManyToManyField(Term, verbose_name="任职届次", blank=True, related_name="members")
    is_active = models.BooleanField("在任", default=True)
    # Duty events whose *source* is this profile (not the member's own record, which is
    # `duty_events`): deleting the profile removes them, like any other source.
    sourced_duty_events = GenericRelation(
        "members.DutyEvent", content_type_field="source_type", object_id_field="source_id"
    )

    class Meta:
        verbose_name = "委员"
        verbose_name_plural = "委员"
        ordering = ["sector__order", "name", "id"]
        indexes = [models.Index(fields=["is_active", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.pk])

    @property
    def is_standing_committee(self) -> bool:
        return self.position != Position.MEMBER


class DutyRule(models.Model):
    """Points for one kind of duty event (configurable; defaults from the domain notes)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("履职事项", max_length=100)
    points = models.DecimalField("分值", max_digits=6, decimal_places=1)
    yearly_cap = models.DecimalField("年度上限", max_digits=6, decimal_places=1, null=True, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "履职计分规则"
        verbose_name_plural = "履职计分规则"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.name}({self.points}分)"


class DutyEvent(models.Model):
    """One entry of a member's duty record (履职档案). Events made by other apps carry a generic
    reference to their source so that they can be corrected when the source changes."""

    member = models.ForeignKey(
        Member, verbose_name="委员", on_delete=models.CASCADE, related_name="duty_events"
    )
    kind = models.ForeignKey(DutyRule, verbose_name="履职事项", on_delete=models.PROTECT, to_field="code")
    date = models.DateField("日期")
    points = models.DecimalField("得分", max_digits=6, decimal_places=1)
    title = models.CharField("内容", max_length=300, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    source_type = models.ForeignKey(
        ContentType, verbose_name="来源类型", null=True, blank=True, on_delete=models.CASCADE
    )
    source_id = models.PositiveBigIntegerField("来源编号", null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_by = models.ForeignKey(
        User, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "履职记录"
        verbose_name_plural = "履职记录"
        ordering = ["-date", "-id"]
        indexes = [
            # covering indexes: a member's record and a year's scores are read from the index
            # alone (index-only scans), without visiting the million-row table
            models.Index(
                fields=["member", "date"], include=["kind", "points"], name="duty_member_date_cover"
            ),
            models.Index(fields=["date"], include=["member", "kind", "points"], name="duty_date_cover"),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            # One event of a kind per member per source: recording it again is a no-op.
            models.UniqueConstraint(
                fields=["member", "kind", "source_type", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="duty_event_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.date} {self.kind_id}"


def duty_events_relation() -> GenericRelation:
    """Put `duty_events = duty_events_relation()` on a model of another app whose objects are the
    source of duty events: deleting the object then deletes the events it produced."""
    return GenericRelation("members.DutyEvent", content_type_field="source_type", object_id_field="source_id")


class ScoreBand(models.Model):
    """A score band (优秀/良好/称职/不称职): a member whose year score is at least `min_score` (and
    below the next band's) gets this band. Configurable; defaults from the domain notes."""

    name = models.CharField("等次", max_length=20, unique=True)
    min_score = models.DecimalField("最低分", max_digits=6, decimal_places=1, unique=True)

    class Meta:
        verbose_name = "履职等次"
        verbose_name_plural = "履职等次"
        ordering = ["-min_score"]

    def __str__(self) -> str:
        return f"{self.name}(≥{self.min_score}分)"


class DutyMinimum(models.Model):
    """A yearly minimum: at least `min_count` events of the given kinds (e.g. 1 proposal led or
    co-signed). Configurable; defaults from the domain notes."""

    name = models.CharField("履职要求", max_length=50, unique=True)
    rules = models.ManyToManyField(DutyRule, verbose_name="计入的履职事项", related_name="minimums")
    min_count = models.PositiveSmallIntegerField("每年至少(次)", default=1)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "年度履职最低要求"
        verbose_name_plural = "年度履职最低要求"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name}至少{self.min_count}次"


class SelfReport(models.Model):
    """述职: a member's annual duty report. Its status changes only through members.workflow."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        REVIEWED = "reviewed", "已审阅"

    member = models.ForeignKey(
        Member, verbose_name="委员", on_delete=models.CASCADE, related_name="self_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    text = models.TextField("述职报告")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewer = models.ForeignKey(
        User, verbose_name="审阅人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField("审阅意见", blank=True)
    reviewed_at = models.DateTimeField("审阅时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "委员述职"
        verbose_name_plural = "委员述职"
        ordering = ["-year", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="self_report_once_a_year")]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.member} {self.year}年度述职"

    def get_absolute_url(self) -> str:
        return reverse("members:self_report_detail", args=[self.pk])


class SelfReportEvent(models.Model):
    """The timeline of a self-report (written by StateMachine.fire through the service)."""

    report = models.ForeignKey(
        SelfReport, verbose_name="述职", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20)
    label = models.CharField("操作名称", max_length=50)
    from_state = models.CharField("原状态", max_length=10)
    to_state = models.CharField("新状态", max_length=10)
    by = models.ForeignKey(
        User, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "述职记录"
        verbose_name_plural = "述职记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.label}"


class Notification(models.Model):
    """An in-portal notice; email is sent from it by a task. `delivery_key` makes every notice
    unique per (recipient, object, kind, stage, date), so a job run twice sends nothing twice."""

    recipient = models.ForeignKey(
        User, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类型", max_length=50)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.CASCADE
    )
    target_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    delivery_key = models.CharField("投递键", max_length=200, unique=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField("邮件尝试次数", default=0)
    email_error = models.CharField("邮件错误", max_length=300, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class Instruction(models.Model):
    """批示: a leader's written instruction on a proposal, a public-opinion item or a consultation
    result. One model for all of them, attached through a generic reference."""

    leader = models.ForeignKey(
        User, verbose_name="批示领导", on_delete=models.PROTECT, related_name="instructions"
    )
    leader_title = models.CharField("领导职务", max_length=100, blank=True, help_text="如:市委书记、市长")
    date = models.DateField("批示日期")
    text = models.TextField("批示内容")
    target_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(
        "对象编号",
    )
    target = GenericForeignKey("target_type", "target_id")
    recorded_by = models.ForeignKey(
        User, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.leader} {self.date} 批示"


class InstructionRequest(models.Model):
    """报请领导批示: staff asked this leader for a 批示 on an item (a 社情民意, a consultation
    suggestion …). One row per leader and item: asking again changes nothing. The item waits for
    the leader (待我批示) until the leader's Instruction on it exists."""

    leader = models.ForeignKey(
        User, verbose_name="批示领导", on_delete=models.PROTECT, related_name="instruction_requests"
    )
    target_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("target_type", "target_id")
    note = models.CharField("报请说明", max_length=300, blank=True)
    requested_by = models.ForeignKey(
        User, verbose_name="报请人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField("报请时间", default=timezone.now)

    class Meta:
        verbose_name = "报请批示"
        verbose_name_plural = "报请批示"
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "target_type", "target_id"], name="instruction_request_once_per_leader"
            )
        ]

    def __str__(self) -> str:
        return f"报请{self.leader}批示"


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 in Chinese numerals as used in term and session names (十三届, 五次)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])

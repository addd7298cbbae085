"""Proposals (提案) from draft to 办结, and public-opinion items (社情民意) with their bulletins.

Statuses change only through proposals/workflow.py (StateMachine.fire). A few values are kept on
the proposal itself (lead unit, due date, final reply class, last rating) so that lists and
statistics are single aggregate queries.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cppcc.workflow import TimelineEvent
from members.models import OrderedName


def _duty_events():
    return GenericRelation("members.DutyEvent", content_type_field="source_type", object_id_field="source_id")


def _instructions():
    return GenericRelation(
        "members.Instruction", content_type_field="target_type", object_id_field="target_id"
    )


# --- configurable lists ----------------------------------------------------------------------
class Category(OrderedName):
    class Meta(OrderedName.Meta):
        verbose_name = "提案类别"
        verbose_name_plural = "提案类别"


class RejectReason(OrderedName):
    class Meta(OrderedName.Meta):
        verbose_name = "不予立案理由"
        verbose_name_plural = "不予立案理由"


class ReplyClass(models.Model):
    """答复类别: A/B/C with the (configurable) Zhejiang wording. `adopted` marks A and B."""

    code = models.CharField("代码", max_length=5, unique=True)
    label = models.CharField("说明", max_length=100)
    adopted = models.BooleanField("计为采纳", default=False)
    needs_follow_up = models.BooleanField("需要二次反馈", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "答复类别"
        verbose_name_plural = "答复类别"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code}类:{self.label}"


class HandlingRules(models.Model):
    """Singleton of the handling deadlines (defaults from the domain notes), editable in admin."""

    reply_months = models.PositiveSmallIntegerField("答复期限(月)", default=3)
    objection_days = models.PositiveSmallIntegerField("交办异议期(天)", default=7)
    rating_days = models.PositiveSmallIntegerField("评价期限(天)", default=21)
    rehandling_months = models.PositiveSmallIntegerField("重新办理期限(月)", default=3)
    extension_max_months = models.PositiveSmallIntegerField("延期后最长办理期限(月)", default=6)
    assisting_opinion_days = models.PositiveSmallIntegerField("协办意见期限(天)", default=30)

    class Meta:
        verbose_name = "办理期限规则"
        verbose_name_plural = "办理期限规则"

    def __str__(self) -> str:
        return "办理期限规则"

    @classmethod
    def current(cls) -> HandlingRules:
        rules = cls.objects.order_by("pk").first()
        return rules or cls.objects.create()


# --- proposals -------------------------------------------------------------------------------
class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    REVIEWING = "reviewing", "审查中"
    RETURNED = "returned", "退回修改"
    ACCEPTED = "accepted", "已立案"
    REJECTED = "rejected", "不予立案"
    MERGED = "merged", "已并案"
    ASSIGNED = "assigned", "已交办"
    OBJECTED = "objected", "单位有异议"
    HANDLING = "handling", "办理中"
    REPLY_CHECK = "reply_check", "答复待审核"
    REPLIED = "replied", "已答复"
    RATED = "rated", "已评价"
    CLOSED = "closed", "办结"


OPEN_HANDLING_STATES = (
    ProposalStatus.ASSIGNED,
    ProposalStatus.OBJECTED,
    ProposalStatus.HANDLING,
    ProposalStatus.REPLY_CHECK,
)


def overdue_q(today: dt.date | None = None) -> Q:
    """超期未答复: in handling (交办 … 答复待审核) and past the reply date. The one definition of
    "overdue" for proposals: the register filter, the dashboard figure, its list and the
    dashboard's overdue panel all use it (Proposal.is_overdue is the same rule on one row)."""
    return Q(status__in=OPEN_HANDLING_STATES, due_on__lt=today or timezone.localdate())


def accepted_q() -> Q:
    """立案: given a number by 提案委 (rejected and merged proposals never get one). The 立案 figure
    counts it and its list (the register's `accepted` filter) shows it."""
    return Q(number__isnull=False)


class ProposalQuerySet(models.QuerySet):
    def overdue(self, today: dt.date | None = None):
        return self.filter(overdue_q(today))


class Proposal(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", "大会提案"
        REGULAR = "regular", "平时提案"

    class ProposerType(models.TextChoices):
        INDIVIDUAL = "individual", "委员个人"
        JOINT = "joint", "委员联名"
        PARTY = "party", "民主党派"
        ORGANISATION = "organisation", "人民团体"
        COMMITTEE = "committee", "专委会"
        SECTOR = "sector", "界别"
        GROUP = "group", "委员小组"

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    class Disposition(models.TextChoices):
        NONE = "", "—"
        OPINION = "opinion", "转社情民意"
        LETTER = "letter", "作为委员来信"

    title = models.CharField("案由", max_length=200)
    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.PROTECT)
    body = models.TextField("内容(情况分析与具体建议)")
    status = models.CharField(
        "状态", max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT, db_index=True
    )
    kind = models.CharField("提案类型", max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    plenary = models.ForeignKey(
        "members.Plenary", verbose_name="会议", null=True, blank=True, on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    proposer_type = models.CharField(
        "提案者类型", max_length=20, choices=ProposerType.choices, default=ProposerType.INDIVIDUAL
    )
    lead_member = models.ForeignKey(
        "members.Member",
        verbose_name="第一提案人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_proposals",
    )
    organisation = models.ForeignKey(
        "members.ProposerOrganisation",
        verbose_name="提案单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    created_by = models.ForeignKey(
        "members.User", verbose_name="录入人", on_delete=models.PROTECT, related_name="created_proposals"
    )
    client_token = models.CharField(
        "提交令牌", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    series = models.CharField("编号系列", max_length=40, blank=True)
    number = models.PositiveIntegerField("编号", null=True, blank=True)
    accepted_on = models.DateField("立案日期", null=True, blank=True)
    reject_reason = models.ForeignKey(
        RejectReason, verbose_name="不予立案理由", null=True, blank=True, on_delete=models.PROTECT
    )
    disposition = models.CharField(
        "不予立案后处理", max_length=10, choices=Disposition.choices, default="", blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并入提案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    lead_unit = models.ForeignKey(
        "members.HandlingUnit",
        verbose_name="主办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_proposals",
    )
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_class = models.ForeignKey(
        ReplyClass, verbose_name="答复类别", null=True, blank=True, on_delete=models.PROTECT
    )
    reply_public = models.BooleanField("答复可公开", default=False)
    rating = models.CharField("评价", max_length=12, choices=Rating.choices, blank=True)
    handling_round = models.PositiveSmallIntegerField("办理轮次", default=1)
    is_key = models.BooleanField("重点提案", default=False)
    supervising_leader = models.ForeignKey(
        "members.User",
        verbose_name="领办/督办领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_proposals",
    )
    is_excellent = models.BooleanField("优秀提案", default=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    duty_events = _duty_events()
    instructions = _instructions()

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "提案"
        verbose_name_plural = "提案"
        ordering = ["-year", "-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=models.Q(number__isnull=False),
                name="proposal_number_unique",
            )
        ]
        indexes = [
            models.Index(fields=["year", "status"]),
            # the register's default order (the model's ordering): a page is read off the index
            models.Index(fields=["-year", "-submitted_at", "-id"], name="proposal_register_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    @property
    def number_label(self) -> str:
        return f"{self.series}第{self.number}号" if self.number else ""

    @property
    def proposer_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.lead_member.name if self.lead_member_id else ""

    @property
    def is_overdue(self) -> bool:
        """overdue_q on this row."""
        return bool(
            self.due_on and self.status in OPEN_HANDLING_STATES and self.due_on < timezone.localdate()
        )


class ProposalSigner(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "第一提案人"
        COSIGNER = "cosigner", "联名人"

    class Answer(models.TextChoices):
        INVITED = "invited", "待确认"
        CONFIRMED = "confirmed", "已确认"
        DECLINED = "declined", "已谢绝"

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="signers", verbose_name="提案"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="proposal_signatures", verbose_name="委员"
    )
    role = models.CharField("身份", max_length=10, choices=Role.choices, default=Role.COSIGNER)
    answer = models.CharField("确认", max_length=10, choices=Answer.choices, default=Answer.INVITED)
    answered_at = models.DateTimeField("确认时间", null=True, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "提案人"
        verbose_name_plural = "提案人"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="signer_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_role_display()}"


class Attachment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name="提案"
    )
    file = models.FileField("文件", upload_to="proposals/%Y/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey("members.User", on_delete=models.PROTECT, verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "提案附件"
        verbose_name_plural = "提案附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ProposalEvent(TimelineEvent):
    """One row of a proposal's timeline."""

    states = ProposalStatus
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name="提案"
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = "提案办理记录"
        verbose_name_plural = "提案办理记录"

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.label}"


class Assignment(models.Model):
    class Kind(models.TextChoices):
        LEAD = "lead", "主办"
        ASSISTING = "assisting", "协办"
        SPLIT = "split", "分办"

    class Extension(models.TextChoices):
        NONE = "", "—"
        REQUESTED = "requested", "申请中"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="assignments", verbose_name="提案"
    )
    unit = models.ForeignKey(
        "members.HandlingUnit", on_delete=models.PROTECT, related_name="assignments", verbose_name="承办单位"
    )
    kind = models.CharField("办理方式", max_length=10, choices=Kind.choices)
    assigned_on = models.DateField("交办日期")
    due_on = models.DateField("答复期限")
    objection_until = models.DateField("异议截止")
    objection_note = models.TextField("异议理由", blank=True)
    is_active = models.BooleanField("有效", default=True)
    extension = models.CharField("延期", max_length=10, choices=Extension.choices, blank=True, default="")
    extension_to = models.DateField("申请延期至", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    opinion = models.TextField("协办意见", blank=True)
    opinion_on = models.DateField("协办意见日期", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        verbose_name = "交办"
        verbose_name_plural = "交办"
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["unit", "is_active"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()}"


class Contact(models.Model):
    """面商: the unit's contact with the proposer before replying."""

    class Form(models.TextChoices):
        MEETING = "meeting", "当面座谈"
        VISIT = "visit", "走访"
        PHONE = "phone", "电话"
        ONLINE = "online", "网络"
        LETTER = "letter", "书面"

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="contacts", verbose_name="交办"
    )
    date = models.DateField("面商日期")
    form = models.CharField("方式", max_length=10, choices=Form.choices)
    summary = models.TextField("情况")

    class Meta:
        verbose_name = "面商记录"
        verbose_name_plural = "面商记录"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_form_display()}"


class Reply(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="replies", verbose_name="提案"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="replies", verbose_name="交办"
    )
    round = models.PositiveSmallIntegerField("轮次", default=1)
    reply_class = models.ForeignKey(ReplyClass, on_delete=models.PROTECT, verbose_name="答复类别")
    text = models.TextField("答复内容")
    letter = models.FileField("答复函(盖章扫描件)", upload_to="proposals/%Y/", blank=True)
    is_public = models.BooleanField("可公开", default=False)
    submitted_on = models.DateField("答复日期")
    submitted_by = models.ForeignKey(
        "members.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="答复人",
    )
    checked_on = models.DateField("审核日期", null=True, blank=True)
    checked_by = models.ForeignKey(
        "members.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="审核人",
    )

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} 第{self.round}轮答复"


class TermsField(models.Field):
    """A list of short strings: `text[]` on PostgreSQL (GIN-indexed, matched with `@>`), the
    space-joined words in a text column elsewhere (SQLite, where the search falls back to
    substring matching of the normalized text)."""

    description = "search terms"

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        value = list(value)
        return value if connection.vendor == "postgresql" else " ".join(value)

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return value.split()

    def to_python(self, value):
        return value.split() if isinstance(value, str) else value


@TermsField.register_lookup
class TermsContainAll(models.Lookup):
    """`terms__has_all=[...]`: the row holds every one of the given terms (`@>`, served by the
    GIN index). PostgreSQL only; proposals.search never uses it elsewhere."""

    lookup_name = "has_all"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @> {rhs}::text[]", [*lhs_params, *rhs_params]


class ProposalSearch(models.Model):
    """The keyword index of one proposal (proposals/search.py builds and queries it): the distinct
    unigrams and bigrams of its title, body and reply texts, and that text normalized. A table of
    its own, so the register's and detail page's `SELECT proposal.*` never carry it."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, primary_key=True, related_name="search", verbose_name="提案"
    )
    terms = TermsField("检索词")
    text = models.TextField("检索文本")

    class Meta:
        verbose_name = "提案检索索引"
        verbose_name_plural = "提案检索索引"

    def __str__(self) -> str:
        return str(self.proposal_id)


class Rating(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="ratings", verbose_name="提案"
    )
    round = models.PositiveSmallIntegerField("轮次", default=1)
    level = models.CharField("评价", max_length=12, choices=Proposal.Rating.choices)
    comment = models.TextField("意见", blank=True)
    rated_by = models.ForeignKey(
        "members.User", on_delete=models.PROTECT, related_name="+", verbose_name="评价人"
    )
    rated_on = models.DateField("评价日期")

    class Meta:
        verbose_name = "办理评价"
        verbose_name_plural = "办理评价"
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.get_level_display()}"


class FollowUp(models.Model):
    """二次反馈: for B/C replies the unit reports progress again by a date."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="follow_ups", verbose_name="提案"
    )
    due_on = models.DateField("反馈期限")
    reported_on = models.DateField("反馈日期", null=True, blank=True)
    text = models.TextField("进展情况", blank=True)

    class Meta:
        verbose_name = "二次反馈"
        verbose_name_plural = "二次反馈"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.due_on}"


# --- public opinion (社情民意) -----------------------------------------------------------------
class Bulletin(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("期号")
    published_on = models.DateField("编发日期")

    class Meta:
        verbose_name = "《社情民意》期刊"
        verbose_name_plural = "《社情民意》期刊"
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="bulletin_number_unique")]

    def __str__(self) -> str:
        return f"《社情民意》{self.year}年第{self.number}期"


class OpinionStatus(models.TextChoices):
    RECEIVED = "received", "收稿"
    CHECKED = "checked", "已初核"
    COMPILED = "compiled", "已编报"
    REPORTED = "reported", "已报送"
    ADOPTED = "adopted", "已采用"
    FEEDBACK = "feedback", "已反馈"
    NOT_ADOPTED = "not_adopted", "不采用"


class PublicOpinion(models.Model):
    class Level(models.TextChoices):
        NONE = "", "—"
        CITY = "city", "市级"
        PROVINCE = "province", "省级"
        NATIONAL = "national", "全国"

    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    status = models.CharField(
        "状态", max_length=20, choices=OpinionStatus.choices, default=OpinionStatus.RECEIVED, db_index=True
    )
    author = models.ForeignKey(
        "members.Member",
        verbose_name="反映人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    organisation = models.ForeignKey(
        "members.ProposerOrganisation",
        verbose_name="报送单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    submitted_by = models.ForeignKey(
        "members.User", verbose_name="录入人", on_delete=models.PROTECT, related_name="submitted_opinions"
    )
    source_proposal = models.ForeignKey(
        Proposal,
        verbose_name="来源提案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    received_on = models.DateField("收稿日期", db_index=True)
    bulletin = models.ForeignKey(
        Bulletin,
        verbose_name="编入期刊",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    sent_to = models.CharField("报送对象", max_length=200, blank=True)
    sent_on = models.DateField("报送日期", null=True, blank=True)
    adoption_level = models.CharField(
        "采用层级", max_length=10, choices=Level.choices, blank=True, default=""
    )
    adopted_on = models.DateField("采用日期", null=True, blank=True)
    feedback = models.TextField("部门反馈", blank=True)

    duty_events = _duty_events()
    instructions = _instructions()

    class Meta:
        verbose_name = "社情民意信息"
        verbose_name_plural = "社情民意信息"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:opinion_detail", args=[self.pk])

    @property
    def author_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.author.name if self.author_id else ""


class OpinionEvent(TimelineEvent):
    """One row of a 社情民意 item's timeline."""

    states = OpinionStatus
    opinion = models.ForeignKey(
        PublicOpinion, on_delete=models.CASCADE, related_name="events", verbose_name="社情民意"
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = "社情民意处理记录"
        verbose_name_plural = "社情民意处理记录"

    def __str__(self) -> str:
        return f"{self.opinion_id} {self.label}"

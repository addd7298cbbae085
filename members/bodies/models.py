"""The committee's own bodies at work: organisers scoped to a body (专委会 主任/秘书, 镇街工委 联络员,
界别 召集人), members' contact villages (一村一委员) and their visits, and the generic
"where it came from → what it led to" links that let a page show its chain.

A *body* is one SpecialCommittee, WorkCommittee or Sector; its type codes are the same as
consultations' Activity.OrganiserType (special / work / sector), so an activity's organiser is a body.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone


class BodyType(models.TextChoices):
    SPECIAL = "special", "专委会"
    WORK = "work", "镇街工委"
    SECTOR = "sector", "界别"


BODY_FIELD = {
    BodyType.SPECIAL: "special_committee",
    BodyType.WORK: "work_committee",
    BodyType.SECTOR: "sector",
}


class OrganiserRole(models.Model):
    """A person who runs a body's work in the portal. One user may hold several (and be a member)."""

    class Title(models.TextChoices):
        DIRECTOR = "director", "主任"
        SECRETARY = "secretary", "秘书"
        LIAISON = "liaison", "联络员"
        CONVENER = "convener", "召集人"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="organiser_roles",
    )
    body_type = models.CharField("机构类型", max_length=10, choices=BodyType.choices)
    special_committee = models.ForeignKey(
        "members.SpecialCommittee",
        verbose_name="专委会",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    work_committee = models.ForeignKey(
        "members.WorkCommittee",
        verbose_name="镇街工委",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    sector = models.ForeignKey(
        "members.Sector",
        verbose_name="界别",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField("职责", max_length=10, choices=Title.choices)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "机构组织者"
        verbose_name_plural = "机构组织者"
        ordering = ["body_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        body_type="special",
                        special_committee__isnull=False,
                        work_committee__isnull=True,
                        sector__isnull=True,
                    )
                    | models.Q(
                        body_type="work",
                        work_committee__isnull=False,
                        special_committee__isnull=True,
                        sector__isnull=True,
                    )
                    | models.Q(
                        body_type="sector",
                        sector__isnull=False,
                        special_committee__isnull=True,
                        work_committee__isnull=True,
                    )
                ),
                name="organiser_role_one_body",
                violation_error_message="请只选择与机构类型对应的一个机构。",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", field, "title"],
                    condition=models.Q(body_type=body_type),
                    name=f"organiser_role_once_{body_type}",
                )
                for body_type, field in (
                    ("special", "special_committee"),
                    ("work", "work_committee"),
                    ("sector", "sector"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}{self.get_title_display()} {self.user}"

    @property
    def body_id(self) -> int:
        return getattr(self, f"{BODY_FIELD[self.body_type]}_id")

    @property
    def body(self):
        return getattr(self, BODY_FIELD[self.body_type])


class ContactVillage(models.Model):
    """联系村: a village a member is linked to under 一村一委员 (a member may have several)."""

    member = models.ForeignKey(
        "members.Member", verbose_name="委员", on_delete=models.CASCADE, related_name="contact_villages"
    )
    village = models.ForeignKey(
        "members.Village", verbose_name="联系村", on_delete=models.PROTECT, related_name="contact_members"
    )
    since = models.DateField("联系起始日期", null=True, blank=True)

    class Meta:
        verbose_name = "委员联系村"
        verbose_name_plural = "委员联系村"
        ordering = ["member__name", "village__name"]
        constraints = [models.UniqueConstraint(fields=["member", "village"], name="contact_village_once")]

    def __str__(self) -> str:
        return f"{self.member} · {self.village}"


class Visit(models.Model):
    """联村走访: one visit of a member to a contact village."""

    member = models.ForeignKey(
        "members.Member", verbose_name="委员", on_delete=models.CASCADE, related_name="village_visits"
    )
    village = models.ForeignKey(
        "members.Village", verbose_name="走访村(社区)", on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField("走访日期", db_index=True)
    summary = models.TextField("走访情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "联村走访"
        verbose_name_plural = "联村走访"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} 走访{self.village.name}"

    def get_absolute_url(self) -> str:
        return reverse("bodies:visit_detail", args=[self.pk])


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, verbose_name="走访", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("照片", upload_to="bodies/visits/%Y/")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "走访照片"
        verbose_name_plural = "走访照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name


class HeardItem(models.Model):
    """One matter heard on a visit, and what the member made of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "待处理"
        SOLVED = "solved", "当场解决"
        QUICK_REPORT = "quick_report", "转微建议"
        OPINION = "opinion", "转社情民意"
        TOPIC = "topic", "荐为协商议题"
        PROPOSAL = "proposal", "形成提案草稿"

    visit = models.ForeignKey(Visit, verbose_name="走访", on_delete=models.CASCADE, related_name="items")
    text = models.TextField("听到的问题或诉求")
    outcome = models.CharField(
        "处理方式", max_length=20, choices=Outcome.choices, default=Outcome.PENDING, db_index=True
    )
    outcome_note = models.CharField("处理说明", max_length=300, blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    # what the item became (a 社情民意, a plan topic, a proposal draft, a quick report), by reference
    target_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.SET_NULL
    )
    target_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        verbose_name = "走访所闻"
        verbose_name_plural = "走访所闻"
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.text[:40]

    def get_absolute_url(self) -> str:
        return reverse("bodies:visit_detail", args=[self.visit_id])


class TraceLink(models.Model):
    """Traceability: `source` led to `target` (a heard item → a plan topic; a topic → an activity …)."""

    class Kind(models.TextChoices):
        BECAME = "became", "转化为"
        LED_TO = "led_to", "促成"
        FOLLOWED_BY = "followed_by", "后续"

    source_type = models.ForeignKey(
        ContentType, verbose_name="来源类型", on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.PositiveBigIntegerField("来源编号")
    source = GenericForeignKey("source_type", "source_id")
    target_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(
        "对象编号",
    )
    target = GenericForeignKey("target_type", "target_id")
    kind = models.CharField("关系", max_length=20, choices=Kind.choices, default=Kind.LED_TO)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "来源与去向"
        verbose_name_plural = "来源与去向"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["target_type", "target_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id"], name="trace_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id} → {self.target_type_id}:{self.target_id}"


class ActivityChange(models.Model):
    """The timeline of an activity's changes made in the portal (edited, postponed, cancelled, held):
    written by consultations.activity_services through the state machine; invitees are told of each."""

    activity = models.ForeignKey(
        "consultations.Activity", verbose_name="活动", on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField("操作代码", max_length=20)
    label = models.CharField("操作", max_length=50)
    from_state = models.CharField("原状态", max_length=10)
    to_state = models.CharField("新状态", max_length=10)
    note = models.TextField("说明或理由", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "活动变更记录"
        verbose_name_plural = "活动变更记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.at:%Y-%m-%d}"

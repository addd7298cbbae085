"""知情明政 and learning: announcements (通知公告, 倡议书) with read receipts and 回执, the document
library (学习资料, 会议文件, 政策文件) with versions, training courses (委员培训) and 文史资料 collections.

An announcement's audience is resolved into AnnouncementRecipient rows when it is published: who
was a member of a 界别 or 专委会 *then* receives it; later membership changes do not add or remove
recipients (docs/briefing.md).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from members.models import duty_events_relation

USER = settings.AUTH_USER_MODEL


class Audience(models.TextChoices):
    """Who an announcement goes to. Other apps may add kinds (a meeting's participants) through
    members.briefing.audiences.register(); those are stored in `audience_kind` as well."""

    ALL_MEMBERS = "all_members", "全体委员"
    SECTOR = "sector", "界别"
    SPECIAL_COMMITTEE = "special_committee", "专委会"
    WORK_COMMITTEE = "work_committee", "镇街工委"
    UNITS = "units", "承办单位"
    LEADERS = "leaders", "领导"
    PEOPLE = "people", "指定人员"


class Announcement(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", "通知公告"
        INITIATIVE = "initiative", "倡议书"

    class Receipt(models.TextChoices):
        NONE = "none", "无需回执"
        CONFIRM = "confirm", "确认收到"
        REPLY = "reply", "书面回复"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.NOTICE)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    audience_kind = models.CharField("发送范围", max_length=30, default=Audience.ALL_MEMBERS)
    sector = models.ForeignKey(
        "members.Sector",
        verbose_name="界别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
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
    units = models.ManyToManyField(
        "members.HandlingUnit", verbose_name="承办单位", blank=True, related_name="+"
    )
    people = models.ManyToManyField(USER, verbose_name="指定人员", blank=True, related_name="+")
    # An audience kind added by another app (e.g. "meeting") names its object by id here.
    audience_object_id = models.PositiveBigIntegerField("范围对象编号", null=True, blank=True)
    audience_label = models.CharField("发送范围说明", max_length=200, blank=True)
    receipt = models.CharField("回执", max_length=10, choices=Receipt.choices, default=Receipt.NONE)
    read_by = models.DateField("阅读期限", null=True, blank=True, help_text="到期仍未阅读的人将收到一次提醒")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(USER, verbose_name="起草人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    published_by = models.ForeignKey(
        USER, verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    recipient_count = models.PositiveIntegerField("接收人数", default=0)
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefing:announcement_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class AnnouncementAttachment(models.Model):
    announcement = models.ForeignKey(
        Announcement, verbose_name="通知", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("附件", upload_to="briefing/announcements/%Y/")
    name = models.CharField("文件名", max_length=200)

    class Meta:
        verbose_name = "通知附件"
        verbose_name_plural = "通知附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class AnnouncementRecipient(models.Model):
    """One person an announcement was published to, with the exact read receipt and 回执."""

    announcement = models.ForeignKey(
        Announcement, verbose_name="通知", on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(USER, verbose_name="接收人", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    receipt_at = models.DateTimeField("回执时间", null=True, blank=True)
    receipt_text = models.TextField("回执内容", blank=True)

    class Meta:
        verbose_name = "通知接收人"
        verbose_name_plural = "通知接收人"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="briefing_recipient_once")
        ]
        indexes = [models.Index(fields=["user", "announcement"], name="briefing_recipient_user")]

    def __str__(self) -> str:
        return f"{self.announcement_id}→{self.user_id}"


# --- document library ---------------------------------------------------------------------------
class Visibility(models.TextChoices):
    ALL_MEMBERS = "all", "全体委员"
    BODY = "body", "指定组织"
    STAFF = "staff", "仅机关工作人员"


class Folder(models.Model):
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "资料分类"
        verbose_name_plural = "资料分类"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="briefing_folder_unique")]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A library entry; its file is the newest DocumentVersion (older versions are kept)."""

    folder = models.ForeignKey(
        Folder, verbose_name="分类", on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField("标题", max_length=200)
    description = models.TextField("说明", blank=True)
    visibility = models.CharField(
        "可见范围", max_length=10, choices=Visibility.choices, default=Visibility.ALL_MEMBERS
    )
    sector = models.ForeignKey(
        "members.Sector",
        verbose_name="界别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
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
    created_by = models.ForeignKey(USER, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("最近更新", default=timezone.now, db_index=True)
    version_count = models.PositiveSmallIntegerField("版本数", default=0)

    class Meta:
        verbose_name = "学习资料"
        verbose_name_plural = "学习资料"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefing:document_detail", args=[self.pk])


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name="资料", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("版本")
    file = models.FileField("文件", upload_to="briefing/library/%Y/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)", default=0)
    note = models.CharField("版本说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(USER, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "资料版本"
        verbose_name_plural = "资料版本"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="briefing_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


# --- training ---------------------------------------------------------------------------------------
class Course(models.Model):
    title = models.CharField("培训班名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    description = models.TextField("简介", blank=True)
    organiser = models.CharField("主办", max_length=100, default="市政协办公室")
    enrolment_open = models.BooleanField("开放报名", default=True)
    materials = models.ManyToManyField(Document, verbose_name="学习资料", blank=True, related_name="courses")
    created_by = models.ForeignKey(USER, verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefing:course_detail", args=[self.pk])


class TrainingSession(models.Model):
    course = models.ForeignKey(
        Course, verbose_name="培训班", on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField("日期")
    topic = models.CharField("课程内容", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True)

    class Meta:
        verbose_name = "培训课次"
        verbose_name_plural = "培训课次"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class Enrolment(models.Model):
    course = models.ForeignKey(
        Course, verbose_name="培训班", on_delete=models.CASCADE, related_name="enrolments"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="委员", on_delete=models.CASCADE, related_name="+"
    )
    enrolled_at = models.DateTimeField("报名时间", default=timezone.now)

    class Meta:
        verbose_name = "培训报名"
        verbose_name_plural = "培训报名"
        ordering = ["member__name", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="briefing_enrol_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.course}"


class Attendance(models.Model):
    class Mark(models.TextChoices):
        PRESENT = "present", "出席"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"

    session = models.ForeignKey(
        TrainingSession, verbose_name="课次", on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="委员", on_delete=models.CASCADE, related_name="+"
    )
    mark = models.CharField("出勤", max_length=10, choices=Mark.choices)
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    duty_events = duty_events_relation()

    class Meta:
        verbose_name = "培训出勤"
        verbose_name_plural = "培训出勤"
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="briefing_attendance_once")]

    def __str__(self) -> str:
        return f"{self.session} {self.member} {self.get_mark_display()}"


class QuizQuestion(models.Model):
    """A single-choice question: the options one per line, `answer` the 1-based correct line."""

    course = models.ForeignKey(
        Course, verbose_name="培训班", on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField("题目", max_length=300)
    options = models.TextField("选项(每行一个)")
    answer = models.PositiveSmallIntegerField("正确选项序号")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "测验题"
        verbose_name_plural = "测验题"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class QuizAttempt(models.Model):
    course = models.ForeignKey(
        Course, verbose_name="培训班", on_delete=models.CASCADE, related_name="attempts"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="委员", on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField("答对题数")
    total = models.PositiveSmallIntegerField("题目数")
    answers = models.JSONField("作答", default=dict)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)

    class Meta:
        verbose_name = "测验成绩"
        verbose_name_plural = "测验成绩"
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="briefing_quiz_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.score}/{self.total}"


# --- 文史资料 -------------------------------------------------------------------------------------
class Collection(models.Model):
    """A themed 文史资料 call (征集), compiled into a volume when the accepted pieces are in."""

    title = models.CharField("专题名称", max_length=200)
    theme = models.TextField("征集说明", blank=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    is_open = models.BooleanField("征集中", default=True)
    editor_note = models.TextField("编者按/前言", blank=True)
    created_by = models.ForeignKey(USER, verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "文史资料专题"
        verbose_name_plural = "文史资料专题"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefing:collection_detail", args=[self.pk])


class Piece(models.Model):
    """A contribution (稿件) to a collection. Its status changes only through workflow.PIECE_FLOW."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审"
        CHANGES = "changes", "退回修改"
        ACCEPTED = "accepted", "已采用"
        DECLINED = "declined", "未采用"

    collection = models.ForeignKey(
        Collection, verbose_name="专题", on_delete=models.PROTECT, related_name="pieces"
    )
    author = models.ForeignKey(
        "members.Member", verbose_name="供稿委员", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField("投稿时间", null=True, blank=True)
    accepted_at = models.DateTimeField("采用时间", null=True, blank=True)
    editor_comment = models.TextField("编辑意见", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    duty_events = duty_events_relation()

    class Meta:
        verbose_name = "文史稿件"
        verbose_name_plural = "文史稿件"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefing:piece_detail", args=[self.pk])


class PieceFile(models.Model):
    piece = models.ForeignKey(Piece, verbose_name="稿件", on_delete=models.CASCADE, related_name="files")
    file = models.FileField("文件", upload_to="briefing/wenshi/%Y/")
    name = models.CharField("文件名", max_length=200)
    caption = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "稿件附件"
        verbose_name_plural = "稿件附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.name.lower().rsplit(".", 1)[-1] in ("jpg", "jpeg", "png")


class PieceEvent(models.Model):
    """The timeline of a piece (written by StateMachine.fire through the services)."""

    piece = models.ForeignKey(Piece, verbose_name="稿件", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=20)
    label = models.CharField("操作名称", max_length=50)
    from_state = models.CharField("原状态", max_length=10)
    to_state = models.CharField("新状态", max_length=10)
    by = models.ForeignKey(
        USER, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "稿件记录"
        verbose_name_plural = "稿件记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.piece} {self.label}"

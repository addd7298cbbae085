"""The committee's own meetings: 全体会议 (with its sessions), 常委会会议, 主席会议, 秘书长会议 and
other configurable kinds; their agenda, who attends, invitations and leave, sign-in per session,
documents, 大会发言 and decisions.

Invitations use the portal's one invitation mechanism (consultations.invitations.InvitationBase);
attendance is recorded per session (a half-day), each mark being the source of one duty event."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from consultations.invitations import InvitationBase
from members.models import duty_events_relation


class AttendeeScope(models.TextChoices):
    """Who is invited to attend (出席) by their position (members.Position)."""

    ALL = "all", "全体委员"
    STANDING = "standing", "常委(含主席、副主席、秘书长)"
    CHAIRS = "chairs", "主席会议成员(主席、副主席、秘书长)"
    SECRETARY = "secretary", "秘书长"
    NONE = "none", "逐一选择"


class MeetingKind(models.Model):
    """A kind of meeting (configurable; defaults by data migration). The duty rule codes say what
    attending, leave and absence count in the duty record (members.DutyRule codes)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    is_plenary = models.BooleanField("全体会议", default=False, help_text="关联届次会议,可征集大会发言")
    default_scope = models.CharField(
        "默认出席范围", max_length=10, choices=AttendeeScope.choices, default=AttendeeScope.NONE
    )
    attend_rule = models.CharField("出席计分规则代码", max_length=40, default="meeting_attend")
    leave_rule = models.CharField("请假计分规则代码", max_length=40, default="meeting_leave")
    absent_rule = models.CharField("缺席计分规则代码", max_length=40, default="meeting_absent")
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "会议类型"
        verbose_name_plural = "会议类型"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def duty_kinds(self) -> dict[str, str]:
        return {"present": self.attend_rule, "leave": self.leave_rule, "absent": self.absent_rule}


class MeetingQuerySet(models.QuerySet):
    def held(self):
        """Meetings that took place: the only ones figures count."""
        return self.filter(status=Meeting.Status.HELD)


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "筹备中"
        HELD = "held", "已举行"
        CANCELLED = "cancelled", "已取消"

    kind = models.ForeignKey(
        MeetingKind, verbose_name="会议类型", on_delete=models.PROTECT, related_name="meetings"
    )
    plenary = models.ForeignKey(
        "members.Plenary",
        verbose_name="届次会议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text="全体会议须选择(如:十三届四次会议)",
    )
    title = models.CharField("会议名称", max_length=200)
    start_date = models.DateField("开始日期", db_index=True)
    end_date = models.DateField("结束日期")
    place = models.CharField("地点", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    scope = models.CharField(
        "出席范围", max_length=10, choices=AttendeeScope.choices, default=AttendeeScope.NONE
    )
    description = models.TextField("会议说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="meeting_end_after_start",
                violation_error_message="结束日期不能早于开始日期",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])


class MeetingSession(models.Model):
    """A half-day (or one sitting) of a meeting: attendance and sign-in are per session."""

    class Kind(models.TextChoices):
        OPENING = "opening", "开幕"
        GROUP = "group", "分组讨论"
        SPEECHES = "speeches", "大会发言"
        CLOSING = "closing", "闭幕"
        SITTING = "sitting", "会议"

    class HalfDay(models.TextChoices):
        MORNING = "am", "上午"
        AFTERNOON = "pm", "下午"
        EVENING = "ev", "晚上"

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField("议程", max_length=10, choices=Kind.choices, default=Kind.SITTING)
    date = models.DateField("日期")
    half_day = models.CharField("时段", max_length=2, choices=HalfDay.choices, default=HalfDay.MORNING)
    place = models.CharField("地点", max_length=200, blank=True)
    closed_at = models.DateTimeField("签到结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "会议场次"
        verbose_name_plural = "会议场次"
        ordering = ["date", "half_day", "id"]

    def __str__(self) -> str:
        return f"{self.date:%m月%d日}{self.get_half_day_display()} {self.get_kind_display()}"


class Decision(models.TextChoices):
    NONE = "", "未作决定"
    ADOPTED = "adopted", "通过"
    ADOPTED_IN_PRINCIPLE = "in_principle", "原则通过"
    ADOPTED_AMENDED = "amended", "修改后通过"
    HEARD = "heard", "听取"
    DEFERRED = "deferred", "暂缓审议"
    REJECTED = "rejected", "未通过"


class AgendaItem(models.Model):
    """One item of the agenda, in order. It may concern a report heard, a consultation plan topic,
    a proposal, or the meeting's documents (MeetingDocument.agenda_item)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField("序号", default=1)
    title = models.CharField("议题", max_length=300)
    presenter = models.CharField("汇报人", max_length=100, blank=True, help_text="如:市发改局局长 王某某")
    report_title = models.CharField("听取的报告", max_length=200, blank=True)
    plan_topic = models.ForeignKey(
        "consultations.PlanTopic",
        verbose_name="年度协商议题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_agenda_items",
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name="提案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_agenda_items",
    )
    decision = models.CharField("决定", max_length=20, choices=Decision.choices, blank=True, default="")
    decision_note = models.TextField("决定内容", blank=True)

    class Meta:
        verbose_name = "会议议程"
        verbose_name_plural = "会议议程"
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class MeetingInvitation(InvitationBase):
    """A member invited to a meeting: to attend (出席) or to sit in (列席). The answer and the
    meeting-level attendance come from the shared InvitationBase; leave needs staff approval."""

    class Role(models.TextChoices):
        ATTEND = "attend", "出席"
        SIT_IN = "sit_in", "列席"

    class LeaveStatus(models.TextChoices):
        NONE = "", "—"
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已准假"
        REJECTED = "rejected", "未准假"

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="委员", on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    role = models.CharField("身份", max_length=10, choices=Role.choices, default=Role.ATTEND)
    leave_status = models.CharField(
        "请假审批", max_length=10, choices=LeaveStatus.choices, blank=True, default=""
    )
    leave_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leave_decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "会议邀请"
        verbose_name_plural = "会议邀请"
        ordering = ["meeting", "member__name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="meeting_invitation_once")]
        indexes = [models.Index(fields=["member", "response"], name="meeting_inv_member_resp")]

    def __str__(self) -> str:
        return f"{self.member} · {self.meeting}"


class MeetingGuest(models.Model):
    """列席 by name: leaders, heads of units, guests (a login optional: with one they may open the
    meeting and its documents)."""

    class Kind(models.TextChoices):
        LEADER = "leader", "领导"
        UNIT_HEAD = "unit_head", "部门负责人"
        GUEST = "guest", "特邀嘉宾"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="guests")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.GUEST)
    name = models.CharField("姓名", max_length=50)
    organisation = models.CharField("单位职务", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "列席人员"
        verbose_name_plural = "列席人员"
        ordering = ["meeting", "kind", "id"]

    def __str__(self) -> str:
        return self.name


class SessionAttendance(models.Model):
    """The attendance of one invited member at one session: the source of one duty event."""

    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"

    class Method(models.TextChoices):
        QR = "qr", "扫码签到"
        HAND = "hand", "工作人员登记"
        CLOSE = "close", "签到结束时登记"

    session = models.ForeignKey(
        MeetingSession, verbose_name="场次", on_delete=models.CASCADE, related_name="attendance"
    )
    invitation = models.ForeignKey(
        MeetingInvitation, verbose_name="邀请", on_delete=models.CASCADE, related_name="session_attendance"
    )
    status = models.CharField("出勤", max_length=10, choices=Status.choices)
    method = models.CharField("方式", max_length=10, choices=Method.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duty_events = duty_events_relation()

    class Meta:
        verbose_name = "场次出勤"
        verbose_name_plural = "场次出勤"
        ordering = ["session", "invitation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "invitation"], name="session_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.invitation.member} {self.session} {self.get_status_display()}"


class MeetingDocument(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "讨论稿"
        FINAL = "final", "正式稿"

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="documents"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name="议程",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    title = models.CharField("标题", max_length=200)
    status = models.CharField("版本", max_length=10, choices=Status.choices, default=Status.DRAFT)
    file = models.FileField("文件", upload_to="meetings/%Y/")
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
        verbose_name = "会议文件"
        verbose_name_plural = "会议文件"
        ordering = ["meeting", "agenda_item__order", "id"]

    def __str__(self) -> str:
        return self.title


class Speech(models.Model):
    """大会发言: a member's written speech (书面发言) for a plenary; staff select some for oral
    delivery (口头发言) with an order. A selected speech counts in the duty record."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "书面发言"
        SELECTED = "selected", "口头发言"

    meeting = models.ForeignKey(
        Meeting, verbose_name="全体会议", on_delete=models.CASCADE, related_name="speeches"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="委员", on_delete=models.CASCADE, related_name="speeches"
    )
    title = models.CharField("发言题目", max_length=200)
    text = models.TextField("发言内容")
    status = models.CharField(
        "采用方式", max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    oral_order = models.PositiveSmallIntegerField("口头发言顺序", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    duty_events = duty_events_relation()

    class Meta:
        verbose_name = "大会发言"
        verbose_name_plural = "大会发言"
        ordering = ["meeting", "oral_order", "submitted_at", "id"]

    def __str__(self) -> str:
        return self.title

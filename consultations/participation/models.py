"""Consultation as a process people take part in: calls for topics (议题征集), online deliberation
on an activity (网络议政), surveys and ranking votes (问卷, 投票), and what the public pages show.

Links to consultations core live on this side (TopicSubmission.plan_topic, Opinion.suggestion,
Deliberation.activity), so the core schema is untouched."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Audience(models.TextChoices):
    INVITED = "invited", "受邀委员"
    MEMBERS = "members", "全体委员"
    COMMITTEE = "committee", "专委会委员"
    PUBLIC = "public", "社会公众(含全体委员)"


class ModerationState(models.TextChoices):
    PENDING = "pending", "待审核"
    VISIBLE = "visible", "已发布"
    HIDDEN = "hidden", "已屏蔽"


# --- topic collection ---------------------------------------------------------------------------
class TopicCall(models.Model):
    """征集: a call for topics with a deadline and an audience."""

    class Status(models.TextChoices):
        OPEN = "open", "征集中"
        CLOSED = "closed", "已截止"

    year = models.PositiveSmallIntegerField("议题年度", db_index=True)
    title = models.CharField("征集名称", max_length=200)
    description = models.TextField("征集说明", blank=True)
    deadline = models.DateField("截止日期")
    open_to_members = models.BooleanField("委员可荐题", default=True)
    open_to_units = models.BooleanField("承办单位可报题", default=False)
    open_to_public = models.BooleanField("向社会公开征集(群众出题)", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)

    class Meta:
        verbose_name = "议题征集"
        verbose_name_plural = "议题征集"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:call_detail", args=[self.pk])


class TopicSubmission(models.Model):
    """One topic sent to a call, with its reason. `source` is the PlanTopic source it will carry."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        SHORTLISTED = "shortlisted", "入围"
        MERGED = "merged", "已合并"
        ADOPTED = "adopted", "已转为计划议题"
        RECOMMENDED = "recommended", "已推荐"
        DECLINED = "declined", "未采用"

    call = models.ForeignKey(
        TopicCall, verbose_name="征集", on_delete=models.CASCADE, related_name="submissions"
    )
    source = models.CharField("来源", max_length=20)  # consultations.PlanTopic.Source values
    title = models.CharField("议题", max_length=200)
    reason = models.TextField("理由")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body_name = models.CharField("提交单位或组织", max_length=200, blank=True)
    public_name = models.CharField("群众姓名", max_length=50, blank=True)
    public_phone = models.CharField("联系电话", max_length=20, blank=True)
    moderation = models.CharField(
        "审核", max_length=10, choices=ModerationState.choices, default=ModerationState.VISIBLE
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    merged_into = models.ForeignKey(
        "self", verbose_name="合并到", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    plan_topic = models.ForeignKey(
        "consultations.PlanTopic",
        verbose_name="年度计划议题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation_submissions",
    )
    recommended_rank = models.PositiveSmallIntegerField("推荐名次", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "征集议题"
        verbose_name_plural = "征集议题"
        ordering = ["call", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="public") | ~Q(public_phone=""), name="public_submission_has_phone"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source_label(self) -> str:
        from consultations.models import PlanTopic

        return dict(PlanTopic.Source.choices).get(self.source, self.source)

    @property
    def submitter(self) -> str:
        if self.source == "public":
            return f"群众 {self.public_name}"
        return self.body_name or (self.author.display_name if self.author_id else "")


# --- online deliberation ------------------------------------------------------------------------
class Deliberation(models.Model):
    """网络议政 on one activity: who may post, until when, and (when published) the result text."""

    activity = models.OneToOneField(
        "consultations.Activity", verbose_name="活动", on_delete=models.CASCADE, related_name="deliberation"
    )
    audience = models.CharField("参与范围", max_length=10, choices=Audience.choices, default=Audience.INVITED)
    is_open = models.BooleanField("开放发表意见", default=True)
    closes_on = models.DateField("截止日期", null=True, blank=True)
    result_summary = models.TextField("协商成果(公开文本)", blank=True)
    result_published = models.BooleanField("成果已公开", default=False)
    created_at = models.DateTimeField("开启时间", auto_now_add=True)

    class Meta:
        verbose_name = "网络议政"
        verbose_name_plural = "网络议政"
        ordering = ["-activity__date", "-id"]

    def __str__(self) -> str:
        return str(self.activity.topic)

    def get_absolute_url(self) -> str:
        return reverse("participation:deliberation_detail", args=[self.pk])


class Opinion(models.Model):
    """书面意见 posted in a deliberation, or a reply to one (one level)."""

    deliberation = models.ForeignKey(
        Deliberation, verbose_name="网络议政", on_delete=models.CASCADE, related_name="opinions"
    )
    parent = models.ForeignKey(
        "self", verbose_name="回复", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发表人", null=True, blank=True, on_delete=models.SET_NULL
    )
    public_name = models.CharField("群众姓名", max_length=50, blank=True)
    public_phone = models.CharField("联系电话", max_length=20, blank=True)
    text = models.TextField("意见")
    after_session = models.BooleanField("会后发表", default=False)
    moderation = models.CharField(
        "审核", max_length=10, choices=ModerationState.choices, default=ModerationState.VISIBLE, db_index=True
    )
    suggestion = models.ForeignKey(
        "consultations.Suggestion",
        verbose_name="形成的协商建议",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation_opinions",
    )
    created_at = models.DateTimeField("发表时间", auto_now_add=True)

    class Meta:
        verbose_name = "书面意见"
        verbose_name_plural = "书面意见"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(public_phone=""), name="opinion_has_author_or_phone"
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def author_name(self) -> str:
        return self.author.display_name if self.author_id else f"群众 {self.public_name}"


class ModerationRecord(models.Model):
    """The audit trail of moderation: who hid, published or refused what, when and why."""

    class Action(models.TextChoices):
        HIDE = "hide", "屏蔽"
        PUBLISH = "publish", "审核通过"
        REJECT = "reject", "审核不通过"

    opinion = models.ForeignKey(
        Opinion,
        verbose_name="意见",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_log",
    )
    submission = models.ForeignKey(
        TopicSubmission,
        verbose_name="征集议题",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_log",
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    reason = models.CharField("理由", max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opinion__isnull=False) | Q(submission__isnull=False), name="moderation_has_target"
            ),
            models.CheckConstraint(condition=~Q(action="hide") | ~Q(reason=""), name="hide_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.reason}"


# --- surveys and votes --------------------------------------------------------------------------
class Survey(models.Model):
    class Kind(models.TextChoices):
        SURVEY = "survey", "问卷"
        RANKING = "ranking", "推选投票"

    class Status(models.TextChoices):
        DRAFT = "draft", "未发布"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.SURVEY)
    title = models.CharField("标题", max_length=200)
    description = models.TextField("说明", blank=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    audience = models.CharField("对象", max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    special_committee = models.ForeignKey(
        "members.SpecialCommittee",
        verbose_name="专委会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replace_allowed = models.BooleanField("允许重新作答(覆盖上次)", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    closes_on = models.DateField("截止日期", null=True, blank=True)
    call = models.ForeignKey(
        TopicCall,
        verbose_name="候选来源征集",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes",
    )
    pick_count = models.PositiveSmallIntegerField("推选数量", null=True, blank=True)
    result_saved_at = models.DateTimeField("推荐结果保存时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "问卷与投票"
        verbose_name_plural = "问卷与投票"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="committee") | Q(special_committee__isnull=False),
                name="survey_committee_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind="ranking") | Q(pick_count__gte=1), name="ranking_has_pick_count"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:survey_detail", args=[self.pk])


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "单选"
        MULTIPLE = "multiple", "多选"
        RATING = "rating", "评分(1-5)"
        TEXT = "text", "文字"

    survey = models.ForeignKey(
        Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField("序号", default=1)
    kind = models.CharField("题型", max_length=10, choices=Kind.choices)
    text = models.CharField("题目", max_length=300)
    required = models.BooleanField("必答", default=True)
    max_choices = models.PositiveSmallIntegerField("最多选", null=True, blank=True)

    class Meta:
        verbose_name = "题目"
        verbose_name_plural = "题目"
        ordering = ["survey", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveSmallIntegerField("序号", default=1)
    label = models.CharField("选项", max_length=200)
    submission = models.ForeignKey(
        TopicSubmission,
        verbose_name="候选议题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "选项"
        verbose_name_plural = "选项"
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.label


class SurveyResponse(models.Model):
    """One person's answer sheet. One per member (by user) or per public phone: DB constraints."""

    survey = models.ForeignKey(
        Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作答人", null=True, blank=True, on_delete=models.CASCADE
    )
    public_name = models.CharField("群众姓名", max_length=50, blank=True)
    public_phone = models.CharField("联系电话", max_length=20, blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now=True)

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_response_per_user",
            ),
            models.UniqueConstraint(
                fields=["survey", "public_phone"],
                condition=Q(respondent__isnull=True),
                name="one_response_per_public_phone",
            ),
            models.CheckConstraint(
                condition=Q(respondent__isnull=False) | ~Q(public_phone=""), name="response_has_respondent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.CASCADE, related_name="answers"
    )
    choices = models.ManyToManyField(Choice, verbose_name="所选", blank=True, related_name="answers")
    rating = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    text = models.TextField("文字回答", blank=True)

    class Meta:
        verbose_name = "回答"
        verbose_name_plural = "回答"
        ordering = ["response", "question__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="answer_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"

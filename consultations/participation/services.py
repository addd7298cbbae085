"""Every write of participation. Keyword-only, transactional; each checks who may do it (the views
check too, to show or hide buttons, but these are the rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from consultations.models import Activity, PlanTopic
from consultations.services import plan_topic_add, suggestion_add
from members.models import Role, User
from members.services import duty_event_record, duty_event_withdraw

from . import permissions as perms
from . import public
from .models import (
    Answer,
    Audience,
    Choice,
    Deliberation,
    ModerationRecord,
    ModerationState,
    Opinion,
    Question,
    Survey,
    SurveyResponse,
    TopicCall,
    TopicSubmission,
)

MAX_MEMBER_TEXT = 5000
DUTY_TOPIC = "participation_topic"
DUTY_OPINION = "participation_opinion"


def _require(allowed: bool, message: str = "您没有权限执行此操作。") -> None:
    if not allowed:
        raise PermissionDenied(message)


def _text(value: str, label: str, limit: int = MAX_MEMBER_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过{limit}字。")
    return value


# --- calls for topics -----------------------------------------------------------------------------
@transaction.atomic
def call_create(
    *,
    by: User,
    year: int,
    title: str,
    deadline: dt.date,
    description: str = "",
    open_to_members: bool = True,
    open_to_units: bool = False,
    open_to_public: bool = False,
) -> TopicCall:
    _require(perms.can_manage(by))
    if not 2000 <= year <= 2100:
        raise ValidationError("请填写正确的年度。")
    return TopicCall.objects.create(
        year=year,
        title=_text(title, "征集名称", 200),
        description=description.strip(),
        deadline=deadline,
        open_to_members=open_to_members,
        open_to_units=open_to_units,
        open_to_public=open_to_public,
        created_by=by,
    )


@transaction.atomic
def call_close(*, call: TopicCall, by: User) -> TopicCall:
    _require(perms.can_manage(by))
    call = TopicCall.objects.select_for_update().get(pk=call.pk)
    call.status = TopicCall.Status.CLOSED
    call.save(update_fields=["status"])
    return call


def _source_for(user: User, source: str) -> str:
    if user.role == Role.MEMBER:
        return PlanTopic.Source.MEMBER
    if user.role == Role.UNIT:
        return PlanTopic.Source.PARTY_GOVERNMENT
    if source not in PlanTopic.Source.values or source == PlanTopic.Source.PUBLIC:
        raise ValidationError("请选择议题来源。")
    return source


@transaction.atomic
def submission_create(
    *, call: TopicCall, by: User, title: str, reason: str, source: str = "", body_name: str = ""
) -> TopicSubmission:
    """A member's 委员荐题, a unit's topic (党委政府点题) or staff entering 政协找题 / a body's topic."""
    call = TopicCall.objects.select_for_update().get(pk=call.pk)
    _require(perms.can_submit_topic(by, call), "该征集已截止或未向您开放。")
    source = _source_for(by, source)
    if by.role == Role.UNIT and not body_name:
        body_name = str(by.handling_unit) if by.handling_unit_id else ""
    submission = TopicSubmission.objects.create(
        call=call,
        source=source,
        title=_text(title, "议题", 200),
        reason=_text(reason, "理由"),
        author=by,
        body_name=body_name.strip()[:200],
    )
    member = getattr(by, "member", None) if by.role == Role.MEMBER else None
    if member is not None:  # 委员荐题 is a duty event (rule participation_topic, editable in admin)
        duty_event_record(
            member=member,
            kind=DUTY_TOPIC,
            date=timezone.localdate(),
            source=submission,
            title=f"{call.title}:{submission.title}",
        )
    return submission


@transaction.atomic
def public_submission_create(
    *, call: TopicCall, name: str, phone: str, title: str, reason: str
) -> TopicSubmission:
    """群众出题: waits for moderation. Spam and over-long text are refused (nothing stored)."""
    call = TopicCall.objects.select_for_update().get(pk=call.pk)
    if not perms.public_may_submit(call):
        raise ValidationError("该征集未向社会公开或已截止。")
    name, phone = public.check_identity(name, phone)
    return TopicSubmission.objects.create(
        call=call,
        source=PlanTopic.Source.PUBLIC,
        title=public.check_text(title, label="议题", limit=public.MAX_TITLE),
        reason=public.check_text(reason, label="理由"),
        public_name=name,
        public_phone=phone,
        moderation=ModerationState.PENDING,
    )


def _lock_submission(submission: TopicSubmission) -> TopicSubmission:
    return TopicSubmission.objects.select_for_update().select_related("call").get(pk=submission.pk)


@transaction.atomic
def submission_moderate(
    *, submission: TopicSubmission, by: User, publish: bool, reason: str = ""
) -> TopicSubmission:
    _require(perms.can_manage(by))
    submission = _lock_submission(submission)
    if not publish and not reason.strip():
        raise ValidationError("请填写不予发布的理由。")
    submission.moderation = ModerationState.VISIBLE if publish else ModerationState.HIDDEN
    submission.save(update_fields=["moderation"])
    action = ModerationRecord.Action.PUBLISH if publish else ModerationRecord.Action.HIDE
    ModerationRecord.objects.create(submission=submission, action=action, reason=reason.strip()[:300], by=by)
    return submission


@transaction.atomic
def submission_merge(*, submission: TopicSubmission, into: TopicSubmission, by: User) -> TopicSubmission:
    _require(perms.can_manage(by))
    submission = _lock_submission(submission)
    into = _lock_submission(into)
    if submission.pk == into.pk or into.call_id != submission.call_id:
        raise ValidationError("只能合并到同一征集中的另一条议题。")
    if into.status == TopicSubmission.Status.MERGED:
        raise ValidationError("目标议题本身已被合并,请合并到其主议题。")
    if submission.plan_topic_id:
        raise ValidationError("该议题已转为计划议题,不能再合并。")
    submission.status = TopicSubmission.Status.MERGED
    submission.merged_into = into
    submission.save(update_fields=["status", "merged_into"])
    TopicSubmission.objects.filter(merged_into=submission).update(merged_into=into)
    return submission


@transaction.atomic
def submission_shortlist(*, submission: TopicSubmission, by: User, value: bool = True) -> TopicSubmission:
    _require(perms.can_manage(by))
    submission = _lock_submission(submission)
    allowed_from = (TopicSubmission.Status.SUBMITTED,) if value else (TopicSubmission.Status.SHORTLISTED,)
    if submission.status not in allowed_from or submission.moderation != ModerationState.VISIBLE:
        raise ValidationError("只有已发布、未处理的议题可以入围。" if value else "该议题不在入围名单中。")
    submission.status = TopicSubmission.Status.SHORTLISTED if value else TopicSubmission.Status.SUBMITTED
    submission.save(update_fields=["status"])
    return submission


@transaction.atomic
def submission_adopt(*, submission: TopicSubmission, by: User) -> PlanTopic:
    """Turn a topic into a plan topic (consultations.PlanTopic) with its source kept."""
    _require(perms.can_manage(by))
    submission = _lock_submission(submission)
    if submission.plan_topic_id:
        raise ValidationError("该议题已转为计划议题。")
    if submission.status == TopicSubmission.Status.MERGED or submission.moderation != ModerationState.VISIBLE:
        raise ValidationError("已合并或未发布的议题不能转为计划议题。")
    member = getattr(submission.author, "member", None) if submission.author_id else None
    topic = plan_topic_add(
        year=submission.call.year,
        title=submission.title,
        source=submission.source,
        by=by,
        proposer_text=submission.submitter[:200],
        proposer_member=member if submission.source == PlanTopic.Source.MEMBER else None,
        note=f"来自{submission.call.title}:{submission.reason}"[:2000],
    )
    submission.plan_topic = topic
    submission.status = TopicSubmission.Status.ADOPTED
    submission.save(update_fields=["plan_topic", "status"])
    return topic


# --- online deliberation --------------------------------------------------------------------------
@transaction.atomic
def deliberation_open(
    *, activity: Activity, by: User, audience: str, closes_on: dt.date | None = None, is_open: bool = True
) -> Deliberation:
    """Open (or change) the online phase of an activity. Public only for an open (is_public) one."""
    _require(perms.can_manage(by))
    if audience not in Audience.values or audience == Audience.COMMITTEE:
        raise ValidationError("请选择参与范围。")
    if audience == Audience.PUBLIC and not activity.is_public:
        raise ValidationError("只有公开的协商活动可以向社会公众开放。")
    deliberation, _ = Deliberation.objects.select_for_update().get_or_create(activity=activity)
    deliberation.audience = audience
    deliberation.closes_on = closes_on
    deliberation.is_open = is_open
    deliberation.save()
    return deliberation


@transaction.atomic
def deliberation_publish_result(*, deliberation: Deliberation, by: User, summary: str) -> Deliberation:
    _require(perms.can_manage(by))
    deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
    deliberation.result_summary = _text(summary, "协商成果")
    deliberation.result_published = True
    deliberation.save(update_fields=["result_summary", "result_published"])
    return deliberation


def _parent(deliberation: Deliberation, parent: Opinion | None) -> Opinion | None:
    if parent is None:
        return None
    if parent.deliberation_id != deliberation.pk or parent.moderation != ModerationState.VISIBLE:
        raise ValidationError("所回复的意见不存在。")
    return parent.parent or parent  # one level of replies: a reply to a reply joins its thread


@transaction.atomic
def opinion_post(
    *, deliberation: Deliberation, by: User, text: str, parent: Opinion | None = None
) -> Opinion:
    deliberation = Deliberation.objects.select_for_update().select_related("activity").get(pk=deliberation.pk)
    _require(perms.can_post_opinion(by, deliberation), "网络议政已截止或未向您开放。")
    opinion = Opinion.objects.create(
        deliberation=deliberation,
        parent=_parent(deliberation, parent),
        author=by,
        text=_text(text, "意见"),
        after_session=timezone.localdate() > deliberation.activity.date,
    )
    if opinion.parent_id is None:  # a 书面意见 (not a reply) is a duty event
        duty_event_record(
            member=by.member,
            kind=DUTY_OPINION,
            date=timezone.localdate(),
            source=opinion,
            title=f"网络议政:{deliberation.activity.topic}"[:300],
        )
    return opinion


@transaction.atomic
def public_opinion_post(
    *, deliberation: Deliberation, name: str, phone: str, text: str, parent: Opinion | None = None
) -> Opinion:
    deliberation = Deliberation.objects.select_for_update().select_related("activity").get(pk=deliberation.pk)
    if not perms.public_may_post(deliberation):
        raise ValidationError("该协商未向社会公开征求意见或已截止。")
    name, phone = public.check_identity(name, phone)
    return Opinion.objects.create(
        deliberation=deliberation,
        parent=_parent(deliberation, parent),
        public_name=name,
        public_phone=phone,
        text=public.check_text(text, label="意见"),
        after_session=timezone.localdate() > deliberation.activity.date,
        moderation=ModerationState.PENDING,
    )


def _lock_opinion(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().select_related("deliberation__activity").get(pk=opinion.pk)


@transaction.atomic
def opinion_hide(*, opinion: Opinion, by: User, reason: str) -> Opinion:
    """Hide an off-topic post (or refuse a pending public one): hidden everywhere, reason kept."""
    _require(perms.can_manage(by))
    if not (reason or "").strip():
        raise ValidationError("请填写屏蔽理由。")
    opinion = _lock_opinion(opinion)
    if opinion.moderation == ModerationState.HIDDEN:
        raise ValidationError("该意见已被屏蔽。")
    opinion.moderation = ModerationState.HIDDEN
    opinion.save(update_fields=["moderation"])
    duty_event_withdraw(source=opinion, kind=DUTY_OPINION)  # a hidden post earns nothing
    ModerationRecord.objects.create(
        opinion=opinion, action=ModerationRecord.Action.HIDE, reason=reason.strip()[:300], by=by
    )
    return opinion


@transaction.atomic
def opinion_publish(*, opinion: Opinion, by: User) -> Opinion:
    _require(perms.can_manage(by))
    opinion = _lock_opinion(opinion)
    if opinion.moderation != ModerationState.PENDING:
        raise ValidationError("只有待审核的意见可以发布。")
    opinion.moderation = ModerationState.VISIBLE
    opinion.save(update_fields=["moderation"])
    ModerationRecord.objects.create(opinion=opinion, action=ModerationRecord.Action.PUBLISH, by=by)
    return opinion


@transaction.atomic
def opinion_to_suggestion(*, opinion: Opinion, by: User, text: str = ""):
    """Mark an opinion as one of the session's suggestions: a consultations Suggestion is created
    through its own service and the opinion keeps the link."""
    _require(perms.can_manage(by))
    opinion = _lock_opinion(opinion)
    if opinion.suggestion_id:
        raise ValidationError("该意见已形成协商建议。")
    if opinion.moderation != ModerationState.VISIBLE:
        raise ValidationError("未发布或已屏蔽的意见不能形成建议。")
    suggestion = suggestion_add(activity=opinion.deliberation.activity, text=(text or opinion.text), by=by)
    opinion.suggestion = suggestion
    opinion.save(update_fields=["suggestion"])
    return suggestion


# --- surveys and votes ----------------------------------------------------------------------------
def _check_audience(audience: str, special_committee) -> None:
    if audience not in (Audience.MEMBERS, Audience.COMMITTEE, Audience.PUBLIC):
        raise ValidationError("请选择问卷对象。")
    if audience == Audience.COMMITTEE and special_committee is None:
        raise ValidationError("请选择专委会。")


@transaction.atomic
def survey_create(
    *,
    by: User,
    title: str,
    year: int,
    audience: str,
    questions: Sequence[Mapping],
    description: str = "",
    special_committee=None,
    replace_allowed: bool = False,
    closes_on: dt.date | None = None,
) -> Survey:
    """questions: [{"kind": "single", "text": "...", "choices": ["A", "B"], "required": True}, ...]"""
    _require(perms.can_manage(by))
    _check_audience(audience, special_committee)
    if not questions:
        raise ValidationError("请至少添加一道题目。")
    survey = Survey.objects.create(
        title=_text(title, "标题", 200),
        description=description.strip(),
        year=year,
        audience=audience,
        special_committee=special_committee if audience == Audience.COMMITTEE else None,
        replace_allowed=replace_allowed,
        closes_on=closes_on,
        created_by=by,
    )
    for number, spec in enumerate(questions, start=1):
        kind = spec.get("kind")
        if kind not in Question.Kind.values:
            raise ValidationError(f"第{number}题的题型不正确。")
        labels = [c.strip() for c in spec.get("choices", []) if c.strip()]
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(labels) < 2:
            raise ValidationError(f"第{number}题至少需要两个选项。")
        question = Question.objects.create(
            survey=survey,
            order=number,
            kind=kind,
            text=_text(spec.get("text", ""), f"第{number}题题目", 300),
            required=spec.get("required", True),
        )
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            Choice.objects.bulk_create(
                Choice(question=question, order=i, label=label[:200]) for i, label in enumerate(labels, 1)
            )
    return survey


@transaction.atomic
def ranking_vote_create(
    *,
    by: User,
    call: TopicCall,
    title: str,
    pick_count: int,
    submission_ids: Iterable[int] | None = None,
    closes_on: dt.date | None = None,
) -> Survey:
    """A vote among a call's shortlisted topics: each member picks up to `pick_count`."""
    _require(perms.can_manage(by))
    candidates = call.submissions.filter(
        status=TopicSubmission.Status.SHORTLISTED, moderation=ModerationState.VISIBLE
    ).order_by("id")
    if submission_ids is not None:
        candidates = candidates.filter(pk__in=list(submission_ids))
    candidates = list(candidates)
    if len(candidates) < 2:
        raise ValidationError("入围议题不足两项,无法发起推选投票。")
    if not 1 <= pick_count < len(candidates):
        raise ValidationError(f"推选数量应在1至{len(candidates) - 1}之间。")
    survey = Survey.objects.create(
        kind=Survey.Kind.RANKING,
        title=_text(title, "标题", 200),
        year=call.year,
        audience=Audience.MEMBERS,
        call=call,
        pick_count=pick_count,
        closes_on=closes_on,
        created_by=by,
    )
    question = Question.objects.create(
        survey=survey,
        order=1,
        kind=Question.Kind.MULTIPLE,
        text=f"请从以下{len(candidates)}项中推选不超过{pick_count}项",
        max_choices=pick_count,
    )
    Choice.objects.bulk_create(
        Choice(question=question, order=i, label=s.title, submission=s) for i, s in enumerate(candidates, 1)
    )
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: User) -> Survey:
    _require(perms.can_manage(by))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    return survey


def _clean_answers(survey: Survey, raw: Mapping[int, object], *, public_text: bool) -> list[tuple]:
    """raw: question id -> list of choice ids (single/multiple), int (rating) or str (text)."""
    cleaned = []
    for question in survey.questions.prefetch_related("choices"):
        value = raw.get(question.pk)
        label = f"第{question.order}题"
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            valid = {c.pk: c for c in question.choices.all()}
            ids = [int(v) for v in (value or []) if str(v).isdigit()]
            chosen = list(dict.fromkeys(valid[i] for i in ids if i in valid))
            if len(chosen) != len(ids):
                raise ValidationError(f"{label}的选项不存在。")
            if question.kind == Question.Kind.SINGLE and len(chosen) > 1:
                raise ValidationError(f"{label}只能选一项。")
            if question.max_choices and len(chosen) > question.max_choices:
                raise ValidationError(f"{label}最多选{question.max_choices}项(您选了{len(chosen)}项)。")
            if question.required and not chosen:
                raise ValidationError(f"请回答{label}。")
            cleaned.append((question, chosen, None, ""))
        elif question.kind == Question.Kind.RATING:
            rating = int(value) if str(value or "").isdigit() else None
            if rating is not None and not 1 <= rating <= 5:
                raise ValidationError(f"{label}的评分应为1至5。")
            if question.required and rating is None:
                raise ValidationError(f"请回答{label}。")
            cleaned.append((question, [], rating, ""))
        else:
            text = str(value or "").strip()
            if question.required and not text:
                raise ValidationError(f"请回答{label}。")
            if text and public_text:
                text = public.check_text(text, label=label)
            elif len(text) > MAX_MEMBER_TEXT:
                raise ValidationError(f"{label}不能超过{MAX_MEMBER_TEXT}字。")
            cleaned.append((question, [], None, text))
    return cleaned


def _store_answers(response: SurveyResponse, cleaned: list[tuple]) -> None:
    response.answers.all().delete()
    for question, chosen, rating, text in cleaned:
        answer = Answer.objects.create(response=response, question=question, rating=rating, text=text)
        if chosen:
            answer.choices.set(chosen)


def _respond(survey: Survey, lookup: dict, extra: dict, cleaned: list[tuple]) -> SurveyResponse:
    existing = SurveyResponse.objects.select_for_update().filter(survey=survey, **lookup).first()
    if existing is not None:
        if not survey.replace_allowed:
            raise ValidationError("您已提交过答卷,本问卷不允许重复作答,以第一次提交为准。")
        response = existing
        response.save(update_fields=["submitted_at"])
    else:
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(survey=survey, **lookup, **extra)
        except IntegrityError:
            # a second tab or double click won the race: the first answer stands
            raise ValidationError("您已提交过答卷,以第一次提交为准。") from None
    _store_answers(response, cleaned)
    return response


@transaction.atomic
def survey_answer(*, survey: Survey, by: User, answers: Mapping[int, object]) -> SurveyResponse:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require(perms.can_answer_survey(by, survey), "该问卷已结束或不面向您。")
    cleaned = _clean_answers(survey, answers, public_text=False)
    return _respond(survey, {"respondent": by}, {}, cleaned)


@transaction.atomic
def public_survey_answer(
    *, survey: Survey, name: str, phone: str, answers: Mapping[int, object]
) -> SurveyResponse:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not perms.public_may_answer(survey):
        raise ValidationError("该问卷未向社会公开或已结束。")
    name, phone = public.check_identity(name, phone)
    cleaned = _clean_answers(survey, answers, public_text=True)
    return _respond(survey, {"respondent": None, "public_phone": phone}, {"public_name": name}, cleaned)


@transaction.atomic
def ranking_result_save(*, survey: Survey, by: User) -> list[TopicSubmission]:
    """Close the vote and save its top `pick_count` candidates as the committee's recommendation
    (ties at the cut are broken by the order the candidates were listed in)."""
    _require(perms.can_manage(by))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.kind != Survey.Kind.RANKING:
        raise ValidationError("只有推选投票可以保存推荐结果。")
    if not SurveyResponse.objects.filter(survey=survey).exists():
        raise ValidationError("尚无人投票,不能保存推荐结果。")
    choices = (
        Choice.objects.filter(question__survey=survey)
        .annotate(votes=Count("answers"))
        .order_by("-votes", "order", "id")
        .select_related("submission")
    )
    chosen = [c.submission for c in choices[: survey.pick_count]]
    TopicSubmission.objects.filter(call=survey.call_id, status=TopicSubmission.Status.RECOMMENDED).update(
        status=TopicSubmission.Status.SHORTLISTED, recommended_rank=None
    )
    for rank, submission in enumerate(chosen, start=1):
        TopicSubmission.objects.filter(pk=submission.pk).update(
            status=TopicSubmission.Status.RECOMMENDED, recommended_rank=rank
        )
    survey.status = Survey.Status.CLOSED
    survey.result_saved_at = timezone.now()
    survey.save(update_fields=["status", "result_saved_at"])
    return list(TopicSubmission.objects.filter(pk__in=[s.pk for s in chosen]).order_by("recommended_rank"))

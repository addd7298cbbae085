"""Every non-trivial read of participation, including what the public pages may show."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from consultations.models import Invitation
from members.models import User

from . import permissions as perms
from .models import (
    Answer,
    Audience,
    Choice,
    Deliberation,
    ModerationState,
    Opinion,
    Question,
    Survey,
    SurveyResponse,
    TopicCall,
    TopicSubmission,
)

VISIBLE = ModerationState.VISIBLE


# --- calls ----------------------------------------------------------------------------------------
def call_list(*, user: User) -> QuerySet[TopicCall]:
    return TopicCall.objects.annotate(
        submission_count=Count("submissions", filter=Q(submissions__moderation=VISIBLE))
    ).order_by("-year", "-id")


def call_submissions(*, call: TopicCall, user: User, status: str = "") -> QuerySet[TopicSubmission]:
    qs = call.submissions.select_related("author", "merged_into", "plan_topic").annotate(
        merged_count=Count("merged")
    )
    if not perms.sees_all_submissions(user):
        qs = qs.filter(author=user)
    if status in TopicSubmission.Status.values:
        qs = qs.filter(status=status)
    elif status in ModerationState.values:
        qs = qs.filter(moderation=status)
    return qs.order_by("recommended_rank", "id")


def recommended_topics(*, call: TopicCall) -> QuerySet[TopicSubmission]:
    return call.submissions.filter(status=TopicSubmission.Status.RECOMMENDED).order_by("recommended_rank")


# --- deliberations --------------------------------------------------------------------------------
def deliberation_list(*, user: User) -> QuerySet[Deliberation]:
    qs = Deliberation.objects.select_related("activity", "activity__kind").annotate(
        opinion_count=Count("opinions", filter=Q(opinions__moderation=VISIBLE))
    )
    if perms.sees_everything(user):
        return qs
    member = getattr(user, "member", None) if user.role == "member" else None
    if member is None:
        return qs.none()
    invited = Invitation.objects.filter(activity=OuterRef("activity"), member=member)
    return qs.filter(~Q(audience=Audience.INVITED) | Q(Exists(invited)))


def opinion_threads(*, deliberation: Deliberation, include_hidden: bool = False) -> list[Opinion]:
    """Top-level opinions with their replies; hidden and pending ones only for moderators."""
    states = list(ModerationState.values) if include_hidden else [VISIBLE]
    replies = Opinion.objects.filter(moderation__in=states).select_related("author", "suggestion")
    return list(
        deliberation.opinions.filter(parent=None, moderation__in=states)
        .select_related("author", "suggestion")
        .prefetch_related(Prefetch("replies", queryset=replies), "moderation_log__by")
    )


def export_opinions(*, deliberation: Deliberation) -> QuerySet[Opinion]:
    """What the Excel export lists: visible opinions only (hidden ones are hidden everywhere)."""
    return deliberation.opinions.filter(moderation=VISIBLE).select_related("author", "parent", "suggestion")


def moderation_queue() -> dict:
    return {
        "opinions": list(
            Opinion.objects.filter(moderation=ModerationState.PENDING).select_related(
                "deliberation__activity"
            )
        ),
        "submissions": list(
            TopicSubmission.objects.filter(moderation=ModerationState.PENDING).select_related("call")
        ),
    }


# --- surveys --------------------------------------------------------------------------------------
def survey_list(*, user: User) -> QuerySet[Survey]:
    qs = Survey.objects.annotate(response_count=Count("responses"))
    if perms.sees_everything(user):
        return qs
    member = getattr(user, "member", None) if user.role == "member" else None
    if member is None:
        return qs.none()
    return qs.exclude(status=Survey.Status.DRAFT).filter(
        ~Q(audience=Audience.COMMITTEE) | Q(special_committee__in=member.special_committees.all())
    )


def survey_questions(*, survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices"))


def my_response(*, survey: Survey, user: User) -> SurveyResponse | None:
    return (
        SurveyResponse.objects.filter(survey=survey, respondent=user).first()
        if user.is_authenticated
        else None
    )


def survey_results(*, survey: Survey) -> list[dict]:
    """Per question: choices with counts, the rating distribution and average, or the texts."""
    questions = list(
        survey.questions.prefetch_related(
            Prefetch(
                "choices", queryset=Choice.objects.annotate(votes=Count("answers")).order_by("order", "id")
            )
        ).annotate(answered=Count("answers"))
    )
    ratings = {}
    for row in (
        Answer.objects.filter(question__survey=survey, rating__isnull=False)
        .values("question", "rating")
        .annotate(n=Count("id"))
    ):
        ratings[(row["question"], row["rating"])] = row["n"]
    texts: dict[int, list[str]] = {}
    for row in Answer.objects.filter(question__survey=survey).exclude(text="").values("question", "text"):
        texts.setdefault(row["question"], []).append(row["text"])
    results = []
    for q in questions:
        item = {"question": q, "answered": q.answered}
        if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            item["choices"] = [
                {"label": c.label, "votes": c.votes, "submission_id": c.submission_id}
                for c in q.choices.all()
            ]
        elif q.kind == Question.Kind.RATING:
            dist = [{"label": f"{r}分", "votes": ratings.get((q.pk, r), 0)} for r in range(1, 6)]
            total = sum(d["votes"] for d in dist)
            item["choices"] = dist
            item["average"] = (
                round(sum((i + 1) * d["votes"] for i, d in enumerate(dist)) / total, 2) if total else None
            )
        else:
            item["texts"] = texts.get(q.pk, [])
        results.append(item)
    return results


def ranking_tally(*, survey: Survey) -> list[dict]:
    rows = (
        Choice.objects.filter(question__survey=survey)
        .annotate(votes=Count("answers"))
        .select_related("submission")
        .order_by("-votes", "order", "id")
    )
    return [
        {"label": c.label, "votes": c.votes, "submission": c.submission, "rank": i}
        for i, c in enumerate(rows, 1)
    ]


# --- public pages: only what is meant to be public -------------------------------------------------
def public_calls() -> QuerySet[TopicCall]:
    return TopicCall.objects.filter(open_to_public=True).order_by("-deadline", "-id")


def public_submissions(*, call: TopicCall) -> QuerySet[TopicSubmission]:
    """Published topics of a public call; no names of the public, no phone numbers (the template
    shows title, reason and source only)."""
    return (
        call.submissions.filter(moderation=VISIBLE)
        .exclude(status=TopicSubmission.Status.MERGED)
        .order_by("id")
    )


def public_deliberations() -> QuerySet[Deliberation]:
    return (
        Deliberation.objects.filter(audience=Audience.PUBLIC, activity__is_public=True)
        .select_related("activity", "activity__kind")
        .order_by("-activity__date", "-id")
    )


def public_results() -> QuerySet[Deliberation]:
    return (
        Deliberation.objects.filter(result_published=True, activity__is_public=True)
        .select_related("activity", "activity__kind")
        .order_by("-activity__date", "-id")
    )


def public_recommendations() -> QuerySet[Survey]:
    return (
        Survey.objects.filter(
            kind=Survey.Kind.RANKING, result_saved_at__isnull=False, call__open_to_public=True
        )
        .select_related("call")
        .order_by("-year", "-id")
    )


def public_replies(
    *, year: int | None = None, category: int | None = None, unit: int | None = None, q: str = ""
):
    """提案办理结果公开: replies staff marked 可公开 and checked, of proposals whose reply may be public."""
    from proposals.models import Reply
    from proposals.permissions import PUBLIC_REPLY_STATES

    qs = Reply.objects.filter(
        is_public=True,
        checked_on__isnull=False,
        proposal__reply_public=True,
        proposal__number__isnull=False,
        proposal__status__in=PUBLIC_REPLY_STATES,
    ).select_related("proposal", "proposal__category", "assignment__unit", "reply_class")
    if year:
        qs = qs.filter(proposal__year=year)
    if category:
        qs = qs.filter(proposal__category_id=category)
    if unit:
        qs = qs.filter(assignment__unit_id=unit)
    if q:
        qs = qs.filter(Q(proposal__title__icontains=q) | Q(text__icontains=q))
    return qs.order_by("-proposal__year", "-submitted_on", "-id")

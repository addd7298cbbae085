"""Figures of participation for the dashboard, the annual report's placeholders and the Excel
export (joined to reports/figures.py's registry). Each figure's link opens figure_list, which shows
exactly the rows the figure counts: both read the querysets below."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from consultations.models import PlanTopic
from reports.figures import Figure, count, link

from .models import ModerationState, Opinion, SurveyResponse, TopicSubmission

GROUP = "协商参与"
LIST = "participation:figure_list"


def topics_qs(*, year: int, source: str = "") -> QuerySet[TopicSubmission]:
    """Topics collected in calls for the year's plan (published ones; merged duplicates count once)."""
    qs = TopicSubmission.objects.filter(call__year=year, moderation=ModerationState.VISIBLE).exclude(
        status=TopicSubmission.Status.MERGED
    )
    return qs.filter(source=source) if source else qs


def opinions_qs(*, year: int) -> QuerySet[Opinion]:
    """Published 书面意见 (replies included) in the online phase of the year's activities."""
    return Opinion.objects.filter(deliberation__activity__date__year=year, moderation=ModerationState.VISIBLE)


def responses_qs(*, year: int) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(survey__year=year)


def member_participants(*, year: int) -> list[dict]:
    """Distinct members who submitted a topic, posted an opinion or answered a survey."""
    from members.models import User

    users = User.objects.filter(
        Q(pk__in=topics_qs(year=year).filter(author__role="member").values("author"))
        | Q(pk__in=opinions_qs(year=year).filter(author__role="member").values("author"))
        | Q(pk__in=responses_qs(year=year).filter(respondent__role="member").values("respondent"))
    ).order_by("username")
    return [{"name": u.display_name, "detail": u.username} for u in users]


def public_participants(*, year: int) -> list[dict]:
    """Distinct members of the public (by phone) whose topic, opinion or answer was accepted."""
    phones: dict[str, str] = {}
    for qs in (
        topics_qs(year=year).filter(source=PlanTopic.Source.PUBLIC),
        opinions_qs(year=year).filter(author__isnull=True),
        responses_qs(year=year).filter(respondent__isnull=True),
    ):
        for name, phone in qs.values_list("public_name", "public_phone"):
            phones.setdefault(phone, name)
    return [{"name": name, "detail": _mask(phone)} for phone, name in sorted(phones.items())]


def _mask(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def participation_stats(*, year: int) -> dict:
    by_source = dict(
        topics_qs(year=year).values_list("source").annotate(n=Count("id")).values_list("source", "n")
    )
    stats = {f"topics_{s}": by_source.get(s, 0) for s in PlanTopic.Source.values}
    stats.update(
        topics=sum(by_source.values()),
        opinions=opinions_qs(year=year).count(),
        responses=responses_qs(year=year).count(),
        members=len(member_participants(year=year)),
        public=len(public_participants(year=year)),
    )
    return stats


def figure_rows(*, code: str, year: int) -> tuple[str, list[dict]]:
    """The drill-down list behind a figure: exactly the rows it counts."""
    label = LISTS[code]
    if code.startswith("topics"):
        source = code.split("_", 1)[1] if "_" in code else ""
        rows = [
            {"name": t.title, "detail": f"{t.source_label} · {t.call.title}"}
            for t in topics_qs(year=year, source=source).select_related("call").order_by("id")
        ]
    elif code == "opinions":
        rows = [
            {"name": o.text[:60], "detail": f"{o.deliberation.activity.topic} · {o.author_name}"}
            for o in opinions_qs(year=year).select_related("deliberation__activity", "author").order_by("id")
        ]
    elif code == "responses":
        rows = [
            {"name": r.survey.title, "detail": r.respondent.display_name if r.respondent_id else "社会公众"}
            for r in responses_qs(year=year).select_related("survey", "respondent").order_by("id")
        ]
    elif code == "members":
        rows = member_participants(year=year)
    else:
        rows = public_participants(year=year)
    return label, rows


LISTS = {
    "topics": "征集议题",
    **{f"topics_{v}": f"征集议题·{label}" for v, label in PlanTopic.Source.choices},
    "opinions": "网络议政意见",
    "responses": "问卷与投票答卷",
    "members": "参与委员",
    "public": "参与群众",
}

SOURCES = {"participation_stats": ("consultations.participation.figures", "participation_stats")}

FIGURES = [
    Figure(
        "participation.topics",
        "征集议题",
        "条",
        "本年度议题征集中收到并发布的议题(合并的重复议题只计一次)",
        count("participation_stats", "topics"),
        link(LIST, figure="topics"),
        GROUP,
    ),
    *[
        Figure(
            f"participation.topics_{value}",
            f"征集议题({label})",
            "条",
            f"来源为“{label}”的征集议题",
            count("participation_stats", f"topics_{value}"),
            link(LIST, figure=f"topics_{value}"),
            GROUP,
        )
        for value, label in PlanTopic.Source.choices
    ],
    Figure(
        "participation.opinions",
        "网络议政意见",
        "条",
        "本年度协商活动网络议政中发布的书面意见和回复(不含屏蔽和待审核的)",
        count("participation_stats", "opinions"),
        link(LIST, figure="opinions"),
        GROUP,
    ),
    Figure(
        "participation.members",
        "参与委员",
        "人",
        "本年度荐题、发表意见或参与问卷投票的委员(每人计一次)",
        count("participation_stats", "members"),
        link(LIST, figure="members"),
        GROUP,
    ),
    Figure(
        "participation.public",
        "参与群众",
        "人",
        "本年度出题、发表意见或答卷且经审核发布的社会公众(按电话计一次)",
        count("participation_stats", "public"),
        link(LIST, figure="public"),
        GROUP,
    ),
    Figure(
        "participation.responses",
        "问卷与投票答卷",
        "份",
        "本年度问卷和推选投票收到的答卷",
        count("participation_stats", "responses"),
        link(LIST, figure="responses"),
        GROUP,
    ),
]

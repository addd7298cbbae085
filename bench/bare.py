"""Bare views: the yardstick each bench page is measured against (issue 14).

For every page in bench.pages there is one view here that reads the same rows as the page (same
filter, ordering and page size, the columns the page shows) in ONE query and renders them with a
minimal template (templates/bench/bare.html). Pages without a list (the dashboard, the
homes) get "a logged-in page with no queries". They sit behind the same middleware and login as
the portal, so page ÷ bare is what the portal adds over Django itself.

Mounted under /_bench/ only when the setting or environment variable BENCH_BARE_VIEWS=1
(cppcc/urls.py). On purpose independent of the portal's selectors, filters and templates: plain
ORM over the models with literal state values, so a rename elsewhere does not break the bench.
The total a paginated page shows comes in the same query: a scalar subquery counting the same
filter (an uncorrelated InitPlan, run once — a window count would read every matching row with
its joins before the LIMIT), or a window count where the rows are groups anyway (the ranking).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Func, Q, Subquery, Sum, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

PAGE = 30  # proposals, quick reports, notifications, suggestions, meetings, announcements
MEMBERS_PAGE = 50  # directory, ranking
PICKER = 20


def _int(request: HttpRequest, name: str, default: int | None = None) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else default


def _year(request: HttpRequest) -> int:
    return _int(request, "year") or timezone.localdate().year


def _count(qs):
    """SELECT COUNT(*) of `qs`'s filter, as a scalar subquery for the page's query."""
    return Subquery(qs.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")[:1])


def _table(
    request, title: str, qs, columns: list[str], size: int | None = PAGE, *, count_qs=None, window=False
) -> HttpResponse:
    """Evaluate `qs` as ONE query — the page slice plus the total (a scalar subquery over
    `count_qs`, by default `qs` itself; a window count with `window=True`) — and render it."""
    if size is not None:
        total_expr = Window(Count("*")) if window else _count(qs if count_qs is None else count_qs)
        rows = list(qs.annotate(_total=total_expr)[:size].values_list(*columns, "_total"))
        total = rows[0][-1] if rows else 0
        rows = [r[:-1] for r in rows]
    else:
        rows = list(qs.values_list(*columns))
        total = len(rows)
    return render(
        request, "bench/bare.html", {"title": title, "columns": columns, "rows": rows, "total": total}
    )


def _empty(request, title: str) -> HttpResponse:
    return render(request, "bench/bare.html", {"title": title, "columns": [], "rows": [], "total": 0})


# --- proposals -----------------------------------------------------------------------------------
PROPOSAL_COLUMNS = [
    "id",
    "series",
    "number",
    "title",
    "lead_member__name",
    "organisation__name",
    "category__name",
    "lead_unit__name",
    "due_on",
    "status",
]


def proposals(request):
    """提案管理: the register with the filters the bench uses (year, status, proposer_type,
    replied, q). The keyword uses the same rows as the page's keyword filter (title or body
    contains the term)."""
    from proposals.models import Proposal

    qs = Proposal.objects.exclude(status__in=("draft", "returned")).order_by("-year", "-submitted_at", "-id")
    if year := _int(request, "year"):
        qs = qs.filter(year=year)
    if status := request.GET.get("status"):
        qs = qs.filter(status=status)
    if proposer_type := request.GET.get("proposer_type"):
        qs = qs.filter(proposer_type=proposer_type)
    if request.GET.get("replied") == "1":
        qs = qs.filter(number__isnull=False, replied_on__isnull=False)
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return _table(request, "提案管理", qs, PROPOSAL_COLUMNS)


def proposal_detail(request):
    """提案详情: the proposal's own fields with the names the page shows, one row."""
    from proposals.models import Proposal

    qs = Proposal.objects.filter(pk=_int(request, "pk", 0))
    columns = [
        *PROPOSAL_COLUMNS,
        "body",
        "plenary__year",
        "plenary__number",
        "reply_class__code",
        "submitted_at",
        "rating",
    ]
    return _table(request, "提案详情", qs, columns, size=None)


def proposal_unit(request):
    from proposals.models import Assignment

    qs = Assignment.objects.filter(unit_id=request.user.handling_unit_id, is_active=True).order_by(
        "replied_on", "due_on", "id"
    )
    columns = [
        "proposal__series",
        "proposal__number",
        "proposal__title",
        "kind",
        "proposal__lead_member__name",
        "proposal__organisation__name",
        "due_on",
        "proposal__status",
    ]
    return _table(request, "承办单位待办", qs, columns)


def proposal_batch(request):
    from proposals.models import Proposal

    qs = Proposal.objects.filter(status__in=("submitted", "reviewing")).order_by("submitted_at", "id")
    columns = ["id", "title", "category__name", "lead_unit__name", "lead_member__name", "submitted_at"]
    return _table(request, "批量审查交办", qs, columns, size=50)


def proposal_mine(request):
    from proposals.models import Proposal, ProposalSigner

    signed = ProposalSigner.objects.filter(member__user=request.user).values("proposal_id")
    qs = Proposal.objects.filter(Q(created_by=request.user) | Q(pk__in=signed)).order_by("-created_at", "-id")
    return _table(request, "我的提案", qs, PROPOSAL_COLUMNS)


# --- members ---------------------------------------------------------------------------------------
def member_directory(request):
    from members.models import Member

    qs = Member.objects.filter(is_active=True).order_by("sector__order", "name", "id")
    columns = ["id", "name", "sector__name", "position", "work_committee__name", "work_unit", "job_title"]
    return _table(request, "委员名录", qs, columns, size=MEMBERS_PAGE)


DUTY_COLUMNS = ["date", "kind", "title", "points", "note"]


def member_duty(request):
    """委员履职档案: one member's duty events of the year, newest first (the page lists them all)."""
    from members.models import DutyEvent

    year = _year(request)
    qs = DutyEvent.objects.filter(
        member_id=_int(request, "member", 0), date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
    ).order_by("-date", "-id")
    return _table(request, "委员履职档案", qs, DUTY_COLUMNS, size=None)


def my_duty(request):
    from members.models import DutyEvent

    year = _year(request)
    qs = DutyEvent.objects.filter(
        member__user=request.user, date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
    ).order_by("-date", "-id")
    return _table(request, "我的履职", qs, DUTY_COLUMNS, size=None)


def ranking(request):
    """履职排名: the year's points per active member, best first, a page of 50 (one grouped pass)."""
    from members.models import Member

    year = _year(request)
    in_year = Q(duty_events__date__gte=dt.date(year, 1, 1), duty_events__date__lte=dt.date(year, 12, 31))
    qs = (
        Member.objects.filter(is_active=True)
        .annotate(score=Sum("duty_events__points", filter=in_year, default=0))
        .order_by("-score", "name", "id")
    )
    return _table(
        request, "履职排名", qs, ["id", "name", "sector__name", "score"], size=MEMBERS_PAGE, window=True
    )


def notifications(request):
    from members.models import Notification

    qs = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    return _table(request, "通知", qs, ["id", "title", "text", "url", "created_at", "read_at"])


def picker(request):
    """选人: active members whose name or work unit contains the term, by name, 20 and the total."""
    from members.models import Member

    q = request.GET.get("picker_q", "").strip()
    qs = (
        Member.objects.filter(is_active=True)
        .filter(Q(name__icontains=q) | Q(work_unit__icontains=q))
        .order_by("name", "id")
    )
    columns = ["id", "name", "work_unit", "sector__name", "work_committee__name"]
    return _table(request, "选人", qs, columns, size=PICKER)


def visits(request):
    """走访记录: visits (of ?year=, or all), newest first, with member, village and heard items."""
    from members.bodies.models import Visit

    visits = Visit.objects.all()
    if year := _int(request, "year"):
        visits = visits.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    qs = visits.annotate(
        n_items=Count("items"), n_done=Count("items", filter=~Q(items__outcome="pending"))
    ).order_by("-date", "-id")
    columns = [
        "id",
        "date",
        "member__name",
        "village__name",
        "village__work_committee__name",
        "n_items",
        "n_done",
    ]
    return _table(request, "走访记录", qs, columns, count_qs=visits)


# --- consultations, meetings, participation -------------------------------------------------------
def suggestions(request):
    from consultations.models import Suggestion

    open_states = ("pending", "assigned", "in_progress", "implemented", "partial", "not_adopted")
    qs = Suggestion.objects.filter(status__in=open_states).order_by(
        "activity__date", "activity_id", "number", "id"
    )
    columns = [
        "id",
        "activity__topic",
        "activity__date",
        "number",
        "text",
        "unit__name",
        "due_date",
        "status",
    ]
    return _table(request, "协商建议看板", qs, columns)


def meetings(request):
    from consultations.meetings.models import Meeting

    qs = Meeting.objects.annotate(invited=Count("invitations")).order_by("-start_date", "-id")
    columns = ["id", "title", "kind__name", "start_date", "end_date", "place", "status", "invited"]
    return _table(request, "会议", qs, columns, count_qs=Meeting.objects.all())


def meeting_roll(request):
    """出席名册: every invited member with their sector and the state at each session (aggregated
    into one array per member in the same query)."""
    from django.contrib.postgres.aggregates import ArrayAgg

    from consultations.meetings.models import MeetingInvitation

    qs = (
        MeetingInvitation.objects.filter(meeting_id=_int(request, "meeting", 0))
        .annotate(marks=ArrayAgg("session_attendance__status", order_by=("session_attendance__session_id",)))
        .order_by("role", "member__sector__order", "member__name")
    )
    return _table(
        request, "出席名册", qs, ["member__name", "member__sector__name", "response", "marks"], size=None
    )


def topic_calls(request):
    """议题征集 (the participation index): the ten newest calls with their number of submissions."""
    from consultations.participation.models import TopicCall

    qs = TopicCall.objects.annotate(n=Count("submissions")).order_by("-year", "-id")[:10]
    return _table(request, "议题征集", qs, ["id", "year", "title", "deadline", "status", "n"], size=None)


def surveys(request):
    """问卷: the surveys open to members (not drafts), newest first, with their response counts."""
    from consultations.participation.models import Survey

    qs = Survey.objects.exclude(status="draft").annotate(n=Count("responses")).order_by("-year", "-id")[:200]
    return _table(request, "问卷", qs, ["id", "year", "title", "status", "closes_on", "n"], size=None)


# --- quick reports --------------------------------------------------------------------------------
QUICK_COLUMNS = [
    "id",
    "kind",
    "text",
    "category__name",
    "work_committee__name",
    "unit__name",
    "submitted_at",
    "due_on",
    "status",
]


def quick_triage(request):
    from proposals.quickreports.models import QuickReport

    qs = QuickReport.objects.filter(status__in=("submitted", "triage", "supervising")).order_by(
        "submitted_at", "id"
    )
    return _table(request, "微建议分拨", qs, QUICK_COLUMNS)


def quick_unit(request):
    from proposals.quickreports.models import QuickReport

    qs = QuickReport.objects.filter(unit_id=request.user.handling_unit_id, status="routed").order_by(
        "due_on", "id"
    )
    return _table(request, "微建议承办单位待办", qs, QUICK_COLUMNS)


def quick_register(request):
    """微建议登记 with ?year= and ?flag=overdue (routed and past its due date)."""
    from proposals.quickreports.models import QuickReport

    year = _year(request)
    qs = QuickReport.objects.filter(
        submitted_on__gte=dt.date(year, 1, 1), submitted_on__lte=dt.date(year, 12, 31)
    ).order_by("-submitted_at", "-id")
    if request.GET.get("flag") == "overdue":
        qs = qs.filter(status="routed", due_on__lt=timezone.localdate())
    return _table(request, "微建议登记", qs, QUICK_COLUMNS)


def quick_league(request):
    """微建议单位排行: per unit, the year's counts (one grouped pass)."""
    from proposals.quickreports.models import QuickReport

    year = _year(request)
    qs = (
        QuickReport.objects.filter(
            unit__isnull=False, submitted_on__gte=dt.date(year, 1, 1), submitted_on__lte=dt.date(year, 12, 31)
        )
        .values("unit_id", "unit__name")
        .annotate(
            submitted=Count("pk"),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            on_time=Count("pk", filter=Q(answered_on_time=True)),
            resolved=Count("pk", filter=Q(status="resolved")),
        )
        .order_by("-on_time", "unit_id")
    )
    columns = ["unit_id", "unit__name", "submitted", "answered", "on_time", "resolved"]
    return _table(request, "微建议单位排行", qs, columns, size=None)


# --- announcements ----------------------------------------------------------------------------------
def announcements(request):
    """通知公告: staff see every announcement with read and 回执 counts; anyone else their inbox."""
    from members.briefing.models import Announcement, AnnouncementRecipient

    if request.GET.get("staff") == "1":
        qs = Announcement.objects.annotate(
            read=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
            receipts=Count("recipients", filter=Q(recipients__receipt_at__isnull=False)),
        ).order_by("-published_at", "-created_at", "-id")
        return _table(
            request,
            "通知公告",
            qs,
            ["id", "title", "kind", "status", "published_at", "recipient_count", "read", "receipts"],
            count_qs=Announcement.objects.all(),
        )
    qs = AnnouncementRecipient.objects.filter(user=request.user, announcement__status="published").order_by(
        "-announcement__published_at", "-announcement_id"
    )
    columns = [
        "announcement_id",
        "announcement__title",
        "announcement__published_at",
        "read_at",
        "receipt_at",
    ]
    return _table(request, "通知公告", qs, columns)


def empty(request):
    """A logged-in page with no queries (the yardstick for the dashboard and the homes)."""
    return _empty(request, "首页")


VIEWS = {
    "proposals": proposals,
    "proposal": proposal_detail,
    "proposal-unit": proposal_unit,
    "proposal-batch": proposal_batch,
    "proposal-mine": proposal_mine,
    "directory": member_directory,
    "duty": member_duty,
    "my-duty": my_duty,
    "ranking": ranking,
    "notifications": notifications,
    "picker": picker,
    "visits": visits,
    "suggestions": suggestions,
    "meetings": meetings,
    "roll": meeting_roll,
    "topic-calls": topic_calls,
    "surveys": surveys,
    "quick-triage": quick_triage,
    "quick-unit": quick_unit,
    "quick": quick_register,
    "quick-league": quick_league,
    "announcements": announcements,
    "empty": empty,
}


def dispatch(request, name: str):
    view = VIEWS.get(name)
    if view is None:
        raise Http404
    return view(request)


urlpatterns = [path("<slug:name>/", dispatch, name="bench_bare")]

"""Reads of members.bodies: the people picker, body pages, visits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from members.models import Member, Sector, SpecialCommittee, User, WorkCommittee

from . import permissions
from .body import Body
from .models import ContactVillage, HeardItem, OrganiserRole, Visit

PICKER_LIMIT = 20
GROUP_LIMIT = 500  # "add the whole group" adds at most this many at once


@dataclass
class PickerFilters:
    q: str = ""
    sector: int | None = None
    committee: int | None = None
    town: int | None = None

    @property
    def has_group(self) -> bool:
        return bool(self.sector or self.committee or self.town)

    @property
    def empty(self) -> bool:
        return not (self.q or self.has_group)


def picker_queryset(filters: PickerFilters, exclude: set[int] = frozenset()) -> QuerySet[Member]:
    qs = Member.objects.filter(is_active=True)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(work_unit__icontains=filters.q))
    if filters.sector:
        qs = qs.filter(sector_id=filters.sector)
    if filters.town:
        qs = qs.filter(work_committee_id=filters.town)
    if filters.committee:
        qs = qs.filter(special_committees=filters.committee)
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    return qs


def picker_search(filters: PickerFilters, exclude: set[int] = frozenset()) -> tuple[list[Member], int]:
    """Up to PICKER_LIMIT matches and how many there are in all (2 queries, whatever the roster size)."""
    if filters.empty:
        return [], 0
    qs = picker_queryset(filters, exclude)
    total = qs.count()
    rows = list(
        qs.select_related("sector", "work_committee")
        .only("id", "name", "work_unit", "sector__name", "work_committee__name")
        .order_by("name", "id")[:PICKER_LIMIT]
    )
    return rows, total


def picker_members(ids) -> list[Member]:
    return list(
        Member.objects.filter(pk__in=list(ids)[:GROUP_LIMIT], is_active=True)
        .select_related("sector", "work_committee")
        .only("id", "name", "sector__name", "work_committee__name")
        .order_by("name", "id")
    )


def picker_group(filters: PickerFilters, exclude: set[int] = frozenset()) -> list[Member]:
    return list(
        picker_queryset(filters, exclude)
        .select_related("sector", "work_committee")
        .only("id", "name", "sector__name", "work_committee__name")
        .order_by("name", "id")[:GROUP_LIMIT]
    )


def picker_options() -> dict:
    """The filter lists the picker offers (3 small queries)."""
    return {
        "sectors": list(Sector.objects.filter(is_active=True).only("id", "name")),
        "committees": list(SpecialCommittee.objects.filter(is_active=True).only("id", "name")),
        "towns": list(WorkCommittee.objects.filter(is_active=True).only("id", "name")),
    }


# --- bodies --------------------------------------------------------------------------------------
def all_bodies() -> list[tuple[str, list[Body]]]:
    """Every body grouped by type, with its member count (3 queries)."""
    special = SpecialCommittee.objects.filter(is_active=True).annotate(
        n=Count("members", filter=Q(members__is_active=True))
    )
    work = WorkCommittee.objects.filter(is_active=True).annotate(
        n=Count("members", filter=Q(members__is_active=True))
    )
    sectors = Sector.objects.filter(is_active=True).annotate(
        n=Count("members", filter=Q(members__is_active=True))
    )
    return [
        ("专门委员会", [Body("special", o) for o in special]),
        ("镇街工委", [Body("work", o) for o in work]),
        ("界别", [Body("sector", o) for o in sectors]),
    ]


def my_bodies(user: User) -> list[Body]:
    roles = OrganiserRole.objects.filter(user=user, is_active=True).select_related(
        "special_committee", "work_committee", "sector"
    )
    return [Body(r.body_type, r.body) for r in roles]


def body_organisers(body: Body) -> list[OrganiserRole]:
    return list(
        OrganiserRole.objects.filter(body_type=body.type, is_active=True, **{body.field: body.obj})
        .select_related("user")
        .order_by("title", "id")
    )


def body_members(body: Body) -> QuerySet[Member]:
    return body.members().select_related("sector", "work_committee").order_by("name", "id")


def body_activities(body: Body, *, user: User, year: int) -> QuerySet:
    from consultations.models import Activity
    from consultations.permissions import activity_visibility_q

    qs = (
        Activity.objects.filter(body.activity_q(), date__year=year)
        .select_related("kind")
        .annotate(
            n_invited=Count("invitations", distinct=True), n_suggestions=Count("suggestions", distinct=True)
        )
        .order_by("-date", "-id")
    )
    visible = activity_visibility_q(user)
    return qs.filter(visible) if visible is not None else qs


def body_plan_topics(body: Body, *, year: int) -> QuerySet:
    """Plan items: for a 专委会 the topics it leads; for every body the topics its activities took up."""
    from consultations.models import PlanTopic

    q = Q(activities__in=_body_activity_ids(body, year))
    if body.type == "special":
        q |= Q(lead_committee_id=body.id)
    return (
        PlanTopic.objects.filter(q, year=year)
        .select_related("kind", "lead_committee")
        .distinct()
        .order_by("planned_month", "id")
    )


def _body_activity_ids(body: Body, year: int):
    from consultations.models import Activity

    return Activity.objects.filter(body.activity_q(), date__year=year).values("pk")


def body_suggestions(body: Body, *, year: int) -> QuerySet:
    from consultations.models import Suggestion

    return (
        Suggestion.objects.filter(body.activity_q("activity__"), activity__date__year=year)
        .select_related("activity", "unit")
        .order_by("activity__date", "number", "id")
    )


def body_suggestion_progress(body: Body, *, year: int) -> list[tuple[str, int]]:
    from consultations.models import SuggestionStatus

    counts = dict(
        body_suggestions(body, year=year)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [(label, counts.get(value, 0)) for value, label in SuggestionStatus.choices]


# --- visits --------------------------------------------------------------------------------------
def my_contact_villages(member: Member) -> list[ContactVillage]:
    return list(member.contact_villages.select_related("village__work_committee"))


def visit_list(*, user: User, year: int | None = None) -> QuerySet[Visit]:
    qs = Visit.objects.select_related("member", "village__work_committee").annotate(
        n_items=Count("items", distinct=True),
        n_done=Count("items", filter=~Q(items__outcome=HeardItem.Outcome.PENDING), distinct=True),
    )
    visible = permissions.visit_visibility_q(user)
    if visible is not None:
        qs = qs.filter(visible)
    if year:
        qs = qs.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    return qs.order_by("-date", "-id")


def visit_get(pk: int) -> Visit:
    return Visit.objects.select_related("member", "village__work_committee").get(pk=pk)


def visit_items(visit: Visit) -> list[HeardItem]:
    return list(visit.items.select_related("target_type").order_by("id"))


# --- proposal picker (并案's 主提案) ----------------------------------------------------------------
def proposal_search(q: str) -> tuple[list, int]:
    """Proposals past the draft stage whose 案由 contains the text, or whose number or id is the text
    (2 queries). members.bodies reads proposals only here, through the model's own fields."""
    from proposals.models import Proposal

    q = q.strip()
    if not q:
        return [], 0
    cond = Q(title__icontains=q)
    if q.isdigit() and len(q) < 10:
        cond |= Q(number=int(q)) | Q(pk=int(q))
    qs = Proposal.objects.filter(cond).exclude(status__in=["draft", "returned"])
    return list(qs.order_by("-year", "-pk")[:PICKER_LIMIT]), qs.count()


def proposals_by_id(ids) -> list:
    from proposals.models import Proposal

    return list(Proposal.objects.filter(pk__in=list(ids)[:10]))

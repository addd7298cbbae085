"""Reads of proposals/: lists for each role, the register, similar proposals and the statistics the
reports engineer builds the dashboard on. Every statistic is one aggregate query (or a handful),
whatever the number of rows.

The year of a proposal (`Proposal.year`) is the plenary's year for 大会提案 and the calendar year
of submission for 平时提案, so "2020年" means 十三届四次会议 plus the 2020 平时提案.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from members.models import Instruction, Member, User

from . import conf
from .models import (
    OPEN_HANDLING_STATES,
    Assignment,
    Proposal,
    ProposalSigner,
    ProposalStatus,
    PublicOpinion,
    accepted_q,
    overdue_q,
)
from .permissions import PRIVATE_STATES, is_oversight, opinion_visibility_q, proposal_visibility_q

S = ProposalStatus
# Each page selects and joins what it shows and nothing else: every join costs PostgreSQL planning
# time (plenary__term alone took the register's planning from 1.5 ms to 38 ms) and the body is
# the largest column. The proposal tables (_table.html, the home panels, the dashboard) show the
# number, title, proposer, category, lead unit, due date and status badges.
TABLE_RELATED = ("category", "lead_member", "organisation", "lead_unit")
TABLE_FIELDS = (
    "id",
    "title",
    "series",
    "number",
    "status",
    "due_on",
    "is_key",
    "is_excellent",
    "category",
    "category__name",
    "lead_member",
    "lead_member__name",
    "organisation",
    "organisation__name",
    "lead_unit",
    "lead_unit__name",
)
# the Excel export (proposals.resources.ProposalResource) also shows the reply class
EXPORT_RELATED = (*TABLE_RELATED, "reply_class")


def _base() -> QuerySet[Proposal]:
    """Proposals without joins: each page narrows with table_rows / export_rows / proposal_get."""
    return Proposal.objects.all()


def table_rows(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """`qs` narrowed to the columns and joins of a proposal table (no body, no plenary)."""
    return qs.select_related(None).select_related(*TABLE_RELATED).only(*TABLE_FIELDS)


def export_rows(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """`qs` with the relations the Excel export reads, without the body."""
    return qs.select_related(None).select_related(*EXPORT_RELATED).defer("body")


# --- lists -----------------------------------------------------------------------------------
def proposal_visible(*, user: User) -> QuerySet[Proposal]:
    return _base().filter(proposal_visibility_q(user))


def proposal_get(*, user: User, pk: int) -> Proposal:
    """One proposal the user may see, or Proposal.DoesNotExist (the view turns it into a 404)."""
    # Eight one-table joins for what every page of a proposal shows (status badges, proposer,
    # category, lead unit, leader, reject reason, plenary with its term) instead of eleven: the
    # proposal it was merged into comes with the proposals merged into it (proposal_detail_parts),
    # the body is read. The plenary is joined, not prefetched, so that the page makes the same
    # number of queries whether or not the proposal has one (tests/test_scale.py).
    return (
        proposal_visible(user=user)
        .select_related(*TABLE_RELATED, "supervising_leader", "reject_reason", "plenary__term")
        .prefetch_related(
            Prefetch("signers", queryset=ProposalSigner.objects.select_related("member")),
            "attachments",
        )
        .get(pk=pk)
    )


def proposal_detail_parts(*, proposal: Proposal) -> dict:
    return {
        "events": list(proposal.events.select_related("actor")),
        "assignments": list(proposal.assignments.select_related("unit").prefetch_related("contacts")),
        "replies": list(proposal.replies.select_related("reply_class", "assignment__unit")),
        "ratings": list(proposal.ratings.select_related("rated_by")),
        "follow_ups": list(proposal.follow_ups.all()),
        "instructions": list(
            Instruction.objects.filter(
                target_type__app_label="proposals", target_type__model="proposal", target_id=proposal.pk
            ).select_related("leader")
        ),
        "merged": _merged_with(proposal),
    }


def _merged_with(proposal: Proposal) -> list[Proposal]:
    """The proposals merged into this one; the one it was merged into (if any) comes in the same
    query and is put in place of proposal.merged_into."""
    cond = Q(merged_into=proposal)
    if proposal.merged_into_id:
        cond |= Q(pk=proposal.merged_into_id)
    rows = list(
        Proposal.objects.filter(cond).only("id", "title", "status", "series", "number", "merged_into")
    )
    if proposal.merged_into_id:
        target = next((p for p in rows if p.pk == proposal.merged_into_id), None)
        Proposal._meta.get_field("merged_into").set_cached_value(proposal, target)
    return [p for p in rows if p.merged_into_id == proposal.pk]


def proposal_list_mine(*, user: User) -> QuerySet[Proposal]:
    """A member's proposals: led, co-signed (confirmed or still invited) and drafts they created."""
    # The ids first, as a UNION of two index lookups (one small query): an OR of the two
    # conditions tests every proposal, and an IN (UNION) subquery makes PostgreSQL join the whole
    # table before the semi-join. A member has tens of proposals, not thousands.
    created = Proposal.objects.filter(created_by=user).order_by().values_list("pk", flat=True)
    signed = (
        ProposalSigner.objects.filter(member__user=user)
        .exclude(answer=ProposalSigner.Answer.DECLINED)
        .order_by()
        .values_list("proposal_id", flat=True)
    )
    ids = list(created.union(signed))
    return table_rows(_base().filter(pk__in=ids)).order_by("-created_at", "-id")


def cosign_invitations(*, user: User) -> QuerySet[ProposalSigner]:
    return (
        ProposalSigner.objects.filter(
            member__user=user, role=ProposalSigner.Role.COSIGNER, answer=ProposalSigner.Answer.INVITED
        )
        .exclude(proposal__status__in=(S.REJECTED, S.MERGED))
        .filter(proposal__number__isnull=True)
        .select_related("proposal__lead_member", "proposal__organisation")
        .only(
            "id",
            "proposal_id",
            "proposal__title",
            "proposal__lead_member",
            "proposal__lead_member__name",
            "proposal__organisation",
            "proposal__organisation__name",
        )
        .order_by("-proposal__created_at")
    )


def unit_queue(*, user: User, open_only: bool = False) -> QuerySet[Assignment]:
    qs = (
        Assignment.objects.filter(unit_id=user.handling_unit_id, is_active=True)
        .select_related("proposal__lead_member", "proposal__organisation")
        .only(
            "id",
            "kind",
            "due_on",
            "replied_on",
            "proposal",
            *(f"proposal__{f}" for f in TABLE_FIELDS if not f.startswith(("category", "lead_unit"))),
        )
        .order_by("replied_on", "due_on", "id")
    )
    if open_only:
        qs = qs.filter(proposal__status__in=OPEN_HANDLING_STATES)
    return qs


def register_queryset(*, user: User) -> QuerySet[Proposal]:
    if is_oversight(user) and set(PRIVATE_STATES) <= {S.DRAFT, S.RETURNED}:
        # staff and leaders see every proposal outside PRIVATE_STATES, so once those are excluded
        # the visibility filter keeps everything: leaving it out lets the count use an index
        return _base().exclude(status__in=(S.DRAFT, S.RETURNED))
    return proposal_visible(user=user).exclude(status__in=(S.DRAFT, S.RETURNED))


def review_queue() -> QuerySet[Proposal]:
    """Submitted proposals awaiting review, with their body (the batch page reads it for its
    suggestions); the staff home's list narrows it with table_rows."""
    return (
        _base()
        .select_related("lead_member", "organisation")
        .only(
            "id",
            "title",
            "body",
            "year",
            "status",
            "category_id",
            "submitted_at",
            "lead_member",
            "lead_member__name",
            "organisation",
            "organisation__name",
        )
        .filter(status__in=(S.SUBMITTED, S.REVIEWING))
        .order_by("submitted_at", "id")
    )


def staff_queues(*, limit: int = 5) -> dict:
    """The staff home's two queues: their counts and the first rows (titles; the lead unit of a
    reply awaiting its check)."""
    review = review_queue().select_related(None)
    check = reply_check_queue().select_related(None)
    return {
        "review_count": review.count(),
        "review": list(review.only("id", "title")[:limit]),
        "check_count": check.count(),
        "check": list(
            check.select_related("lead_unit").only("id", "title", "lead_unit", "lead_unit__name")[:limit]
        ),
    }


def reply_check_queue() -> QuerySet[Proposal]:
    return table_rows(_base().filter(status=S.REPLY_CHECK)).order_by("updated_at", "id")


def supervised_proposals(*, user: User, open_only: bool = False) -> QuerySet[Proposal]:
    qs = table_rows(_base().filter(supervising_leader=user, is_key=True)).order_by("-year", "number")
    return qs.exclude(status=S.CLOSED) if open_only else qs


def proposal_similar(*, proposal: Proposal, limit: int = conf.SIMILAR_LIMIT) -> list[Proposal]:
    """Earlier proposals like this one (for 并案): trigram similarity on PostgreSQL, else icontains."""
    qs = (
        _base()
        .only("id", "title", "series", "number")
        .exclude(pk=proposal.pk)
        .exclude(status__in=(S.DRAFT, S.RETURNED, S.REJECTED, S.MERGED))
        .filter(merged_into__isnull=True)
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            qs.annotate(
                similarity=TrigramSimilarity("title", proposal.title)
                + TrigramSimilarity("body", proposal.body[:500]) / 2
            )
            .filter(similarity__gt=conf.SIMILARITY_THRESHOLD)
            .order_by("-similarity", "-id")[:limit]
        )
    words = [proposal.title[i : i + 4] for i in range(0, max(len(proposal.title) - 3, 1), 2)][:6]
    cond = Q()
    for word in words:
        cond |= Q(title__icontains=word)
    return list(qs.filter(cond).order_by("-id")[:limit]) if words else []


# --- statistics for the dashboard ------------------------------------------------------------
def proposal_stats(*, year: int) -> dict[str, int]:
    return Proposal.objects.filter(year=year, submitted_at__isnull=False).aggregate(**_proposal_stat_counts())


def proposal_stats_years(*, years: list[int]) -> dict[int, dict[str, int]]:
    """proposal_stats for several years in one grouped query (the dashboard's year and the one
    before): {year: the same dict as proposal_stats(year=year)}."""
    counts = _proposal_stat_counts()
    rows = {
        r.pop("year"): r
        for r in Proposal.objects.filter(year__in=years, submitted_at__isnull=False)
        .order_by()
        .values("year")
        .annotate(**counts)
    }
    return {y: rows.get(y) or dict.fromkeys(counts, 0) for y in years}


def proposal_figures() -> dict[str, Q]:
    """Proposal figures as conditions on a submitted proposal of the year: proposal_stats counts
    with them and the register filtered by ?figure=<key> shows exactly those rows."""
    today = timezone.localdate()
    accepted = accepted_q()
    replied = Q(replied_on__isnull=False)
    return {
        "received": Q(submitted_at__isnull=False),
        "accepted": accepted,
        "merged": Q(status=S.MERGED),
        "rejected": Q(status=S.REJECTED),
        "replied": accepted & replied,
        "replied_on_time": accepted & replied & Q(replied_on__lte=F("due_on")),
        "rated": accepted & ~Q(rating=""),
        "satisfied": accepted & Q(rating=Proposal.Rating.SATISFIED),
        "basically_satisfied": accepted & Q(rating=Proposal.Rating.BASIC),
        "unsatisfied": accepted & Q(rating=Proposal.Rating.UNSATISFIED),
        "adopted": accepted & replied & Q(reply_class__adopted=True),
        "class_a": accepted & replied & Q(reply_class__code="A"),
        "class_b": accepted & replied & Q(reply_class__code="B"),
        "class_c": accepted & replied & Q(reply_class__code="C"),
        "key": accepted & Q(is_key=True),
        "excellent": accepted & Q(is_excellent=True),
        "overdue": accepted & overdue_q(today),
    }


def _proposal_stat_counts() -> dict:
    return {key: Count("pk", filter=cond) for key, cond in proposal_figures().items()}


def proposal_breakdowns(*, year: int) -> tuple[list[dict], list[dict]]:
    """(proposal_counts_by_category, proposal_counts_by_proposer_type) of a year from one grouped
    query: the counts per (category, proposer type) are added up in Python."""
    rows = list(
        Proposal.objects.filter(year=year, number__isnull=False)
        .order_by()
        .values("category__name", "category__order", "proposer_type")
        .annotate(count=Count("pk"))
    )
    by_category: dict[tuple, int] = {}
    by_type: dict[str, int] = {}
    for r in rows:
        key = (r["category__order"], r["category__name"])
        by_category[key] = by_category.get(key, 0) + r["count"]
        by_type[r["proposer_type"]] = by_type.get(r["proposer_type"], 0) + r["count"]
    categories = [{"name": name, "count": n} for (_order, name), n in sorted(by_category.items())]
    types = [
        {"name": label, "count": by_type[value]}
        for value, label in Proposal.ProposerType.choices
        if by_type.get(value)
    ]
    return categories, types


def proposal_counts_by_category(*, year: int) -> list[dict]:
    rows = (
        Proposal.objects.filter(year=year, number__isnull=False)
        .values("category__name", "category__order")
        .annotate(count=Count("pk"))
        .order_by("category__order", "category__name")
    )
    return [{"name": r["category__name"], "count": r["count"]} for r in rows]


def proposal_counts_by_proposer_type(*, year: int) -> list[dict]:
    rows = dict(
        Proposal.objects.filter(year=year, number__isnull=False)
        .values_list("proposer_type")
        .annotate(count=Count("pk"))
        .values_list("proposer_type", "count")
    )
    return [
        {"name": label, "count": rows[value]}
        for value, label in Proposal.ProposerType.choices
        if rows.get(value)
    ]


def unit_league(*, year: int) -> list[dict]:
    """Per unit, its lead (主办/分办) assignments of the year's accepted proposals."""
    sat = (Proposal.Rating.SATISFIED, Proposal.Rating.BASIC)
    rows = (
        Assignment.objects.filter(
            is_active=True, kind__in=("lead", "split"), proposal__year=year, proposal__number__isnull=False
        )
        .values("unit_id", "unit__name", "unit__order")
        .annotate(
            assigned=Count("pk"),
            replied=Count("pk", filter=Q(proposal__replied_on__isnull=False)),
            on_time=Count(
                "pk", filter=Q(proposal__replied_on__isnull=False, proposal__replied_on__lte=F("due_on"))
            ),
            rated=Count("pk", filter=~Q(proposal__rating="")),
            satisfied=Count("pk", filter=Q(proposal__rating__in=sat)),
        )
        .order_by("-assigned", "unit__order", "unit_id")
    )
    return [
        {
            "unit_id": r["unit_id"],
            "unit": r["unit__name"],
            "assigned": r["assigned"],
            "replied": r["replied"],
            "on_time": r["on_time"],
            "rated": r["rated"],
            "satisfied": r["satisfied"],
        }
        for r in rows
    ]


def proposal_participation(*, year: int) -> dict:
    signed = ProposalSigner.objects.filter(
        member=OuterRef("pk"),
        answer=ProposalSigner.Answer.CONFIRMED,
        proposal__year=year,
        proposal__number__isnull=False,
    )
    counts = Member.objects.filter(is_active=True).aggregate(
        members_total=Count("pk"), members_proposed=Count("pk", filter=Q(Exists(signed)))
    )
    return {"members_proposed": counts["members_proposed"], "members_total": counts["members_total"]}


def proposals_overdue(*, limit: int = 10) -> list[Proposal]:
    """Accepted proposals past their reply date; `lead_unit` is loaded for the unit name."""
    return list(
        _base()
        .filter(overdue_q())
        .select_related("lead_unit")
        .only("id", "title", "due_on", "lead_unit", "lead_unit__name")
        .order_by("due_on", "id")[:limit]
    )


def opinion_stats(*, year: int) -> dict[str, int]:
    return PublicOpinion.objects.filter(received_on__year=year).aggregate(**_opinion_stat_counts())


def opinion_stats_years(*, years: list[int]) -> dict[int, dict[str, int]]:
    """opinion_stats for several years in one grouped query: {year: dict}."""
    counts = _opinion_stat_counts()
    rows = {
        r.pop("received_year"): r
        for r in PublicOpinion.objects.filter(
            received_on__gte=dt.date(min(years), 1, 1), received_on__lte=dt.date(max(years), 12, 31)
        )
        .order_by()
        .values(received_year=ExtractYear("received_on"))
        .annotate(**counts)
    }
    return {y: rows.get(y) or dict.fromkeys(counts, 0) for y in years}


def opinion_figures() -> dict[str, Q]:
    """社情民意 figures as conditions on an item received in the year (the opinion list filtered
    by ?figure=<key> shows exactly those rows)."""
    instructed = Instruction.objects.filter(
        target_type__app_label="proposals", target_type__model="publicopinion", target_id=OuterRef("pk")
    )
    return {
        "collected": Q(pk__isnull=False),
        "compiled": Q(bulletin__isnull=False),
        "reported": Q(sent_on__isnull=False),
        "adopted": ~Q(adoption_level=""),
        "adopted_city": Q(adoption_level="city"),
        "adopted_province": Q(adoption_level="province"),
        "adopted_national": Q(adoption_level="national"),
        "instructed": Q(Exists(instructed)),
    }


def _opinion_stat_counts() -> dict:
    return {key: Count("pk", filter=cond) for key, cond in opinion_figures().items()}


# --- public opinion lists --------------------------------------------------------------------
def opinion_visible(*, user: User) -> QuerySet[PublicOpinion]:
    return (
        PublicOpinion.objects.filter(opinion_visibility_q(user))
        .select_related("author", "organisation", "bulletin")
        .order_by("-received_on", "-id")
    )


def opinion_detail_parts(*, opinion: PublicOpinion) -> dict:
    return {
        "events": list(opinion.events.select_related("actor")),
        "instructions": list(
            Instruction.objects.filter(
                target_type__app_label="proposals", target_type__model="publicopinion", target_id=opinion.pk
            ).select_related("leader")
        ),
    }

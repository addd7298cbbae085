"""Reads of members/ that views and other apps use."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Greatest

from cppcc.datacache import versioned

from .models import (
    DutyEvent,
    DutyMinimum,
    DutyRule,
    Instruction,
    InstructionRequest,
    Member,
    Notification,
    Role,
    ScoreBand,
    SelfReport,
    User,
)


def staff_users() -> QuerySet[User]:
    """Active committee staff and administrators: who is told of work waiting for the office."""
    return User.objects.filter(role__in=(Role.STAFF, Role.ADMIN), is_active=True).order_by("pk")


def unit_users(unit_ids: Iterable[int | None]) -> QuerySet[User]:
    """Active users of the given handling units: who is told of work sent to a unit."""
    ids = {pk for pk in unit_ids if pk}
    return User.objects.filter(role=Role.UNIT, is_active=True, handling_unit_id__in=ids).order_by("pk")


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def member_for_user(user: User) -> Member | None:
    """The member profile of a login, or None (staff, units and leaders may have none)."""
    if not user.is_authenticated:
        return None
    try:
        return user.member
    except Member.DoesNotExist:
        return None


# --- directory -------------------------------------------------------------------------------
def member_directory(*, filters: dict | None = None, active_only: bool = True) -> QuerySet[Member]:
    """Members for the directory and the roster export, filtered by the GET parameters sector,
    committee, work_committee, position, term, q (name or work unit) and active ("1"/"0")."""
    from .filters import MemberFilter

    qs = Member.objects.select_related("sector", "work_committee", "village__work_committee")
    if active_only:
        qs = qs.filter(is_active=True)
    return MemberFilter(filters or {}, queryset=qs).qs


# --- scoring ---------------------------------------------------------------------------------
_SCORE = DecimalField(max_digits=8, decimal_places=1)
_ZERO = Value(Decimal("0"), output_field=_SCORE)


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def year_events(*, year: int) -> QuerySet[DutyEvent]:
    start, end = _year_bounds(year)
    return DutyEvent.objects.filter(date__gte=start, date__lte=end)


def _sum_for_member(events: QuerySet[DutyEvent]):
    return Coalesce(
        Subquery(
            events.filter(member=OuterRef("pk"))
            .order_by()
            .values("member")
            .annotate(s=Sum("points"))
            .values("s")[:1],
            output_field=_SCORE,
        ),
        _ZERO,
        output_field=_SCORE,
    )


def _count_for_member(events: QuerySet[DutyEvent]):
    return Coalesce(
        Subquery(
            events.filter(member=OuterRef("pk"))
            .order_by()
            .values("member")
            .annotate(c=Count("pk"))
            .values("c")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class ScoringConfig:
    """The configurable tables a score depends on, read once per request (3 queries)."""

    caps: tuple[tuple[str, Decimal], ...]
    bands: tuple[tuple[str, Decimal], ...]  # highest first
    minimums: tuple[tuple[int, str, tuple[str, ...], int], ...]  # (id, name, rule codes, count)

    @classmethod
    def load(cls) -> ScoringConfig:
        """The three small tables in one query (a UNION ALL of tagged rows): scoring pages and the
        dashboard load the configuration once per year shown, so each query saved counts."""
        text, number, integer = CharField(), DecimalField(max_digits=8, decimal_places=1), IntegerField()

        def tagged(qs, tag, name, value, code, pk, order):
            return qs.order_by().values_list(
                Value(tag, output_field=text),
                name,
                Cast(value, number),
                code,
                Cast(pk, integer),
                Cast(order, integer),
            )

        empty = Value("", output_field=text)
        rows = list(
            tagged(
                DutyRule.objects.filter(yearly_cap__isnull=False),
                "cap",
                F("code"),
                F("yearly_cap"),
                empty,
                Value(0),
                F("order"),
            ).union(
                tagged(ScoreBand.objects.all(), "band", F("name"), F("min_score"), empty, Value(0), Value(0)),
                tagged(
                    DutyMinimum.objects.all(),
                    "min",
                    F("name"),
                    F("min_count"),
                    Coalesce(F("rules__code"), empty),
                    F("pk"),
                    F("order"),
                ),
                all=True,
            )
        )
        caps = tuple(
            (name, value)
            for tag, name, value, _c, _p, order in sorted(
                (r for r in rows if r[0] == "cap"), key=lambda r: (r[5], r[1])
            )
        )
        bands = tuple(
            (name, value)
            for _t, name, value, *_ in sorted((r for r in rows if r[0] == "band"), key=lambda r: -r[2])
        )
        grouped: dict[int, tuple] = {}
        for _t, name, value, code, pk, _order in sorted(
            (r for r in rows if r[0] == "min"), key=lambda r: (r[5], r[4])
        ):
            _name, codes, count = grouped.get(pk, (name, [], int(value)))
            if code:
                codes.append(code)
            grouped[pk] = (name, codes, count)
        minimums = tuple(
            (pk, name, tuple(sorted(codes)), count) for pk, (name, codes, count) in grouped.items()
        )
        return cls(caps=caps, bands=bands, minimums=minimums)

    # --- the score -> band rule, in one place ------------------------------------------------
    # A member is in the highest band whose minimum the score reaches: score >= min_score (a
    # score exactly on a threshold is in the band above it); below every minimum, the lowest
    # band. band_for (Python, for tallies computed in one grouped query) and band_case (SQL, for
    # querysets) are the same walk over the same thresholds; tests/members/test_score_band.py
    # checks they agree on every threshold.
    def _thresholds(self) -> tuple[tuple[str, Decimal], ...]:
        return self.bands  # highest first (load() sorts them)

    def band_for(self, score: Decimal) -> str:
        for name, min_score in self._thresholds():
            if Decimal(score) >= min_score:
                return name
        return self.bands[-1][0] if self.bands else ""

    def band_case(self, score_ref: str = "score"):
        if not self.bands:
            return Value("", output_field=CharField())
        whens = [
            When(**{f"{score_ref}__gte": min_score}, then=Value(name))
            for name, min_score in self._thresholds()
        ]
        return Case(*whens, default=Value(self.bands[-1][0]), output_field=CharField())


def score_expression(*, year: int, config: ScoringConfig):
    """The year score of the member in the outer query, computed in the database: the sum of
    the year's points, less what each capped rule earned above its yearly cap."""
    events = year_events(year=year)
    score = _sum_for_member(events)
    for code, cap in config.caps:
        earned = _sum_for_member(events.filter(kind_id=code))
        score = score - Greatest(earned - Value(cap, output_field=_SCORE), _ZERO, output_field=_SCORE)
    return ExpressionWrapper(score, output_field=_SCORE)


def band_expression(*, config: ScoringConfig, score_ref: str = "score"):
    """The band as an SQL expression: ScoringConfig.band_case (the one rule)."""
    return config.band_case(score_ref)


def _minimum_alias(pk: int) -> str:
    return f"minimum_{pk}"


def below_minimum_q(*, config: ScoringConfig) -> Q:
    q = Q()
    for pk, _name, _codes, count in config.minimums:
        q |= Q(**{f"{_minimum_alias(pk)}__lt": count})
    return q


def member_population(*, year: int) -> QuerySet[Member]:
    """The members a year's scores are about: in office, and serving a term that covers the year
    (or with no term recorded)."""
    start, end = _year_bounds(year)
    through = Member.terms.through
    serving = through.objects.filter(
        member_id=OuterRef("pk"), term__start_date__lte=end, term__end_date__gte=start
    )
    any_term = through.objects.filter(member_id=OuterRef("pk"))
    return Member.objects.filter(is_active=True).filter(Exists(serving) | ~Exists(any_term))


def scored_members(*, year: int, config: ScoringConfig | None = None, queryset=None) -> QuerySet[Member]:
    """Members annotated with score, band, events (count) and one minimum_<id> count per yearly
    minimum; below_minimum_q(config=...) filters those below."""
    config = config or ScoringConfig.load()
    qs = member_population(year=year) if queryset is None else queryset
    events = year_events(year=year)
    annotations = {
        "score": score_expression(year=year, config=config),
        "events": _count_for_member(events),
    }
    for pk, _name, codes, _count in config.minimums:
        annotations[_minimum_alias(pk)] = _count_for_member(events.filter(kind_id__in=codes))
    return qs.annotate(**annotations).annotate(band=band_expression(config=config))


def member_scores(*, year: int, sector=None, work_committee=None) -> list[dict]:
    """Rows {member_id, name, sector, work_committee, score, band} ordered by score (desc).

    Three queries whatever the roster: the configuration, the population and one grouped pass
    over the year's duty events (see _year_tallies); score and band are the same as
    scored_members computes in the database, ranked here."""
    config = ScoringConfig.load()
    population = _population(years=[year], sector=sector, work_committee=work_committee)
    tallies = _year_tallies(years=[year], config=config)
    return _score_rows(year=year, config=config, population=population, tallies=tallies)


def _score_rows(*, year: int, config: ScoringConfig, population: list[dict], tallies: dict) -> list[dict]:
    rows = []
    for m in population:
        if not m[f"in_{year}"]:
            continue
        score, events, _minimums = tallies.get((m["pk"], year), _NO_TALLY)
        rows.append(
            {
                "member_id": m["pk"],
                "name": m["name"],
                "sector": m["sector__name"],
                "work_committee": m["work_committee__name"] or "",
                "score": score,
                "band": config.band_for(score) if config.bands else "",
                "events": events,
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["name"], r["member_id"]))
    return rows


def member_scores_and_stats(*, year: int) -> tuple[list[dict], dict]:
    """(member_scores(year=), member_stats(year=)) from one pass over the year's duty events: the
    ranking page shows both."""
    config = ScoringConfig.load()
    population = _population(years=[year])
    tallies = _year_tallies(years=[year], config=config)
    rows = _score_rows(year=year, config=config, population=population, tallies=tallies)
    return rows, _stats_of(year=year, config=config, population=population, tallies=tallies)


_NO_TALLY = (Decimal("0.0"), 0, {})


def _population(*, years: list[int], sector=None, work_committee=None) -> list[dict]:
    """Active members with one in_<year> flag per year: serving a term covering the year, or with
    no term recorded (as member_population). One query for all the years."""
    through = Member.terms.through
    no_term = ~Exists(through.objects.filter(member_id=OuterRef("pk")))
    flags = {}
    for year in years:
        start, end = _year_bounds(year)
        serving = Exists(
            through.objects.filter(
                member_id=OuterRef("pk"), term__start_date__lte=end, term__end_date__gte=start
            )
        )
        flags[f"in_{year}"] = ExpressionWrapper(Q(serving) | Q(no_term), output_field=BooleanField())
    qs = Member.objects.filter(is_active=True)
    if sector is not None:
        qs = qs.filter(sector=sector)
    if work_committee is not None:
        qs = qs.filter(work_committee=work_committee)
    return list(
        qs.annotate(**flags).order_by().values("pk", "name", "sector__name", "work_committee__name", *flags)
    )


def _year_tallies(*, years: list[int], config: ScoringConfig) -> dict[tuple[int, int], tuple]:
    """{(member id, year): (score, events, {minimum id: count})}, kept in the shared cache under the
    data version (cppcc/datacache.py): the ranking, the dashboard and the home pages read the same
    tallies, recomputed only after a committed change."""
    fingerprint = hashlib.sha1(repr((config.caps, config.minimums)).encode()).hexdigest()[:16]
    return versioned(
        "duty-tallies",
        *years,
        fingerprint,
        compute=lambda: _compute_year_tallies(years=years, config=config),
    )


def _compute_year_tallies(*, years: list[int], config: ScoringConfig) -> dict[tuple[int, int], tuple]:
    """One grouped query over the years' duty events (an index range on date, then a hash
    aggregate): the same score as score_expression — the year's points less what each capped rule
    earned above its cap."""
    start, end = _year_bounds(min(years))[0], _year_bounds(max(years))[1]
    aggregates = {"total": Sum("points"), "events": Count("pk")}
    for index, (code, _cap) in enumerate(config.caps):
        aggregates[f"cap_{index}"] = Sum("points", filter=Q(kind_id=code))
    for pk, _name, codes, _count in config.minimums:
        aggregates[_minimum_alias(pk)] = Count("pk", filter=Q(kind_id__in=codes))
    rows = (
        DutyEvent.objects.filter(date__gte=start, date__lte=end)
        .order_by()
        .values("member_id", y=ExtractYear("date"))
        .annotate(**aggregates)
    )
    out = {}
    for r in rows:
        score = r["total"] or Decimal("0")
        for index, (_code, cap) in enumerate(config.caps):
            score -= max((r[f"cap_{index}"] or Decimal("0")) - cap, Decimal("0"))
        minimums = {pk: r[_minimum_alias(pk)] for pk, *_rest in config.minimums}
        out[(r["member_id"], r["y"])] = (score, r["events"], minimums)
    return out


def _group_ranking(*, year: int, group: str) -> list[dict]:
    rows = (
        scored_members(year=year)
        .values(group_name=F(group))
        .annotate(members=Count("pk"), average_score=Avg("score"))
        .order_by("-average_score", "group_name")
    )
    return [
        {
            "name": r["group_name"] or "(未分配)",
            "members": r["members"],
            "average_score": round(float(r["average_score"] or 0), 1),
        }
        for r in rows
    ]


def sector_ranking(*, year: int) -> list[dict]:
    """[{name, members, average_score}] per sector, best average first."""
    return _group_ranking(year=year, group="sector__name")


def work_committee_ranking(*, year: int) -> list[dict]:
    """[{name, members, average_score}] per 镇街工委, best average first."""
    return _group_ranking(year=year, group="work_committee__name")


def members_below_minimum(*, year: int) -> list[dict]:
    """Members below a yearly minimum: [{member_id, name, sector, work_committee, score, missing:
    [{name, required, done}]}], by name."""
    config = ScoringConfig.load()
    qs = (
        scored_members(year=year, config=config).filter(below_minimum_q(config=config))
        if config.minimums
        else []
    )
    rows = []
    for m in qs.select_related("sector", "work_committee").order_by("name", "pk") if config.minimums else []:
        rows.append(
            {
                "member_id": m.pk,
                "name": m.name,
                "sector": m.sector.name,
                "work_committee": m.work_committee.name if m.work_committee else "",
                "score": m.score,
                "missing": _missing(m, config),
            }
        )
    return rows


def _missing(member: Member, config: ScoringConfig) -> list[dict]:
    out = []
    for pk, name, _codes, count in config.minimums:
        done = getattr(member, _minimum_alias(pk))
        if done < count:
            out.append({"name": name, "required": count, "done": done})
    return out


def member_stats_years(*, years: list[int]) -> dict[int, dict]:
    """member_stats for several years in three queries: the scoring configuration, the population
    of every year, and one grouped pass over the years' duty events. {year: dict}."""
    config = ScoringConfig.load()
    population = _population(years=years)
    tallies = _year_tallies(years=years, config=config)
    return {
        year: _stats_of(year=year, config=config, population=population, tallies=tallies) for year in years
    }


def member_stats(*, year: int, config: ScoringConfig | None = None) -> dict:
    """{active, with_events, average_score, bands: {name: count}, below_minimum} for a year.
    With the committee's own scoring rules it is cached under the data version (the staff home
    shows it on every visit; a change to the duty records or the rules moves the version)."""

    def compute() -> dict:
        conf = config or ScoringConfig.load()
        population = _population(years=[year])
        tallies = _year_tallies(years=[year], config=conf)
        return _stats_of(year=year, config=conf, population=population, tallies=tallies)

    return compute() if config is not None else versioned("member_stats", year, compute=compute)


def _stats_of(*, year: int, config: ScoringConfig, population: list[dict], tallies: dict) -> dict:
    active = with_events = below = 0
    total = Decimal("0")
    bands = {name: 0 for name, _m in config.bands}
    for m in population:
        if not m[f"in_{year}"]:
            continue
        score, events, minimums = tallies.get((m["pk"], year), _NO_TALLY)
        active += 1
        total += score
        with_events += 1 if events else 0
        if config.bands:
            bands[config.band_for(score)] += 1
        if any(minimums.get(pk, 0) < count for pk, _n, _c, count in config.minimums):
            below += 1
    return {
        "active": active,
        "with_events": with_events,
        "average_score": round(float(total / active), 1) if active else 0.0,
        "bands": bands,
        "below_minimum": below if config.minimums else 0,
    }


def member_year_summary(*, member: Member, year: int) -> dict:
    """A member's score, band, event count and missing minimums for a year (constant queries)."""
    config = ScoringConfig.load()
    m = scored_members(year=year, config=config, queryset=Member.objects.filter(pk=member.pk)).get()
    return {
        "score": m.score,
        "band": m.band,
        "events": m.events,
        "missing": _missing(m, config),
        "minimums": [
            {"name": name, "required": count, "done": getattr(m, _minimum_alias(pk))}
            for pk, name, _codes, count in config.minimums
        ],
    }


# --- duty record -----------------------------------------------------------------------------
def duty_record(*, member: Member, year: int | None = None) -> list[DutyEvent]:
    """A member's duty events (newest first) with their rule and source object loaded: one query
    for the events and one per kind of source."""
    qs = DutyEvent.objects.filter(member=member).select_related("kind", "source_type")
    if year is not None:
        qs = qs.filter(date__year=year)
    events = list(qs.prefetch_related("source").order_by("-date", "-id"))
    for event in events:
        source = event.source
        event.source_url = source.get_absolute_url() if hasattr(source, "get_absolute_url") else ""
    return events


def duty_record_years(*, member: Member) -> list[int]:
    return sorted(
        {d.year for d in DutyEvent.objects.filter(member=member).dates("date", "year")}, reverse=True
    )


def duty_record_by_rule(*, member: Member, year: int) -> list[dict]:
    """Per rule: count, points earned, cap and points counted (after the cap)."""
    rows = (
        year_events(year=year)
        .filter(member=member)
        .values("kind_id", "kind__name", "kind__yearly_cap", "kind__order")
        .annotate(count=Count("pk"), total=Sum("points"))
        .order_by("kind__order")
    )
    out = []
    for r in rows:
        cap = r["kind__yearly_cap"]
        counted = min(r["total"], cap) if cap is not None and r["total"] > cap else r["total"]
        out.append(
            {
                "code": r["kind_id"],
                "name": r["kind__name"],
                "count": r["count"],
                "total": r["total"],
                "cap": cap,
                "counted": counted,
            }
        )
    return out


# --- self-reports ----------------------------------------------------------------------------
def self_report_for(*, member: Member, year: int) -> SelfReport | None:
    return SelfReport.objects.filter(member=member, year=year).first()


def self_report_list(*, year: int, status: str = "") -> QuerySet[SelfReport]:
    qs = SelfReport.objects.filter(year=year).select_related("member__sector", "reviewer")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "member__name", "pk")


# --- 待我批示 -----------------------------------------------------------------------------------
def instructions_waiting(*, leader: User, limit: int = 10) -> list[InstructionRequest]:
    """What waits for this leader's 批示: the items staff asked this leader about (报请领导批示) on
    which the leader has not yet written a 批示, oldest request first, each with `age_days` — whole
    days since it was asked (the request's time, not the item's). 1 query + 1 per kind of item."""
    from django.utils import timezone

    answered = Instruction.objects.filter(
        leader=leader, target_type=OuterRef("target_type"), target_id=OuterRef("target_id")
    )
    rows = list(
        InstructionRequest.objects.filter(leader=leader)
        .exclude(Exists(answered))
        .select_related("target_type")
        .prefetch_related("target")
        .order_by("requested_at", "id")[:limit]
    )
    today = timezone.localdate()
    for row in rows:
        row.age_days = (today - timezone.localtime(row.requested_at).date()).days
    return [row for row in rows if row.target is not None]

"""Keyword search of proposals (title, body and reply texts), served from an n-gram index.

Chinese keywords are mostly one or two characters (交通, 教育, 养老), which a trigram index cannot
serve. Each proposal therefore has a `ProposalSearch` row holding
- `terms`: the distinct unigrams and bigrams of its text (ASCII words kept whole), a `text[]`
  with a GIN index on PostgreSQL;
- `text`: the same text normalized, for the exact check of longer keywords.

Normalizing (both sides): NFKC (full-width → half-width ASCII), lower case, then the text is cut
into runs of ASCII letters/digits and runs of other word characters (Chinese); punctuation and
whitespace only separate runs, and n-grams never span two runs.

A keyword of one or two characters is `terms @> ARRAY[kw]`; a longer one needs all its bigrams
(`@>`, from the index) and then `text LIKE '%kw%'` on the few rows left, so results are exact; an
ASCII word matches whole. Several keywords (separated by spaces or punctuation) must all match.
SQLite (the embedded `make run`) has no arrays: there every keyword is a substring check of `text`.

`reindex(proposal)` is called by every service that changes a proposal's title, body or replies
(and by the admin); `reindex_all()` (`manage.py reindex_search`) rebuilds every row in batches.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from .models import Proposal, ProposalSearch, Reply

_RUNS = re.compile(r"[0-9a-z]+|[^\W_0-9a-z]+")
BATCH_SIZE = 2000
GIN_INDEX = "proposal_search_terms_gin"  # created by migration 0004_search_terms
GIN_SQL = f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON proposals_proposalsearch USING gin (terms)"


def runs(text: str) -> list[str]:
    """The normalized runs of `text`: ASCII words and runs of other (Chinese) word characters."""
    return _RUNS.findall(unicodedata.normalize("NFKC", text or "").lower())


def _is_ascii(run: str) -> bool:
    return run.isascii()


def terms_of(parts: Iterable[str]) -> tuple[list[str], str]:
    """(`terms`, `text`) of a proposal made of these texts."""
    found: set[str] = set()
    words: list[str] = []
    for part in parts:
        for run in runs(part):
            words.append(run)
            if _is_ascii(run):
                found.add(run)
                continue
            found.update(run)
            found.update(run[i : i + 2] for i in range(len(run) - 1))
    # spaces around every run: an ASCII keyword is checked as " word " (whole word) on SQLite
    return sorted(found), " " + " ".join(words) + " "


def keyword_q(query: str) -> Q | None:
    """The condition "every keyword of `query` is in the proposal" (None if it has no keyword)."""
    keywords = list(dict.fromkeys(runs(query)))
    if not keywords:
        return None
    if connection.vendor != "postgresql":
        return Q(*[Q(search__text__contains=f" {k} " if _is_ascii(k) else k) for k in keywords])
    needed: set[str] = set()
    exact = []
    for k in keywords:
        if _is_ascii(k) or len(k) <= 2:
            needed.add(k)
        else:
            needed.update(k[i : i + 2] for i in range(len(k) - 1))
            exact.append(Q(search__text__contains=k))
    return Q(Q(search__terms__has_all=sorted(needed)), *exact)


def search(qs: QuerySet[Proposal], query: str) -> QuerySet[Proposal]:
    """`qs` narrowed to the proposals matching `query` (unchanged when it holds no keyword)."""
    cond = keyword_q(query or "")
    return qs if cond is None else qs.filter(cond)


# --- maintenance -----------------------------------------------------------------------------
def _rows(ids: Sequence[int]) -> list[ProposalSearch]:
    replies = defaultdict(list)
    for proposal_id, text in (
        Reply.objects.filter(proposal_id__in=ids)
        .order_by("proposal_id", "round", "id")
        .values_list("proposal_id", "text")
    ):
        replies[proposal_id].append(text)
    rows = []
    for pk, title, body in Proposal.objects.filter(pk__in=ids).order_by().values_list("pk", "title", "body"):
        terms, text = terms_of([title, body, *replies[pk]])
        rows.append(ProposalSearch(proposal_id=pk, terms=terms, text=text))
    return rows


@transaction.atomic
def reindex(proposal: Proposal | int) -> None:
    """Rebuild one proposal's row from what is saved (call after saving its title, body or a reply)."""
    pk = proposal if isinstance(proposal, int) else proposal.pk
    ProposalSearch.objects.filter(proposal_id=pk).delete()
    ProposalSearch.objects.bulk_create(_rows([pk]))


def _copy(rows: list[ProposalSearch]) -> None:
    """COPY the rows (an INSERT of thousands of array literals spends its time building and
    parsing SQL). Terms and text hold only word characters and spaces (see `runs`), so the array
    elements are quoted as they are and need no escaping."""
    buffer = io.StringIO()
    for row in rows:
        terms = ",".join(f'"{t}"' for t in row.terms)
        buffer.write(f"{row.proposal_id}\t{{{terms}}}\t{row.text}\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        table = ProposalSearch._meta.db_table
        cursor.cursor.copy_expert(f"COPY {table} (proposal_id, terms, text) FROM STDIN", buffer)


@transaction.atomic
def reindex_all(*, batch_size: int = BATCH_SIZE, say=None) -> int:
    """Rebuild every proposal's row (reading and writing `batch_size` proposals at a time) in one
    transaction; returns the count. On PostgreSQL the GIN index is dropped first and built once at
    the end (several times faster than updating it row by row); keyword searches wait meanwhile."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:  # TRUNCATE leaves no dead rows behind for the new index to carry
            # TRUNCATE and CREATE INDEX refuse to run while deferred FK checks are pending (the
            # caller's transaction, e.g. bench/generate.py): run them now, check ours at once
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
            cursor.execute(f"TRUNCATE {ProposalSearch._meta.db_table}")
        else:
            cursor.execute(f"DELETE FROM {ProposalSearch._meta.db_table}")
    ids = list(Proposal.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        rows = _rows(ids[start : start + batch_size])
        if postgres:
            _copy(rows)
        else:
            ProposalSearch.objects.bulk_create(rows, batch_size=500)
        if say:
            say(f"{min(start + batch_size, len(ids))}/{len(ids)}")
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(GIN_SQL)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return len(ids)

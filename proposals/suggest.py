"""Suggestions from the committee's own history: category, lead and assisting units, possible merges.

Text similarity is TF-IDF over Chinese character unigrams and bigrams (Chinese needs no spaces;
no segmenter, nothing downloaded), cosine on title (weighted twice) and body. A suggestion is a
vote of the most similar past proposals weighted by their similarity, and it carries those
proposals as its explanation ("相似：十三届五次会议第123号，市交通运输局主办，答复A类").

Pure Python: the history of a committee is a few thousand proposals; the index is built in two
queries and kept until the history changes (its size, last update and units): in this process and,
pickled (postings as compact arrays), in the data cache, so a new worker process loads it instead
of building it (seconds to tens of seconds at national scale). Each pending proposal's suggestion is
cached there too, under the history's stamp and the proposal's own text: a page of the batch
review answers from the cache once it has been computed (`manage.py warm_suggestions` computes the
whole review queue ahead, e.g. after an import or from cron).
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Max, Sum

from cppcc.datacache import shared_data_cache, versioned

from .models import Assignment, Proposal, ProposalStatus

S = ProposalStatus
# states whose assignment was decided: the history suggestions learn from
HISTORY_STATES = (
    S.ASSIGNED,
    S.OBJECTED,
    S.HANDLING,
    S.REPLY_CHECK,
    S.REPLIED,
    S.RATED,
    S.CLOSED,
)
# proposals a new one could be merged with (still open to 并案 or already accepted)
MERGE_STATES = (S.SUBMITTED, S.REVIEWING, S.ACCEPTED, *HISTORY_STATES)
NEIGHBOURS = 8
MERGE_THRESHOLD = 0.6
TOKEN_RE = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
# the words every proposal uses carry nothing: grams in more than this share of documents are dropped
MAX_DF_SHARE = 0.5


def grams(text: str) -> Counter:
    """Character unigrams and bigrams of the Chinese runs of `text` (Latin words and numbers whole)."""
    out: Counter = Counter()
    for run in TOKEN_RE.findall(text or ""):
        if run.isascii():
            out[run.lower()] += 1
            continue
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def doc_grams(title: str, body: str) -> Counter:
    counts = grams(body)
    for gram, n in grams(title).items():
        counts[gram] += 2 * n
    return counts


@dataclass
class Doc:
    pk: int
    year: int
    label: str
    title: str
    status: str
    category_id: int | None
    category: str
    lead_unit_id: int | None
    lead_unit: str
    assisting: list[tuple[int, str]] = field(default_factory=list)
    reply_class: str = ""

    def explain(self) -> str:
        parts = [self.label or f"{self.year}年《{self.title}》"]
        if self.lead_unit:
            parts.append(f"{self.lead_unit}主办")
        if self.reply_class:
            parts.append(f"答复{self.reply_class}类")
        return "相似：" + ",".join(parts)


@dataclass
class Vote:
    pk: int
    name: str
    score: float
    because: list[Doc]

    @property
    def explanation(self) -> str:
        return ";".join(d.explain() for d in self.because[:3])


@dataclass
class Suggestion:
    categories: list[Vote]
    lead_units: list[Vote]
    assisting: list[Vote]
    similar: list[tuple[float, Doc]]

    @property
    def category(self) -> Vote | None:
        return self.categories[0] if self.categories else None

    @property
    def lead_unit(self) -> Vote | None:
        return self.lead_units[0] if self.lead_units else None


class Index:
    """TF-IDF vectors of a set of proposals with an inverted index for cosine search."""

    def __init__(self, docs: Sequence[Doc], texts: Sequence[tuple[str, str]]):
        self.docs = list(docs)
        counts = [doc_grams(t, b) for t, b in texts]
        df: Counter = Counter()
        for c in counts:
            df.update(c.keys())
        n = max(len(counts), 1)
        limit = max(MAX_DF_SHARE * n, 2)
        self.idf = {g: math.log((1 + n) / (1 + d)) + 1 for g, d in df.items() if d <= limit}
        # gram -> (document positions, weights): two flat arrays pickle as bytes, fast to load
        self.postings: dict[str, tuple[array, array]] = {}
        for i, c in enumerate(counts):
            vec = self._vector(c)
            for g, w in vec.items():
                entry = self.postings.get(g)
                if entry is None:
                    entry = self.postings[g] = (array("i"), array("d"))
                entry[0].append(i)
                entry[1].append(w)

    def _vector(self, counts: Counter) -> dict[str, float]:
        vec = {g: (1 + math.log(n)) * self.idf[g] for g, n in counts.items() if g in self.idf}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {g: w / norm for g, w in vec.items()}

    def search(self, title: str, body: str, *, k: int = NEIGHBOURS, exclude: Iterable[int] = ()) -> list:
        query = self._vector(doc_grams(title, body))
        scores: dict[int, float] = defaultdict(float)
        for g, w in query.items():
            entry = self.postings.get(g)
            if entry is not None:
                for i, dw in zip(*entry, strict=True):
                    scores[i] += w * dw
        skip = set(exclude)
        ranked = heapq.nsmallest(k + len(skip), scores.items(), key=lambda kv: (-kv[1], kv[0]))
        out = []
        for i, score in ranked:
            doc = self.docs[i]
            if doc.pk in skip:
                continue
            out.append((score, doc))
            if len(out) >= k:
                break
        return out


def _vote(neighbours, key) -> list[Vote]:
    votes: dict[int, Vote] = {}
    for score, doc in neighbours:
        for pk, name in key(doc):
            if pk is None:
                continue
            vote = votes.setdefault(pk, Vote(pk=pk, name=name, score=0.0, because=[]))
            vote.score += score
            vote.because.append(doc)
    return sorted(votes.values(), key=lambda v: (-v.score, v.pk))


def suggest_from(index: Index, *, title: str, body: str, exclude: Iterable[int] = ()) -> Suggestion:
    neighbours = index.search(title, body, exclude=exclude)
    leads = _vote(neighbours, lambda d: [(d.lead_unit_id, d.lead_unit)])
    lead_pk = leads[0].pk if leads else None
    assisting = [
        v for v in _vote(neighbours, lambda d: d.assisting) if v.pk != lead_pk and len(v.because) >= 2
    ]
    return Suggestion(
        categories=_vote(neighbours, lambda d: [(d.category_id, d.category)]),
        lead_units=leads,
        assisting=assisting[:2],
        similar=neighbours,
    )


# --- building from the database ------------------------------------------------------------------
def _docs(qs) -> tuple[list[Doc], list[tuple[str, str]]]:
    rows = list(
        qs.values_list(
            "pk",
            "year",
            "series",
            "number",
            "title",
            "body",
            "status",
            "category_id",
            "category__name",
            "lead_unit_id",
            "lead_unit__name",
            "reply_class__code",
        )
    )
    assisting: dict[int, list[tuple[int, str]]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for pid, uid, name in (
        Assignment.objects.filter(
            proposal_id__in=ids, kind=Assignment.Kind.ASSISTING, is_active=True
        ).values_list("proposal_id", "unit_id", "unit__name")
        if ids
        else ()
    ):
        assisting[pid].append((uid, name))
    docs, texts = [], []
    for pk, year, series, number, title, body, status, cat_id, cat, unit_id, unit, rc in rows:
        docs.append(
            Doc(
                pk=pk,
                year=year,
                label=f"{series}第{number}号" if number else "",
                title=title,
                status=status,
                category_id=cat_id,
                category=cat or "",
                lead_unit_id=unit_id,
                lead_unit=unit or "",
                assisting=assisting.get(pk, []),
                reply_class=rc or "",
            )
        )
        texts.append((title, body))
    return docs, texts


def build_index(qs) -> Index:
    docs, texts = _docs(qs)
    return Index(docs, texts)


def history_qs(*, before_year: int | None = None):
    qs = Proposal.objects.filter(status__in=HISTORY_STATES, lead_unit__isnull=False)
    if before_year is not None:
        qs = qs.filter(year__lt=before_year)
    return qs.order_by("pk")


_lock = threading.Lock()
_cache: dict[str, tuple[tuple, Index]] = {}
_rows: dict[str, tuple] = {}  # each proposal's suggestion row by its key, in this process
ROWS_KEPT = 5000
INDEX_TIMEOUT = 7 * 24 * 3600  # keyed by the history's stamp, so never stale; the TTL frees memory


def _stamp(qs) -> tuple:
    """What changes when `qs`'s rows do (one query): size, last update and id, and the lead units
    (the unit sum catches a reassignment written by a bulk update that left updated_at alone).
    The aggregate reads the whole history (~40 ms on 60,000 proposals), so it is itself cached
    under the data version: computed again only after a write."""
    return versioned(
        "suggest-stamp",
        _key(str(qs.query)),
        compute=lambda: tuple(
            qs.order_by()
            .aggregate(n=Count("pk"), at=Max("updated_at"), last=Max("pk"), units=Sum("lead_unit_id"))
            .values()
        ),
    )


def _key(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _cached(name: str, qs) -> tuple[str, Index]:
    """(key, index) of `qs`: from this process, else from the data cache, else built (and stored
    in both). The key names this version of the index."""
    stamp = _stamp(qs)
    key = f"suggest:index:{name}:{_key(stamp)}"
    with _lock:
        hit = _cache.get(name)
        if hit and hit[0] == key:
            return key, hit[1]
    shared = shared_data_cache()
    index = shared.get(key) if shared is not None else None
    if index is None:
        index = build_index(qs)
        if shared is not None:
            shared.set(key, index, INDEX_TIMEOUT)
    with _lock:
        _cache[name] = (key, index)
    return key, index


def history_index() -> Index:
    return _cached("history", history_qs())[1]


def _merge_qs(year: int):
    return Proposal.objects.filter(year=year, status__in=MERGE_STATES).order_by("pk")


def merge_index(year: int) -> Index:
    return _cached(f"merge:{year}", _merge_qs(year))[1]


def suggestions_for(proposals: Sequence[Proposal]) -> dict[int, tuple[Suggestion, list[tuple[float, Doc]]]]:
    """Suggestion and possible merges (similar proposals of the same year) of each proposal;
    cached under the indexes' keys and the proposal's text (a search costs tens of milliseconds)."""
    if not proposals:
        return {}
    history_key, history = _cached("history", history_qs())
    merges_by_year = {y: _cached(f"merge:{y}", _merge_qs(y)) for y in {p.year for p in proposals}}
    keys = {
        p.pk: "suggest:rows:" + _key(history_key, merges_by_year[p.year][0], p.pk, p.title, p.body)
        for p in proposals
    }
    shared = shared_data_cache()
    # rows this process has already read are kept here: unpickling 50 rows costs ~50 ms a page
    found = {}
    if shared is not None:
        with _lock:
            found = {key: _rows[key] for key in keys.values() if key in _rows}
        missing = [key for key in keys.values() if key not in found]
        if missing:
            found.update(shared.get_many(missing))
    out, fresh = {}, {}
    for p in proposals:
        if keys[p.pk] in found:
            out[p.pk] = found[keys[p.pk]]
            continue
        suggestion = suggest_from(history, title=p.title, body=p.body, exclude=[p.pk])
        merges = [
            (score, doc)
            for score, doc in merges_by_year[p.year][1].search(p.title, p.body, k=3, exclude=[p.pk])
            if score >= MERGE_THRESHOLD
        ]
        out[p.pk] = fresh[keys[p.pk]] = (suggestion, merges)
    if fresh and shared is not None:
        shared.set_many(fresh, INDEX_TIMEOUT)
    if shared is not None:
        with _lock:
            if len(_rows) > ROWS_KEPT:
                _rows.clear()
            _rows.update((keys[pk], row) for pk, row in out.items())
    return out


def similar_for_draft(*, title: str, body: str, years: int = 3, k: int = 5, today_year: int) -> list:
    """Similar proposals of recent years with a reply, for a member writing a new one."""
    if len((title or "") + (body or "")) < 4:
        return []
    index = history_index()
    return [
        (score, doc)
        for score, doc in index.search(title, body, k=k * 4)
        if doc.year >= today_year - years and score >= 0.2
    ][:k]


@dataclass
class Evaluation:
    year: int
    trained_on: int
    tested: int
    top1: int
    top3: int
    category_top1: int

    def lines(self) -> list[str]:
        if not self.tested:
            return [f"{self.year}年没有已交办的提案可以评估。"]
        pct = lambda n: f"{n}/{self.tested} = {100 * n / self.tested:.1f}%"  # noqa: E731
        return [
            f"训练:{self.year}年以前已交办的提案 {self.trained_on} 件;评估:{self.year}年 {self.tested} 件。",
            f"主办单位 top-1 准确率:{pct(self.top1)}",
            f"主办单位 top-3 准确率:{pct(self.top3)}",
            f"类别 top-1 准确率:{pct(self.category_top1)}",
        ]


def evaluate(year: int) -> Evaluation:
    """Train on the years before `year`, predict `year`'s lead units and categories."""
    index = build_index(history_qs(before_year=year))
    docs, texts = _docs(history_qs().filter(year=year))
    top1 = top3 = cat1 = 0
    for doc, (title, body) in zip(docs, texts, strict=True):
        s = suggest_from(index, title=title, body=body)
        picks = [v.pk for v in s.lead_units[:3]]
        top1 += bool(picks) and picks[0] == doc.lead_unit_id
        top3 += doc.lead_unit_id in picks
        cat1 += bool(s.categories) and s.categories[0].pk == doc.category_id
    return Evaluation(year, len(index.docs), len(docs), top1, top3, cat1)


# --- help while drafting -------------------------------------------------------------------------
SECTION_HINTS = (
    (("情况", "现状", "背景"), "写明基本情况(情况分析)。"),
    (("问题", "理由", "原因", "不足"), "写明存在的问题或提出的理由。"),
    (("建议",), "写出具体建议(可操作、可落实)。"),
)
BODY_MIN_ADVISED = 300


def draft_advice(*, title: str, body: str, title_max: int, body_max: int) -> list[str]:
    """A pre-check of a draft's shape: advice only, never a refusal."""
    title, body = (title or "").strip(), (body or "").strip()
    advice = []
    if not title:
        advice.append("案由(标题)还没有填写。")
    elif len(title) > title_max:
        advice.append(f"案由 {len(title)} 个字,超过 {title_max} 个字的上限,请精简。")
    elif not title.startswith("关于"):
        advice.append("案由一般写作“关于……的建议”,一事一案。")
    for words, hint in SECTION_HINTS:
        if not any(w in body for w in words):
            advice.append(hint)
    if body and len(body) < BODY_MIN_ADVISED:
        advice.append(
            f"内容 {len(body)} 个字,略显单薄,建议写足情况、问题和建议(一般不少于 {BODY_MIN_ADVISED} 字)。"
        )
    if len(body) > body_max:
        advice.append(f"内容 {len(body)} 个字,超过 {body_max} 个字的上限。")
    return advice

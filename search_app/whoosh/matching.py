"""A :class:`search_app.engine.MatchSpec` on the embedded index: filters as document masks, the level's
tree evaluated (:mod:`.evaluate`), disjunctive facet counts as bincounts (:mod:`.columns`), the
declared order, the window.

``match(session, spec, memo).total``
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from indexer.fields import FACET_BY_NAME

from ..engine import FacetCounts, Filters, Level, Matched, MatchSpec, Ranked
from .columns import Columns
from .evaluate import EvalContext, context, evaluate
from .handle import Session
from .postings import posting_ids

TIME_LIMIT_S = 3.0


@dataclass
class _Masks:
    facets: dict[str, np.ndarray]  # facet → documents with a selected value (OR within the facet)
    exclude: np.ndarray  # documents an exclusion removes


@dataclass
class _Level:
    base: np.ndarray  # matches before facet filters (exclusions applied)
    final: np.ndarray  # … and after
    scores: np.ndarray | None
    held: np.ndarray | None = None  # clauses held per document


def masks(session: Session, filters: Filters) -> _Masks:
    """The filters as masks over document numbers."""
    cols = session.columns
    out: dict[str, np.ndarray] = {}
    for name, values in filters.facets.items():
        col = cols.facets[_field(name, "filtered")]
        out[name] = cols.filters.get(("values", col.name, values), lambda: col.mask_for(
            [col.ids[v] for v in values if v in col.ids], cols.size))
    for name, (lo, hi) in filters.ranges.items():
        number = cols.numbers[_field(name, "filtered")]
        out[name] = cols.filters.get(("range", name, lo, hi), lambda: (number > 0) & (number >= (lo or 0)) & (
            number <= (hi if hi is not None else np.iinfo(np.int64).max)))
    if filters.years is not None:
        ycol = cols.facets["year"]
        year_values = np.array([int(v) for v in ycol.values], dtype=np.int64)
        ok = np.ones(len(year_values), dtype=bool)
        y = filters.years
        if y.years:
            ok &= np.isin(year_values, list(y.years))
        if y.lo is not None:
            ok &= year_values >= y.lo
        if y.hi is not None:
            ok &= year_values <= y.hi
        out["year"] = ycol.mask_for(list(np.nonzero(ok)[0]), cols.size)
    exclude = np.zeros(cols.size, dtype=bool)
    for name, values in filters.excluded.items():
        if name in cols.facets:
            col = cols.facets[name]
            exclude |= col.mask_for([col.ids[v] for v in values if v in col.ids], cols.size)
        else:  # a field without a column (a profile's slug): its postings
            for v in values:
                ids = posting_ids(session.searcher.reader(), name, v)
                exclude[ids[ids < cols.size]] = True
    return _Masks(out, exclude)


def _evaluate_level(ctx: EvalContext, level: Level, m: _Masks) -> _Level:
    cols = ctx.cols
    keep = cols.live & ~m.exclude
    if level.query is None:
        base, scores = keep.copy(), None
    else:
        base, scores = evaluate(ctx, level.query)
        base &= keep
    held = None
    if level.clauses:
        held = np.zeros(cols.size, dtype=np.int32)
        sums = np.zeros(cols.size, dtype=np.float32)
        for clause in level.clauses:
            cm, cs = evaluate(ctx, clause)
            held += cm
            sums += cs
        if level.at_least is not None:
            base = ((held >= level.at_least) & keep) | base
            scores = sums
    final = base.copy()
    for mask in m.facets.values():
        final &= mask
    return _Level(base, final, scores, held)


def counts(session: Session, queries: Sequence, filters: Filters, memo: dict) -> tuple[int, ...]:
    ctx = context(session.searcher, session.columns, time.perf_counter() + TIME_LIMIT_S, memo)
    m = masks(session, filters)
    return tuple(int(_evaluate_level(ctx, Level(q), m).final.sum()) for q in queries)


def match(session: Session, spec: MatchSpec, memo: dict) -> Matched:
    """Match, filter, count, rank and cut the window of one spec."""
    cols = session.columns
    ctx = context(session.searcher, cols, time.perf_counter() + TIME_LIMIT_S, memo)
    m = masks(session, spec.filters)
    lv = _evaluate_level(ctx, spec.level, m)
    final_docs = np.flatnonzero(lv.final)
    city_counts = cols.facets["city"].counts(lv.final, final_docs)
    n = len(spec.level.clauses)
    full = int(((lv.held >= n) & lv.final).sum()) if lv.held is not None else None
    window = _window(cols, spec, lv)
    totals = {}
    if spec.city_totals:
        names = cols.facets["city"].values
        totals = {names[i]: int(city_counts[i]) for i in np.flatnonzero(city_counts)}
    return Matched(int(lv.final.sum()), int((city_counts > 0).sum()), window, full,
                   facet_counts(cols, lv.base, m, spec.facets, (lv.final, final_docs)), totals,
                   spelling(session, spec.spellcheck))


def _window(cols: Columns, spec: MatchSpec, lv: _Level) -> tuple[Ranked, ...]:
    want = spec.offset + spec.limit
    if not lv.final.any() or spec.limit <= 0:
        return ()
    order = spec.order
    if lv.scores is None or order.sort != "relevance":
        ranked = [(int(d), None) for d in _sorted_docs(cols, lv.final, order.sort, want)]
    else:
        scores = lv.scores
        if lv.held is not None:
            # every clause held counts before the score: a full match never ranks below a partial one;
            # among passages holding as many, those of a country the query names come first
            # (a lexicographic key in one number: clauses held, then named or not, then the score)
            step = float(scores.max()) + 1.0
            scores = scores + lv.held.astype(np.float32) * (2 * step)
            if order.places:
                named = np.zeros(cols.size, dtype=bool)
                for field, value in order.places:
                    col = cols.facets[field]
                    if value in col.ids:
                        named |= col.mask_for([col.ids[value]], cols.size)
                scores = scores + named.astype(np.float32) * step
        ranked = _top_by_score(cols, lv.final, scores, want)
    names = cols.facets["city"].values
    return tuple(
        Ranked(d, names[cols.city_id[d]] if cols.city_id[d] >= 0 else "", s,
               int(lv.held[d]) if lv.held is not None else None)
        for d, s in ranked[spec.offset:want])


def facet_counts(cols: Columns, base: np.ndarray, m: _Masks, names: tuple[str, ...],
                 final: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, FacetCounts]:
    """Disjunctive counts: each facet counts under every filter but its own. Values by count, then
    name; years in order. `final`: the matches under every filter and their documents, when known."""
    out: dict[str, FacetCounts] = {}
    matched: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}  # filters applied → (mask, documents)
    if final is not None:
        matched[tuple(m.facets)] = final
    for name in names:
        applied = tuple(other for other in m.facets if other != name)
        if applied not in matched:  # every facet without a filter of its own shares one mask
            mask = base
            for other in applied:
                mask = mask & m.facets[other]
            matched[applied] = (mask, np.flatnonzero(mask))
        mask, docs = matched[applied]
        col = cols.facets[_field(name, "counted")]
        if not len(col.values):
            out[name] = FacetCounts(())
            continue
        counts = col.counts(mask, docs)
        ids = np.flatnonzero(counts > 0)
        if FACET_BY_NAME[name].order == "count":  # others keep the lexicon's order
            ids = ids[np.lexsort((col.name_rank[ids], -counts[ids]))]
        out[name] = FacetCounts(_Pairs(col.values, ids, counts))
    return out


def _field(name: str, role: str) -> str:
    """The index field a facet name counts or filters on (any other name is a field itself)."""
    facet = FACET_BY_NAME.get(name)
    return getattr(facet, role) if facet is not None else name


class _Pairs(Sequence):
    """(value, count) of the ids in order, made when read."""

    __slots__ = ("names", "order", "counts")

    def __init__(self, names, order, counts):
        self.names, self.order, self.counts = names, order, counts

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        vid = self.order[k]
        return self.names[vid], int(self.counts[vid])


def spelling(session: Session, words: tuple[str, ...]) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each word the corpus lacks: corpus words within two edits sharing its first letter, with
    how many profiles use each."""
    if not words:
        return {}
    reader = session.searcher.reader()
    if "spell" not in reader.indexed_field_names():
        return {}
    out = {}
    for w in words:
        if reader.doc_frequency("spell", w) > 0:
            continue
        near = [t.decode("utf-8") if isinstance(t, bytes) else t
                for t in reader.terms_within("spell", w, 2, prefix=1)]
        out[w] = tuple((t, reader.doc_frequency("spell", t)) for t in near)
    return out


def _top_by_score(cols: Columns, mask: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The `limit` best documents of mask by score (ties: city name, then profile order), best first."""
    docs = np.nonzero(mask)[0]
    if not len(docs):
        return []
    s = scores[docs]
    if len(docs) > limit:
        part = np.argpartition(-s, limit - 1)[:limit]
        cut = s[part].min()
        keep = s >= cut  # keep ties at the cut so the order below is stable
        docs, s = docs[keep], s[keep]
    idx = np.lexsort((cols.order[docs], cols.city_rank[docs], -s))[:limit]
    return [(int(docs[i]), float(s[i])) for i in idx]


def _sorted_docs(cols: Columns, mask: np.ndarray, sort: str, limit: int) -> np.ndarray:
    docs = np.nonzero(mask)[0]
    if not len(docs):
        return docs
    if sort == "changed":
        keys = (cols.order[docs], cols.city_rank[docs], -cols.changed[docs])
    elif sort == "newest":
        keys = (cols.order[docs], cols.city_rank[docs], -cols.year_sort[docs])
    elif sort == "oldest":
        ys = cols.year_sort[docs]
        keys = (cols.order[docs], cols.city_rank[docs], np.where(ys == 0, 10_000, ys))
    else:
        keys = (cols.order[docs], cols.city_rank[docs])
    idx = np.lexsort(keys)
    return docs[idx[:limit]]



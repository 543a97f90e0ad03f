"""One search, as a pipeline: request → plan → match → count facets → rank → page → snippets → results.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from whoosh.query import Or as _Or

from indexer.values import fold

from ..models import FACET_FIELDS, FacetList, FacetValue, Group, Hit, SearchRequest, SearchResults, profile_url
from ..query import YEAR_MAX, YEAR_MIN, plan_query
from ..snippets import Highlight, snippet
from .columns import Columns
from .evaluate import EvalContext, evaluate, matching_docs
from .handle import Session
from .postings import leaves
from .highlight import highlight_terms
from .querybuild import build_text_query
from .suggest import suggest

TIME_LIMIT_S = 3.0
FEW_HITS = 3
GROUP_HITS = 3
GROUP_SCAN = 500


@dataclass
class _Filters:
    """The request's filters as masks over document numbers (parameters and field:value in the query)."""

    masks: dict[str, np.ndarray]  # facet → documents with a selected value (OR within the facet)
    selected: dict[str, set[str]]  # facet → the selected values as the index spells them
    exclude: np.ndarray  # documents a -field:value removes
    year_from: int | None
    year_to: int | None


@dataclass
class _Match:
    """The documents a text query matches: before facet filters (`base`) and after (`final`)."""

    base: np.ndarray
    final: np.ndarray
    scores: np.ndarray | None
    executed: object  # the Whoosh query that ran (None: no words)
    relaxed: bool = False
    notice: str | None = None
    held: np.ndarray | None = None  # how many of the query's word clauses each document holds
    full: int | None = None  # matches holding every word clause (the rest are partial matches)


def search(session: Session, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
    """Run one search: plan → filters → match (with the relaxed fallback) → facets → rank → page.

    ``search(session, SearchRequest(q="cctv")).total``
    """
    started = time.perf_counter()
    deadline = started + TIME_LIMIT_S
    cols = session.columns
    plan = plan_query(req.q)
    filters = _filters(cols, req, plan)
    tq = build_text_query(plan.text, session.searcher.schema, session.searcher.reader(),
                          countries=cols.facets["country"].values)
    memo: dict = {}  # postings read once per search, whatever the fallbacks reuse
    match = _match(session, tq, filters, deadline, memo)
    facets = _facet_counts(cols, match.base, filters)
    city_counts = cols.facets["city"].counts(match.final)
    ranked = _rank(session, req, tq, match, deadline, memo)
    terms_by_lang = highlight_terms(match.executed, session.searcher.reader())

    n_clauses = len(tq.clauses) if tq else 0

    def make_hit(docnum: int, score: float | None) -> Hit:
        partial = match.held is not None and int(match.held[docnum]) < n_clauses
        return _hit(session.searcher, req, docnum, score, terms_by_lang if snippets else None, partial)

    if req.group == "city":
        groups = _groups(session, req, ranked, match.final, city_counts, make_hit)
        hits = tuple(h for g in groups for h in g.hits)
    else:
        groups = None
        start = (req.page - 1) * req.size
        hits = tuple(make_hit(d, s) for d, s in ranked[start:start + req.size])
    # a word the corpus does not know, even when the other words find plenty
    did_you_mean = suggest(session.searcher, req.q, tq.words) if tq else None
    notes = list(plan.notes) + (list(tq.notes) if tq else [])
    query = {
        "q": req.q,
        "text": plan.text,
        "searched": str(match.executed) if match.executed is not None else None,
        "filters": {k: sorted(v) for k, v in filters.selected.items() if k != "year"},
        "excluded": {k: list(v) for k, v in plan.excluded.items()},
        "year": list(req.year),
        "year_from": filters.year_from,
        "year_to": filters.year_to,
        "sort": req.sort,
        "page": req.page,
        "size": req.size,
        "group": req.group,
        "relaxed": match.relaxed,
        "notes": notes,
        "places": [{"words": clause, "country": country} for clause, country in (tq.places if tq else ())],
    }
    took = round((time.perf_counter() - started) * 1000, 2)
    return SearchResults(req, query, int(match.final.sum()), int((city_counts > 0).sum()), took, hits, facets,
                         did_you_mean, groups, match.notice, match.relaxed, session.generation, match.full)


def _filters(cols: Columns, req: SearchRequest, plan) -> _Filters:
    """Facet selections, year bounds and exclusions as document masks."""
    selected: dict[str, list[str]] = {name: list(req.filters().get(name, ())) for name in FACET_FIELDS if name != "year"}
    for name, vals in plan.filters.items():
        selected.setdefault(name, []).extend(v for v in vals if v not in selected.get(name, []))
    year_from = req.year_from
    year_to = req.year_to
    if plan.year_from is not None:
        year_from = max(year_from or YEAR_MIN, plan.year_from)
    if plan.year_to is not None:
        year_to = min(year_to if year_to is not None else YEAR_MAX, plan.year_to)
    masks: dict[str, np.ndarray] = {}
    selected_values: dict[str, set[str]] = {}
    for name, vals in selected.items():
        if not vals:
            continue
        col = cols.facets[name]
        ids: list[int] = []
        for v in vals:
            ids.extend(col.lookup(v))
        masks[name] = col.mask_for(ids, cols.size)
        selected_values[name] = {col.values[i] for i in ids} | {v for v in vals if not col.lookup(v)}
    ycol = cols.facets["year"]
    year_values = np.array([int(v) for v in ycol.values], dtype=np.int64) if ycol.values else np.zeros(0, dtype=np.int64)
    if req.year or year_from is not None or year_to is not None:
        ok = np.ones(len(year_values), dtype=bool)
        if req.year:
            ok &= np.isin(year_values, list(req.year))
        if year_from is not None:
            ok &= year_values >= year_from
        if year_to is not None:
            ok &= year_values <= year_to
        masks["year"] = ycol.mask_for(list(np.nonzero(ok)[0]), cols.size)
        selected_values["year"] = {str(y) for y in req.year}
    exclude = np.zeros(cols.size, dtype=bool)
    for name, vals in plan.excluded.items():
        col = cols.facets[name]
        ids = [i for v in vals for i in col.lookup(v)]
        exclude |= col.mask_for(ids, cols.size)
    return _Filters(masks, selected_values, exclude, year_from, year_to)


def _match(session: Session, tq, filters: _Filters, deadline: float, memo: dict) -> _Match:
    """All the words; when that finds fewer than FEW_HITS, the first relaxed query that finds more."""
    cols = session.columns

    def compute(q) -> _Match:
        if q is None:
            base, scores = cols.live.copy(), None
        else:
            base, scores = matching_docs(session.searcher, q, cols, deadline, memo)
            base &= cols.live
        base &= ~filters.exclude
        final = base.copy()
        for m in filters.masks.values():
            final &= m
        return _Match(base, final, scores, q)

    match = compute(tq.strict if tq else None)
    if tq and len(tq.clauses) >= 3:
        match = _with_partial_matches(session, tq, match, filters, deadline, memo)
    if tq and int(match.final.sum()) < FEW_HITS:
        for fallback in tq.relaxed:
            looser = compute(fallback)
            if int(looser.final.sum()) > int(match.final.sum()):
                return _relaxed(session, tq, looser, deadline, memo)
    return match


def _relaxed(session: Session, tq, looser: _Match, deadline: float, memo: dict) -> _Match:
    """A fallback that found more: its passages ranked by how many words they hold, and said so."""
    cols = session.columns
    reader = session.searcher.reader()
    ctx = EvalContext(session.searcher, reader, leaves(reader), cols, deadline, float(max(1, reader.doc_count())), memo)
    held = np.zeros(cols.size, dtype=np.int32)
    for clause in tq.clauses:
        held += evaluate(ctx, clause)[0]
    full = int(((held >= len(tq.clauses)) & looser.final).sum())
    looser.relaxed, looser.held, looser.full = True, held, full
    if full:
        looser.notice = (f"Only {full} passage{'' if full == 1 else 's'} hold{'s' if full == 1 else ''} all of your "
                         "words: passages that match some of them follow, those with the most words first.")
    else:
        looser.notice = ("No passage has all of your words: showing passages that match some of them, "
                         "those with the most words first.")
    return looser


def minimum_should_match(n: int) -> int:
    """How many of n word clauses a partial match holds: all of 1–2, 2 of 3, 75 % (rounded down) beyond.

    ``[minimum_should_match(n) for n in range(1, 9)] == [1, 2, 2, 3, 3, 4, 5, 6]``
    """
    return n if n <= 2 else max(2, (3 * n) // 4)


def _with_partial_matches(session: Session, tq, full: _Match, filters: _Filters, deadline: float,
                          memo: dict) -> _Match:
    """The full matches, then the passages holding most of the words (never ranked above a full match)."""
    cols = session.columns
    reader = session.searcher.reader()
    ctx = EvalContext(session.searcher, reader, leaves(reader), cols, deadline, float(max(1, reader.doc_count())), memo)
    held = np.zeros(cols.size, dtype=np.int32)
    scores = np.zeros(cols.size, dtype=np.float32)
    for clause in tq.clauses:
        cm, cs = evaluate(ctx, clause)
        held += cm
        scores += cs
    keep = cols.live & ~filters.exclude
    base = (held >= minimum_should_match(len(tq.clauses))) & keep
    base |= full.base
    final = base.copy()
    for m in filters.masks.values():
        final &= m
    n_full = int(full.final.sum())
    partial = int(final.sum()) - n_full
    notice = None
    if n_full == 0 and partial:
        notice = ("No passage has all of your words: showing passages that match most of them, "
                  "those with the most words first.")
    return _Match(base, final, scores, full.executed if n_full else _Or(tq.clauses), relaxed=n_full == 0 and partial > 0,
                  notice=notice, held=held, full=n_full)


def _facet_counts(cols: Columns, base: np.ndarray, filters: _Filters) -> dict[str, tuple[FacetValue, ...]]:
    """Disjunctive counts: each facet counts under every selection but its own. Values by count,
    then name (years in order); selected values always listed, even with no match."""
    facets: dict[str, tuple[FacetValue, ...]] = {}
    matched: list[tuple[np.ndarray, np.ndarray]] = []  # (mask, its documents): each found once
    for name in FACET_FIELDS:
        m = base
        for other, om in filters.masks.items():
            if other != name:
                m = m & om
        docs = next((d for mm, d in matched if mm is m), None)
        if docs is None:
            docs = np.flatnonzero(m)
            matched.append((m, docs))
        col = cols.facets[name]
        sel = filters.selected.get(name, set())
        missing = tuple(FacetValue(v, 0, True) for v in sorted(v for v in sel if v not in col.values))
        if not len(col.values):
            facets[name] = missing
            continue
        counts = col.counts(m, docs)
        keep = counts > 0
        for v in sel:
            if v in col.values:
                keep[col.values.index(v)] = True
        ids = np.nonzero(keep)[0]
        if name == "year":  # few values, listed in order (the lexicon's order)
            items = [FacetValue(col.values[i], int(counts[i]), col.values[i] in sel) for i in ids.tolist()]
            facets[name] = tuple(sorted(items + list(missing), key=lambda fv: fv.value))
            continue
        rank = col.name_rank if col.name_rank is not None else np.argsort(np.argsort([fold(v) for v in col.values]))
        ids = ids[np.lexsort((rank[ids], -counts[ids]))]
        facets[name] = FacetList(col.values, ids.tolist(), counts, sel, missing)
    return facets


def _rank(session: Session, req: SearchRequest, tq, match: _Match, deadline: float,
          memo: dict) -> list[tuple[int, float | None]]:
    """The documents to show, best first: by score (relaxed: most words first), or by the requested order."""
    cols = session.columns
    want = req.page * req.size if req.group is None else GROUP_SCAN
    if not match.final.any():
        return []
    if match.executed is None or req.sort != "relevance":
        return [(int(d), None) for d in _sorted_docs(cols, match.final, req.sort, want)]
    scores = match.scores
    if match.held is not None:
        # every word clause held counts before the score: a full match never ranks below a partial one;
        # among passages holding as many words, those of a country the query names come first
        step = float(scores.max()) + 1.0
        scores = scores + match.held.astype(np.float32) * step
        if tq is not None and tq.places:
            col = cols.facets["country"]
            ids = [i for _, country in tq.places for i in col.lookup(country)]
            scores = scores + col.mask_for(ids, cols.size).astype(np.float32) * (step / 2)
    return _top_by_score(cols, match.final, scores, want)


def _hit(searcher, req: SearchRequest, docnum: int, score: float | None, terms_by_lang: dict | None,
         partial: bool = False) -> Hit:
    """One passage as a hit; `terms_by_lang` None: without a snippet."""
    f = searcher.stored_fields(docnum)
    lang = f.get("lang", "en")
    text = f.get("text", "")
    return Hit(
        id=f["id"], profile=f["profile"], city=f["city"], country=f.get("country"),
        section=f.get("section"), heading=f.get("heading"), network=f.get("network"),
        kind=f.get("kind"), years=tuple(f.get("years") or ()),
        score=round(score, 4) if score is not None else None,
        snippet=snippet(text, lang, terms_by_lang.get(lang, Highlight())) if terms_by_lang is not None else "",
        text=text, url=profile_url(f["profile"], req, f["id"]),
        first_indexed=f.get("first_indexed"), changed=f.get("changed"), partial=partial,
    )


def _groups(session: Session, req: SearchRequest, ranked, final: np.ndarray, city_counts: np.ndarray,
            make_hit) -> tuple[Group, ...]:
    """One page of cities, in the order of their best passage, each with its best GROUP_HITS passages."""
    cols = session.columns
    order: list[str] = []
    by_city: dict[str, list[tuple[int, float | None]]] = {}
    city_col = cols.facets["city"]
    for docnum, score in ranked:
        cid = int(cols.city_id[docnum]) if cols.city_id is not None else -1
        city = city_col.values[cid] if cid >= 0 else session.searcher.stored_fields(docnum)["city"]
        if city not in by_city:
            by_city[city] = []
            order.append(city)
        if len(by_city[city]) < GROUP_HITS:
            by_city[city].append((docnum, score))
    # cities beyond the scanned window still count, in name order
    folds = (cols.value_folds or {}).get("city") or tuple(fold(v) for v in city_col.values)
    rest_ids = [i for i in np.nonzero(city_counts)[0] if city_col.values[i] not in by_city]
    order += [city_col.values[i] for i in sorted(rest_ids, key=lambda i: folds[i])]
    start = (req.page - 1) * req.size
    glist = []
    for city in order[start:start + req.size]:
        docs = by_city.get(city)
        if docs is None:
            cid = city_col.folded[fold(city)]
            cm = final & city_col.mask_for([cid], cols.size)
            docs = [(int(d), None) for d in _sorted_docs(cols, cm, "city", GROUP_HITS)]
        hits = tuple(make_hit(d, s) for d, s in docs)
        first = hits[0]
        glist.append(Group(city, first.profile, first.country, int(city_counts[city_col.folded[fold(city)]]), hits))
    return tuple(glist)


def _top_by_score(cols: Columns, mask: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The `limit` best documents of mask by score (ties: profile order), best first."""
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

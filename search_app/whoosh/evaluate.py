"""Evaluating a Whoosh query over numpy arrays: boolean logic, BM25F scores, phrases on candidates.

Terms, AND, OR, NOT and expanded multi-terms are read a posting block at a time (see
:mod:`.postings`) and combined as masks and score arrays; phrases are checked on the candidates
that hold all their words.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq

from indexer.schema import TEXT_FIELDS

from ..query import BadRequest
from .columns import Columns
from .postings import leaves, position_blocks, term_blocks
from .querybuild import is_null


BM25_B, BM25_K1 = 0.75, 1.2


def matching_docs(searcher, q, cols: Columns, deadline: float, memo: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(mask, BM25F scores) over document numbers for the documents `q` matches.

    Terms, AND, OR, NOT and expanded multi-terms are read a posting block at a time into numpy
    and scored there (BM25F: each text field's own length normalisation and boost), so the cost
    no longer grows with a Python loop per match; phrases are checked by Whoosh's matcher on the
    candidates that hold all their words. ``mask, scores = matching_docs(s, q, cols, t + 3)``
    """
    reader = searcher.reader()
    ctx = EvalContext(searcher, reader, leaves(reader), cols, deadline, float(max(1, reader.doc_count())),
                       memo if memo is not None else {})
    mask, scores = evaluate(ctx, q)
    return mask.copy(), scores.copy()  # the memo's arrays stay untouched


@dataclass
class EvalContext:
    searcher: object
    reader: object
    leaves: list
    cols: Columns
    deadline: float
    n_docs: float
    memo: dict = field(default_factory=dict)  # (field, term, boost) → (mask, scores) within one search


def _term(ctx: EvalContext, fieldname: str, text, boost: float) -> tuple[np.ndarray, np.ndarray]:
    key = (fieldname, text, boost)
    if key not in ctx.memo:
        ctx.memo[key] = _read_term(ctx, fieldname, text, boost)
    return ctx.memo[key]


def _read_term(ctx: EvalContext, fieldname: str, text, boost: float) -> tuple[np.ndarray, np.ndarray]:
    """(documents, BM25F scores) of one term. Its document frequency and the collection size count
    live documents only, so an index after incremental updates scores as a fresh build does."""
    size = ctx.cols.size
    mask = np.zeros(size, dtype=bool)
    scores = np.zeros(size, dtype=np.float32)
    lengths = (ctx.cols.lengths or {}).get(fieldname)
    try:
        if not ctx.reader.doc_frequency(fieldname, text):
            return mask, scores
    except Exception:
        return mask, scores
    avg = (ctx.cols.avg_length or {}).get(fieldname, 1.0) or 1.0
    for leaf, offset in ctx.leaves:
        for ids, tf in term_blocks(leaf, fieldname, text):
            ids = ids + offset
            mask[ids] = True
            if tf is None or lengths is None:
                scores[ids] += 1.0
            else:
                fl = lengths[ids]
                scores[ids] += (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * ((1 - BM25_B) + BM25_B * fl / avg))
    mask &= ctx.cols.live
    df = int(mask.sum())
    if not df:
        return mask, np.zeros(size, dtype=np.float32)
    idf = np.log(ctx.n_docs / (df + 1)) + 1
    scores *= np.float32(idf * TEXT_FIELDS.get(fieldname, 1.0) * boost)
    scores[~mask] = 0.0
    return mask, scores


def evaluate(ctx: EvalContext, q) -> tuple[np.ndarray, np.ndarray]:
    if time.perf_counter() > ctx.deadline:
        raise BadRequest("the query took too long to run; make it more specific (fewer wildcards or fuzzy words)")
    size = ctx.cols.size
    if isinstance(q, wq.Term):
        return _term(ctx, q.fieldname, q.text, q.boost)
    if isinstance(q, (wq.Or, wq.DisjunctionMax)):
        mask = np.zeros(size, dtype=bool)
        scores = np.zeros(size, dtype=np.float32)
        for child in q.subqueries:
            cm, cs = evaluate(ctx, child)
            mask |= cm
            scores += cs
        return mask, scores * q.boost
    if isinstance(q, wq.And):
        mask = None
        scores = np.zeros(size, dtype=np.float32)
        for child in sorted(q.subqueries, key=lambda c: isinstance(c, wq.Not)):
            cm, cs = evaluate(ctx, child)
            mask = cm if mask is None else mask & cm
            scores += cs
            if not mask.any():
                break
        if mask is None:
            mask = np.zeros(size, dtype=bool)
        return mask, scores * q.boost
    if isinstance(q, wq.AndNot):
        am, ascore = evaluate(ctx, q.a)
        bm, _ = evaluate(ctx, q.b)
        return am & ~bm, ascore
    if isinstance(q, wq.Not):
        cm, _ = evaluate(ctx, q.query)
        return ~cm, np.zeros(size, dtype=np.float32)
    if isinstance(q, wq.Every):
        return np.ones(size, dtype=bool), np.zeros(size, dtype=np.float32)
    if is_null(q):
        return np.zeros(size, dtype=bool), np.zeros(size, dtype=np.float32)
    if isinstance(q, (wq.FuzzyTerm, wq.Prefix, wq.Wildcard)):
        mask = np.zeros(size, dtype=bool)
        scores = np.zeros(size, dtype=np.float32)
        for fieldname, text in q.expanded_terms(ctx.reader):
            cm, cs = _term(ctx, fieldname, text, q.boost)
            mask |= cm
            scores = np.maximum(scores, cs)
        return mask, scores
    scores = np.zeros(size, dtype=np.float32)
    if isinstance(q, wq.Phrase):
        cand = None
        for word in q.words:
            tm, ts = _term(ctx, q.fieldname, word, q.boost)
            cand = tm if cand is None else cand & tm
            scores += ts
        if cand is None or not cand.any():
            return np.zeros(size, dtype=bool), scores
        mask = _phrase_mask(ctx, q, cand)
        if mask is None:
            mask = _matcher_mask(ctx.searcher, q, size, ctx.deadline) & cand
        return mask, scores * 1.2
    mask = _matcher_mask(ctx.searcher, q, size, ctx.deadline)
    return mask, mask.astype(np.float32)


def _positions(ctx: EvalContext, fieldname: str, text, cand: np.ndarray) -> dict[int, frozenset[int]] | None:
    """Positions of a term in the candidate documents, decoded only for those (None: unsupported codec)."""
    out: dict[int, frozenset[int]] = {}
    for leaf, offset in ctx.leaves:
        blocks = position_blocks(leaf, fieldname, text, lambda ids, offset=offset: np.nonzero(cand[ids + offset])[0])
        if blocks is None:
            return None
        for ids, positions in blocks:
            for doc, pos in zip((ids + offset).tolist(), positions):
                out[doc] = pos
        if time.perf_counter() > ctx.deadline:
            raise BadRequest("the query took too long to run; make it more specific (fewer wildcards or fuzzy words)")
    return out


def _phrase_mask(ctx: EvalContext, q, cand: np.ndarray) -> np.ndarray | None:
    """Documents among `cand` where the phrase's words stand next to each other, in order."""
    if getattr(q, "slop", 1) != 1 or len(q.words) < 2:
        return None
    per_word = []
    for word in q.words:
        pos = _positions(ctx, q.fieldname, word, cand)
        if pos is None:
            return None
        per_word.append(pos)
    mask = np.zeros(ctx.cols.size, dtype=bool)
    first = per_word[0]
    for doc, starts in first.items():
        ok = set(starts)
        for k, pos in enumerate(per_word[1:], start=1):
            other = pos.get(doc)
            if not other:
                ok = set()
                break
            ok = {p for p in ok if p + k in other}
            if not ok:
                break
        if ok:
            mask[doc] = True
    return mask


def _matcher_mask(searcher, q, size: int, deadline: float) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    ids = []
    m = q.matcher(searcher, searcher.boolean_context())
    n = 0
    while m.is_active():
        ids.append(m.id())
        m.next()
        n += 1
        if n % 4096 == 0 and time.perf_counter() > deadline:
            raise BadRequest("the query took too long to run; make it more specific (fewer wildcards or fuzzy words)")
    if ids:
        mask[np.asarray(ids, dtype=np.int64)] = True
    return mask

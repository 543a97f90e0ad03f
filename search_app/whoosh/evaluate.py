"""Evaluating a Whoosh query over numpy arrays: boolean logic, BM25F scores, phrases on candidates.

Terms, AND, OR, NOT and expanded multi-terms are read a posting block at a time (see
:mod:`.postings`) and combined as masks and score arrays; a phrase is read as its adjacent word
pairs, which the index holds as terms (longer phrases are then checked on the candidates' text).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq

from indexer.phrases import WordsAndPairs, adjacent_pairs, holds_phrase, is_pair_term
from indexer.schema import TEXT_FIELDS

from ..query import BadRequest
from .columns import Columns
from .postings import leaves, term_blocks
from .querybuild import is_null


BM25_B, BM25_K1 = 0.75, 1.2


def matching_docs(searcher, q, cols: Columns, deadline: float, memo: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(mask, BM25F scores) over document numbers for the documents `q` matches.

    Terms, AND, OR, NOT and expanded multi-terms are read a posting block at a time into numpy
    and scored there (BM25F: each text field's own length normalisation and boost), so the cost
    no longer grows with a Python loop per match; a phrase is the documents holding its adjacent
    word pairs (see :mod:`indexer.phrases`). ``mask, scores = matching_docs(s, q, cols, t + 3)``
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
            if is_pair_term(text):
                continue
            cm, cs = _term(ctx, fieldname, text, q.boost)
            mask |= cm
            scores = np.maximum(scores, cs)
        return mask, scores
    if isinstance(q, wq.Phrase):
        return _phrase(ctx, q)
    mask = _matcher_mask(ctx.searcher, q, size, ctx.deadline)
    return mask, mask.astype(np.float32)


#: where a text field's words are stored, to check a phrase on the passage itself
_STORED_SOURCE = {"text_en": "text", "text_fr": "text", "heading_text": "heading", "city_text": "city"}


def _phrase(ctx: EvalContext, q) -> tuple[np.ndarray, np.ndarray]:
    """A phrase: the documents holding its adjacent-word pairs (one posting list each); beyond two
    words, or with a slop, those candidates are checked on their stored text.

    Scored as the sum of its words' scores, raised by a fifth where any document holds all its
    words; the words' scores count even where they do not stand together (so a theme's phrase
    still lends some weight to passages using its words apart), but only the phrase matches.
    """
    size = ctx.cols.size
    words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in q.words]
    scores = np.zeros(size, dtype=np.float32)
    every = None
    for word in words:
        tm, ts = _term(ctx, q.fieldname, word, q.boost)
        every = tm if every is None else every & tm
        scores += ts
    if every is None or not every.any():
        return np.zeros(size, dtype=bool), scores
    slop = getattr(q, "slop", 1)
    paired = isinstance(getattr(ctx.reader.schema[q.fieldname], "format", None), WordsAndPairs)
    cand = every
    if len(words) > 1 and slop == 1 and paired:
        for key in adjacent_pairs(words):
            cand = cand & _term(ctx, q.fieldname, key, 1.0)[0]
    if not cand.any():
        return cand, scores * 1.2
    if not paired:  # an index written before pairs: Whoosh's own position matcher
        cand = _matcher_mask(ctx.searcher, q, size, ctx.deadline) & cand
    elif len(words) > 2 or slop != 1:
        cand = _checked_on_text(ctx, q.fieldname, words, slop, cand)
    return cand, scores * 1.2


def _checked_on_text(ctx: EvalContext, fieldname: str, words: list[str], slop: int, cand: np.ndarray) -> np.ndarray:
    """The candidates whose stored text, analysed as the field is, holds the words in order."""
    source = _STORED_SOURCE.get(fieldname)
    if source is None:
        return cand
    analyzer = ctx.reader.schema[fieldname].analyzer
    out = np.zeros(ctx.cols.size, dtype=bool)
    for n, doc in enumerate(np.nonzero(cand)[0].tolist()):
        if n % 256 == 255 and time.perf_counter() > ctx.deadline:
            raise BadRequest("the query took too long to run; make it more specific (fewer wildcards or fuzzy words)")
        value = ctx.searcher.stored_fields(doc).get(source) or ""
        if holds_phrase([t.text for t in analyzer(value)], words, slop):
            out[doc] = True
    return out


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

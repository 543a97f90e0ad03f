"""Evaluating the neutral query tree over the embedded index, in numpy: boolean logic, BM25F scores,
phrases on candidates.

Terms, AND, OR and NOT are read a posting block at a time (see :mod:`.postings`) and combined as
masks and score arrays; a phrase is read as its adjacent word pairs, which the index holds as terms
(a longer one is proven by the pairs' frequencies, or checked on the candidates' terms column).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from indexer.fields import TEXT_WEIGHTS
from indexer.phrases import adjacent_pairs, columns_holding_phrase

from ..messages import msg
from ..query import BadRequest
from ..query.tree import And, AndNot, Every, Node, Nothing, Or, Phrase, Term
from .columns import Columns
from .postings import leaves, term_blocks


BM25_B, BM25_K1 = 0.75, 1.2
_SLOW = msg("the query took too long to run; make it more specific (fewer wildcards or fuzzy words)")
_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float32)


def context(searcher, cols: Columns, deadline: float, memo: dict | None = None) -> "EvalContext":
    """What evaluating a tree on one searcher needs: ``evaluate(context(s, cols, t + 3), tree)``"""
    reader = searcher.reader()
    return EvalContext(searcher, reader, leaves(reader), cols, deadline, float(max(1, reader.doc_count())),
                       memo if memo is not None else {})


@dataclass
class EvalContext:
    searcher: object
    reader: object
    leaves: list
    cols: Columns
    deadline: float
    n_docs: float
    memo: dict = field(default_factory=dict)  # (field, term, boost) → Sparse within one search


@dataclass(frozen=True)
class Sparse:
    """A term's or a phrase's result, as long as its postings (not the whole index): the documents
    it scores, their scores, and the documents it matches (a subset: a phrase scores its words)."""

    ids: np.ndarray  # sorted, unique document numbers
    scores: np.ndarray  # float32, one per id
    hits: np.ndarray  # sorted document numbers matched

    def dense(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        mask = np.zeros(size, dtype=bool)
        mask[self.hits] = True
        scores = np.zeros(size, dtype=np.float32)
        scores[self.ids] = self.scores
        return mask, scores


_EMPTY = Sparse(_NO_IDS, _NO_SCORES, _NO_IDS)
#: postings of a phrase's inner words read to prove it costs about what checking one candidate's terms does
POSTINGS_PER_CHECK = 250


def _term(ctx: EvalContext, fieldname: str, text, boost: float) -> Sparse:
    """A term's documents and scores: from this search's memo, else the commit's term cache
    (:mod:`.termcache`, shared by the process's searches), else read from the index."""
    key = (fieldname, text, boost)
    found = ctx.memo.get(key)
    if found is None:
        cache = getattr(ctx.cols, "terms", None)
        found = cache.get(key) if cache is not None else None
        if found is None:
            found = _read_term(ctx, fieldname, text, boost)
            if cache is not None:
                for arr in (found.ids, found.scores, found.hits):
                    arr.flags.writeable = False  # shared by every search of the process: read-only
                extra = found.hits.nbytes if found.hits is not found.ids else 0
                cache.put(key, found, found.ids.nbytes + found.scores.nbytes + extra)
                _keep_frequencies(ctx, cache, fieldname, text, found.ids)
        ctx.memo[key] = found
    return found


def _keep_frequencies(ctx: EvalContext, cache, fieldname: str, text, live_ids: np.ndarray) -> None:
    """Keeps the frequencies a term's reading found (see :func:`_frequencies`) with the commit's terms:
    a later phrase proven by them reads nothing (they share the term's documents when none is deleted)."""
    key = ("frequencies", fieldname, text)
    found = ctx.memo.get(key)
    if found is None or cache.get(key) is not None:
        return
    for arr in found:
        arr.flags.writeable = False
    cache.put(key, found, found[1].nbytes + (0 if found[0] is live_ids else found[0].nbytes) + 100)


def _read_term(ctx: EvalContext, fieldname: str, text, boost: float) -> Sparse:
    """The live documents holding one term and their BM25F scores. Its document frequency and the
    collection size count live documents only, so an index after incremental updates scores as a
    fresh build does."""
    lengths = (ctx.cols.lengths or {}).get(fieldname)
    avg = (ctx.cols.avg_length or {}).get(fieldname, 1.0) or 1.0
    id_parts: list[np.ndarray] = []
    score_parts: list[np.ndarray] = []
    tf_parts: list[np.ndarray] = []
    for leaf, offset in ctx.leaves:
        for ids, tf in term_blocks(leaf, fieldname, text):
            ids = ids + offset
            if tf is None:
                tf = np.ones(len(ids), dtype=np.float32)
            if lengths is None:
                part = np.ones(len(ids), dtype=np.float32)
            else:
                part = (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * ((1 - BM25_B) + BM25_B * lengths[ids] / avg))
            id_parts.append(ids)
            score_parts.append(part.astype(np.float32, copy=False))
            tf_parts.append(tf)
    if not id_parts:
        return _EMPTY
    ids = np.concatenate(id_parts)
    scores = np.concatenate(score_parts)
    # the frequencies just read, for a phrase of this search that proves itself by them (not re-read)
    ctx.memo.setdefault(("frequencies", fieldname, text), (ids, np.concatenate(tf_parts)))
    live = ctx.cols.live[ids]
    if not live.all():
        ids, scores = ids[live], scores[live]
    if not len(ids):
        return _EMPTY
    idf = np.log(ctx.n_docs / (len(ids) + 1)) + 1
    scores = scores * np.float32(idf * TEXT_WEIGHTS.get(fieldname, 1.0) * boost)
    return Sparse(ids, scores, ids)


def _leaf(ctx: EvalContext, q) -> Sparse | None:
    """A term or a phrase as a :class:`Sparse`; None for any other node."""
    if isinstance(q, Term):
        return _term(ctx, q.field, q.text, q.boost)
    if isinstance(q, Phrase):
        return _phrase(ctx, q)
    return None


def evaluate(ctx: EvalContext, q: Node) -> tuple[np.ndarray, np.ndarray]:
    """(mask, scores) of a tree over every document number (new arrays, free to change)."""
    if time.perf_counter() > ctx.deadline:
        raise BadRequest(_SLOW)
    size = ctx.cols.size
    leaf = _leaf(ctx, q)
    if leaf is not None:
        return leaf.dense(size)
    if isinstance(q, Or):
        mask = np.zeros(size, dtype=bool)
        scores = np.zeros(size, dtype=np.float32)
        for child in q.children:
            sp = _leaf(ctx, child)
            if sp is not None:  # added where its postings are, not over the whole index
                mask[sp.hits] = True
                scores[sp.ids] += sp.scores
                continue
            cm, cs = evaluate(ctx, child)
            mask |= cm
            scores += cs
        return mask, scores * q.boost
    if isinstance(q, And):
        mask = None
        scores = np.zeros(size, dtype=np.float32)
        for child in q.children:
            cm, cs = evaluate(ctx, child)
            mask = cm if mask is None else mask & cm
            scores += cs
            if not mask.any():
                break
        if mask is None:
            mask = np.zeros(size, dtype=bool)
        return mask, scores * q.boost
    if isinstance(q, AndNot):
        am, ascore = evaluate(ctx, q.positive)
        bm, _ = evaluate(ctx, q.negative)
        return am & ~bm, ascore
    if isinstance(q, Every):
        return np.ones(size, dtype=bool), np.zeros(size, dtype=np.float32)
    if isinstance(q, Nothing):
        return np.zeros(size, dtype=bool), np.zeros(size, dtype=np.float32)
    raise TypeError(f"not a query tree node: {type(q).__name__}")


def _phrase(ctx: EvalContext, q) -> Sparse:
    """A phrase: the documents holding its adjacent-word pairs (one posting list each); beyond two
    words, or with a slop, those the term frequencies do not prove are checked on their terms column.

    Scored as the sum of its words' scores, raised by a fifth where any document holds all its
    words; the words' scores count even where they do not stand together (so a theme's phrase
    still lends some weight to passages using its words apart), but only the phrase matches.
    """
    words = list(q.words)
    if not words:
        return _EMPTY
    parts = [_term(ctx, q.field, word, q.boost) for word in words]
    if len(parts) == 1:
        ids, scores = parts[0].ids, parts[0].scores.copy()
    else:  # the words' scores summed word by word (in float32, in the words' order) over every document
        ids = _union(p.ids for p in parts)
        summed = np.zeros(ctx.cols.size, dtype=np.float32)
        for p in parts:
            summed[p.ids] += p.scores
        scores = summed[ids]
    if len(words) == 1:
        hits = parts[0].hits
        return Sparse(ids, scores * 1.2, hits) if len(hits) else Sparse(ids, scores, _NO_IDS)
    # the documents holding every adjacent pair of the phrase (so every word), rarest pair first
    pairs = sorted((_term(ctx, q.field, key, 1.0).hits for key in adjacent_pairs(words)), key=len)
    paired = pairs[0]
    for hits in pairs[1:]:
        paired = _intersect(paired, hits)
    every = paired
    if q.slop != 1 or not len(paired):  # the documents holding every word, wherever they stand
        every = parts[0].hits
        for p in sorted(parts[1:], key=lambda p: len(p.hits)):
            every = _intersect(every, p.hits)
    if not len(every):
        return Sparse(ids, scores, _NO_IDS)
    if len(words) == 2:
        proven = paired
    elif len(paired) * POSTINGS_PER_CHECK > sum(len(p.ids) for p in parts[1:-1]):
        proven = _proven(ctx, q.field, words, paired)
    else:  # few candidates: checking their terms costs less than reading the inner words' frequencies
        proven = _NO_IDS
    # the rest is checked on the passages' terms column: unproven ones that hold every pair; with a slop,
    # any that holds every word (its words may stand apart)
    rest = np.setdiff1d(every if q.slop != 1 else paired, proven, assume_unique=True)
    if len(rest):
        proven = _union((proven, _checked_on_terms(ctx, q.field, words, q.slop, rest)))
    return Sparse(ids, scores * 1.2, proven)


def _proven(ctx: EvalContext, fieldname: str, words: list[str], docs: np.ndarray) -> np.ndarray:
    """The documents of `docs` (each holding every adjacent pair of a phrase of 3 or more words) whose
    term frequencies prove the phrase is there, without reading their text.

    Three words a b c: each "a b" ends on an occurrence of b and each "b c" starts on one, so when there
    are more such pairs than b's, some b has a before it and c after it. Longer phrases: when every
    inner word occurs once, the pairs chain through those single occurrences.
    """
    if not len(docs):
        return docs
    unit = float(getattr(ctx.searcher.schema[fieldname].format, "field_boost", 1.0) or 1.0)
    inner = [_frequencies(ctx, fieldname, w, docs) for w in words[1:-1]]
    if len(words) == 3:
        a, b = (_frequencies(ctx, fieldname, key, docs) for key in adjacent_pairs(words))
        ok = a + b > inner[0] + unit / 2
    else:
        ok = np.logical_and.reduce([f < unit * 1.5 for f in inner])
    return docs[ok]


def _frequencies(ctx: EvalContext, fieldname: str, text: str, docs: np.ndarray) -> np.ndarray:
    """A term's weight (its frequency times the field's boost) in each of `docs` (0 where absent); a
    term's frequencies are kept with the commit's terms (:mod:`.termcache`), as its scores are."""
    key = ("frequencies", fieldname, text)
    cache = getattr(ctx.cols, "terms", None)
    found = ctx.memo.get(key) or (cache.get(key) if cache is not None else None)
    if found is None:
        id_parts, tf_parts = [], []
        for leaf, offset in ctx.leaves:
            for ids, tf in term_blocks(leaf, fieldname, text):
                id_parts.append(ids + offset)
                tf_parts.append(np.ones(len(ids), dtype=np.float32) if tf is None else tf)
        found = ((np.concatenate(id_parts), np.concatenate(tf_parts)) if id_parts
                 else (_NO_IDS, _NO_SCORES))
        if cache is not None:
            for arr in found:
                arr.flags.writeable = False
            cache.put(key, found, found[0].nbytes + found[1].nbytes + 100)
        ctx.memo[key] = found
    ids, tf = found
    if not len(ids):
        return np.zeros(len(docs), dtype=np.float32)
    at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
    return np.where(ids[at] == docs, tf[at], 0).astype(np.float32)


def _intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The numbers in both of two sorted, unique arrays, sorted: each of the shorter one looked up in
    the longer (a binary search each), so a rare pair costs what it holds, not what a common one does."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return a[b[at] == a]


def _union(sorted_ids) -> np.ndarray:
    """The union of sorted, unique document arrays, sorted: a merge of the runs (numpy's stable
    sort finds them), then each number once (``np.unique`` hashes, many times slower here)."""
    merged = np.sort(np.concatenate(list(sorted_ids)), kind="stable")
    if len(merged) < 2:
        return merged
    first = np.empty(len(merged), dtype=bool)
    first[0] = True
    np.not_equal(merged[1:], merged[:-1], out=first[1:])
    return merged[first]


def _checked_on_terms(ctx: EvalContext, fieldname: str, words: list[str], slop: int, cand: np.ndarray) -> np.ndarray:
    """The candidates whose terms hold the words in order, read from the field's terms column (see
    :func:`indexer.phrases.terms_column`; a segment without one, which holds no passage with that field,
    keeps its candidates)."""
    cache = getattr(ctx.cols, "terms", None)  # the same phrase gives the same answer until the next commit
    key = ("checked phrase", fieldname, tuple(words), slop, len(cand), hash(cand.tobytes()))
    known = cache.get(key) if cache is not None else None
    if known is not None:
        return known
    starts = [offset for _, offset in ctx.leaves]
    columns = [leaf.column_reader(fieldname, translate=False) if leaf.has_column(fieldname) else None
               for leaf, _ in ctx.leaves]
    which = np.searchsorted(np.asarray(starts, dtype=np.int64), cand, side="right") - 1
    docs = cand.tolist()
    values = []
    for n, (doc, i) in enumerate(zip(docs, which.tolist())):
        if n % 4096 == 4095 and time.perf_counter() > ctx.deadline:
            raise BadRequest(_SLOW)
        column = columns[i]
        values.append(column[doc - starts[i]] if column is not None else None)
    unread = [n for n, v in enumerate(values) if v is None]  # kept: nothing to check them on
    held = columns_holding_phrase([v or b"" for v in values], words, slop)
    found = np.asarray(sorted({docs[n] for n in held} | {docs[n] for n in unread}), dtype=np.int64)
    if cache is not None:
        cache.put(key, found, found.nbytes + 100)
    return found

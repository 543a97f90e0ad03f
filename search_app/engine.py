"""The search engine: request → :class:`SearchResults`. No Flask here.

One results object serves the HTML page, the JSON API and the CLI.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Iterator

import numpy as np
from whoosh import query as wq
from whoosh.qparser import AndGroup, MultifieldParser, plugins

from indexer import store
from indexer.analysis import stopwords
from indexer.analysis import terms as analyse_terms
from indexer.schema import TEXT_FIELDS
from indexer.values import fold

from .facets import Columns, load_columns
from .query import YEAR_MAX, YEAR_MIN, BadRequest, QueryPlan, plan_query
from .models import (  # noqa: F401  (re-exported for callers of the engine)
    CITY_SORTS, DEFAULT_FACET_SIZE, DEFAULT_SIZE, FACET_FIELDS, KNOWN_PARAMS, LIST_PARAMS, MAX_FACET_SIZE,
    MAX_PAGE, MAX_SIZE, SORTS, CitySummary, FacetValue, Group, Hit, SearchRequest, SearchResults,
    profile_url, request_from_params, sorted_cities,
)
from .profileview import by_section, passage_dict, timeline  # noqa: F401
from .snippets import mark, match_spans, snippet

PREFIX_CAP = 200
FEW_HITS = 3
TIME_LIMIT_S = 3.0
GROUP_HITS = 3
GROUP_SCAN = 500

# ---------------------------------------------------------------------------------------------
# the index handle: one per app or CLI run; one searcher per request


@dataclass
class Session:
    """What one request works with: an open searcher and the columns of its commit."""

    searcher: object
    columns: Columns
    generation: str
    meta: dict


class IndexHandle:
    """Opens the live generation, notices new generations and commits, caches columns per commit."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._ix = None
        self._gen = None
        self._columns: Columns | None = None
        # one open searcher per thread and commit: opening one copies the segment files into memory
        self._local = threading.local()

    def _index(self):
        name = store.current_name(self.index_dir)
        if name is None:
            from indexer.errors import IndexMissing

            raise IndexMissing(str(self.index_dir))
        with self._lock:
            if self._gen is None or self._gen.name != name:
                self._gen, self._ix = store.open_live(self.index_dir)
            return self._gen, self._ix

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An open searcher on the live index for one request (this thread's, reused while the commit is live)."""
        for attempt in range(4):
            gen, ix = self._index()
            try:
                before = ix.latest_generation()
                searcher = self._searcher(gen, ix, before)
                after = ix.latest_generation()
            except (OSError, ValueError):
                with self._lock:
                    self._gen = None
                self._drop_searcher()
                time.sleep(0.05 * (attempt + 1))
                continue
            if before != after:
                self._drop_searcher()
                continue
            break
        else:
            gen, ix = self._index()
            after = ix.latest_generation()
            searcher = self._searcher(gen, ix, after)
        try:
            key = (gen.name, after)
            with self._lock:
                columns = self._columns
            if columns is None or columns.key != key:
                columns = load_columns(searcher.reader(), key)
                with self._lock:
                    self._columns = columns
        except (OSError, ValueError):
            self._drop_searcher()
            raise
        yield Session(searcher, columns, f"{gen.name}#{after}", gen.meta)

    def _searcher(self, gen, ix, commit: int):
        """This thread's searcher for (generation, commit), opened on first use and then reused."""
        cached = getattr(self._local, "searcher", None)
        if cached is not None and cached[0] == (gen.name, commit):
            return cached[1]
        self._drop_searcher()
        searcher = ix.searcher()
        self._local.searcher = ((gen.name, commit), searcher)
        return searcher

    def _drop_searcher(self) -> None:
        cached = getattr(self._local, "searcher", None)
        self._local.searcher = None
        if cached is not None:
            try:
                cached[1].close()
            except Exception:  # already closed or its files are gone
                pass


# ---------------------------------------------------------------------------------------------
# synonyms


@functools.cache
def synonym_groups() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(folded words of an expression, the group's expressions) for every expression in the data file."""
    text = resources.files("search_app").joinpath("data/synonyms.txt").read_text("utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exprs = tuple(e.strip() for e in line.split("|") if e.strip())
        for e in exprs:
            words = tuple(re.findall(r"\w+", fold(e)))
            if words:
                out.append((words, exprs))
    out.sort(key=lambda it: -len(it[0]))
    return tuple(out)


def _expr_query_text(expr: str) -> str:
    words = re.findall(r"\w+", expr)
    return words[0] if len(words) == 1 else '"' + " ".join(words) + '"'


_PLAIN_TOKEN = re.compile(r"^[\w'’.-]+$")


def split_clauses(text: str) -> list[str]:
    """Top-level clauses of a plain query, synonyms grouped: "cctv paris" → ["(cctv OR …)", "paris"]."""
    tokens = text.split()
    words = [re.findall(r"\w+", fold(t)) for t in tokens]
    out: list[str] = []
    i = 0
    groups = synonym_groups()
    while i < len(tokens):
        matched = False
        if _PLAIN_TOKEN.match(tokens[i]) and not tokens[i].startswith(("-", "+")):
            flat: list[tuple[int, str]] = []
            for j in range(i, min(len(tokens), i + 6)):
                if not _PLAIN_TOKEN.match(tokens[j]) or tokens[j].startswith(("-", "+")):
                    break
                flat.extend((j, w) for w in words[j])
            seq = [w for _, w in flat]
            for expr_words, exprs in groups:
                n = len(expr_words)
                if tuple(seq[:n]) == expr_words and (n == len(seq) or flat[n][0] != flat[n - 1][0]):
                    end_token = flat[n - 1][0]
                    alts = " OR ".join(dict.fromkeys(_expr_query_text(e) for e in exprs))
                    out.append(f"({alts})")
                    i = end_token + 1
                    matched = True
                    break
        if not matched:
            out.append(tokens[i])
            i += 1
    return out


def expand_synonyms(text: str) -> str:
    """Plain words that name a synonym group become an OR of the group (quoted phrases are left alone)."""
    parts = re.split(r'("[^"]*"?)', text)
    out = []
    for part in parts:
        if part.startswith('"'):
            out.append(part)
        else:
            chunks = re.split(r"(\s+(?:AND|OR|NOT|ANDNOT)\s+|[()])", part)
            for c in chunks:
                if not c or c.strip() in ("AND", "OR", "NOT", "ANDNOT", "(", ")") or not c.strip():
                    out.append(c)
                else:
                    lead = c[: len(c) - len(c.lstrip())]
                    trail = c[len(c.rstrip()):]
                    out.append(lead + " ".join(
                        cl if cl.startswith(("-", "+")) else cl for cl in split_clauses(c.strip())
                    ) + trail)
    return "".join(out)


FUZZY_CAP = 30
_FUZZY = re.compile(r"(?<![\w\"~*])([^\W\d_][\w'’-]*)~([12])?(?![\w~*])")


def expand_fuzzy(text: str, reader) -> str:
    """`word~` (one edit for short words, two for longer ones), `word~1` and `word~2` become an OR of the corpus's own words that
    close (from the unstemmed `spell` field), so the stemmers then apply as for typed words.

    ``expand_fuzzy("discrimation~", reader) == "(discrimation OR discrimination)"`` on the seed corpus
    """

    def sub(m: re.Match) -> str:
        word = fold(m.group(1)).lower()
        maxdist = int(m.group(2) or (1 if len(word) <= 5 else 2))
        try:
            near = list(itertools.islice(reader.terms_within("spell", word, maxdist, prefix=1), FUZZY_CAP * 4))
        except Exception:  # no spell field in an old index
            near = []
        near = sorted(set(near), key=lambda t: -reader.doc_frequency("spell", t))[:FUZZY_CAP]
        if word not in near:
            near.insert(0, word)
        return "(" + " OR ".join(near) + ")"

    return _FUZZY.sub(sub, text)


# ---------------------------------------------------------------------------------------------
# building Whoosh queries


def _parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
    parser.remove_plugin_class(plugins.FieldsPlugin)
    parser.remove_plugin_class(plugins.RangePlugin)
    parser.add_plugin(plugins.FuzzyTermPlugin())
    parser.add_plugin(plugins.PlusMinusPlugin())
    return parser


def _fold_multiterms(q, reader, notes: list[str]):
    """Fold prefix/wildcard/fuzzy text like the analyser does, and cap prefix expansion."""

    def fix(node):
        if isinstance(node, wq.FuzzyTerm):
            return wq.FuzzyTerm(node.fieldname, fold(node.text), boost=node.boost,
                                maxdist=min(node.maxdist, 2), prefixlength=1)
        if isinstance(node, (wq.Prefix, wq.Wildcard)):
            text = fold(node.text)
            if isinstance(node, wq.Prefix) and not text:
                return wq.NullQuery
            cls = type(node)
            new = cls(node.fieldname, text, boost=node.boost)
            terms = []
            for _, t in new.expanded_terms(reader):
                terms.append(t)
                if len(terms) > PREFIX_CAP * 4:
                    break
            if len(terms) > PREFIX_CAP:
                terms.sort(key=lambda t: -reader.doc_frequency(node.fieldname, t))
                terms = terms[:PREFIX_CAP]
                notes.append(f"“{node.text}*” matches many words; searched the {PREFIX_CAP} most common")
            if not terms:
                return wq.NullQuery
            return wq.Or([wq.Term(node.fieldname, t) for t in terms], boost=node.boost)
        return node.apply(fix) if node.is_leaf() is False else node

    return fix(q)


def _only_stopwords(clause: str) -> bool:
    words = re.findall(r"\w+", fold(clause))
    common = stopwords("en") | stopwords("fr")
    return bool(words) and all(w in common for w in words)


def _is_null(q) -> bool:
    return q is None or q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__)


@dataclass(frozen=True)
class TextQuery:
    strict: object  # all words (or the explicit query)
    relaxed: tuple  # fallbacks, most words first: n-1 of n words, n-2 of n, … any word
    words: tuple[str, ...]
    notes: tuple[str, ...]
    clauses: tuple = ()  # the word clauses of a plain query (to rank relaxed matches by how many they hold)


def build_text_query(text: str, schema, reader) -> TextQuery | None:
    """The Whoosh query for the text part of a plan; None when there is no text to search."""
    if not text.strip() or text.strip() in ("*", "*:*"):
        return None
    notes: list[str] = []
    parser = _parser(schema)
    plan_words = tuple(
        w for w in re.findall(r"(?<![\w*~])[\w'’-]+(?![\w*~])", re.sub(r'"[^"]*"?', " ", text))
        if w not in ("AND", "OR", "NOT", "ANDNOT") and not w.startswith("-")
    )
    if not re.search(r"\w", text):
        raise BadRequest("the query has no words to search; type a word, or use only filters")
    explicit = QueryPlan(text).explicit
    if not explicit:
        clauses = [c for c in split_clauses(text) if not _only_stopwords(c)]
        subqueries = []
        for clause in clauses:
            try:
                sq = parser.parse(clause)
            except Exception:
                sq = wq.NullQuery
            sq = _fold_multiterms(sq, reader, notes).normalize()
            if not _is_null(sq):
                subqueries.append(sq)
        if not subqueries:
            raise BadRequest("the query holds only very common words (such as “the” or “of”); add a more specific word")
        strict = subqueries[0] if len(subqueries) == 1 else wq.And(subqueries)
        relaxed = []
        n = len(subqueries)
        if 2 <= n <= 6:
            for k in range(n - 1, 0, -1):
                combos = [wq.And(list(c)) if k > 1 else c[0] for c in itertools.combinations(subqueries, k)]
                relaxed.append(wq.Or(combos, scale=0.9))
        elif n > 6:
            relaxed.append(wq.Or(subqueries, scale=0.9))
        return TextQuery(strict, tuple(relaxed), plan_words, tuple(notes), tuple(subqueries))
    text = expand_fuzzy(text, reader)
    expanded = expand_synonyms(text)
    if all(_only_stopwords(w) for w in re.findall(r"[\w'’]+", text) if w not in ("AND", "OR", "NOT", "ANDNOT")):
        raise BadRequest("the query holds only very common words (such as “the” or “of”); add a more specific word")
    try:
        q = parser.parse(expanded)
    except Exception:
        q = parser.parse(re.sub(r"[\"()*~^+\-]", " ", text))
        notes.append("the query's operators could not be read; searched its words")
    q = _fold_multiterms(q, reader, notes).normalize()
    if _is_null(q):
        if re.fullmatch(r"\s*[*?]+\s*", text):
            return None
        raise BadRequest("the query holds only very common words or operators; add a more specific word")
    return TextQuery(q, (), plan_words, tuple(notes))


# ---------------------------------------------------------------------------------------------
# the search


BM25_B, BM25_K1 = 0.75, 1.2


def _matching_docs(searcher, q, cols: Columns, deadline: float, memo: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(mask, BM25F scores) over document numbers for the documents `q` matches.

    Terms, AND, OR, NOT and expanded multi-terms are read a posting block at a time into numpy
    and scored there (BM25F: each text field's own length normalisation and boost), so the cost
    no longer grows with a Python loop per match; phrases are checked by Whoosh's matcher on the
    candidates that hold all their words. ``mask, scores = _matching_docs(s, q, cols, t + 3)``
    """
    reader = searcher.reader()
    leaves = [(reader, 0)] if reader.is_atomic() else list(reader.leaf_readers())
    ctx = _EvalContext(searcher, reader, leaves, cols, deadline, float(max(1, reader.doc_count_all())),
                       memo if memo is not None else {})
    mask, scores = _eval(ctx, q)
    return mask.copy(), scores.copy()  # the memo's arrays stay untouched


@dataclass
class _EvalContext:
    searcher: object
    reader: object
    leaves: list
    cols: Columns
    deadline: float
    n_docs: float
    memo: dict = field(default_factory=dict)  # (field, term, boost) → (mask, scores) within one search


def _term(ctx: _EvalContext, fieldname: str, text, boost: float) -> tuple[np.ndarray, np.ndarray]:
    key = (fieldname, text, boost)
    if key not in ctx.memo:
        ctx.memo[key] = _read_term(ctx, fieldname, text, boost)
    return ctx.memo[key]


def _read_term(ctx: _EvalContext, fieldname: str, text, boost: float) -> tuple[np.ndarray, np.ndarray]:
    size = ctx.cols.size
    mask = np.zeros(size, dtype=bool)
    scores = np.zeros(size, dtype=np.float32)
    lengths = (ctx.cols.lengths or {}).get(fieldname)
    try:
        df = ctx.reader.doc_frequency(fieldname, text)
    except Exception:
        return mask, scores
    if not df:
        return mask, scores
    idf = np.log(ctx.n_docs / (df + 1)) + 1
    weight = idf * TEXT_FIELDS.get(fieldname, 1.0) * boost
    avg = (ctx.cols.avg_length or {}).get(fieldname, 1.0) or 1.0
    for leaf, offset in ctx.leaves:
        try:
            m = leaf.postings(fieldname, text)
        except Exception:  # TermNotFound in this segment, unknown field
            continue
        if not hasattr(m, "_next_block") or not hasattr(m, "_read_ids"):
            parts = [(np.fromiter(m.all_ids(), dtype=np.int64), None)]
        else:
            parts = []
            while m.is_active():
                if m._ids is None:
                    m._read_ids()
                if m._weights is None:
                    m._read_weights()
                ids = np.fromiter(m._ids, dtype=np.int64, count=len(m._ids))
                parts.append((ids, np.asarray(m._weights, dtype=np.float32)))
                m._next_block()
        for ids, tf in parts:
            ids = ids + offset
            mask[ids] = True
            if tf is None or lengths is None:
                scores[ids] += weight
            else:
                fl = lengths[ids]
                scores[ids] += weight * (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * ((1 - BM25_B) + BM25_B * fl / avg))
    return mask, scores


def _eval(ctx: _EvalContext, q) -> tuple[np.ndarray, np.ndarray]:
    if time.perf_counter() > ctx.deadline:
        raise BadRequest("the query took too long to run; make it more specific (fewer wildcards or fuzzy words)")
    size = ctx.cols.size
    if isinstance(q, wq.Term):
        return _term(ctx, q.fieldname, q.text, q.boost)
    if isinstance(q, (wq.Or, wq.DisjunctionMax)):
        mask = np.zeros(size, dtype=bool)
        scores = np.zeros(size, dtype=np.float32)
        for child in q.subqueries:
            cm, cs = _eval(ctx, child)
            mask |= cm
            scores += cs
        return mask, scores * q.boost
    if isinstance(q, wq.And):
        mask = None
        scores = np.zeros(size, dtype=np.float32)
        for child in sorted(q.subqueries, key=lambda c: isinstance(c, wq.Not)):
            cm, cs = _eval(ctx, child)
            mask = cm if mask is None else mask & cm
            scores += cs
            if not mask.any():
                break
        if mask is None:
            mask = np.zeros(size, dtype=bool)
        return mask, scores * q.boost
    if isinstance(q, wq.AndNot):
        am, ascore = _eval(ctx, q.a)
        bm, _ = _eval(ctx, q.b)
        return am & ~bm, ascore
    if isinstance(q, wq.Not):
        cm, _ = _eval(ctx, q.query)
        return ~cm, np.zeros(size, dtype=np.float32)
    if isinstance(q, wq.Every):
        return np.ones(size, dtype=bool), np.zeros(size, dtype=np.float32)
    if _is_null(q):
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


def _positions(ctx: _EvalContext, fieldname: str, text, cand: np.ndarray) -> dict[int, frozenset[int]] | None:
    """Positions of a term in the candidate documents, decoded only for those (None: unsupported codec)."""
    out: dict[int, frozenset[int]] = {}
    for leaf, offset in ctx.leaves:
        try:
            m = leaf.postings(fieldname, text)
        except Exception:
            continue
        if not hasattr(m, "_next_block") or not hasattr(m, "_read_values"):
            return None
        decode = m.format.decoder("positions")
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            ids = np.fromiter(m._ids, dtype=np.int64, count=len(m._ids)) + offset
            hit = np.nonzero(cand[ids])[0]
            if len(hit):
                if m._values is None:
                    m._read_values()
                values = m._values
                for i in hit.tolist():
                    out[int(ids[i])] = frozenset(decode(values[i]))
            m._next_block()
        if time.perf_counter() > ctx.deadline:
            raise BadRequest("the query took too long to run; make it more specific (fewer wildcards or fuzzy words)")
    return out


def _phrase_mask(ctx: _EvalContext, q, cand: np.ndarray) -> np.ndarray | None:
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


def search(session: Session, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
    """Run one search: matching, disjunctive facets, ranking, snippets, suggestions."""
    started = time.perf_counter()
    deadline = started + TIME_LIMIT_S
    cols = session.columns
    searcher = session.searcher
    reader = searcher.reader()
    plan = plan_query(req.q)

    # filters: parameters and field:value in the query
    selected: dict[str, list[str]] = {name: list(req.filters().get(name, ())) for name in FACET_FIELDS if name != "year"}
    for name, vals in plan.filters.items():
        selected.setdefault(name, []).extend(v for v in vals if v not in selected.get(name, []))
    year_from = req.year_from
    year_to = req.year_to
    if plan.year_from is not None:
        year_from = max(year_from or YEAR_MIN, plan.year_from)
    if plan.year_to is not None:
        year_to = min(year_to if year_to is not None else YEAR_MAX, plan.year_to)

    facet_masks: dict[str, np.ndarray] = {}
    selected_values: dict[str, set[str]] = {}
    for name, vals in selected.items():
        if not vals:
            continue
        col = cols.facets[name]
        ids: list[int] = []
        for v in vals:
            ids.extend(col.lookup(v))
        facet_masks[name] = col.mask_for(ids, cols.size)
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
        facet_masks["year"] = ycol.mask_for(list(np.nonzero(ok)[0]), cols.size)
        selected_values["year"] = {str(y) for y in req.year}
    exclude = np.zeros(cols.size, dtype=bool)
    for name, vals in plan.excluded.items():
        col = cols.facets[name]
        ids = [i for v in vals for i in col.lookup(v)]
        exclude |= col.mask_for(ids, cols.size)

    tq = build_text_query(plan.text, searcher.schema, reader)
    notes = list(plan.notes) + (list(tq.notes) if tq else [])
    executed = tq.strict if tq else None
    relaxed = False

    def compute(q) -> tuple[np.ndarray, np.ndarray]:
        nonlocal scores
        if q is None:
            base = cols.live.copy()
            scores = None
        else:
            base, scores = _matching_docs(searcher, q, cols, deadline, memo)
            base &= cols.live
        base &= ~exclude
        final = base.copy()
        for m in facet_masks.values():
            final &= m
        return base, final

    scores: np.ndarray | None = None
    memo: dict = {}  # postings read once per search, whatever the fallbacks reuse
    base, final = compute(executed)
    total = int(final.sum())
    notice = None
    if tq and total < FEW_HITS:
        for fallback in tq.relaxed:
            strict_scores = scores
            rbase, rfinal = compute(fallback)
            if int(rfinal.sum()) > total:
                base, final, executed, relaxed = rbase, rfinal, fallback, True
                total = int(final.sum())
                notice = "No passage has all of your words: showing passages that match some of them, those with the most words first."
                break
            scores = strict_scores

    # disjunctive facet counts
    facets: dict[str, tuple[FacetValue, ...]] = {}
    for name in FACET_FIELDS:
        m = base.copy()
        for other, om in facet_masks.items():
            if other != name:
                m &= om
        col = cols.facets[name]
        counts = col.counts(m) if len(col.values) else np.zeros(0, dtype=np.int64)
        sel = selected_values.get(name, set())
        value_ids = set(np.nonzero(counts)[0].tolist()) | {col.values.index(v) for v in sel if v in col.values}
        folds = (cols.value_folds or {}).get(name) or tuple(fold(v) for v in col.values)
        if name == "year":
            order_ids = sorted(value_ids, key=lambda i: col.values[i])
        else:
            order_ids = sorted(value_ids, key=lambda i: (-int(counts[i]), folds[i]))
        items = [FacetValue(col.values[i], int(counts[i]), col.values[i] in sel) for i in order_ids]
        items += [FacetValue(v, 0, True) for v in sorted(v for v in sel if v not in col.values)]
        if name == "year":
            items.sort(key=lambda fv: fv.value)
        facets[name] = tuple(items)
    city_counts = cols.facets["city"].counts(final)
    total_cities = int((city_counts > 0).sum())

    # ranking
    terms_by_lang = _highlight_terms(executed, reader)
    want = req.page * req.size if req.group is None else GROUP_SCAN
    ranked: list[tuple[int, float | None]] = []
    if total:
        if executed is not None and req.sort == "relevance":
            if relaxed and tq.clauses:
                # passages holding more of the words first, then by score
                ctx_reader = searcher.reader()
                leaves = [(ctx_reader, 0)] if ctx_reader.is_atomic() else list(ctx_reader.leaf_readers())
                ctx = _EvalContext(searcher, ctx_reader, leaves, cols, deadline,
                                   float(max(1, ctx_reader.doc_count_all())), memo)
                held = np.zeros(cols.size, dtype=np.float32)
                for clause in tq.clauses:
                    held += _eval(ctx, clause)[0]
                scores = scores + held * (float(scores.max()) + 1.0)
            ranked = _top_by_score(cols, final, scores, want)
        else:
            ranked = [(int(d), None) for d in _sorted_docs(cols, final, req.sort, want)]

    def make_hit(docnum: int, score: float | None) -> Hit:
        f = searcher.stored_fields(docnum)
        lang = f.get("lang", "en")
        text = f.get("text", "")
        url = profile_url(f["profile"], req, f["id"])
        return Hit(
            id=f["id"], profile=f["profile"], city=f["city"], country=f.get("country"),
            section=f.get("section"), heading=f.get("heading"), network=f.get("network"),
            kind=f.get("kind"), years=tuple(f.get("years") or ()),
            score=round(score, 4) if score is not None else None,
            snippet=snippet(text, lang, terms_by_lang.get(lang, Highlight())) if snippets else "",
            text=text, url=url, first_indexed=f.get("first_indexed"), changed=f.get("changed"),
        )

    groups = None
    if req.group == "city":
        order: list[str] = []
        by_city: dict[str, list[tuple[int, float | None]]] = {}
        city_col = cols.facets["city"]
        for docnum, score in ranked:
            cid = int(cols.city_id[docnum]) if cols.city_id is not None else -1
            city = city_col.values[cid] if cid >= 0 else searcher.stored_fields(docnum)["city"]
            if city not in by_city:
                by_city[city] = []
                order.append(city)
            if len(by_city[city]) < GROUP_HITS:
                by_city[city].append((docnum, score))
        # cities beyond the scanned window still count, in name order
        folds = (cols.value_folds or {}).get("city") or tuple(fold(v) for v in city_col.values)
        rest_ids = [i for i in np.nonzero(city_counts)[0] if city_col.values[i] not in by_city]
        rest = [city_col.values[i] for i in sorted(rest_ids, key=lambda i: folds[i])]
        for city in rest:
            order.append(city)
        start = (req.page - 1) * req.size
        page_cities = order[start:start + req.size]
        glist = []
        for city in page_cities:
            docs = by_city.get(city)
            if docs is None:
                cid = city_col.folded[fold(city)]
                cm = final & city_col.mask_for([cid], cols.size)
                docs = [(int(d), None) for d in _sorted_docs(cols, cm, "city", GROUP_HITS)]
            hits = tuple(make_hit(d, s) for d, s in docs)
            first = hits[0]
            glist.append(Group(city, first.profile, first.country, int(city_counts[city_col.folded[fold(city)]]), hits))
        groups = tuple(glist)
        hits = tuple(h for g in groups for h in g.hits)
    else:
        start = (req.page - 1) * req.size
        hits = tuple(make_hit(d, s) for d, s in ranked[start:start + req.size])

    did_you_mean = None
    if tq:  # a word the corpus does not know, even when the other words find plenty
        did_you_mean = suggest(searcher, req.q, tq.words)
    if notes and notice is None:
        notice = None
    query = {
        "q": req.q,
        "text": plan.text,
        "searched": str(executed) if executed is not None else None,
        "filters": {k: sorted(v) for k, v in selected_values.items() if k != "year"},
        "excluded": {k: list(v) for k, v in plan.excluded.items()},
        "year": list(req.year),
        "year_from": year_from,
        "year_to": year_to,
        "sort": req.sort,
        "page": req.page,
        "size": req.size,
        "group": req.group,
        "relaxed": relaxed,
        "notes": notes,
    }
    took = round((time.perf_counter() - started) * 1000, 2)
    return SearchResults(req, query, total, total_cities, took, hits, facets, did_you_mean, groups,
                         notice, relaxed, session.generation)


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


@dataclass(frozen=True)
class Highlight:
    """What to mark in a passage of one language: single terms and phrases (term sequences)."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()


def _highlight_terms(q, reader) -> dict[str, Highlight]:
    """Terms and phrases of the executed query, per passage language (negated parts left out)."""
    if q is None:
        return {}
    singles: dict[str, set[str]] = {"en": set(), "fr": set()}
    phrases: dict[str, set[tuple[str, ...]]] = {"en": set(), "fr": set()}

    def add(fieldname: str, words: tuple[str, ...]) -> None:
        if fieldname in ("text_en", "text_fr"):
            langs = [fieldname[-2:]]
        elif fieldname in ("city_text", "heading_text"):
            langs = ["en", "fr"]
        else:
            return
        for lang in langs:
            seq = tuple(t for w in words for t in (analyse_terms(w, lang) if fieldname in ("city_text", "heading_text") else [w]))
            if len(seq) == 1:
                singles[lang].add(seq[0])
            elif seq:
                phrases[lang].add(seq)

    def walk(node) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Phrase):
            add(node.fieldname, tuple(node.words))
            return
        if isinstance(node, wq.Term):
            text = node.text.decode("utf-8", "replace") if isinstance(node.text, bytes) else node.text
            add(node.fieldname, (text,))
            return
        if isinstance(node, (wq.FuzzyTerm, wq.Prefix, wq.Wildcard)) or (node.is_leaf() and hasattr(node, "expanded_terms")):
            try:
                for fieldname, text in node.expanded_terms(reader):
                    add(fieldname, (text.decode("utf-8", "replace") if isinstance(text, bytes) else text,))
            except Exception:
                pass
            return
        for child in node.children():
            walk(child)

    walk(q)
    return {lang: Highlight(frozenset(singles[lang]), tuple(sorted(phrases[lang]))) for lang in ("en", "fr")}


def suggest(searcher, q: str, words: tuple[str, ...]) -> str | None:
    """A corrected query from the corpus's own words: "survelliance" → "surveillance"."""
    reader = searcher.reader()
    if "spell" not in reader.indexed_field_names():
        return None
    corrector = searcher.corrector("spell")
    new_q = q
    changed = False
    for word in words:
        w = fold(word)
        if len(w) < 4 or w.isdigit() or reader.doc_frequency("spell", w) > 0:
            continue
        sug = corrector.suggest(w, limit=1, maxdist=1 if len(w) <= 6 else 2, prefix=1)
        if sug and sug[0] != w:
            new_q = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", sug[0], new_q, count=1)
            changed = True
    return new_q if changed else None


# ---------------------------------------------------------------------------------------------
# cities and profiles


def list_cities(session: Session) -> list[CitySummary]:
    """Every profile in the index with its networks and passage count, by name."""
    out = []
    for profile in all_profiles(session):
        out.append(
            CitySummary(
                slug=profile["slug"], city=profile["city"], country=profile.get("country"),
                networks=tuple(m["network"] for m in profile.get("memberships", [])),
                member_since={m["network"]: m.get("member_since") for m in profile.get("memberships", [])},
                passages=profile.get("_passages", 0),
            )
        )
    out.sort(key=lambda c: fold(c.city))
    return out


def all_profiles(session: Session) -> list[dict]:
    s = session.searcher
    out = []
    for docnum in s.document_numbers(head="1"):
        f = s.stored_fields(docnum)
        try:
            profile = json.loads(f.get("profile_json") or "{}")
        except ValueError:
            continue
        profile["slug"] = f["profile"]
        profile["_passages"] = f.get("passage_count", 0)
        out.append(profile)
    return out


def get_profile(session: Session, slug: str) -> tuple[dict, list[dict]] | None:
    """(profile, passages in order) of one city, or None when the slug is unknown."""
    s = session.searcher
    docnums = list(s.document_numbers(profile=slug))
    if not docnums:
        return None
    passages = [s.stored_fields(d) for d in docnums]
    passages.sort(key=lambda f: f.get("order", 0))
    head = next((p for p in passages if p.get("profile_json")), None)
    profile = json.loads(head["profile_json"]) if head else {"city": passages[0]["city"]}
    profile["slug"] = slug
    return profile, passages


def stats(session: Session) -> dict:
    s = session.searcher
    return {
        "passages": s.doc_count(),
        "profiles": len(list(s.document_numbers(head="1"))),
        "generation": session.generation,
        "built_at": session.meta.get("built_at"),
        "versions": session.meta.get("versions"),
    }


def export_rows(session: Session, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
    """Every matching passage up to `cap`, in the request's order, without snippets (for CSV)."""
    return search(session, replace(req, page=1, size=cap, group=None), snippets=False).hits


def highlight_for(session: Session, q: str) -> dict[str, Highlight]:
    """What to mark for a query string (empty when the query cannot be read)."""
    if not q or not q.strip():
        return {}
    try:
        plan = plan_query(q)
        tq = build_text_query(plan.text, session.searcher.schema, session.searcher.reader())
    except BadRequest:
        return {}
    if tq is None:
        return {}
    return _highlight_terms(tq.relaxed[-1] if tq.relaxed else tq.strict, session.searcher.reader())


def mark_passages(session: Session, passages: list[dict], q: str) -> list[dict]:
    """Passages with `html` (escaped text, query words in <mark>) and `matched`."""
    hl = highlight_for(session, q)
    out = []
    for f in passages:
        d = passage_dict(f)
        spans = match_spans(d["text"], d["lang"] or "en", hl.get(d["lang"] or "en", Highlight())) if hl else []
        d["html"] = mark(d["text"], spans)
        d["matched"] = bool(spans)
        out.append(d)
    return out


#: words every profile uses (months, the profile's own vocabulary): they say nothing about similar work
_GENERIC_TERMS = frozenset(
    t for lang in ("en", "fr") for w in (
        "january february march april may june july august september october november december "
        "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
        "city town ville commune municipality general member membre since depuis participated paris"
    ).split() for t in analyse_terms(w, lang)
)


def similar_cities(session: Session, slug: str, n: int = 5, numterms: int = 15) -> list[dict]:
    """The cities whose passages share most of this city's distinctive terms, with those terms."""
    s = session.searcher
    reader = s.reader()
    docnums = list(s.document_numbers(profile=slug))
    if not docnums:
        return []
    total = max(1, reader.doc_count())
    counts: dict[tuple[str, str], int] = {}
    city_terms: set[str] = set()
    for d in docnums:
        f = s.stored_fields(d)
        lang = f.get("lang", "en")
        city_terms.update(analyse_terms(f.get("city", ""), lang))
        for t in analyse_terms(f.get("text", ""), lang):
            if t.isdigit() or len(t) < 3 or t in city_terms or t in _GENERIC_TERMS:
                continue
            counts[(f"text_{lang}", t)] = counts.get((f"text_{lang}", t), 0) + 1
    import math

    scored = []
    for (fieldname, t), tf in counts.items():
        df = reader.doc_frequency(fieldname, t)
        own = tf
        if df <= own:  # only this city uses it: nothing to share
            continue
        scored.append((tf * math.log(total / df), fieldname, t))
    scored.sort(reverse=True)
    key = scored[:numterms]
    if not key:
        return []
    q = wq.Or([wq.Term(fieldname, t) for _, fieldname, t in key])
    not_me = wq.Not(wq.Term("profile", slug))
    results = s.search(wq.And([q, not_me]), limit=400, terms=True)
    by_city: dict[str, dict] = {}
    for hit in results:
        f = hit.fields()
        entry = by_city.setdefault(f["profile"], {"slug": f["profile"], "city": f["city"], "score": 0.0, "terms": set()})
        entry["score"] += float(hit.score)
        for _, t in hit.matched_terms():
            entry["terms"].add(t.decode("utf-8") if isinstance(t, bytes) else t)
    ranked = sorted(by_city.values(), key=lambda e: -e["score"])[:n]
    words = _surface_words(s, slug, {t for _, _, t in key})
    return [{"slug": e["slug"], "city": e["city"], "score": round(e["score"], 3),
             "shared_terms": sorted(words.get(t, t) for t in e["terms"])} for e in ranked]


def _surface_words(searcher, slug: str, stems: set[str]) -> dict[str, str]:
    """stem → a word as written in this city's passages (for showing shared terms)."""
    from indexer.analysis import tokens_with_offsets

    out: dict[str, str] = {}
    for d in searcher.document_numbers(profile=slug):
        f = searcher.stored_fields(d)
        text = f.get("text", "")
        for term, a, b in tokens_with_offsets(text, f.get("lang", "en")):
            if term in stems and term not in out:
                out[term] = text[a:b].lower()
        if len(out) == len(stems):
            break
    return out


# ---------------------------------------------------------------------------------------------
# the embedded backend behind the seam of search_app.backend


class WhooshSession:
    """A :class:`search_app.backend.SearchSession` on one open searcher of the embedded index."""

    def __init__(self, session: Session):
        self.raw = session

    def search(self, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
        return search(self.raw, req, snippets=snippets)

    def export_rows(self, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
        return export_rows(self.raw, req, cap)

    def list_cities(self) -> list[CitySummary]:
        return list_cities(self.raw)

    def get_profile(self, slug: str) -> tuple[dict, list[dict]] | None:
        return get_profile(self.raw, slug)

    def mark_passages(self, passages: list[dict], q: str) -> list[dict]:
        return mark_passages(self.raw, passages, q)

    def similar_cities(self, slug: str, n: int = 5) -> list[dict]:
        return similar_cities(self.raw, slug, n)

    def stats(self) -> dict:
        return stats(self.raw)


class WhooshBackend:
    """The embedded index in a folder of generations (the default backend)."""

    name = "whoosh"

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir).resolve()
        self.handle = IndexHandle(self.index_dir)

    @contextmanager
    def session(self) -> Iterator[WhooshSession]:
        with self.handle.session() as raw:
            yield WhooshSession(raw)

"""Facet and sort columns: per index commit, every facet value's documents as arrays, counted with numpy.

Whoosh's own grouping rebuilds per-document lists for the whole index on every query; here the
(document, value) pairs of each facet are read once per commit and every count is a bincount
over the matched documents. Disjunctive counts (a facet ignores its own selection) are a few
boolean masks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.fields import KEYWORD_FIELDS, NUMBER_FIELDS, TEXT_FIELDS
from indexer.values import fold

from .postings import field_lengths, posting_ids
from .termcache import TermCache


#: a facet of several values a document counts the matches' own pairs when it holds more than this many
#: pairs per match (finding a match's pairs costs a few times what masking one pair does)
PAIRS_SCAN_RATIO = 3


@dataclass(frozen=True)
class FacetColumn:
    name: str
    values: tuple[str, ...]  # value id → value
    docs: np.ndarray  # (document, value) pairs: documents …
    vals: np.ndarray  # … and their value ids
    folded: dict[str, int]  # folded value → value id (for case/accent-insensitive filters)
    name_rank: np.ndarray = None  # value id → rank of its folded name (facet values listed by name)
    per_doc: np.ndarray = None  # value id per document (-1: none), when no document has two values
    ids: dict = None  # value → value id
    starts: np.ndarray = None  # otherwise: the pairs in document order, document d's from starts[d] to starts[d + 1]

    def mask_for(self, value_ids: list[int], size: int) -> np.ndarray:
        mask = np.zeros(size, dtype=bool)
        if value_ids:
            chosen = np.zeros(len(self.values), dtype=bool)  # a look-up per value: one pass, whatever their number
            chosen[value_ids] = True
            if self.per_doc is not None:
                ids = self.per_doc[:size]
                mask[: len(ids)] = chosen[ids] & (ids >= 0)
            else:
                mask[self.docs[chosen[self.vals]]] = True
        return mask

    def counts(self, mask: np.ndarray, docs: np.ndarray | None = None) -> np.ndarray:
        """How many documents of `mask` have each value. With one value per document, the cost
        follows the matches (`docs`: ``np.flatnonzero(mask)`` when the caller has it), not the index."""
        if self.per_doc is not None:
            ids = self.per_doc[np.flatnonzero(mask) if docs is None else docs]
            return np.bincount(ids[ids >= 0], minlength=len(self.values))
        if self.starts is not None and docs is not None and len(docs) * PAIRS_SCAN_RATIO < len(self.docs):
            # few matches: their own pairs (a run per document) rather than every pair of the index
            first, end = self.starts[docs], self.starts[docs + 1]
            held = end - first
            n = int(held.sum())
            at = np.repeat(first - (np.cumsum(held) - held), held) + np.arange(n, dtype=first.dtype)
            return np.bincount(self.vals[at], minlength=len(self.values))
        return np.bincount(self.vals[mask[self.docs]], minlength=len(self.values))


@dataclass(frozen=True)
class Columns:
    """Everything counted or sorted per document, for one commit of one generation."""

    key: tuple[str, int]
    size: int
    live: np.ndarray  # not deleted
    facets: dict[str, FacetColumn]
    year_sort: np.ndarray
    order: np.ndarray
    city_rank: np.ndarray  # city name's alphabetical rank, per document
    lengths: dict = None  # text field → per-document field length (for BM25F), float32
    avg_length: dict = None  # text field → average length over documents that have the field
    value_folds: dict = None  # facet → folded value per value id (sorting facet values by name)
    city_id: np.ndarray = None  # city value id per document (-1: none), for grouping by city
    changed: np.ndarray = None  # when each passage last changed (ms since the epoch; 0: unknown)
    numbers: dict = None  # number field → per-document value (0: unknown)
    terms: TermCache = field(default_factory=TermCache)  # recently read terms of this commit
    filters: "FilterCache" = field(default_factory=lambda: FilterCache())  # recently used filters' masks


class FilterCache:
    """The masks of the filters used lately (a facet's values, a range of a fact): a filter a user keeps
    while paging or changing words is not computed again. Small: a mask is one byte per passage."""

    KEEP = 16

    def __init__(self) -> None:
        self._masks: dict[tuple, np.ndarray] = {}

    def get(self, key: tuple, make) -> np.ndarray:
        mask = self._masks.get(key)
        if mask is None:
            mask = make()
            mask.setflags(write=False)
            if len(self._masks) >= self.KEEP:
                self._masks.pop(next(iter(self._masks)), None)
            self._masks[key] = mask
        return mask


def load_columns(reader, key: tuple[str, int]) -> Columns:
    """Read the facet and sort columns of an open Whoosh reader."""
    size = reader.doc_count_all()
    live = np.zeros(size, dtype=bool)
    live_ids = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
    live[live_ids] = True
    facets: dict[str, FacetColumn] = {}
    for name in KEYWORD_FIELDS:
        values: list[str] = []
        docs_parts: list[np.ndarray] = []
        vals_parts: list[np.ndarray] = []
        if name in reader.indexed_field_names():
            for vid, btext in enumerate(reader.lexicon(name)):
                value = btext.decode("utf-8")
                ids = posting_ids(reader, name, btext)
                ids = ids[live[ids]] if len(ids) else ids
                values.append(value)
                docs_parts.append(ids)
                vals_parts.append(np.full(len(ids), vid, dtype=np.int64))
        docs = np.concatenate(docs_parts) if docs_parts else np.zeros(0, dtype=np.int64)
        vals = np.concatenate(vals_parts) if vals_parts else np.zeros(0, dtype=np.int64)
        folds = [fold(v) for v in values]
        folded = {f: i for i, f in enumerate(folds)}
        name_rank = np.argsort(np.argsort(folds, kind="stable"), kind="stable") if folds else np.zeros(0, dtype=np.int64)
        per_doc = starts = None
        if len(docs) == len(np.unique(docs)):
            per_doc = np.full(size, -1, dtype=np.int32)
            per_doc[docs] = vals
        else:  # several values a document: the pairs in document order, with where each document's start
            order = np.argsort(docs, kind="stable")
            docs, vals = docs[order], vals[order]
            starts = np.zeros(size + 1, dtype=np.int64)
            np.cumsum(np.bincount(docs, minlength=size), out=starts[1:])
        facets[name] = FacetColumn(name, tuple(values), docs, vals, folded, name_rank, per_doc,
                                   {v: i for i, v in enumerate(values)}, starts)
    year_sort = np.zeros(size, dtype=np.int64)
    yc = facets["year"]
    if len(yc.docs):
        year_of = np.array([int(v) for v in yc.values], dtype=np.int64)
        np.maximum.at(year_sort, yc.docs, year_of[yc.vals])
    order = np.zeros(size, dtype=np.int64)
    if reader.has_column("order"):
        col = reader.column_reader("order")
        order = np.fromiter(iter(col), dtype=np.int64, count=size)
    changed = np.zeros(size, dtype=np.int64)
    if reader.has_column("changed"):
        changed = np.fromiter(iter(reader.column_reader("changed")), dtype=np.int64, count=size)
    numbers = {name: (np.fromiter(iter(reader.column_reader(name)), dtype=np.int64, count=size)
                      if reader.has_column(name) else np.zeros(size, dtype=np.int64)) for name in NUMBER_FIELDS}
    city = facets["city"]
    rank_of_value = np.argsort(np.argsort([fold(v) for v in city.values])) if city.values else np.zeros(0)
    city_rank = np.full(size, len(city.values), dtype=np.int64)
    if len(city.docs):
        city_rank[city.docs] = np.asarray(rank_of_value, dtype=np.int64)[city.vals]
    city_id = np.full(size, -1, dtype=np.int64)
    if len(city.docs):
        city_id[city.docs] = city.vals
    lengths: dict[str, np.ndarray] = {}
    avg_length: dict[str, float] = {}
    for fieldname in (f.name for f in TEXT_FIELDS):
        arr = field_lengths(reader, fieldname, size)
        lengths[fieldname] = arr
        have = arr[live & (arr > 0)]
        avg_length[fieldname] = float(have.mean()) if len(have) else 1.0
    return Columns(key, size, live, facets, year_sort, order, city_rank, lengths, avg_length,
                   {name: tuple(fold(v) for v in col.values) for name, col in facets.items()}, city_id, changed,
                   numbers=numbers)

"""A full build's segment writer: postings appended to flat arrays, sorted by term once, written a block at a time.

Whoosh's own writer sends every posting through a sorting pool (one tuple each, spilled to temporary
files and merged back once the pool passes its memory limit), then hands the sorted postings one
by one to the codec, which asks for the document's field length and updates the block's statistics
per posting. A full build of 2,000 profiles makes about four million postings, so that per-posting
Python was most of the build's time.

:class:`BulkSegmentWriter` writes the same segment, byte for byte (``tests/integration/
test_bulk_writer.py`` compares the files):

* each document's stored fields, columns and field lengths go through Whoosh's per-document writer
  exactly as before;
* its postings are appended to three flat arrays per field (term number, document, weight), a
  document's terms at a time;
* at commit each field's postings are ordered by term once (numpy), each block's statistics (the
  highest weight, the shortest and longest document) are computed for all blocks at once, and
  every block is handed whole to Whoosh's postings writer, whose own code encodes, compresses
  and writes it.

Incremental updates keep Whoosh's own writer: they write a few hundred postings.

``w = BulkSegmentWriter(ix, codec=codec(), compound=False); w.add_document(...); w.commit(merge=False)``
"""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import repeat

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from ..analysis import index_terms
from ..phrases import PAIR_MARK, terms_column
from .formats import Words, WordsAndPairs
from .schema import Exact

_PAIR = PAIR_MARK + "{} {}"
#: the analysis of word fields, by their format's `terms` (see :func:`indexer.analysis.index_terms`)
_WORD_KINDS = {"en": "en", "fr": "fr", "name": None}
_NO_LENGTH = 2**32 - 1  # no document length in a block (the lengths are uint32)


def _how(field) -> str:
    """How a field's terms are made: "exact" (the value is its one term), a key of _WORD_KINDS, or
    "items" (the format's own word values); "" when it is not indexed."""
    if not field.indexed:
        return ""
    fmt = field.format
    if isinstance(fmt, Exact) and not field.scorable:
        return "exact"
    kind = getattr(fmt, "terms", None)
    if isinstance(fmt, (WordsAndPairs, Words)) and kind in _WORD_KINDS:
        return kind
    return "items"


class _FieldPostings:
    """One field's postings in a segment, in the order they were added."""

    __slots__ = ("numbers", "terms", "term_nums", "docs", "weights", "values", "lengths", "last")

    def __init__(self):
        self.numbers: dict = {}  # term (str, or bytes from a format) → its number
        self.terms: list = []  # number → term
        self.term_nums = array("i")
        self.docs = array("I")
        self.weights = array("d")
        self.values: list[bytes] | None = None  # per posting (b"": none), once a posting had a value
        self.lengths = array("I")  # per document, as Whoosh reads it back from the length column
        self.last: tuple | None = None  # the last value analysed: (value, word counts or weights, pair counts or values, length, terms column)

    def add(self, counts: dict, docnum: int, boost: float = 1.0, values: list[bytes] | None = None) -> None:
        """A document's terms, their weights (term → weight, times `boost`) and values, if any."""
        nums = list(map(self.numbers.get, counts))
        if None in nums:
            nums = [self._number(t) for t in counts]
        self.term_nums.extend(nums)
        self.docs.extend(repeat(docnum, len(nums)))
        self.weights.extend(counts.values() if boost == 1.0 else [n * boost for n in counts.values()])
        if values is not None or self.values is not None:
            if self.values is None:
                self.values = []
            self.values.extend(repeat(b"", len(self.docs) - len(nums) - len(self.values)))
            self.values.extend(values or repeat(b"", len(nums)))

    def add_one(self, term, docnum: int, weight: float) -> None:
        """A document's one term (an exact-value field)."""
        n = self.numbers.get(term)
        self.term_nums.append(self._number(term) if n is None else n)
        self.docs.append(docnum)
        self.weights.append(weight)
        if self.values is not None:
            self.values.append(b"")

    def _number(self, term) -> int:
        n = self.numbers.get(term)
        if n is None:
            n = self.numbers[term] = len(self.terms)
            self.terms.append(term)
        return n


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with postings kept in flat arrays (see the module's doc).

    Only for schemas without term vectors or separate spelling fields (the index's schema has
    neither); documents take plain field values (no ``_boost`` or ``_stored_`` keywords).
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r} has term vectors or a spelling field: use Whoosh's own writer")
        self._fields = {name: _FieldPostings() for name in self.schema.names()}
        #: field name → (field, how its terms are made, stored, column type)
        self._plans = {name: (field, _how(field), field.stored, field.column_type)
                       for name, field in self.schema.items()}

    # -----------------------------------------------------------------------------------------
    # documents

    def add_document(self, **fields):
        self._check_state()
        plans = self._plans
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            plan = plans.get(name)
            if plan is None:
                raise ValueError(f"no field named {name!r} in the index's schema "
                                 "(per-document boosts and stored values are not supported here)")
            field, how, stored, column = plan
            length = self._index(self._fields[name], field, how, value, docnum) if how else 0
            perdoc.add_field(name, field, value if stored else None, length)
            if column:
                last = self._fields[name].last
                # a text field's terms column: from the terms just analysed for its postings
                cv = last[4] if last is not None and how in _WORD_KINDS and last[0] is value else field.to_column_value(value)
                perdoc.add_column_value(name, column, cv)
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    @staticmethod
    def _index(fp: _FieldPostings, field, how: str, value, docnum: int) -> int:
        """Append one field's postings for a document; returns the field length Whoosh would store."""
        if how == "exact" and type(value) is str:
            fp.add_one(value, docnum, field.format.field_boost)
            return 0
        fmt = field.format
        if how in _WORD_KINDS and type(value) is str:
            if fp.last is not None and fp.last[0] == value:  # a profile's passages repeat its city, headings
                _, counts, pairs, length, _ = fp.last
                fp.last = (value,) + fp.last[1:]
            else:
                words = index_terms(value, _WORD_KINDS[how])
                counts = Counter(words)
                pairs = Counter(map(_PAIR.format, words, words[1:])) if isinstance(fmt, WordsAndPairs) else None
                length = len(words)
                fp.last = (value, counts, pairs, length, terms_column(words) if pairs is not None else None)
            fp.add(counts, docnum, fmt.field_boost,
                   [pack_uint(n) for n in counts.values()] if isinstance(fmt, Words) else None)
            if pairs:
                fp.add(pairs, docnum, fmt.field_boost)
        else:  # a profile's passages repeat its facts (years, memberships, decades): analysed once
            if fp.last is not None and fp.last[0] == value:
                _, weights, values, length, _ = fp.last
            else:
                items = list(field.index(value))
                weights = {tbytes: weight for tbytes, _, weight, _ in items}
                values = [vbytes for _, _, _, vbytes in items]
                length = sum(freq for _, freq, _, _ in items)
                fp.last = (value, weights, values, length, None)
            if weights:
                fp.add(weights, docnum, 1.0, values)
        if not field.scorable:
            return 0
        if length:
            lengths = fp.lengths
            if len(lengths) < docnum:  # documents without this field: length 0
                lengths.extend(repeat(0, docnum - len(lengths)))
            lengths.append(byte_to_length(length_to_byte(length)))
        return length

    # -----------------------------------------------------------------------------------------
    # commit

    def _flush_segment(self):
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(self._fields):
            fp = self._fields[name]
            if len(fp.docs):
                field = self.schema[name]
                writer.start_field(name, field)
                _write_field(writer, fp, field.scorable, self.docnum)
                writer.finish_field()
            self._fields[name] = _FieldPostings()  # the arrays are written: let them go
        writer.close()


def _blocks(fp: _FieldPostings, scorable: bool, doc_count: int, limit: int):
    """The field's postings in Whoosh's order (term bytes, then document), cut into blocks of at
    most `limit` postings: (terms in order, postings per term, arrays in order, block bounds and
    each block's highest weight, shortest non-zero and longest document length)."""
    import numpy as np  # only full builds write this way; every command imports the indexer

    keys = [t.encode("utf-8") if isinstance(t, str) else t for t in fp.terms]
    by_key = sorted(range(len(keys)), key=keys.__getitem__)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[by_key] = np.arange(len(keys))
    order = np.argsort(rank[np.frombuffer(fp.term_nums, dtype=np.int32)], kind="stable")
    docs = np.frombuffer(fp.docs, dtype=np.uint32)[order]
    weights = np.frombuffer(fp.weights, dtype=np.float64)[order]
    counts = np.bincount(rank[np.frombuffer(fp.term_nums, dtype=np.int32)], minlength=len(keys))
    # block k of a term starts k × limit postings after the term's first posting
    per_term = (counts + limit - 1) // limit
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    term_of_block = np.repeat(np.arange(len(keys)), per_term)
    nth = np.arange(int(per_term.sum())) - np.repeat(np.cumsum(per_term) - per_term, per_term)
    starts = first[term_of_block] + nth * limit
    top = np.maximum.reduceat(weights, starts)
    if scorable and len(fp.lengths):
        lengths = np.zeros(doc_count, dtype=np.uint32)
        lengths[: len(fp.lengths)] = np.frombuffer(fp.lengths, dtype=np.uint32)
        of_post = lengths[docs]
        shortest = np.minimum.reduceat(np.where(of_post > 0, of_post, _NO_LENGTH), starts)
        longest = np.maximum.reduceat(of_post, starts)
    else:
        shortest = np.full(len(starts), _NO_LENGTH, dtype=np.uint32)
        longest = np.zeros(len(starts), dtype=np.uint32)
    values = [fp.values[i] for i in order.tolist()] if fp.values is not None else None
    if values is not None and len(values) < len(order):
        values += [b""] * (len(order) - len(values))
    return ([keys[i] for i in by_key], counts.tolist(), docs, weights, values, starts.tolist(),
            top.tolist(), shortest.tolist(), longest.tolist())


def _write_field(writer, fp: _FieldPostings, scorable: bool, doc_count: int) -> None:
    """Every term of one field, each block handed whole to Whoosh's postings writer."""
    import numpy as np

    limit = writer._postwriter._blocklimit
    keys, counts, docs, weights, values, starts, top, shortest, longest = _blocks(fp, scorable, doc_count, limit)
    doc_bytes = memoryview(docs.tobytes())
    weight_bytes = memoryview(weights.astype(np.float32).tobytes())
    b = 0
    for key, count in zip(keys, counts):
        writer.start_term(key)
        post = writer._postwriter
        end_of_term = starts[b] + count
        while True:
            a = starts[b]
            e = min(a + limit, end_of_term)
            ids = array("I")
            ids.frombytes(doc_bytes[a * 4:e * 4])
            ws = array("f")
            ws.frombytes(weight_bytes[a * 4:e * 4])
            post._ids, post._weights = ids, ws
            post._values = [v for v in values[a:e] if v] if values is not None else []
            post._maxweight = top[b] if top[b] > 0 else 0
            post._minlength = None if shortest[b] == _NO_LENGTH else shortest[b]
            post._maxlength = longest[b]
            b += 1
            if e >= end_of_term:
                break
            post._write_block()
        writer.finish_term()


def check_writer_internals() -> list[str]:
    """What :class:`BulkSegmentWriter` needs of Whoosh's writer and codec that this Whoosh lacks."""
    from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter

    missing = []
    for cls, names in ((SegmentWriter, ("_flush_segment", "_check_state", "_finalize_segment")),
                       (W3PostingsWriter, ("_write_block", "_new_block", "finish_postings", "_mini_ids",
                                           "_mini_weights", "_mini_values")),
                       (W3FieldWriter, ("start_field", "start_term", "finish_term", "finish_field")),
                       (W3TermInfo, ("add_block", "to_bytes"))):
        missing += [f"{cls.__name__}.{n}" for n in names if not hasattr(cls, n)]
    return missing

"""A full build's segment writer: postings appended to flat arrays, sorted by term once, written a block at a time.

Whoosh's own writer sends every posting through a sorting pool (one tuple each, spilled to temporary
files and merged back once the pool passes its memory limit), then hands the sorted postings one
by one to the codec, which asks for the document's field length and updates the block's statistics
per posting. A full build of 2,000 profiles makes about four million postings, so that per-posting
Python was most of the build's time.

:class:`BulkSegmentWriter` writes the same segment, byte for byte (``tests/integration/
test_bulk_writer.py`` compares the files):

* a profile's passages are added at once (:meth:`BulkSegmentWriter.add_documents`): a value that
  consecutive passages share (their city, facts, section, heading) is analysed once and its
  postings appended for all of them;
* postings go to three flat arrays per field (term number, document, weight);
* stored fields and columns are written a batch of values at a time, field lengths once per
  segment (:class:`_ByteValues`; Whoosh's per-document writer makes the same files);
* at commit each field's postings are ordered by term once (numpy), each block's statistics (the
  highest weight, the shortest and longest document) are computed for all blocks at once; a term
  whose postings fit in one block (most terms) is encoded here as Whoosh's postings writer would,
  its term index entry added in a batch; longer ones are handed to that writer a block at a time.

Incremental updates keep Whoosh's own writer: they write a few hundred postings.

``w = BulkSegmentWriter(ix, codec=codec(), compound=False); w.add_documents([...]); w.commit(merge=False)``
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import Counter
from itertools import accumulate, chain, repeat
from pickle import dumps

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3TermInfo, _lenfield
from whoosh.analysis import RegexTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import KEYWORD
from whoosh.formats import Frequency
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from ..analysis import index_terms
from ..phrases import PAIR_MARK, terms_column
from .blocks import write_field
from .formats import Words, WordsAndPairs
from .schema import Exact

_PAIR = PAIR_MARK + "{} {}"
#: the analysis of word fields, by their format's `terms` (see :func:`indexer.analysis.index_terms`)
_WORD_KINDS = {"en": "en", "fr": "fr", "name": None}
#: a keyword field's values: Whoosh's space-separated tokenizer
_KEYWORD = re.compile(r"[^ \t\r\n]+")


#: a term's frequency as a posting's value, one bytes object per small count (kept once per posting until commit)
_PACKED_COUNTS = tuple(pack_uint(c) for c in range(256))


def _packed(count: int) -> bytes:
    return _PACKED_COUNTS[count] if count < 256 else pack_uint(count)


def _how(field) -> str:
    """How a field's terms are made: "exact" (the value is its one term), a key of _WORD_KINDS,
    "keywords" (space-separated values, as Whoosh's keyword field makes them), or "items" (the format's
    own word values); "" when it is not indexed."""
    if not field.indexed:
        return ""
    fmt = field.format
    if isinstance(fmt, Exact) and not field.scorable:
        return "exact"
    kind = getattr(fmt, "terms", None)
    if isinstance(fmt, (WordsAndPairs, Words)) and kind in _WORD_KINDS:
        return kind
    tokenizer = field.analyzer
    if (isinstance(field, KEYWORD) and type(fmt) is Frequency and isinstance(tokenizer, RegexTokenizer)
            and tokenizer.expression.pattern == _KEYWORD.pattern and not tokenizer.gaps):
        return "keywords"
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
        self.lengths = array("B")  # per document, its length column's byte (0: none)
        self.last: tuple | None = None  # the last value analysed: (value, word counts or weights, pair counts or values, length, terms column)

    def add(self, counts: dict, docnum: int, boost: float = 1.0, values: list[bytes] | None = None, n: int = 1) -> None:
        """The terms of `n` documents from `docnum` on that have the same value: their weights (term →
        weight, times `boost`) and values, if any."""
        nums = list(map(self.numbers.get, counts))
        if None in nums:
            nums = [self._number(t) for t in counts]
        weights = list(counts.values()) if boost == 1.0 else [w * boost for w in counts.values()]
        before = len(self.docs)
        if n == 1:
            self.term_nums.extend(nums)
            self.docs.extend(repeat(docnum, len(nums)))
            self.weights.extend(weights)
        else:  # document by document, so each term's documents stay in order
            self.term_nums.extend(nums * n)
            self.docs.extend(chain.from_iterable(repeat(d, len(nums)) for d in range(docnum, docnum + n)))
            self.weights.extend(weights * n)
        if values is not None or self.values is not None:
            if self.values is None:
                self.values = []
            self.values.extend(repeat(b"", before - len(self.values)))
            self.values.extend(values * n if values else repeat(b"", len(nums) * n))

    def add_one(self, term, docnum: int, weight: float, n: int = 1) -> None:
        """The one term of `n` documents from `docnum` on (an exact-value field)."""
        num = self.numbers.get(term)
        if num is None:
            num = self._number(term)
        if n == 1:
            self.term_nums.append(num)
            self.docs.append(docnum)
            self.weights.append(weight)
        else:
            self.term_nums.extend(repeat(num, n))
            self.docs.extend(range(docnum, docnum + n))
            self.weights.extend(repeat(weight, n))
        if self.values is not None:
            self.values.extend(repeat(b"", n))

    def _number(self, term) -> int:
        n = self.numbers.get(term)
        if n is None:
            n = self.numbers[term] = len(self.terms)
            self.terms.append(term)
        return n


class _ByteValues(VarBytesColumn.Writer):
    """A variable-length bytes column's writer (:class:`whoosh.columns.VarBytesColumn`) that writes the
    same file with less work per value: values are written a batch at a time and their lengths kept
    in a plain list, made into Whoosh's arrays once, when the segment is finished. With `compress`
    (a zlib level), values are pickled and compressed first, as Whoosh's stored fields are."""

    def __init__(self, dbfile, allow_offsets: bool = True, cutoff: int = 2**15, compress: int = 0):
        super().__init__(dbfile, allow_offsets, cutoff)
        self._sizes: list[int] = []  # per document, from document 0
        self._pending: list[bytes] = []
        self._compress = compress

    def add(self, docnum, v):
        if self._compress:
            v = zlib.compress(b"" if v is None else dumps(v, 2), self._compress)
        sizes = self._sizes
        if docnum > len(sizes):
            sizes.extend(repeat(0, docnum - len(sizes)))
        sizes.append(len(v))
        pending = self._pending
        pending.append(v)
        if len(pending) >= 256:
            self._dbfile.write(b"".join(pending))
            pending.clear()

    def finish(self, doccount):
        self._dbfile.write(b"".join(self._pending))
        self._pending.clear()
        sizes = self._sizes
        sizes.extend(repeat(0, doccount - len(sizes)))
        offsets = list(accumulate(sizes[:-1], initial=0)) if sizes else []
        self._lengths.array = array(_typecode(max(sizes, default=0)), sizes)
        self._offsets.array = array(_typecode(offsets[-1] if offsets else 0), offsets)
        self._count = doccount
        self._offset_base = sum(sizes)
        super().finish(doccount)


def _typecode(largest: int) -> str:
    """The type a :class:`whoosh.util.numlists.GrowableArray` holding numbers up to `largest` ends with."""
    return "B" if largest < 2**8 else "H" if largest < 2**16 else "i" if largest < 2**31 else "I"


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
        self._columns: dict = {}  # field name → its column's writer, once a document gave it a value
        self._totals: dict[str, int] = {}  # field name → the sum of its documents' lengths, in Whoosh's order
        perdoc = self.perdocwriter
        stored = perdoc._get_column("_stored")
        self._stored = perdoc._colwriters["_stored"] = _ByteValues(stored._child._dbfile, compress=stored._child._level)

    # -----------------------------------------------------------------------------------------
    # documents

    def add_document(self, **fields):
        self.add_documents([fields])

    def add_documents(self, docs: list[dict]) -> None:
        """Documents in order (a profile's passages): where consecutive documents have the same value
        in a field (their city, facts, heading), it is analysed once and its postings written for all
        of them at once; the segment is the one :meth:`add_document` per document would write."""
        self._check_state()
        if not docs:
            return
        first = self.docnum
        count = len(docs)
        plans = self._plans
        stored: list[dict] = [{} for _ in docs]
        for name in sorted(set().union(*docs)):
            plan = plans.get(name)
            if plan is None:
                raise ValueError(f"no field named {name!r} in the index's schema "
                                 "(per-document boosts and stored values are not supported here)")
            field, how, is_stored, column = plan
            values = [doc.get(name) for doc in docs]
            fp = self._fields[name]
            writer = self._column_writer(name, column) if column else None
            k = 0
            while k < count:
                value = values[k]
                j = k + 1
                if value is None:
                    while j < count and values[j] is None:
                        j += 1
                    k = j
                    continue
                while j < count and (values[j] is value or values[j] == value):
                    j += 1
                if how:
                    length = self._index(fp, field, how, value, first + k, j - k)
                    if length:
                        self._totals[name] = self._totals.get(name, 0) + length * (j - k)
                if is_stored:
                    for sf in stored[k:j]:
                        sf[name] = value
                if writer is not None:
                    last = fp.last
                    # a text field's terms column: from the terms just analysed for its postings
                    cv = (last[4] if last is not None and how in _WORD_KINDS and last[0] is value
                          else field.to_column_value(value))
                    for d in range(first + k, first + j):
                        writer.add(d, cv)
                k = j
        add = self._stored.add
        for d, sf in enumerate(stored, first):
            if sf:
                add(d, sf)
        self._added = True
        self.docnum += count

    def _column_writer(self, name: str, column):
        writer = self._columns.get(name)
        if writer is None:
            perdoc = self.perdocwriter
            perdoc._create_column(name, column)
            writer = perdoc._get_column(name)
            if type(writer) is VarBytesColumn.Writer:
                writer = perdoc._colwriters[name] = _ByteValues(writer._dbfile, writer.allow_offsets, writer.cutoff)
            self._columns[name] = writer
        return writer

    @staticmethod
    def _index(fp: _FieldPostings, field, how: str, value, docnum: int, n: int) -> int:
        """Append one field's postings for `n` documents from `docnum` on, all with this value; returns
        the field length Whoosh would store for each."""
        if how == "exact" and type(value) is str:
            fp.add_one(value, docnum, field.format.field_boost, n)
            return 0
        fmt = field.format
        if how in _WORD_KINDS and type(value) is str:
            if fp.last is not None and fp.last[0] == value:  # a heading or city seen just before
                _, counts, pairs, length, _ = fp.last
                fp.last = (value,) + fp.last[1:]
            else:
                words = index_terms(value, _WORD_KINDS[how])
                counts = Counter(words)
                pairs = Counter(map(_PAIR.format, words, words[1:])) if isinstance(fmt, WordsAndPairs) else None
                length = len(words)
                fp.last = (value, counts, pairs, length, terms_column(words) if pairs is not None else None)
            fp.add(counts, docnum, fmt.field_boost,
                   [_packed(c) for c in counts.values()] if isinstance(fmt, Words) else None, n)
            if pairs:
                fp.add(pairs, docnum, fmt.field_boost, None, n)
        else:
            if fp.last is not None and fp.last[0] == value:
                _, weights, values, length, _ = fp.last
            else:
                if how == "keywords" and type(value) is str:  # what Whoosh's keyword analyser and format give
                    freqs = Counter(_KEYWORD.findall(value))
                    boost = fmt.field_boost
                    items = [(w.encode("utf-8"), c, float(c) * boost, _packed(c)) for w, c in freqs.items()]
                else:
                    items = list(field.index(value))
                weights = {tbytes: weight for tbytes, _, weight, _ in items}
                values = [vbytes for _, _, _, vbytes in items]
                length = sum(freq for _, freq, _, _ in items)
                fp.last = (value, weights, values, length, None)
            if weights:
                fp.add(weights, docnum, 1.0, values, n)
        if not field.scorable:
            return 0
        if length:
            lengths = fp.lengths
            if len(lengths) < docnum:  # documents without this field: length 0
                lengths.extend(repeat(0, docnum - len(lengths)))
            lengths.extend(repeat(length_to_byte(length), n))
        return length

    # -----------------------------------------------------------------------------------------
    # commit

    def _flush_segment(self):
        perdoc = self.perdocwriter
        for name, total in self._totals.items():  # what Whoosh's add_field writes per document, at once
            lengths = self._fields[name].lengths
            column = _lenfield(name)
            perdoc._create_column(column, LENGTHS_COLUMN)
            writer = perdoc._get_column(column)
            end = len(lengths)
            while end and not lengths[end - 1]:
                end -= 1
            writer._dbfile.write(lengths[:end].tobytes())
            writer._count = end
            perdoc._fieldlengths[name] = total
        perdoc._doccount = self.docnum
        perdoc.close()
        writer = self.fieldwriter
        for name in sorted(self._fields):
            fp = self._fields[name]
            if len(fp.docs):
                field = self.schema[name]
                writer.start_field(name, field)
                write_field(writer, fp, field.scorable, self.docnum)
                writer.finish_field()
            self._fields[name] = _FieldPostings()  # the arrays are written: let them go
        writer.close()


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

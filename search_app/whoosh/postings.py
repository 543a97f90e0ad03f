"""Reading Whoosh 2.7's postings and length columns a block at a time, straight into numpy.

The ONLY module that touches Whoosh's private internals: a posting matcher's block reading
(``_ids``, ``_read_ids``, ``_data``, ``_read_data``, ``_byteids``, ``_next_block``; a block's data
is the tuple (id gaps, weights, values)) and a segment's per-document length column (``_perdoc``, ``_lenfield``). Where
a reader lacks them, each function falls back to Whoosh's public API (slower, same answers).
:func:`check_internals` says what changed when a Whoosh upgrade removes any of them; a test runs it.

``posting_ids(reader, "city", b"Amiens")`` → the document numbers of a term, as an array
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
from whoosh.matching.wrappers import FilterMatcher

#: the Whoosh version whose internals this module was written against
WHOOSH_VERSION = (2, 7, 4)
_BLOCK_API = ("_ids", "_read_ids", "_next_block", "_data", "_read_data", "_byteids")


def leaves(reader) -> list[tuple[object, int]]:
    """(segment reader, first document number) of every segment of a reader."""
    return [(reader, 0)] if reader.is_atomic() else list(reader.leaf_readers())


def _block_matcher(m) -> bool:
    return all(hasattr(m, name) for name in ("_next_block", "_read_ids"))


def _postings(leaf, fieldname: str, text):
    """A segment's matcher for a term, block-readable where possible.

    A segment with deleted documents wraps its matchers in a filter that has no block reading, which
    would send every term of it down the slow path after the first incremental update. The filter is
    taken off: callers mask their results with the live documents anyway.
    """
    m = leaf.postings(fieldname, text)
    if isinstance(m, FilterMatcher) and getattr(m, "_exclude", False) and _block_matcher(m.child):
        return m.child
    return m


def posting_ids(reader, fieldname: str, text) -> np.ndarray:
    """The document numbers of a term (deleted ones included: mask them with the live documents),
    read a posting block at a time: ``posting_ids(r, "city", b"Amiens")``."""
    parts: list[np.ndarray] = []
    for leaf, offset in leaves(reader):
        try:
            m = _postings(leaf, fieldname, text)
        except Exception:  # the term is not in this segment
            continue
        if not _block_matcher(m):
            parts.append(np.fromiter(m.all_ids(), dtype=np.int64) + offset)
            continue
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            parts.append(np.fromiter(m._ids, dtype=np.int64, count=len(m._ids)) + offset)
            m._next_block()
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def term_blocks(leaf, fieldname: str, text) -> Iterator[tuple[np.ndarray, np.ndarray | None]]:
    """(segment document numbers, term frequencies or None) of a term, a posting block at a time.

    A block's numbers are stored as gaps: they are summed in numpy rather than one by one.
    """
    try:
        m = _postings(leaf, fieldname, text)
    except Exception:  # TermNotFound in this segment, unknown field
        return
    if not _block_matcher(m) or not hasattr(m, "_read_data"):
        # a rare term's few postings are kept inline in the term index: read them one by one
        ids: list[int] = []
        weights: list[float] = []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
        yield np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)
        return
    while m.is_active():
        if m._data is None:
            m._read_data()
        raw_ids, raw_weights = m._data[0], m._data[1]
        ids = np.array(raw_ids, dtype=np.int64)
        if not m._byteids:
            ids = np.cumsum(ids)
        if raw_weights is None:
            tf = np.ones(len(ids), dtype=np.float32)
        elif isinstance(raw_weights, float):
            tf = np.full(len(ids), raw_weights, dtype=np.float32)
        else:
            tf = np.array(raw_weights, dtype=np.float32)
        yield ids, tf
        m._next_block()


def field_lengths(reader, fieldname: str, size: int) -> np.ndarray:
    """Every document's length in a text field (as BM25F sees it), read a segment column at a time."""
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        table = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
        out = np.zeros(size, dtype=np.float32)
        for leaf, offset in leaves(reader):
            n = leaf.doc_count_all()
            col = leaf._perdoc.column_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            codes = np.fromiter(col, dtype=np.uint8, count=n)
            out[offset:offset + n] = table[codes]
        return out
    except Exception:  # another codec: ask document by document
        return np.fromiter((reader.doc_field_length(i, fieldname) or 0 for i in range(size)), dtype=np.float32,
                           count=size)


def check_internals(reader, fieldname: str, text) -> list[str]:
    """What this module relies on and a reader of this Whoosh no longer has (empty: all present).

    ``check_internals(reader, "text_en", "prevent") == []`` on Whoosh 2.7.4.
    """
    import whoosh

    missing = []
    if tuple(whoosh.__version__) != WHOOSH_VERSION:
        missing.append(f"Whoosh {'.'.join(map(str, whoosh.__version__))} instead of "
                       f"{'.'.join(map(str, WHOOSH_VERSION))}")
    leaf = leaves(reader)[0][0]
    m = leaf.postings(fieldname, text)
    missing += [f"posting matcher {type(m).__name__}.{name}" for name in _BLOCK_API if not hasattr(m, name)]
    if not hasattr(leaf, "_perdoc"):
        missing.append(f"segment reader {type(leaf).__name__}._perdoc")
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield  # noqa: F401
    except ImportError as exc:
        missing.append(f"whoosh.codec.whoosh3 length column ({exc})")
    return missing

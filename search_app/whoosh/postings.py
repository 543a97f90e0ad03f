"""Reading Whoosh 2.7's postings and length columns a block at a time, straight into numpy.

The ONLY module that touches Whoosh's private internals: a posting matcher's block reading
(``_ids``, ``_weights``, ``_values``, ``_read_ids``, ``_read_weights``, ``_read_values``,
``_next_block``) and a segment's per-document length column (``_perdoc``, ``_lenfield``). Where
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
_BLOCK_API = ("_ids", "_read_ids", "_next_block", "_weights", "_read_weights", "_values", "_read_values")


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
    """(segment document numbers, term frequencies or None) of a term, a posting block at a time."""
    try:
        m = _postings(leaf, fieldname, text)
    except Exception:  # TermNotFound in this segment, unknown field
        return
    if not _block_matcher(m):
        yield np.fromiter(m.all_ids(), dtype=np.int64), None
        return
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        if m._weights is None:
            m._read_weights()
        yield np.fromiter(m._ids, dtype=np.int64, count=len(m._ids)), np.asarray(m._weights, dtype=np.float32)
        m._next_block()


def position_blocks(leaf, fieldname: str, text, wanted) -> Iterator[tuple[np.ndarray, list[frozenset[int]]]] | None:
    """(segment document numbers, their positions) of a term, decoded only where ``wanted(ids)`` says.

    `wanted` takes a block's document numbers and returns the indexes to decode. None when the
    segment's matcher cannot read positions by block (then the caller checks phrases another way).
    """
    try:
        m = _postings(leaf, fieldname, text)
    except Exception:
        return iter(())
    if not _block_matcher(m) or not hasattr(m, "_read_values"):
        # a rare term's postings are kept inline (a list matcher, no blocks): read them one by one
        return _listed_positions(m, wanted) if m.supports("positions") else None

    def blocks():
        decode = m.format.decoder("positions")
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            ids = np.fromiter(m._ids, dtype=np.int64, count=len(m._ids))
            hit = wanted(ids)
            if len(hit):
                if m._values is None:
                    m._read_values()
                values = m._values
                yield ids[hit], [frozenset(decode(values[i])) for i in hit.tolist()]
            m._next_block()

    return blocks()


def _listed_positions(m, wanted) -> Iterator[tuple[np.ndarray, list[frozenset[int]]]]:
    ids: list[int] = []
    positions: list[frozenset[int]] = []
    while m.is_active():
        ids.append(m.id())
        positions.append(frozenset(m.value_as("positions")))
        m.next()
    arr = np.asarray(ids, dtype=np.int64)
    hit = wanted(arr) if len(arr) else arr
    if len(hit):
        yield arr[hit], [positions[i] for i in hit.tolist()]


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

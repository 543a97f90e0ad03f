"""How a field's postings are written to a segment's files: Whoosh 3's block format, a term at a time.

:func:`write_field` writes one field's postings (the bulk writer's flat arrays, ordered by term): a
term whose postings fit in one block, most terms, is encoded here as Whoosh's postings writer would
encode it, and its term index entries added in batches; a longer term goes through
:class:`PostingsWriter` a block at a time. :class:`PostingsWriter` is Whoosh's postings writer with
small blocks left uncompressed; every writer of the index uses it (:mod:`.codec`).
"""

from __future__ import annotations

import struct
import zlib
from array import array
from itertools import repeat
from operator import sub
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3PostingsWriter
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

#: a posting block whose pickled data is shorter than this is written as it is: compressing it would
#: save nothing (zlib adds 6 bytes of its own) and cost a call per term when writing and reading
COMPRESS_FROM = 64
NO_LENGTH = 2**32 - 1  # no document length in a block (the lengths are uint32)
_BYTE_LENGTHS = [byte_to_length(b) for b in range(256)]  # a length column's byte → the length it stands for


class PostingsWriter(W3PostingsWriter):
    """Whoosh 3's postings writer, with small blocks left uncompressed (see :data:`COMPRESS_FROM`; Whoosh's
    own check for small blocks is overwritten on its next line, so every block is compressed). Readers
    decompress a block only when its header says it was compressed."""

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        info, data = encode_block((self._mini_ids(), self._mini_weights(), self._mini_values()), len(ids), ids[-1],
                                  self._maxweight, self._compression, length_to_byte(self._minlength),
                                  length_to_byte(self._maxlength))
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


def encode_block(mini: tuple, count: int, last_id: int, maxweight: float, comp: int, minlength: int,
                 maxlength: int) -> tuple[bytes, bytes]:
    """A block's statistics and its data (ids as deltas, weights and values, minified), pickled as Whoosh 3
    writes them; the data compressed unless it is under :data:`COMPRESS_FROM` bytes."""
    data = dumps(mini, 2)
    if len(data) < COMPRESS_FROM:
        comp = 0
    if comp:
        data = zlib.compress(data, comp)
    return dumps((count, last_id, maxweight, comp, minlength, maxlength), 2), data


def _blocks(fp, scorable: bool, doc_count: int, limit: int):
    """The field's postings in Whoosh's order (term bytes, then document), cut into blocks of at
    most `limit` postings: (terms in order, postings per term, arrays in order, block bounds and
    each block's highest weight, shortest non-zero and longest document length). The field's own
    arrays are let go once ordered (`fp` is spent): a segment's largest field is most of its postings."""
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
        lengths[: len(fp.lengths)] = np.asarray(_BYTE_LENGTHS, dtype=np.uint32)[np.frombuffer(fp.lengths, dtype=np.uint8)]
        of_post = lengths[docs]
        shortest = np.minimum.reduceat(np.where(of_post > 0, of_post, NO_LENGTH), starts)
        longest = np.maximum.reduceat(of_post, starts)
    else:
        shortest = np.full(len(starts), NO_LENGTH, dtype=np.uint32)
        longest = np.zeros(len(starts), dtype=np.uint32)
    values = None
    if fp.values is not None:  # reordered a window at a time (a whole field's order as Python numbers is large)
        fp.values.extend(repeat(b"", len(order) - len(fp.values)))  # postings after the last value: none
        take = fp.values.__getitem__
        values = []
        for at in range(0, len(order), _WINDOW):
            values += map(take, order[at:at + _WINDOW].tolist())
    fp.term_nums = fp.docs = fp.weights = fp.values = None
    return ([keys[i] for i in by_key], counts.tolist(), docs, weights, values, starts.tolist(),
            top.tolist(), shortest.tolist(), longest.tolist())


def write_field(writer, fp, scorable: bool, doc_count: int) -> None:
    """Every term of one field, in term order: a term whose postings fit in one block (most terms)
    is encoded here, as Whoosh's postings writer would encode it (see :func:`_one_block`); a longer
    one is handed to that writer a block at a time."""
    import numpy as np

    post = writer._postwriter
    limit = post._blocklimit
    keys, counts, docs, weights, values, starts, top, shortest, longest = _blocks(fp, scorable, doc_count, limit)
    doc_bytes = memoryview(docs.tobytes())
    weights32 = weights.astype(np.float32)
    weight_bytes = memoryview(weights32.tobytes())
    # one-block terms read their postings as Python numbers from a window of the field's arrays (the
    # whole field as lists would cost ~70 bytes a posting: the build's peak memory)
    win_start = win_end = 0
    doc_list: list[int] = []
    weight_list: list[float] = []
    fixed = writer._format.fixed_value_size()
    comp = post._compression
    prefix = pack_ushort(writer._fieldid)
    tindex = writer._tindex
    postfile = post._postfile
    chunks: list[bytes] = []  # one-block terms' postings not yet written, from `offset` on
    entries: list[tuple[bytes, bytes]] = []  # their term index entries
    offset = postfile.tell()
    b = 0
    for key, count in zip(keys, counts):
        if count <= limit:
            a = starts[b]
            e = a + count
            if e > win_end:
                win_start, win_end = a, a + max(_WINDOW, count)
                doc_list, weight_list = docs[a:win_end].tolist(), weights32[a:win_end].tolist()
            vs = [v for v in values[a:e] if v] if values is not None else []
            chunk, info = _one_block(doc_list[a - win_start:e - win_start], weight_list[a - win_start:e - win_start],
                                     vs, fixed, comp, top[b], shortest[b], longest[b])
            chunks.append(chunk)
            entries.append((prefix + key, info + pack_long(offset) + pack_int(len(chunk))))
            offset += len(chunk)
            b += 1
            if len(chunks) >= _PENDING:
                _flush_terms(postfile, chunks, tindex, entries)
            continue
        _flush_terms(postfile, chunks, tindex, entries)
        writer.start_term(key)
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
            post._minlength = None if shortest[b] == NO_LENGTH else shortest[b]
            post._maxlength = longest[b]
            b += 1
            if e >= end_of_term:
                break
            post._write_block()
        writer.finish_term()
        offset = postfile.tell()
    _flush_terms(postfile, chunks, tindex, entries)


#: how many postings one-block terms turn into Python numbers at a time (see :func:`write_field`)
_WINDOW = 1 << 16
#: one-block terms kept before their postings and term index entries are written out
_PENDING = 4096
_ENTRY_LENGTHS = struct.Struct("!ii")  # a term index entry's key and value lengths


def _flush_terms(postfile, chunks: list[bytes], tindex, entries: list[tuple[bytes, bytes]]) -> None:
    """Write pending postings (one write) and add their terms to the term index as
    ``OrderedHashWriter.add`` would, entry by entry (positions, hash buckets, order check); empties both lists."""
    if not chunks:
        return
    postfile.write(b"".join(chunks))
    dbfile = tindex.dbfile
    pos = dbfile.tell()
    if entries[0][0] <= tindex.lastkey:
        raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{entries[0][0]!r}")
    hashfn, buckets, index, pack = tindex.hashfn, tindex.buckets, tindex.index, _ENTRY_LENGTHS.pack
    out = []
    for key, value in entries:
        index.append(pos)
        out += (pack(len(key), len(value)), key, value)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        pos += 8 + len(key) + len(value)
    dbfile.write(b"".join(out))
    tindex.lastkey = entries[-1][0]
    chunks.clear()
    entries.clear()


_TERM_INFO = struct.Struct("!BfIBBfII")  # W3TermInfo's fixed part


def _one_block(ids: list[int], weights: list[float], values: list[bytes], fixed: int | None, comp: int,
               top: float, shortest: int, longest: int) -> tuple[bytes, bytes]:
    """A term's postings as one last block, as Whoosh 3's postings writer writes them (header, block
    length, block statistics, the pickled and compressed ids, weights and values), and the fixed part
    of its term info (the caller adds the offset and length): what ``start_term``, ``add`` per posting
    and ``finish_term`` give, without the calls per posting."""
    maxweight = top if top > 0 else 0
    minlength = length_to_byte(None if shortest == NO_LENGTH else shortest)
    maxlength = length_to_byte(longest)
    first = weights[0]
    mini_weights = None if all(w == 1.0 for w in weights) else (first if all(w == first for w in weights) else tuple(weights))
    if fixed is None or fixed < 0:
        mini_values = tuple(values)
    elif fixed == 0:
        mini_values = None
    else:
        mini_values = b"".join(values)
    deltas = tuple(map(sub, ids, [0] + ids[:-1]))
    info, data = encode_block((deltas, mini_weights, mini_values), len(ids), ids[-1], maxweight, comp, minlength, maxlength)
    chunk = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(info) + len(data))), info, data))
    term = _TERM_INFO.pack(False, sum(weights), len(ids), minlength, maxlength, max(0, maxweight), ids[0], ids[-1])
    return chunk, term

"""How the index is written to disk: Whoosh's codec with larger posting blocks and a cheaper write.

Searches read a term a posting block at a time, so fewer, larger blocks (1,024 postings instead
of Whoosh's 128) mean less per-block work. (Whoosh 2.7.4 cannot keep a rare term's postings
inline in the term index: its writer calls a method its term info lacks, so inlinelimit stays 1.) While writing a segment, Whoosh asks for the field
length of a posting's document once per posting; here each field's lengths are read once per
segment instead (the same values, a list lookup per posting). A block too small to gain from
compression (most rare terms' one block) is written uncompressed, which Whoosh's reader reads as is.

Segments are written as separate files, not one compound file: Whoosh opens each part of a
compound file by copying it whole into memory (a BytesIO over the mapped file), so a server's
memory grew with the index; separate files are read in place, a block at a time.

``ix.writer(codec=codec(), compound=False)``
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter

from .blocks import PostingsWriter

#: postings per block (Whoosh's default is 128)
POSTING_BLOCK = 1024


_UNREAD = object()


class _SegmentLengths:
    """A segment's per-document field lengths, each field read once (then a list lookup per posting)."""

    def __init__(self, lengths, schema):
        self._lengths = lengths
        self._by_field: dict[str, list] = {}
        self._schema = schema
        try:
            self._count = lengths.doc_count_all()
        except Exception:  # a reader without a count: ask it every time
            self._count = 0

    def doc_field_length(self, docnum, fieldname, default=0):
        column = self._by_field.get(fieldname, _UNREAD)
        if column is None:
            return default
        if column is _UNREAD:
            if fieldname in self._schema and not self._schema[fieldname].scorable:
                column = self._by_field[fieldname] = None  # no lengths kept: Whoosh answers the default
                return default
            ask = self._lengths.doc_field_length
            column = self._by_field[fieldname] = [ask(d, fieldname, default) for d in range(self._count)]
        if 0 <= docnum < len(column):
            return column[docnum]
        return self._lengths.doc_field_length(docnum, fieldname, default)

    def __getattr__(self, name):
        return getattr(self._lengths, name)


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        return super().add_postings(schema, _SegmentLengths(lengths, schema) if lengths else lengths, items)


class ProfileCodec(W3Codec):
    """Whoosh 3's codec with :data:`POSTING_BLOCK` postings per block and the length cache above."""

    def __init__(self, blocklimit: int = POSTING_BLOCK, compression: int = 3, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)


def codec() -> ProfileCodec:
    """The codec every writer of the index uses: ``ix.writer(codec=codec(), compound=False)``."""
    return ProfileCodec()

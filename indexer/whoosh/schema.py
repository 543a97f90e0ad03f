"""The Whoosh fields of a passage (see the handbook's data model): the facet and text fields of the
registry (:mod:`indexer.fields`), the stored passage, the manifest and history columns.

``"text_en" in build_schema()``
"""

from __future__ import annotations

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Existence

from ..analysis import index_terms
from ..documents import versions as document_versions
from ..fields import FACET_NAMES, KEYWORD_FIELDS, MULTI_VALUED, TEXT_FIELDS
from .analyzers import name_analyzer, text_analyzer
from ..phrases import terms_column
from .formats import Words, WordsAndPairs

SCHEMA_VERSION = 7


class StoredColumn(COLUMN):
    """A per-document column that is also stored, and never indexed (no search terms to write)."""

    stored = True


class TermsText(TEXT):
    """A searchable text field that also keeps its analysed terms, in order, as a column (see
    :func:`indexer.phrases.terms_column`): a phrase of three or more words, or with a slop, is checked
    there instead of on the passage's stored text analysed again. Whoosh's own writer and its merges
    write the column from the value; the bulk writer from the terms it has just analysed."""

    def to_column_value(self, value):
        if not isinstance(value, str):
            return b""
        lang = self.format.terms
        return terms_column(index_terms(value, None if lang == "name" else lang))

    def from_column_value(self, value):
        return value


def _text(analyzer, boost: float, terms: str) -> TEXT:
    """A searchable text field: words and adjacent word pairs, no positions (see :mod:`.phrases`), and its
    terms in order as a column; `terms` names its analysis ("en", "fr", "name") for the indexer's fast path."""
    field = TermsText(analyzer=analyzer, phrase=False, field_boost=boost)
    field.format = WordsAndPairs(field_boost=boost, terms=terms)
    field.column_type = VarBytesColumn()
    return field


class Exact(Existence):
    """An ID field's one term, its whole value, without running Whoosh's analyser per document."""

    def word_values(self, value, analyzer, **kwargs):
        if isinstance(value, str):
            return iter(((value, 1, self.field_boost, b""),))
        return super().word_values(value, analyzer, **kwargs)


def _exact(stored: bool) -> ID:
    """A keyword field (one exact value per passage: facets, profile, source)."""
    field = ID(stored=stored)
    field.format = Exact(field_boost=field.format.field_boost)
    return field


def _words(analyzer) -> TEXT:
    """An unstemmed word field (frequencies only), read with the fast path of names."""
    field = TEXT(analyzer=analyzer, phrase=False)
    field.format = Words(terms="name")
    return field


def build_schema() -> Schema:
    """A fresh schema object for the passage index: ``"text_en" in build_schema()``."""
    fields = dict(
        id=STORED(),
        profile=_exact(stored=True),
        source=_exact(stored=True),
        # the head passage of each profile doubles as the manifest entry of its source file
        head=_exact(stored=False),
        source_hash=STORED(),
        passage_count=STORED(),
        # the manifest entry again as a small column, so an incremental run reads 2,000 of them
        # without decompressing the stored profiles
        manifest=COLUMN(VarBytesColumn()),
        profile_json=STORED(),
        years=STORED(),
        # sort key: a column only; nothing searches it, so it writes no postings
        order=StoredColumn(NumericColumn("I")),
        # when the passage was first indexed and last changed (ms since the epoch; see history.py):
        # stored for hits, a column for "recently changed" order, and the carried-over history
        first_indexed=STORED(),
        changed=StoredColumn(NumericColumn("Q")),
        history=COLUMN(VarBytesColumn()),
        heading=STORED(),
        lang=STORED(),
        text=STORED(),
        # the corpus's own words, unstemmed, for "did you mean" and fuzzy words: the head passage
        # holds its whole profile's (a word's documents are then the profiles using it)
        spell=_words(name_analyzer()),
        spell_en=_words(name_analyzer()),
        spell_fr=_words(name_analyzer()),
        names=_words(name_analyzer()),
        # the city's population, per passage, for from..to filters
        population=COLUMN(NumericColumn("I")),
    )
    for name in KEYWORD_FIELDS:  # one indexed term per value, so filters and counts are exact
        fields[name] = (KEYWORD(stored=False, scorable=False, lowercase=False) if name in MULTI_VALUED
                        else _exact(stored=name in FACET_NAMES))
    for f in TEXT_FIELDS:
        analyzer = name_analyzer() if f.lang is None else text_analyzer(f.lang)
        fields[f.name] = _text(analyzer, f.weight, f.lang or "name")
    return Schema(**fields)


def versions() -> dict[str, int]:
    """Everything that, when it changes, forces a full rebuild of the embedded index."""
    return {"schema": SCHEMA_VERSION, **document_versions()}

"""The Whoosh fields of a passage (see the handbook's data model)."""

from __future__ import annotations

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Existence

from .analysis import ANALYSIS_VERSION
from .whoosh.analyzers import name_analyzer, text_analyzer
from .phrases import Words, WordsAndPairs

SCHEMA_VERSION = 4

#: facet fields: one indexed term per value, so filters and counts are exact
FACETS = ("city", "country", "year", "network", "section", "kind")
#: the searchable text fields and their weights (BM25F field boosts)
TEXT_FIELDS = {"text_en": 1.0, "text_fr": 1.0, "city_text": 3.0, "heading_text": 1.5}


class StoredColumn(COLUMN):
    """A per-document column that is also stored, and never indexed (no search terms to write)."""

    stored = True


def _text(analyzer, boost: float, terms: str) -> TEXT:
    """A searchable text field: words and adjacent word pairs, no positions (see :mod:`.phrases`);
    `terms` names its analysis ("en", "fr", "name") for the indexer's fast path."""
    field = TEXT(analyzer=analyzer, phrase=False, field_boost=boost)
    field.format = WordsAndPairs(field_boost=boost, terms=terms)
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
    return Schema(
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
        city=_exact(stored=True),
        country=_exact(stored=True),
        section=_exact(stored=True),
        network=_exact(stored=True),
        kind=_exact(stored=True),
        year=KEYWORD(stored=False, scorable=False, lowercase=False),
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
        text_en=_text(text_analyzer("en"), TEXT_FIELDS["text_en"], "en"),
        text_fr=_text(text_analyzer("fr"), TEXT_FIELDS["text_fr"], "fr"),
        city_text=_text(name_analyzer(), TEXT_FIELDS["city_text"], "name"),
        heading_text=_text(text_analyzer("en"), TEXT_FIELDS["heading_text"], "en"),
        # the corpus's own words, unstemmed, for "did you mean" and fuzzy words: the head passage
        # holds its whole profile's (a word's documents are then the profiles using it)
        spell=_words(name_analyzer()),
    )


def versions() -> dict[str, int]:
    """Everything that, when it changes, forces a full rebuild."""
    from .parse import PARSER_VERSION

    return {"schema": SCHEMA_VERSION, "analysis": ANALYSIS_VERSION, "parser": PARSER_VERSION}


def passage_document(p, source: str, order: int) -> dict:
    """The Whoosh document for one passage."""
    doc = {
        "id": p.id,
        "profile": p.profile,
        "source": source,
        "city": p.city,
        "section": p.section,
        "kind": p.kind,
        "years": list(p.years),
        "order": order,
        "heading": p.heading,
        "lang": p.lang,
        "text": p.text,
        "city_text": p.city,
    }
    doc["text_fr" if p.lang == "fr" else "text_en"] = p.text
    if p.heading:
        doc["heading_text"] = p.heading
    if p.country:
        doc["country"] = p.country
    if p.network:
        doc["network"] = p.network
    if p.years:
        doc["year"] = " ".join(str(y) for y in p.years)
    return doc

"""The Whoosh fields of a passage (see the handbook's data model)."""

from __future__ import annotations

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import ANALYSIS_VERSION, name_analyzer, text_analyzer
from .phrases import WordsAndPairs

SCHEMA_VERSION = 4

#: facet fields: one indexed term per value, so filters and counts are exact
FACETS = ("city", "country", "year", "network", "section", "kind")
#: the searchable text fields and their weights (BM25F field boosts)
TEXT_FIELDS = {"text_en": 1.0, "text_fr": 1.0, "city_text": 3.0, "heading_text": 1.5}


class StoredColumn(COLUMN):
    """A per-document column that is also stored, and never indexed (no search terms to write)."""

    stored = True


def _text(analyzer, boost: float) -> TEXT:
    """A searchable text field: words and adjacent word pairs, no positions (see :mod:`.phrases`)."""
    field = TEXT(analyzer=analyzer, phrase=False, field_boost=boost)
    field.format = WordsAndPairs(field_boost=boost)
    return field


def build_schema() -> Schema:
    """A fresh schema object for the passage index: ``"text_en" in build_schema()``."""
    return Schema(
        id=ID(stored=True, unique=True),
        profile=ID(stored=True),
        source=ID(stored=True),
        # the head passage of each profile doubles as the manifest entry of its source file
        head=ID(stored=False),
        source_hash=STORED(),
        passage_count=STORED(),
        # the manifest entry again as a small column, so an incremental run reads 2,000 of them
        # without decompressing the stored profiles
        manifest=COLUMN(VarBytesColumn()),
        profile_json=STORED(),
        city=ID(stored=True),
        country=ID(stored=True),
        section=ID(stored=True),
        network=ID(stored=True),
        kind=ID(stored=True),
        year=KEYWORD(stored=False, scorable=False, lowercase=False),
        years=STORED(),
        # sort keys: columns only; nothing searches them, so they write no postings
        year_sort=COLUMN(NumericColumn("I")),
        order=StoredColumn(NumericColumn("I")),
        # when the passage was first indexed and last changed (ms since the epoch; see history.py):
        # stored for hits, a column for "recently changed" order, and the carried-over history
        first_indexed=STORED(),
        changed=StoredColumn(NumericColumn("Q")),
        history=COLUMN(VarBytesColumn()),
        heading=STORED(),
        lang=ID(stored=True),
        text=STORED(),
        text_en=_text(text_analyzer("en"), TEXT_FIELDS["text_en"]),
        text_fr=_text(text_analyzer("fr"), TEXT_FIELDS["text_fr"]),
        city_text=_text(name_analyzer(), TEXT_FIELDS["city_text"]),
        heading_text=_text(text_analyzer("en"), TEXT_FIELDS["heading_text"]),
        # the corpus's own words, unstemmed, for "did you mean" and fuzzy words: the head passage
        # holds its whole profile's (a word's documents are then the profiles using it)
        spell=TEXT(analyzer=name_analyzer(), phrase=False),
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
        "year_sort": max(p.years) if p.years else 0,
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

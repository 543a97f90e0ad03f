"""The fields of an indexed passage, as every backend holds them: one registry for the facets, one
for the searchable text. Pure data, read by the indexer, both engines, the Solr configset, the
pages, the API, the CSV export and the CLI.

``[f.name for f in FACETS] == ["city", "country", "year", "network", "section", "kind"]``
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    """A facet: one exact value (or, for years, several) per passage, filtered and counted.

    `name` is the field, the URL/API/CLI parameter and the `name:value` of the query language;
    `label` is what pages call it; `order` is how its values are listed ("count": most passages
    first, then by name; "value": in order, as years are); `sidebar`: listed as links beside the
    results (years are drawn as a histogram instead); `numeric`: values are whole numbers.
    Counts are disjunctive: a facet's counts ignore its own selection.
    """

    name: str
    label: str
    order: str = "count"
    sidebar: bool = True
    numeric: bool = False


FACETS: tuple[Facet, ...] = (
    Facet("city", "City"),
    Facet("country", "Country"),
    Facet("year", "Year", order="value", sidebar=False, numeric=True),
    Facet("network", "Network"),
    Facet("section", "Section"),
    Facet("kind", "Kind of passage"),
)
FACET_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS)
FACET_BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
#: facets whose values are words (not years): filtered by typed value, shown in the sidebar
KEYWORD_FACETS: tuple[str, ...] = tuple(f.name for f in FACETS if not f.numeric)


@dataclass(frozen=True)
class TextField:
    """A searchable text field: its weight (BM25F field boost) and its analysis ("en", "fr", or None
    for names: folded words, no stemming, no stop words)."""

    name: str
    weight: float
    lang: str | None


#: the fields a query's words are searched in, in the order their parts are combined
TEXT_FIELDS: tuple[TextField, ...] = (
    TextField("text_en", 1.0, "en"),
    TextField("text_fr", 1.0, "fr"),
    TextField("city_text", 3.0, None),
    TextField("heading_text", 1.5, "en"),
)
TEXT_WEIGHTS: dict[str, float] = {f.name: f.weight for f in TEXT_FIELDS}
#: the corpus's own words, unstemmed ("did you mean", fuzzy words)
SPELL_FIELD = TextField("spell", 1.0, None)
#: how each analysed field's text is analysed
FIELD_LANG: dict[str, str | None] = {f.name: f.lang for f in TEXT_FIELDS + (SPELL_FIELD,)}

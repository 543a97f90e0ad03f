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
    #: the index field counted, when not the facet's name
    field: str | None = None
    #: a fact of the passage's city, chosen as a from..to range ("population: 100000.."): the index field
    #: filtered — the city's population, or its member-since / committee-since years ("NET:YEAR") in the
    #: networks the network filter selects (any network when none is); counted in bands or decades
    range_of: str | None = None
    #: how many values it has: "few" (a few dozen at most, whatever the corpus's size: an engine may count
    #: it value by value) or "many" (one per city, or per year)
    values: str = "few"

    @property
    def counted(self) -> str:
        """The index field whose values are counted: ``FACET_BY_NAME["population"].counted == "population_band"``"""
        return self.field or self.name

    @property
    def filtered(self) -> str:
        """The index field a selection filters on."""
        return self.range_of or self.name


FACETS: tuple[Facet, ...] = (
    Facet("city", "City", values="many"),
    Facet("country", "Country"),
    Facet("year", "Year", order="value", sidebar=False, numeric=True, values="many"),
    Facet("network", "Network"),
    Facet("section", "Section"),
    Facet("kind", "Kind of passage"),
    Facet("population", "Population", order="range", field="population_band", range_of="population"),
    Facet("member_since", "Member since", order="range", field="member_decade", range_of="membership"),
    Facet("committee_since", "Executive Committee since", order="range", field="committee_decade",
          range_of="committee"),
)
FACET_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS)
FACET_BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
#: facets whose values are words typed or clicked (not years, not ranges of facts)
KEYWORD_FACETS: tuple[str, ...] = tuple(f.name for f in FACETS if not f.numeric and not f.range_of)
#: facets of the city's facts, chosen as ranges
RANGE_FACETS: tuple[str, ...] = tuple(f.name for f in FACETS if f.range_of)
#: every exact-valued field a passage carries for facets and filters (the population is a number)
KEYWORD_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(
    [f.counted for f in FACETS] + [f.filtered for f in FACETS if f.range_of and f.range_of != "population"]))
NUMBER_FIELDS: tuple[str, ...] = ("population",)
#: exact-valued fields that hold several values per passage (space-separated in a document)
MULTI_VALUED: frozenset[str] = frozenset({"year", "membership", "committee", "member_decade", "committee_decade"})
#: population bands, (from, to) inclusive (None: open)
POPULATION_BANDS: tuple[tuple[int | None, int | None], ...] = (
    (None, 19_999), (20_000, 49_999), (50_000, 99_999), (100_000, 249_999), (250_000, 999_999), (1_000_000, None))


def span(lo: int | None, hi: int | None) -> str:
    """A range as the query language writes it: ``span(100000, None) == "100000.."``."""
    return f"{'' if lo is None else lo}..{'' if hi is None else hi}"


def population_band(population: int | None) -> str | None:
    """The band of a population: ``population_band(133_327) == "100000..249999"``."""
    if not population:
        return None
    for lo, hi in POPULATION_BANDS:
        if (lo is None or population >= lo) and (hi is None or population <= hi):
            return span(lo, hi)
    return None


def decade(year: int) -> str:
    """``decade(1995) == "1990..1999"``"""
    return span(year - year % 10, year - year % 10 + 9)


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
#: the corpus's own words, unstemmed ("did you mean", fuzzy words), all and by language
SPELL_FIELD = TextField("spell", 1.0, None)
SPELL_FIELDS: dict[str | None, TextField] = {None: SPELL_FIELD, "en": TextField("spell_en", 1.0, None),
                                              "fr": TextField("spell_fr", 1.0, None)}
#: the proper names of a passage as written (its capitalised words, folded, not stemmed), so a name
#: typed in a query ranks its exact form above words that merely share its stem
NAMES_FIELD = TextField("names", 1.0, None)
#: how each analysed field's text is analysed
FIELD_LANG: dict[str, str | None] = {f.name: f.lang for f in TEXT_FIELDS + tuple(SPELL_FIELDS.values()) + (NAMES_FIELD,)}

"""The cities table as its template loops over it: columns with their sort links and direction, the
active filters as removable chips, the filter form's values, the JSON and CSV twins. Every URL here.

``city_table(city_query({"sort": ["-population"]}), shown=12, total=40).columns[2].sort_url``
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .cities import LARGEST_FIRST, CityQuery
from .i18n import N_, label as say
from .viewmodel import Chip, chip_label, cities_url

COLUMNS = (("name", N_("City")), ("country", N_("Country")), ("population", N_("Population")), ("networks", None),
           ("member_since", N_("Member since")), ("passages", N_("Passages")))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort_url: str | None  # None: not sortable
    aria_sort: str | None  # "ascending" / "descending" when the table is sorted by it
    arrow: str = ""


@dataclass(frozen=True)
class CityTable:
    columns: tuple[Column, ...]
    chips: tuple[Chip, ...]
    clear_url: str | None
    form: dict  # filter name → its current value
    json_url: str
    csv_url: str
    shown: int
    total: int
    sort: str = "name"


def city_table(query: CityQuery, shown: int, total: int) -> CityTable:
    params = query.to_params()
    current = query.sort.lstrip("-")
    columns = []
    for key, label in COLUMNS:
        if label is None:
            columns.append(Column(key, say(N_("Networks")), None, None))
            continue
        if key == current:  # choosing the sorted column again sorts it the other way
            new_sort = key if query.sort.startswith("-") else "-" + key
            descending = (key in LARGEST_FIRST) != query.sort.startswith("-")
            aria, arrow = ("descending", "▼") if descending else ("ascending", "▲")
        else:
            new_sort, aria, arrow = key, None, ""
        columns.append(Column(key, say(label), cities_url(new_sort, params=params), aria, arrow))
    chips = []
    for name, value in query.ranges:
        rest = replace(query, ranges=tuple(r for r in query.ranges if r[0] != name))
        chips.append(Chip(chip_label(name, value),
                          cities_url(rest.sort if rest.sort != "name" else None, params=rest.to_params())))
    for attr in ("country", "network"):
        for value in getattr(query, attr):
            rest = replace(query, **{attr: tuple(v for v in getattr(query, attr) if v != value)})
            chips.append(Chip(chip_label(attr, value), cities_url(rest.sort if rest.sort != "name" else None,
                                                                  params=rest.to_params())))
    clear = cities_url(query.sort if query.sort != "name" else None) if chips else None
    form = {name: value for name, value in query.ranges} | {"network": ", ".join(query.network),
                                                              "country": ", ".join(query.country)}
    sort = query.sort if query.sort != "name" else None
    return CityTable(tuple(columns), tuple(chips), clear, form, cities_url(sort, "json", params),
                     cities_url(sort, "csv", params), shown, total, query.sort)


def city_rows(cities) -> list[list[str]]:
    """The CSV twin: a header, then one row per city."""
    rows = [["slug", "city", "country", "population", "population_year", "networks", "member_since",
             "committee_since", "passages"]]
    for c in cities:
        rows.append([c.slug, c.city, c.country or "", c.population or "", c.population_year or "",
                     " ".join(c.networks), " ".join(f"{n}:{y}" for n, y in c.member_since.items() if y),
                     " ".join(f"{n}:{y}" for n, y in (c.committee_since or {}).items()), c.passages])
    return rows

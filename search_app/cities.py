"""The cities as a table to work with: every city's facts, filtered by the same ranges as the search
(population, member since, Executive Committee since — of the networks chosen, of any otherwise), by
country and network, sorted by any column (as Datasette's table view does). Pure functions.

``select_cities(cities, city_query({"population": ["100000.."], "sort": ["-population"]}))``
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from indexer.fields import RANGE_FACETS, span
from indexer.values import fold

from .messages import msg
from .query import BadRequest
from .query.plan import parse_range

#: the table's sortable columns, each in its natural order (a leading "-": the other way)
CITY_SORTS = ("name", "country", "population", "member_since", "passages")
#: columns whose natural order is the largest first
LARGEST_FIRST = frozenset({"population", "passages"})


@dataclass(frozen=True)
class CitySummary:
    slug: str
    city: str
    country: str | None
    networks: tuple[str, ...]
    member_since: dict  # network → year
    passages: int
    population: int | None = None
    population_year: int | None = None
    committee_since: dict | None = None  # network → year

    def since(self, networks: tuple[str, ...] = ()) -> int | None:
        """The earliest member-since year, in `networks` (any network when empty)."""
        years = [y for n, y in self.member_since.items() if y and (not networks or n in networks)]
        return min(years) if years else None


def city_summaries(profiles) -> list[CitySummary]:
    """The city list from an engine's stored profiles, by name."""
    out = []
    for p in profiles:
        ms = p.data.get("memberships", [])
        out.append(CitySummary(
            slug=p.slug, city=p.data.get("city") or p.slug, country=p.data.get("country"),
            networks=tuple(m["network"] for m in ms), member_since={m["network"]: m.get("member_since") for m in ms},
            passages=p.passages, population=p.data.get("population"), population_year=p.data.get("population_year"),
            committee_since={m["network"]: m.get("executive_committee_since") for m in ms
                             if m.get("executive_committee_since")}))
    out.sort(key=lambda c: fold(c.city))
    return out


@dataclass(frozen=True)
class CityQuery:
    """What the cities table shows: its sort and filters, in the URL's own words."""

    sort: str = "name"
    country: tuple[str, ...] = ()
    network: tuple[str, ...] = ()
    ranges: tuple[tuple[str, str], ...] = ()  # (fact, "lo..hi")

    def to_params(self) -> list[tuple[str, str]]:
        out = [("sort", self.sort)] if self.sort != "name" else []
        out += [("country", c) for c in self.country] + [("network", n) for n in self.network]
        return out + list(self.ranges)

    def range_of(self, name: str) -> tuple[int | None, int | None] | None:
        value = dict(self.ranges).get(name)
        return parse_range(name, value) if value else None


def city_query(params: Mapping[str, list[str]], default_sort: str = "name") -> CityQuery:
    """The table's request from URL parameters; a bad sort or range is a BadRequest with the reason."""
    def one(name: str) -> str:
        vals = [v for v in params.get(name, []) if v and v.strip()]
        return vals[-1].strip() if vals else ""

    sort = one("sort") or default_sort
    if sort.lstrip("-") not in CITY_SORTS:
        raise BadRequest(msg("sort must be one of {sorts} (a leading - sorts the other way), not '{value}'",
                             sorts=", ".join(CITY_SORTS), value=sort[:40]))
    ranges = tuple((name, span(*parse_range(name, one(name)))) for name in RANGE_FACETS if one(name))
    return CityQuery(sort, tuple(dict.fromkeys(v.strip() for v in params.get("country", []) if v.strip())),
                     tuple(dict.fromkeys(v.strip() for v in params.get("network", []) if v.strip())), ranges)


def _within(value: int | None, bounds) -> bool:
    if bounds is None:
        return True
    lo, hi = bounds
    return value is not None and (lo is None or value >= lo) and (hi is None or value <= hi)


def select_cities(cities: list[CitySummary], query: CityQuery) -> list[CitySummary]:
    """The cities a table request shows, in its order: ``select_cities(cities, city_query({}))``."""
    countries = {fold(c) for c in query.country}
    nets = query.network
    member, committee = query.range_of("member_since"), query.range_of("committee_since")
    population = query.range_of("population")
    out = [c for c in cities
           if (not countries or fold(c.country or "") in countries)
           and (not nets or any(n in c.networks for n in nets))
           and _within(c.population, population)
           and (member is None or any(_within(y, member) for n, y in c.member_since.items() if not nets or n in nets))
           and (committee is None or any(_within(y, committee) for n, y in (c.committee_since or {}).items()
                                         if not nets or n in nets))]
    key = query.sort.lstrip("-")
    desc = (key in LARGEST_FIRST) != query.sort.startswith("-")
    missing = float("-inf") if desc else float("inf")  # cities without the fact go last either way
    keys = {"name": lambda c: fold(c.city), "country": lambda c: (fold(c.country or "~"), fold(c.city)),
            "population": lambda c: (c.population if c.population else missing, fold(c.city)),
            "member_since": lambda c: (c.since(nets) or missing, fold(c.city)),
            "passages": lambda c: (c.passages, fold(c.city))}
    ordered = sorted(out, key=lambda c: fold(c.city))  # ties: by name, whatever the direction
    return sorted(ordered, key=lambda c: keys[key](c)[0] if key != "name" else keys[key](c), reverse=desc)


def sorted_cities(cities: list[CitySummary], sort: str) -> list[CitySummary]:
    """Cities ordered by a column (see :data:`CITY_SORTS`); an unknown order raises :class:`BadRequest`."""
    return select_cities(cities, city_query({"sort": [sort]}))

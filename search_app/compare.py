"""Cities side by side: facts, networks and a timeline aligned by year, with what they share.

Pure functions over parsed profiles (the dicts a backend's ``get_profile`` returns), so the page,
the JSON API and the CLI show the same comparison whatever the backend.

Two events are **shared** when they belong to the same network and the same year and are the same
kind of event (both a general assembly, both a training…) or take place in the same place, or
their titles share most of their words; the first two cities' "General Assembly, 25 June 2014 in
Paris" and "FFSU General Assembly in Paris, 2014" are one shared event. A network is shared when
two or more of the compared cities are members of it.

``compare_profiles([amiens, bagneux]).shared_networks == ("Efus", "FFSU")``
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from indexer.values import fold

from .messages import msg
from .query import BadRequest

MIN_CITIES = 2
MAX_CITIES = 4
#: kinds of event too broad to say two events are the same one
_BROAD_KINDS = frozenset({"", "event", "other", "participation", None})
_WORD = re.compile(r"[a-z0-9]{3,}")
_FILLER = frozenset("the and for with from des les pour avec dans sur une aux".split())


class UnknownCity(LookupError):
    """A compared city that is not in the index (answered 404)."""

    def __init__(self, slug: str):
        super().__init__(msg("No city profile is called “{slug}”. Pick cities from the list of cities (/cities).",
                             slug=slug))
        self.slug = slug


@dataclass(frozen=True)
class NetworkFacts:
    network: str
    member_since: int | None
    executive_committee_since: int | None
    roles: tuple[str, ...]
    shared: bool  # another compared city is a member too


@dataclass(frozen=True)
class CityFacts:
    slug: str
    city: str
    country: str | None
    population: int | None
    population_year: int | None
    networks: tuple[NetworkFacts, ...]
    twinned_with: tuple[str, ...]
    events: int
    only_here: int  # events no other compared city shares


@dataclass(frozen=True)
class EventCell:
    network: str | None
    text: str
    place: str | None
    years: tuple[int, ...]
    shared: bool


@dataclass(frozen=True)
class YearRow:
    year: str  # a year, or "Undated"
    cells: tuple[tuple[EventCell, ...], ...]  # one tuple of events per compared city, in column order
    shared: bool  # some event of this year is shared


@dataclass(frozen=True)
class NetworkRow:
    network: str
    cells: tuple[NetworkFacts | None, ...]  # per city: its membership, or None


@dataclass(frozen=True)
class Comparison:
    cities: tuple[CityFacts, ...]
    networks: tuple[NetworkRow, ...]
    timeline: tuple[YearRow, ...]
    shared_networks: tuple[str, ...]
    shared_events: int

    def to_dict(self) -> dict:
        """The comparison as the JSON API shows it."""
        return asdict(self)


def requested_slugs(values: list[str]) -> tuple[str, ...]:
    """The 2–4 distinct cities asked for, in order; raises :class:`BadRequest` with the reason.

    ``requested_slugs(["amiens", "bagneux", "amiens"]) == ("amiens", "bagneux")``
    """
    slugs: list[str] = []
    for raw in values:
        for part in (raw or "").split(","):
            slug = part.strip().lower()
            if not slug:
                continue
            if len(slug) > 100:
                raise BadRequest(msg("a city name to compare is at most 100 characters long"))
            if slug not in slugs:
                slugs.append(slug)
    if len(slugs) < MIN_CITIES:
        if slugs:
            raise BadRequest(msg("choose {low} to {high} different cities to compare (only “{city}” was given)",
                                 low=MIN_CITIES, high=MAX_CITIES, city=slugs[0]))
        raise BadRequest(msg("choose {low} to {high} different cities to compare (none was given)",
                             low=MIN_CITIES, high=MAX_CITIES))
    if len(slugs) > MAX_CITIES:
        raise BadRequest(msg("at most {high} cities can be compared at once, not {n}", high=MAX_CITIES, n=len(slugs)))
    return tuple(slugs)


def compare_profiles(profiles: list[dict]) -> Comparison:
    """The comparison of 2–4 profiles (dicts with slug, city, memberships, events, …), in the given order."""
    members = [{m["network"]: m for m in p.get("memberships", []) if m.get("network")} for p in profiles]
    net_count: dict[str, int] = {}
    for ms in members:
        for n in ms:
            net_count[n] = net_count.get(n, 0) + 1
    shared_networks = tuple(sorted((n for n, c in net_count.items() if c > 1), key=fold))
    events = [[_event(e) for e in p.get("events", [])] for p in profiles]
    shared_flags = _shared_flags(events)
    cells_by_city = [
        [EventCell(e["network"], e["text"], e["place"], e["years"], flag) for e, flag in zip(evs, flags)]
        for evs, flags in zip(events, shared_flags)
    ]
    cities = tuple(
        CityFacts(
            slug=p["slug"], city=p.get("city") or p["slug"], country=p.get("country"),
            population=p.get("population"), population_year=p.get("population_year"),
            networks=tuple(_network_facts(m, net_count) for m in ms.values()),
            twinned_with=tuple(_twin(t) for t in p.get("twinned_with", [])),
            events=len(cells), only_here=sum(1 for c in cells if not c.shared),
        )
        for p, ms, cells in zip(profiles, members, cells_by_city)
    )
    all_networks = sorted(net_count, key=lambda n: (-net_count[n], fold(n)))
    networks = tuple(
        NetworkRow(n, tuple(_network_facts(ms[n], net_count) if n in ms else None for ms in members))
        for n in all_networks
    )
    return Comparison(cities, networks, _timeline(cells_by_city), shared_networks,
                      sum(1 for cells in cells_by_city for c in cells if c.shared))


def _event(e: dict) -> dict:
    return {"network": e.get("network"), "text": e.get("text") or "", "place": e.get("place"),
            "years": tuple(e.get("years") or ()), "kind": e.get("kind"),
            "words": frozenset(w for w in _WORD.findall(fold(e.get("text") or "")) if w not in _FILLER
                               and not w.isdigit())}


def _same_event(a: dict, b: dict) -> bool:
    if not a["years"] or not b["years"] or a["years"][0] != b["years"][0] or a["network"] != b["network"]:
        return False
    if a["kind"] == b["kind"] and a["kind"] not in _BROAD_KINDS:
        return True
    if a["place"] and b["place"] and fold(a["place"]) == fold(b["place"]):
        return True
    union = a["words"] | b["words"]
    return bool(union) and len(a["words"] & b["words"]) / len(union) >= 0.5


def _shared_flags(events: list[list[dict]]) -> list[list[bool]]:
    flags = [[False] * len(evs) for evs in events]
    for i, evs in enumerate(events):
        for j in range(i + 1, len(events)):
            for a_n, a in enumerate(evs):
                for b_n, b in enumerate(events[j]):
                    if _same_event(a, b):
                        flags[i][a_n] = flags[j][b_n] = True
    return flags


def _network_facts(m: dict, net_count: dict[str, int]) -> NetworkFacts:
    roles = tuple(r.get("text", "") if isinstance(r, dict) else str(r) for r in m.get("roles") or ())
    return NetworkFacts(m["network"], m.get("member_since"), m.get("executive_committee_since"), roles,
                        net_count.get(m["network"], 0) > 1)


def _twin(t: dict) -> str:
    """A twin town as one line: "Dortmund (Germany), since 1960" (a message, so a page can say it in its language)."""
    city, country, since = t.get("city") or "", t.get("country"), t.get("since")
    if country and since:
        return msg("{city} ({country}), since {year}", city=city, country=country, year=since)
    if country:
        return msg("{city} ({country})", city=city, country=country)
    if since:
        return msg("{city}, since {year}", city=city, year=since)
    return city


def _timeline(cells_by_city: list[list[EventCell]]) -> tuple[YearRow, ...]:
    """Rows by year, newest first, undated last; each row has one column of events per city."""
    keys: set[str] = set()
    for cells in cells_by_city:
        keys.update(str(c.years[0]) if c.years else "Undated" for c in cells)
    ordered = sorted((k for k in keys if k != "Undated"), reverse=True) + (["Undated"] if "Undated" in keys else [])
    rows = []
    for key in ordered:
        cols = tuple(tuple(c for c in cells if (str(c.years[0]) if c.years else "Undated") == key)
                     for cells in cells_by_city)
        rows.append(YearRow(key, cols, any(c.shared for col in cols for c in col)))
    return tuple(rows)


def resolve_slugs(wanted: tuple[str, ...], known: list) -> tuple[str, ...]:
    """Slugs for what was asked: a slug, or a city's name as written (accents and case aside).

    ``resolve_slugs(("Amiens", "bagneux"), cities) == ("amiens", "bagneux")``; an unknown one
    raises :class:`UnknownCity`.
    """
    slugs = {c.slug for c in known}
    by_name = {fold(c.city).strip(): c.slug for c in known}
    out: list[str] = []
    for w in wanted:
        slug = w if w in slugs else by_name.get(fold(w).strip())
        if slug is None:
            raise UnknownCity(w)
        if slug not in out:
            out.append(slug)
    if len(out) < MIN_CITIES:
        raise BadRequest(msg("choose {low} to {high} different cities to compare (these name one city)",
                             low=MIN_CITIES, high=MAX_CITIES))
    return tuple(out)


def comparison_for(session, values: list[str]) -> Comparison:
    """The comparison of the cities named by request values, from a backend session.

    Raises :class:`BadRequest` (too few, too many, too long) or :class:`UnknownCity`.
    """
    slugs = resolve_slugs(requested_slugs(values), session.list_cities())
    profiles = []
    for slug in slugs:
        found = session.get_profile(slug)
        if found is None:
            raise UnknownCity(slug)
        profiles.append(found.profile)
    return compare_profiles(profiles)


def comparison_text(comparison) -> list[str]:
    """The comparison as lines of plain text, a column per city (what `profile-search compare` prints)."""
    out: list[str] = []
    names = [c.city for c in comparison.cities]
    rows = [("Country", [c.country or "—" for c in comparison.cities]),
            ("Population", [f"{c.population:,}" if c.population else "—" for c in comparison.cities])]
    for row in comparison.networks:
        rows.append((row.network + (" *" if row.cells.count(None) < len(row.cells) - 1 else ""),
                     [f"since {m.member_since}" if m and m.member_since else ("member" if m else "—") for m in row.cells]))
    rows.append(("Events", [f"{c.events} ({c.only_here} only here)" for c in comparison.cities]))
    width = max(12, *(len(n) for n in names), *(len(v) for _, cells in rows for v in cells))
    out.append(" " * 16 + "".join(f"{n:<{width + 2}}" for n in names))
    for label, cells in rows:
        out.append(f"{label:<16}" + "".join(f"{v:<{width + 2}}" for v in cells))
    shared = ", ".join(comparison.shared_networks) or "none"
    out.append(f"\nShared networks: {shared}; {comparison.shared_events:,} shared event{'' if comparison.shared_events == 1 else 's'}.")
    out.append("Timeline (shared events marked *):")
    for row in comparison.timeline:
        for name, col in zip(names, row.cells):
            for e in col:
                out.append(f"  {row.year:<8} {name:<{width}}  {'*' if e.shared else ' '} {(e.network + ': ') if e.network else ''}{e.text}")
    return out

"""The seam between the search pipeline and the engines that hold the passages.

An :class:`Engine` is opened once per app or CLI run (thread-safe); ``engine.view()`` gives an
:class:`EngineView`, one consistent view of the index for one request. The pipeline
(:mod:`search_app.pipeline`) asks a view for what only an engine can do — match a neutral query
tree under filters and return the ranked window with totals and facet counts (:meth:`EngineView.match`),
fetch stored passages and profiles, look terms up — and does everything else itself, once for every
engine. Everything crossing the seam is a frozen dataclass of this module or a tree of
:mod:`search_app.query.tree`; no engine type leaves its package.

``with engine.view() as v: v.match(MatchSpec(level=Level(None))).total``
"""

from __future__ import annotations

import functools
import json
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Mapping, Protocol, Sequence

from indexer.fields import FACET_BY_NAME
from indexer.values import fold

from .query.tree import Node
from .query.understanding import TermDictionary


@dataclass(frozen=True)
class YearFilter:
    """Passages with a year in `years` (when given) that lies within [lo, hi] (either end open)."""

    years: tuple[int, ...] = ()
    lo: int | None = None
    hi: int | None = None


@dataclass(frozen=True)
class Filters:
    """The request's filters, in the index's own values: OR within a facet, AND across facets.

    Keys are facet names (:mod:`indexer.fields`); each filters the facet's index field
    (``Facet.filtered``). A facet in `facets` with no value matches nothing (the values typed are not
    in the index). `ranges`: facet → (from, to) of a number field (either end open; passages without
    the number do not match). `excluded`: field → values whose passages are left out (a ``-city:x``
    in the query, or the city a "similar cities" search starts from).
    """

    facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    years: YearFilter | None = None
    excluded: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ranges: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)

    def with_facet(self, name: str, values: tuple[str, ...]) -> "Filters":
        return Filters({**self.facets, name: values}, self.years, self.excluded, self.ranges)


@dataclass(frozen=True)
class Level:
    """What a search matches and how it scores.

    `query`: the passages matched and scored (None: every passage, unscored). With `clauses`, each
    passage also counts how many of them it holds, and passages holding more rank first. With
    `at_least`, the passages holding that many clauses match too, scored by the sum of their
    clauses' scores.
    """

    query: Node | None
    clauses: tuple[Node, ...] = ()
    at_least: int | None = None


@dataclass(frozen=True)
class Order:
    """How matches are ordered. "relevance": by score (after clauses held, when counted; among
    passages holding as many, those of `places` — (field, value): countries or networks the query names —
    first); "newest",
    "oldest": by a passage's latest year; "changed": most recently added or edited first; "city":
    by city name. Ties always fall back to city name, then the passage's place in its profile."""

    sort: str = "relevance"
    places: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MatchSpec:
    level: Level
    filters: Filters = field(default_factory=Filters)
    order: Order = field(default_factory=Order)
    offset: int = 0
    limit: int = 20
    facets: tuple[str, ...] = ()  # facets to count (disjunctively), from the registry
    city_totals: bool = False  # also count matches per city (to group by city)
    spellcheck: tuple[str, ...] = ()  # folded words to look up candidates for, when the corpus lacks them


@dataclass(frozen=True)
class StoredPassage:
    """A passage as every engine stores it."""

    id: str
    profile: str
    city: str
    country: str | None
    section: str
    heading: str | None
    network: str | None
    kind: str
    years: tuple[int, ...]
    lang: str
    text: str
    order: int = 0
    first_indexed: int | None = None  # ms since the epoch
    changed: int | None = None

    @classmethod
    def from_fields(cls, f: Mapping, years: str = "years") -> "StoredPassage":
        """A passage from an engine's stored fields (the indexer's names; `years`: the field of its years)."""
        return cls(
            id=f["id"], profile=f["profile"], city=f["city"], country=f.get("country"), section=f.get("section") or "",
            heading=f.get("heading"), network=f.get("network"), kind=f.get("kind") or "", years=tuple(f.get(years) or ()),
            lang=f.get("lang") or "en", text=f.get("text") or "", order=int(f.get("order") or 0),
            first_indexed=f.get("first_indexed"), changed=f.get("changed"),
        )


@dataclass(frozen=True)
class Ranked:
    """One match of a window, in order: an engine's reference to it, its city, score and clauses held."""

    ref: object
    city: str
    score: float | None = None
    held: int | None = None
    passage: StoredPassage | None = None  # when the engine had it at hand


@dataclass(frozen=True)
class FacetCounts:
    """A facet's values with passages, in the registry's order for it (count, then name; or by value).

    `counts` is a sequence of (value, count); engines may make it lazily (a search counts every city).
    """

    counts: Sequence[tuple[str, int]]

    @classmethod
    def ordered(cls, name: str, pairs) -> "FacetCounts":
        """From (value, count) pairs in any order, zero counts left out: ``FacetCounts.ordered("city", [("b", 1),
        ("a", 2)]).counts == [("a", 2), ("b", 1)]``"""
        kept = [(str(v), int(c)) for v, c in pairs if int(c) > 0]
        if FACET_BY_NAME[name].order == "count":
            kept.sort(key=lambda vc: (-vc[1], _folded(vc[0])))
        else:
            kept.sort(key=lambda vc: vc[0])
        return cls(kept)


@dataclass(frozen=True)
class Matched:
    total: int
    cities: int  # how many cities have a match
    window: tuple[Ranked, ...]
    full: int | None = None  # with clauses: matches holding every clause
    facets: Mapping[str, FacetCounts] = field(default_factory=dict)
    city_totals: Mapping[str, int] = field(default_factory=dict)  # city → matches (when asked)
    spelling: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # word → (candidate, profiles)


@dataclass(frozen=True)
class StoredProfile:
    """A profile as parsed (the indexer's JSON of it), with its slug and passage count."""

    slug: str
    data: Mapping
    passages: int

    @classmethod
    def from_head(cls, f: Mapping) -> "StoredProfile | None":
        """A profile from the stored fields of its head passage; None when its record cannot be read."""
        try:
            return cls(f["profile"], json.loads(f.get("profile_json") or "{}"), int(f.get("passage_count") or 0))
        except ValueError:
            return None

    @classmethod
    def with_passages(cls, slug: str, fields: Sequence[Mapping], years: str = "years"
                      ) -> "tuple[StoredProfile | None, list[StoredPassage]]":
        """A profile and its passages from their stored fields, in the profile's order (none: not found)."""
        if not fields:
            return None, []
        head = next((f for f in fields if f.get("profile_json")), None)
        data = json.loads(head["profile_json"]) if head else {"city": fields[0]["city"]}
        return cls(slug, data, len(fields)), [StoredPassage.from_fields(f, years) for f in fields]


@dataclass(frozen=True)
class IndexStats:
    passages: int
    profiles: int
    generation: str
    built_at: str | None
    versions: Mapping | None

    def to_dict(self) -> dict:
        return {"passages": self.passages, "profiles": self.profiles, "generation": self.generation,
                "built_at": self.built_at, "versions": self.versions}


class EngineView(Protocol):
    """One consistent view of one engine's index, for one request."""

    generation: str

    def dictionary(self) -> TermDictionary:
        """The index's terms, for query understanding (prefixes, fuzzy words, frequencies)."""

    def facet_values(self, name: str) -> tuple[str, ...]:
        """Every value a keyword facet has in the index."""

    def match(self, spec: MatchSpec) -> Matched:
        """Match, filter, count facets (each ignoring its own filter), rank and cut the window, in one go."""

    def counts(self, queries: tuple[Node, ...], filters: Filters) -> tuple[int, ...]:
        """How many passages each query matches under the filters."""

    def fetch(self, refs: Sequence[object]) -> list[StoredPassage]:
        """The stored passages of window references, in the same order."""

    def profiles(self) -> list[StoredProfile]:
        """Every profile of the index."""

    def profile(self, slug: str) -> tuple[StoredProfile | None, list[StoredPassage]]:
        """One profile and its passages in profile order (None and [] when the slug is unknown)."""

    def stats(self) -> IndexStats:
        ...


class Engine(Protocol):
    """A search engine holding the passages: opened once per app or CLI run, thread-safe."""

    name: str

    def view(self) -> AbstractContextManager[EngineView]:
        """A view of the live index for one request; raises IndexMissing when there is none yet."""


@functools.lru_cache(maxsize=100_000)
def _folded(value: str) -> str:
    """A facet value's sort key (every search lists the same values again)."""
    return fold(value)

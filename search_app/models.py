"""The request and results model shared by every search backend, the HTML pages, the JSON API and the CLI.

``request_from_params({"q": ["cctv"], "year": ["2008"]}).year == (2008,)``
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import datetime, timezone
from collections.abc import Sequence
from typing import Mapping, NamedTuple

from indexer.fields import FACET_BY_NAME, FACET_NAMES, KEYWORD_FACETS, RANGE_FACETS, span
from indexer.values import fold

from .query import MAX_QUERY_CHARS, YEAR_MAX, YEAR_MIN, BadRequest
from .messages import msg
from .query.plan import parse_range, query_too_long

#: result orders; "changed" is the most recently added or edited passages first (the feeds' order)
SORTS = ("relevance", "newest", "oldest", "city", "changed")
DEFAULT_SIZE = 20
MAX_SIZE = 100
MAX_PAGE = 1000
KNOWN_PARAMS = set(FACET_NAMES) | {"q", "year_from", "year_to", "sort", "page", "size", "group", "facet_size"}
DEFAULT_FACET_SIZE = 100
MAX_FACET_SIZE = 10_000


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: the query, the values selected in each facet (see :mod:`indexer.fields`),
    a year range, the order and the page. ``SearchRequest.make(q="cctv", network=("FFSU",))``"""

    q: str = ""
    #: (facet, selected values) in the registry's order, only facets with a selection; years as ints
    selection: tuple[tuple[str, tuple], ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_SIZE
    group: str | None = None
    facet_size: int = DEFAULT_FACET_SIZE

    @classmethod
    def make(cls, q: str = "", **kwargs) -> "SearchRequest":
        """A request from keyword arguments, facets by name: ``SearchRequest.make(q="x", year=(2008,))``."""
        facets = {k: tuple(kwargs.pop(k)) for k in list(kwargs) if k in FACET_BY_NAME}
        return cls(q=q, **kwargs).with_selection(facets)

    def values(self, name: str) -> tuple:
        """The values selected in one facet: ``SearchRequest.make(city=("Amiens",)).values("city") == ("Amiens",)``."""
        for facet, vals in self.selection:
            if facet == name:
                return vals
        return ()

    @property
    def year(self) -> tuple[int, ...]:
        return self.values("year")

    def with_selection(self, changes: Mapping[str, tuple]) -> "SearchRequest":
        """The request with some facets' selections replaced (an empty tuple clears one)."""
        current = dict(self.selection)
        current.update({k: tuple(v) for k, v in changes.items()})
        return replace(self, selection=tuple((n, current[n]) for n in FACET_NAMES if current.get(n)))

    def filters(self) -> dict[str, tuple[str, ...]]:
        return {name: tuple(str(v) for v in vals) for name, vals in self.selection}

    @property
    def filtered(self) -> bool:
        """Whether any facet, year or range narrows the search."""
        return bool(self.selection) or self.year_from is not None or self.year_to is not None

    def to_params(self) -> list[tuple[str, str]]:
        """The request as URL parameters (defaults left out), in a stable order."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name, vals in self.selection:
            out.extend((name, str(v)) for v in vals)
        if self.year_from is not None:
            out.append(("year_from", str(self.year_from)))
        if self.year_to is not None:
            out.append(("year_to", str(self.year_to)))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.page != 1:
            out.append(("page", str(self.page)))
        if self.size != DEFAULT_SIZE:
            out.append(("size", str(self.size)))
        if self.group:
            out.append(("group", self.group))
        if self.facet_size != DEFAULT_FACET_SIZE:
            out.append(("facet_size", str(self.facet_size)))
        return out


def _int_param(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw.strip())
    except (ValueError, AttributeError):
        raise BadRequest(msg("{name} must be a whole number, not '{value}'", name=name, value=str(raw)[:40])) from None
    if not low <= value <= high:
        raise BadRequest(msg("{name} must be between {low} and {high}, not {value}", name=name, low=low, high=high,
                             value=value))
    return value


def request_from_params(params: Mapping[str, list[str]], *, default_group: str | None = None) -> SearchRequest:
    """Validate URL/CLI parameters into a request; raises :class:`BadRequest` with a readable reason.

    ``request_from_params({"q": ["cctv"], "year": ["2008"]}).year == (2008,)``
    """

    def one(name: str) -> str | None:
        vals = [v for v in params.get(name, []) if v is not None]
        return vals[-1] if vals else None

    q = one("q") or ""
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(query_too_long(len(q)))
    lists: dict[str, tuple] = {}
    for name in KEYWORD_FACETS:
        vals = tuple(dict.fromkeys(v.strip() for v in params.get(name, []) if v and v.strip()))
        if any(len(v) > 200 for v in vals):
            raise BadRequest(msg("{name} values are at most 200 characters long", name=name))
        if len(vals) > 50:
            raise BadRequest(msg("at most 50 {name} values can be selected at once", name=name))
        lists[name] = vals
    years: list[int] = []
    for raw in params.get("year", []):
        if raw is None or not raw.strip():
            continue
        years.append(_int_param("year", raw, YEAR_MIN, YEAR_MAX))
    if len(years) > 300:
        raise BadRequest(msg("at most 300 years can be selected at once"))
    year_from = year_to = None
    if one("year_from") not in (None, ""):
        year_from = _int_param("year_from", one("year_from"), YEAR_MIN, YEAR_MAX)
    if one("year_to") not in (None, ""):
        year_to = _int_param("year_to", one("year_to"), YEAR_MIN, YEAR_MAX)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadRequest(msg("year_from ({a}) is after year_to ({b})", a=year_from, b=year_to))
    sort = (one("sort") or "relevance").strip().lower() or "relevance"
    if sort not in SORTS:
        raise BadRequest(msg("sort must be one of {sorts}, not '{value}'", sorts=", ".join(SORTS), value=sort[:40]))
    page = _int_param("page", one("page"), 1, MAX_PAGE) if one("page") not in (None, "") else 1
    size = _int_param("size", one("size"), 1, MAX_SIZE) if one("size") not in (None, "") else DEFAULT_SIZE
    group = one("group") or default_group
    if group in ("", "none"):
        group = None
    if group not in (None, "city"):
        raise BadRequest(msg("group must be 'city' or left out, not '{value}'", value=str(group)[:40]))
    facet_size = (_int_param("facet_size", one("facet_size"), 1, MAX_FACET_SIZE)
                  if one("facet_size") not in (None, "") else DEFAULT_FACET_SIZE)
    lists["year"] = tuple(sorted(set(years)))
    for name in RANGE_FACETS:
        raw = one(name)
        lists[name] = (span(*parse_range(name, raw)),) if raw not in (None, "") else ()
    return SearchRequest(q=q, year_from=year_from, year_to=year_to, sort=sort, page=page, size=size, group=group,
                         facet_size=facet_size).with_selection(lists)


@dataclass(frozen=True)
class Hit:
    id: str
    profile: str
    city: str
    country: str | None
    section: str
    heading: str | None
    network: str | None
    kind: str
    years: tuple[int, ...]
    score: float | None
    snippet: str
    text: str
    first_indexed: int | None = None  # ms since the epoch
    changed: int | None = None  # ms since the epoch
    partial: bool = False  # holds most, not all, of the query's words

    def to_dict(self, url: str | None = None) -> dict:
        """The hit as the API shows it (every field but the full text), with its page's `url`."""
        return {"id": self.id, "profile": self.profile, "city": self.city, "country": self.country,
                "section": self.section, "heading": self.heading, "network": self.network, "kind": self.kind,
                "years": list(self.years), "score": self.score, "snippet": self.snippet, "url": url,
                "first_indexed": iso_time(self.first_indexed), "changed": iso_time(self.changed),
                "partial": self.partial}


@lru_cache(maxsize=4096)  # a build stamps many passages with the same time
def iso_time(ms: int | None) -> str | None:
    """RFC 3339 in UTC with milliseconds: ``iso_time(1500) == "1970-01-01T00:00:01.500Z"``; None stays None."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms // 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + f".{ms % 1000:03d}Z"


class FacetValue(NamedTuple):
    """One value of a facet: how many matches have it, and whether the request selects it
    (a named tuple: a search lists thousands of them)."""

    value: str
    count: int
    selected: bool


class FacetList(Sequence):
    """A facet's values in the order shown, each made a :class:`FacetValue` only when read: a
    search counts every city, while a page of JSON shows the first hundred. `counts` is the
    engine's (value, count) sequence (itself possibly lazy); `extra` follows it (selected values
    without a match).

    ``FacetList([("Bagneux", 5), ("Amiens", 3)], {"Amiens"})[1] == FacetValue("Amiens", 3, True)``
    """

    __slots__ = ("_counts", "_selected", "_extra")

    def __init__(self, counts: Sequence[tuple[str, int]], selected: set[str], extra: tuple[FacetValue, ...] = ()):
        self._counts, self._selected, self._extra = counts, selected, tuple(extra)

    def __len__(self) -> int:
        return len(self._counts) + len(self._extra)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        n = len(self)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError(k)
        if k >= len(self._counts):
            return self._extra[k - len(self._counts)]
        value, count = self._counts[k]
        return FacetValue(value, int(count), value in self._selected)

    def selected_after(self, start: int) -> list[FacetValue]:
        """The selected values from position `start` on (always shown, however far down)."""
        if not self._selected:
            return []
        out = [self[k] for k in range(start, len(self._counts)) if self._counts[k][0] in self._selected]
        return out + list(self._extra[max(0, start - len(self._counts)):])

    def __eq__(self, other) -> bool:
        if isinstance(other, (Sequence, tuple)) and not isinstance(other, str):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"FacetList({list(self)!r})"


@dataclass(frozen=True)
class Group:
    city: str
    profile: str
    country: str | None
    total: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    query: dict
    total: int
    total_cities: int
    took_ms: float
    hits: tuple[Hit, ...]
    facets: dict[str, Sequence[FacetValue]]  # a tuple, or a FacetList
    did_you_mean: str | None = None
    groups: tuple[Group, ...] | None = None
    notice: str | None = None
    relaxed: bool = False
    generation: str | None = None
    #: for a query of 3 or more words: how many of `total` hold every word (the rest hold most of
    #: them and come after); None when every match holds every word. Facets count all of `total`.
    full_matches: int | None = None

    def _shown(self, name: str, values: tuple[FacetValue, ...]) -> list[FacetValue]:
        """The first `facet_size` values of a facet (every year; selected values always)."""
        limit = self.request.facet_size
        if name == "year" or len(values) <= limit:
            return list(values)
        head = list(values[:limit])
        if isinstance(values, FacetList):
            return head + values.selected_after(limit)
        return head + [v for v in values[limit:] if v.selected]

    @property
    def pages(self) -> int:
        n = self.total_cities if self.groups is not None else self.total
        return max(1, -(-n // self.request.size))

    def to_dict(self, hit_url=None) -> dict:
        """The results as the API shows them; `hit_url(hit)` gives each hit's page (see the view layer)."""

        def hit(h: Hit) -> dict:
            return h.to_dict(hit_url(h) if hit_url else None)

        d = {
            "ok": True,
            "query": self.query,
            "total": self.total,
            "total_cities": self.total_cities,
            "took_ms": self.took_ms,
            "page": self.request.page,
            "size": self.request.size,
            "pages": self.pages,
            "notice": self.notice,
            "full_matches": self.full_matches if self.full_matches is not None else self.total,
            "hits": [hit(h) for h in self.hits],
            "facets": {k: [{"value": v.value, "count": v.count, "selected": v.selected} for v in self._shown(k, vals)]
                       for k, vals in self.facets.items()},
            "facets_truncated": {k: len(vals) > self.request.facet_size and k != "year" for k, vals in self.facets.items()},
            "did_you_mean": self.did_you_mean,
        }
        if self.groups is not None:
            d["groups"] = [
                {"city": g.city, "profile": g.profile, "country": g.country, "total": g.total,
                 "hits": [hit(h) for h in g.hits]}
                for g in self.groups
            ]
        return d

"""A request → the parts of a Solr request: tagged facet filters, the text query (the shared parse,
written in Lucene syntax) with its partial and relaxed forms, and the sort.

``filters_for(req, plan, values).tagged`` → ``['{!tag=f_city}city:("Amiens")']``
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from indexer.values import fold

from ..models import FACET_FIELDS, SearchRequest
from ..query import YEAR_MAX, YEAR_MIN
from ..whoosh.lucene import NOTHING, to_lucene


def quote_value(value: str) -> str:
    """A keyword value in double quotes: ``quote_value('say "hi"') == '"say \\\\"hi\\\\""'``."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lookup(folded: dict[str, str], value: str) -> list[str]:
    """Values a user-typed value means: exact (folded), else a unique prefix, else a unique part."""
    key = fold(value).strip()
    if key in folded:
        return [folded[key]]
    starts = [v for k, v in folded.items() if k.startswith(key)]
    if len(starts) == 1:
        return starts
    parts = [v for k, v in folded.items() if key and key in k]
    return parts if len(parts) == 1 else []


@dataclass
class Filters:
    """Facet selections as tagged filter queries (each facet's counts exclude its own tag)."""

    tagged: list[str] = field(default_factory=list)
    untagged: list[str] = field(default_factory=list)
    selected: dict[str, set[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None

    @property
    def all(self) -> list[str]:
        return self.untagged + self.tagged


def _year_clause(req: SearchRequest, year_from: int | None, year_to: int | None) -> str:
    if req.year:
        lo = year_from if year_from is not None else -10**6
        hi = year_to if year_to is not None else 10**6
        ok = [y for y in req.year if lo <= y <= hi]  # one same year must satisfy every bound
        return "year:(" + " OR ".join(str(y) for y in ok) + ")" if ok else NOTHING
    return f"year:[{'*' if year_from is None else year_from} TO {'*' if year_to is None else year_to}]"


def filters_for(req: SearchRequest, plan, values: dict[str, dict[str, str]]) -> Filters:
    """The request's filters (parameters and field:value in the query) against the index's own values."""
    selected: dict[str, list[str]] = {n: list(req.filters().get(n, ())) for n in FACET_FIELDS if n != "year"}
    for name, vals in plan.filters.items():
        selected.setdefault(name, []).extend(v for v in vals if v not in selected.get(name, []))
    out = Filters(year_from=req.year_from, year_to=req.year_to)
    if plan.year_from is not None:
        out.year_from = max(out.year_from or YEAR_MIN, plan.year_from)
    if plan.year_to is not None:
        out.year_to = min(out.year_to if out.year_to is not None else YEAR_MAX, plan.year_to)
    for name, vals in selected.items():
        if not vals:
            continue
        resolved: list[str] = []
        for v in vals:
            resolved.extend(x for x in lookup(values[name], v) if x not in resolved)
        out.selected[name] = set(resolved) | {v for v in vals if not lookup(values[name], v)}
        clause = f"{name}:(" + " OR ".join(quote_value(v) for v in resolved) + ")" if resolved else NOTHING
        out.tagged.append(f"{{!tag=f_{name}}}{clause}")
    if req.year or out.year_from is not None or out.year_to is not None:
        out.tagged.append("{!tag=f_year}" + _year_clause(req, out.year_from, out.year_to))
        out.selected["year"] = {str(y) for y in req.year}
    for name, vals in plan.excluded.items():
        ids = [x for v in vals for x in lookup(values.get(name, {}), v)]
        if ids:
            out.untagged.append(f"-{name}:(" + " OR ".join(quote_value(v) for v in ids) + ")")
    return out


def lucene(q) -> str:
    """The Lucene text of a query tree; every passage for no words, none for a query that can match nothing."""
    if q is None:
        return "*:*"
    return to_lucene(q) or NOTHING


def minimum_should_match(n: int) -> int:
    """How many of n word clauses a partial match holds (as the embedded backend): all of 1–2, 2 of 3, 75 %."""
    return n if n <= 2 else max(2, (3 * n) // 4)


def at_least(clauses: tuple, k: int) -> str:
    """Passages holding at least k of the clauses: an OR of every k-clause AND."""
    parts = [lucene(c) for c in clauses]
    if k <= 1:
        return "(" + " ".join(parts) + ")"
    return "(" + " ".join("(" + " ".join("+" + p for p in combo) + ")" for combo in itertools.combinations(parts, k)) + ")"


def _sum(terms: list[str]) -> str:
    return "sum(" + ",".join(terms) + ")" if len(terms) > 1 else terms[0]


def held_sort(clauses: tuple, places: tuple) -> tuple[str, str, dict[str, str]]:
    """(sort key: the clauses a passage holds, a named country worth half a clause; the count of clauses held;
    their params)."""
    params = {f"c{i}": lucene(c) for i, c in enumerate(clauses)}
    terms = [f"if(exists(query($c{i})),1,0)" for i in range(len(clauses))]
    held = _sum(terms)
    if places:
        params["place"] = "country:(" + " OR ".join(quote_value(country) for _, country in places) + ")"
        terms.append("if(exists(query($place)),0.5,0)")
    return _sum(terms), held, params


def sort_for(sort: str, has_text: bool) -> str:
    """Solr's sort for a request's order (ties: city name, then profile order, as on the embedded index)."""
    if sort == "changed":
        return "changed desc, city_sort asc, order asc"
    if sort == "newest":
        return "year_sort desc, city_sort asc, order asc"
    if sort == "oldest":
        return "year_sort_old asc, city_sort asc, order asc"
    if sort == "relevance" and has_text:
        return "score desc, city_sort asc, order asc"
    return "city_sort asc, order asc"

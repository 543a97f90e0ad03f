"""The neutral query tree and filters → Solr's Lucene syntax: the same terms, weights and filters as the
embedded index.

Every field is named and every term is the analysed one (the configset's text fields hold the shared
analysis's terms, split on spaces), so Solr searches exactly the terms the embedded index does. A
text field's weight and a node's boost become ``^`` boosts.

``lucene(Term("text_en", "prevent"))`` → ``'text_en:prevent'``
"""

from __future__ import annotations

import re

from indexer.fields import FACET_BY_NAME, TEXT_WEIGHTS

from ..engine import Filters, Order
from ..query.tree import And, AndNot, Every, Node, Nothing, Or, Phrase, Term, scoring_terms

NOTHING = "(-*:*)"
_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/\s])')


def escape_term(text: str) -> str:
    """A term as one Lucene token: ``escape_term("a:b") == "a\\\\:b"``."""
    return _SPECIAL.sub(r"\\\1", text)


def quote_value(value: str) -> str:
    """A keyword value in double quotes: ``quote_value('say "hi"') == '"say \\\\"hi\\\\""'``."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _boost(field: str, boost: float = 1.0) -> str:
    b = TEXT_WEIGHTS.get(field, 1.0) * boost
    return "" if b == 1.0 else f"^{b:g}"


def to_lucene(q: Node | None) -> str | None:
    """Lucene syntax for a tree; None for a part that can match nothing useful."""
    if q is None or isinstance(q, Nothing):
        return None
    if isinstance(q, Term):
        return f"{q.field}:{escape_term(q.text)}{_boost(q.field, q.boost)}" if q.text else None
    if isinstance(q, Phrase):
        inner = " ".join(w.replace("\\", "\\\\").replace('"', '\\"') for w in q.words)
        slop = f"~{q.slop - 1}" if q.slop > 1 else ""
        return f'{q.field}:"{inner}"{slop}{_boost(q.field, q.boost * 1.2)}'
    if isinstance(q, Every):
        return "*:*"
    if isinstance(q, AndNot):
        a, b = to_lucene(q.positive), to_lucene(q.negative)
        if a is None:
            return None
        return a if b is None else f"(+{a} -{b})"
    if isinstance(q, And):
        parts = [to_lucene(c) for c in q.children]
        if any(p is None for p in parts):
            return NOTHING  # a required part that can match nothing
        return "(" + " ".join(f"+{p}" for p in parts) + ")" + ("" if q.boost == 1.0 else f"^{q.boost:g}")
    if isinstance(q, Or):
        parts = [s for s in (to_lucene(c) for c in q.children) if s is not None]
        if not parts:
            return None
        body = parts[0] if len(parts) == 1 else "(" + " ".join(parts) + ")"
        return body if q.boost == 1.0 else f"({body})^{q.boost:g}"
    raise TypeError(f"not a query tree node: {type(q).__name__}")


def lucene(q: Node | None) -> str:
    """The Lucene text of a tree: every passage for no tree, none for one that can match nothing."""
    if q is None:
        return "*:*"
    return to_lucene(q) or NOTHING


def scored(q: Node | None, match: str | None = None) -> str:
    """A query scored by the ranking rule every engine follows (docs/RELEVANCE.md): the tree's passages
    (or `match`'s) as a filter that scores nothing, and each positive term of the tree as an optional
    clause that adds its score — a term under ORs and ANDs adds its own score times their boosts, a
    phrase adds its words' (a fifth more), wherever the passage matched. ``scored(Term("text_en", "cctv"))``"""
    match = match or lucene(q)
    scoring = " ".join(f"{f}:{escape_term(t)}^{TEXT_WEIGHTS.get(f, 1.0) * b:g}" for (f, t), b in scoring_terms(q).items()
                       if b > 0)
    return f"(+filter({match}) {scoring})" if scoring else f"filter({match})"


def at_least(clauses: tuple[Node, ...], k: int) -> str:
    """Passages holding at least k of the clauses (given as the request parameters c0, c1 … that
    :func:`held` makes): ``at_least(clauses, 2) == "{!bool should=$c0 should=$c1 should=$c2 mm=2}"``."""
    return "{!bool " + " ".join(f"should=$c{i}" for i in range(len(clauses))) + f" mm={max(1, k)}}}"


def held(clauses: tuple[Node, ...], places: tuple[tuple[str, str], ...]) -> tuple[str, str, dict[str, str]]:
    """(sort key: clauses a passage holds, a named country worth half a clause; the count of clauses held;
    the request parameters they use)."""
    params = {f"c{i}": lucene(c) for i, c in enumerate(clauses)}
    terms = [f"if(exists(query($c{i})),1,0)" for i in range(len(clauses))]
    count = _sum(terms)
    if places:
        params["place"] = "(" + " ".join(f"{field}:{quote_value(value)}" for field, value in places) + ")"
        terms.append("if(exists(query($place)),0.5,0)")
    return _sum(terms), count, params


def _sum(terms: list[str]) -> str:
    return "sum(" + ",".join(terms) + ")" if len(terms) > 1 else terms[0]


def filter_queries(filters: Filters) -> list[str]:
    """Facet filters tagged by facet (each facet's counts leave its own out), then exclusions."""
    out = []
    for name, values in filters.facets.items():
        field = FACET_BY_NAME[name].filtered if name in FACET_BY_NAME else name
        clause = f"{field}:(" + " OR ".join(quote_value(v) for v in values) + ")" if values else NOTHING
        out.append(f"{{!tag=f_{name}}}{clause}")
    for name, (lo, hi) in filters.ranges.items():
        field = FACET_BY_NAME[name].filtered
        out.append(f"{{!tag=f_{name}}}{field}:[{max(1, lo or 1)} TO {'*' if hi is None else hi}]")
    if filters.years is not None:
        out.append("{!tag=f_year}" + _year_clause(filters))
    for name, values in filters.excluded.items():
        if values:
            out.append(f"-{name}:(" + " OR ".join(quote_value(v) for v in values) + ")")
    return out


def _year_clause(filters: Filters) -> str:
    y = filters.years
    if y.years:
        lo = y.lo if y.lo is not None else -10**6
        hi = y.hi if y.hi is not None else 10**6
        ok = [v for v in y.years if lo <= v <= hi]  # one same year must satisfy every bound
        return "year:(" + " OR ".join(str(v) for v in ok) + ")" if ok else NOTHING
    return f"year:[{'*' if y.lo is None else y.lo} TO {'*' if y.hi is None else y.hi}]"


def sort_for(order: Order, scored: bool, held_key: str | None) -> str:
    """Solr's sort for an order (ties: city name, then place in the profile, as on the embedded index)."""
    tail = "city_sort asc, order asc"
    if order.sort == "changed":
        return f"changed desc, {tail}"
    if order.sort == "newest":
        return f"year_sort desc, {tail}"
    if order.sort == "oldest":
        return f"year_sort_old asc, {tail}"
    if order.sort == "relevance" and scored:
        return (f"{held_key} desc, " if held_key else "") + f"score desc, {tail}"
    return tail

"""One search on SolrCloud, as the embedded backend runs it: request → plan → filters → match (partial and
relaxed forms) → disjunctive facet counts → rank → page or group → snippets → results.

``search(session, SearchRequest(q="cctv")).total``
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from indexer.schema import build_schema
from indexer.values import fold

from ..models import FACET_FIELDS, FacetValue, Group, Hit, SearchRequest, SearchResults, profile_url
from ..query import plan_query
from ..snippets import Highlight, snippet
from ..whoosh.highlight import highlight_terms
from ..whoosh.querybuild import build_text_query
from .query import Filters, at_least, filters_for, held_sort, lucene, minimum_should_match, quote_value, sort_for
from .terms import suggest

FEW_HITS = 3
GROUP_HITS = 3
GROUP_SCAN = 500
FIELDS = "id,profile,city,country,section,heading,network,kind,year,lang,text,order,first_indexed,changed,score"
NO_PASSAGE_HAS_ALL = "No passage has all of your words: showing passages that match {} of them, those with the most words first."


@dataclass
class Match:
    """What ran: the query text, its sort, and how many passages hold every word."""

    query: str
    executed: object  # the query tree (None: no words)
    sort_params: dict = field(default_factory=dict)
    held_key: str | None = None  # sort key: clauses held (and a named country)
    held_count: str | None = None  # function: clauses held
    relaxed: bool = False
    notice: str | None = None
    full: int | None = None


def search(session, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
    """Run one search against the session's collection."""
    started = time.perf_counter()
    plan = plan_query(req.q)
    values = session.facet_values()
    filters = filters_for(req, plan, values)
    reader = session.reader()
    tq = build_text_query(plan.text, build_schema(), reader, countries=tuple(sorted(values["country"].values())))
    match = _match(session, tq, filters)
    want = req.size if req.group is None else GROUP_SCAN
    r = session.select(_request(req, match, filters, want, facets=True))
    total = int(r["response"]["numFound"])
    facets, city_counts = _facet_counts(r.get("facets", {}), filters, values)
    terms_by_lang = highlight_terms(match.executed, reader) if match.executed is not None else {}
    n_clauses = len(tq.clauses) if tq else 0

    def make_hit(d: dict) -> Hit:
        return _hit(d, req, terms_by_lang if snippets else None, match, n_clauses)

    if req.group == "city":
        groups = _groups(session, req, match, filters, r["response"]["docs"], city_counts, make_hit)
        hits = tuple(h for g in groups for h in g.hits)
    else:
        groups, hits = None, tuple(make_hit(d) for d in r["response"]["docs"])
    did_you_mean = suggest(reader, req.q, tq.words) if tq else None
    query = {
        "q": req.q, "text": plan.text, "searched": match.query if match.executed is not None else None,
        "filters": {k: sorted(v) for k, v in filters.selected.items() if k != "year"},
        "excluded": {k: list(v) for k, v in plan.excluded.items()},
        "year": list(req.year), "year_from": filters.year_from, "year_to": filters.year_to, "sort": req.sort,
        "page": req.page, "size": req.size, "group": req.group, "relaxed": match.relaxed,
        "notes": list(plan.notes) + (list(tq.notes) if tq else []),
        "places": [{"words": clause, "country": country} for clause, country in (tq.places if tq else ())],
    }
    took = round((time.perf_counter() - started) * 1000, 2)
    return SearchResults(req, query, total, len(city_counts), took, hits, facets, did_you_mean, groups,
                         match.notice, match.relaxed, session.generation, match.full)


def _count(session, query: str, filters: Filters) -> int:
    return int(session.select({"query": query, "filter": filters.all, "limit": 0})["response"]["numFound"])


def _match(session, tq, filters: Filters) -> Match:
    """All the words; with 3 or more, also passages holding most of them; with too few hits, a relaxed form."""
    if tq is None:
        return Match("*:*", None)
    match = Match(lucene(tq.strict), tq.strict)
    n = len(tq.clauses)
    if n >= 3:
        full = _count(session, match.query, filters)
        partial_q = at_least(tq.clauses, minimum_should_match(n))
        key, held, params = held_sort(tq.clauses, tq.places)
        with_partial = _count(session, partial_q, filters)
        match = Match(partial_q, tq.strict, params, key, held, relaxed=full == 0 and with_partial > 0, full=full)
        if full == 0 and with_partial:
            match.notice = NO_PASSAGE_HAS_ALL.format("most")
        total = with_partial
    else:
        total = _count(session, match.query, filters)
    if total < FEW_HITS:
        for fallback in tq.relaxed:
            q = lucene(fallback)
            n_more = _count(session, q, filters)
            if n_more > total:
                return _relaxed(session, tq, fallback, q, filters)
    return match


def _relaxed(session, tq, fallback, query: str, filters: Filters) -> Match:
    """A fallback that found more: ranked by how many words each passage holds, and said so."""
    key, held, params = held_sort(tq.clauses, tq.places) if tq.clauses else (None, None, {})
    full = _count(session, lucene(tq.strict), filters)
    match = Match(query, fallback, params, key, held, relaxed=True, full=full)
    if full:
        s = "" if full == 1 else "s"
        match.notice = (f"Only {full} passage{s} hold{'s' if full == 1 else ''} all of your words: passages that "
                        "match some of them follow, those with the most words first.")
    else:
        match.notice = NO_PASSAGE_HAS_ALL.format("some")
    return match


def _request(req: SearchRequest, match: Match, filters: Filters, rows: int, *, facets: bool) -> dict:
    """The JSON request of one page (or the group scan), with the facets when asked."""
    sort = sort_for(req.sort, match.executed is not None)
    if match.held_key and req.sort == "relevance":
        sort = f"{match.held_key} desc, {sort}"
    fields = FIELDS + (f",_held:{match.held_count}" if match.held_count else "")
    body = {"query": match.query, "filter": filters.all, "limit": rows,
            "offset": (req.page - 1) * req.size if req.group is None else 0, "sort": sort, "fields": fields,
            "params": dict(match.sort_params)}
    if facets:
        body["facet"] = {name: {"type": "terms", "field": name, "limit": -1, "mincount": 1, "sort": "index asc",
                                "domain": {"excludeTags": [f"f_{name}"]}} for name in FACET_FIELDS}
        body["facet"]["_cities"] = {"type": "terms", "field": "city", "limit": -1, "mincount": 1, "sort": "index asc"}
    return body


def _facet_counts(fr: dict, filters: Filters, values: dict) -> tuple[dict[str, tuple[FacetValue, ...]], dict[str, int]]:
    """Disjunctive counts (each facet under every selection but its own), ordered as the embedded index orders them."""
    facets: dict[str, tuple[FacetValue, ...]] = {}
    for name in FACET_FIELDS:
        counts = {str(b["val"]): int(b["count"]) for b in fr.get(name, {}).get("buckets", [])}
        sel = filters.selected.get(name, set())
        if name == "year":
            facets[name] = tuple(FacetValue(k, counts.get(k, 0), k in sel) for k in sorted(set(counts) | sel))
            continue
        known = set(values.get(name, {}).values())
        items = [FacetValue(v, counts.get(v, 0), v in sel) for v in set(counts) | (sel & known)]
        items.sort(key=lambda fv: (-fv.count, fold(fv.value)))
        items += [FacetValue(v, 0, True) for v in sorted(v for v in sel if v not in known)]
        facets[name] = tuple(items)
    city_counts = {b["val"]: int(b["count"]) for b in fr.get("_cities", {}).get("buckets", [])}
    return facets, city_counts


def _hit(d: dict, req: SearchRequest, terms_by_lang: dict | None, match: Match, n_clauses: int) -> Hit:
    lang = d.get("lang", "en")
    text = d.get("text", "")
    score = d.get("score") if match.executed is not None and req.sort == "relevance" else None
    return Hit(
        id=d["id"], profile=d["profile"], city=d["city"], country=d.get("country"), section=d.get("section"),
        heading=d.get("heading"), network=d.get("network"), kind=d.get("kind"), years=tuple(d.get("year") or ()),
        score=round(float(score), 4) if score is not None else None,
        snippet=snippet(text, lang, terms_by_lang.get(lang, Highlight())) if terms_by_lang is not None else "",
        text=text, url=profile_url(d["profile"], req, d["id"]),
        first_indexed=d.get("first_indexed"), changed=d.get("changed"),
        partial=match.held_count is not None and float(d.get("_held", n_clauses)) < n_clauses,
    )


def _groups(session, req: SearchRequest, match: Match, filters: Filters, docs: list[dict],
            city_counts: dict[str, int], make_hit) -> tuple[Group, ...]:
    """One page of cities, in the order of their best passage, each with its best GROUP_HITS passages."""
    order: list[str] = []
    by_city: dict[str, list[dict]] = {}
    for d in docs:
        if d["city"] not in by_city:
            by_city[d["city"]] = []
            order.append(d["city"])
        if len(by_city[d["city"]]) < GROUP_HITS:
            by_city[d["city"]].append(d)
    order += sorted((c for c in city_counts if c not in by_city), key=fold)  # beyond the scanned window
    start = (req.page - 1) * req.size
    out = []
    for city in order[start:start + req.size]:
        cdocs = by_city.get(city)
        if cdocs is None:
            r = session.select({"query": match.query, "filter": filters.all + [f"city:{quote_value(city)}"],
                                "limit": GROUP_HITS, "sort": "city_sort asc, order asc", "fields": FIELDS})
            cdocs = [{k: v for k, v in d.items() if k != "score"} for d in r["response"]["docs"]]
        if cdocs:
            hits = tuple(make_hit(d) for d in cdocs)
            out.append(Group(city, hits[0].profile, hits[0].country, city_counts.get(city, len(hits)), hits))
    return tuple(out)

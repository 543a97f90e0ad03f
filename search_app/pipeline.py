"""One search, written once for every engine:
request → plan → understand → filters → match (engine) → looser match when too few → facets →
group by city → page → hits and snippets → results.

The engine (:mod:`search_app.engine`) matches, counts and ranks as :class:`MatchSpec` declares;
every decision — which passages count as a match, when to loosen, what the page says, how hits are
grouped, what is marked — is taken here.

``search(view, SearchRequest(q="cctv")).total``
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from indexer.fields import FACET_BY_NAME, FACET_NAMES, KEYWORD_FACETS, NUMBER_FIELDS, RANGE_FACETS, SPELL_FIELDS, span
from indexer.analysis import stopwords
from indexer.values import fold

from .engine import EngineView, Filters, Level, Matched, MatchSpec, Order, Ranked, StoredPassage, YearFilter
from .messages import msg, nmsg
from .models import FacetList, FacetValue, Group, Hit, SearchRequest, SearchResults
from .query import (YEAR_MAX, YEAR_MIN, QueryPlan, TextQuery, corrected_query, plan_query, understand,
                    words_to_check)
from .query.plan import parse_range
from .query.places import typed_network, typed_word
from .query.highlight import highlight_terms
from .query.tree import Node, Or
from .snippets import Highlight, snippet

FEW_HITS = 3
GROUP_HITS = 3
GROUP_SCAN = 500


def minimum_should_match(n: int) -> int:
    """How many of n word clauses a partial match holds: all of 1–2, 2 of 3, 75 % (rounded down) beyond.

    ``[minimum_should_match(n) for n in range(1, 9)] == [1, 2, 2, 3, 3, 4, 5, 6]``
    """
    return n if n <= 2 else max(2, (3 * n) // 4)


@dataclass(frozen=True)
class Resolved:
    """The request's filters in the index's values, and what each facet shows as selected."""

    filters: Filters
    selected: dict[str, set[str]]


def lookup(values: tuple[str, ...], typed: str) -> list[str]:
    """The index values a typed value means: exact (case and accents aside), else the one value it
    starts, else the one value holding it. ``lookup(("Amiens", "Bagneux"), "amie") == ["Amiens"]``"""
    key = fold(typed).strip()
    folded = {fold(v): v for v in values}
    if key in folded:
        return [folded[key]]
    starts = [v for k, v in folded.items() if k.startswith(key)]
    if len(starts) == 1:
        return starts
    parts = [v for k, v in folded.items() if key and key in k]
    return parts if len(parts) == 1 else []


def resolve_filters(view: EngineView, req: SearchRequest, plan: QueryPlan) -> Resolved:
    """Facet selections (parameters and `field:value` in the query), years and exclusions."""
    facets: dict[str, tuple[str, ...]] = {}
    selected: dict[str, set[str]] = {}
    for name in KEYWORD_FACETS:
        typed = list(req.values(name))
        typed += [v for v in plan.filters.get(name, ()) if v not in typed]
        if not typed:
            continue
        values = view.facet_values(name)
        found: list[str] = []
        for v in typed:
            found.extend(x for x in lookup(values, v) if x not in found)
        facets[name] = tuple(found)
        selected[name] = set(found) | {v for v in typed if not lookup(values, v)}
    lo, hi = req.year_from, req.year_to
    if plan.year_from is not None:
        lo = max(lo or YEAR_MIN, plan.year_from)
    if plan.year_to is not None:
        hi = min(hi if hi is not None else YEAR_MAX, plan.year_to)
    years = None
    if req.year or lo is not None or hi is not None:
        years = YearFilter(tuple(req.year), lo, hi)
        selected["year"] = {str(y) for y in req.year}
    excluded: dict[str, tuple[str, ...]] = {}
    for name, vals in plan.excluded.items():
        if name in KEYWORD_FACETS:
            values = view.facet_values(name)
            excluded[name] = tuple(x for v in vals for x in lookup(values, v))
    ranges: dict[str, tuple[int | None, int | None]] = {}
    for name in RANGE_FACETS:
        chosen = [parse_range(name, v) for v in list(req.values(name)) + list(plan.filters.get(name, ()))]
        if not chosen:
            continue
        lo = max((a for a, _ in chosen if a is not None), default=None)
        hi = min((b for _, b in chosen if b is not None), default=None)
        selected[name] = {span(lo, hi)}
        field = FACET_BY_NAME[name].filtered
        if field in NUMBER_FIELDS:
            ranges[name] = (lo, hi)
        else:  # years of the city's memberships ("NET:YEAR") in the selected networks, or any
            nets = set(facets.get("network", ()))
            facets[name] = tuple(v for v in view.facet_values(field) if _in_range(v, nets, lo, hi))
    return Resolved(Filters(facets, years, excluded, ranges), selected)


def _in_range(value: str, networks: set[str], lo: int | None, hi: int | None) -> bool:
    """Whether a "NET:YEAR" value is of one of `networks` (any, when empty) and within [lo, hi]."""
    net, _, year = value.rpartition(":")
    if networks and net not in networks or not year.isdigit():
        return False
    return (lo is None or int(year) >= lo) and (hi is None or int(year) <= hi)


@dataclass(frozen=True)
class Answer:
    """The match a search settled on, and what the page says about it."""

    matched: Matched
    level: Level
    executed: Node | None  # what ran, for marking words and the JSON's "searched"
    relaxed: bool = False
    notice: str | None = None


def _spec(req: SearchRequest, level: Level, filters: Filters, tq: TextQuery | None) -> MatchSpec:
    group = req.group == "city"
    return MatchSpec(
        level=level, filters=filters,
        order=Order(req.sort if level.query is not None or req.sort != "relevance" else "city",
                    tuple((field, value) for _, field, value in tq.places) if tq else ()),
        offset=0 if group else (req.page - 1) * req.size, limit=GROUP_SCAN if group else req.size,
        facets=FACET_NAMES, city_totals=group, spellcheck=_words_to_spell(req.q, tq),
    )


def typed_places(q: str, tq: TextQuery | None) -> tuple[tuple[str, str, str], ...]:
    """The countries and networks named in the words, each with the words that named it as typed:
    ``(("Italian forum", "network", "FISU"),)`` for "Italian forum 2010"."""
    out = []
    for clause, field, value in tq.places if tq else ():
        typed = typed_word(q, value) if field == "country" else typed_network(q, value)
        out.append((typed or clause, field, value))
    return tuple(out)


def _words_to_spell(q: str, tq: TextQuery | None) -> tuple[str, ...]:
    """The words "did you mean" looks at: not those that named a country or a network."""
    if tq is None:
        return ()
    named = {fold(w) for typed, _, _ in typed_places(q, tq) for w in typed.split()}
    return tuple(w for w in words_to_check(tq.words) if w not in named)


def settle(view: EngineView, req: SearchRequest, tq: TextQuery | None, filters: Filters) -> Answer:
    """All the words; with three or more, also the passages holding most of them; when that finds fewer
    than FEW_HITS passages, the first looser form (fewer words) that finds more, ranked by words held."""
    if tq is None:
        return Answer(view.match(_spec(req, Level(None), filters, tq)), Level(None), None)
    n = len(tq.clauses)
    level = Level(tq.strict, tq.clauses, minimum_should_match(n)) if n >= 3 else Level(tq.strict)
    matched = view.match(_spec(req, level, filters, tq))
    answer = Answer(matched, level, tq.strict)
    if n >= 3 and matched.full == 0 and matched.total:
        answer = Answer(matched, level, Or(tq.clauses), True, NO_PASSAGE_HAS_ALL_MOST)
    if matched.total < FEW_HITS and tq.relaxed:
        for looser, count in zip(tq.relaxed, view.counts(tq.relaxed, filters)):
            if count > matched.total:
                level = Level(looser, tq.clauses)
                found = view.match(_spec(req, level, filters, tq))
                return Answer(found, level, looser, True, _relaxed_notice(found.full or 0))
    return answer


NO_PASSAGE_HAS_ALL_MOST = msg("No passage has all of your words: showing passages that match most of them, "
                              "those with the most words first.")
NO_PASSAGE_HAS_ALL_SOME = msg("No passage has all of your words: showing passages that match some of them, "
                              "those with the most words first.")


def _relaxed_notice(full: int) -> str:
    if not full:
        return NO_PASSAGE_HAS_ALL_SOME
    return nmsg("Only {n} passage holds all of your words: passages that match some of them follow, "
                "those with the most words first.",
                "Only {n} passages hold all of your words: passages that match some of them follow, "
                "those with the most words first.", full)


def search(view: EngineView, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
    """Run one search on an engine's view: ``search(view, SearchRequest(q="cctv")).total``"""
    started = time.perf_counter()
    plan = plan_query(req.q)
    resolved = resolve_filters(view, req, plan)
    tq = understand(plan.text, view.dictionary(), countries=view.facet_values("country"),
                    networks=view.facet_values("network"), cities=view.facet_values("city"))
    answer = settle(view, req, tq, resolved.filters)
    matched = answer.matched
    marks = highlight_terms(answer.executed) if snippets else None
    n_clauses = len(answer.level.clauses)

    def make_hit(r: Ranked, p: StoredPassage) -> Hit:
        partial = r.held is not None and r.held < n_clauses
        return _hit(p, r.score, marks, partial)

    if req.group == "city":
        groups = _groups(view, req, answer, resolved.filters, make_hit)
        hits = tuple(h for g in groups for h in g.hits)
    else:
        groups = None
        hits = tuple(make_hit(r, p) for r, p in zip(matched.window, _passages(view, matched.window)))
    did_you_mean = suggestion(view, req.q, tq, matched.spelling) if matched.spelling else None
    query = {
        "q": req.q, "text": plan.text,
        "searched": str(answer.executed) if answer.executed is not None else None,
        "filters": {k: sorted(v) for k, v in resolved.selected.items() if k != "year"},
        "excluded": {k: list(v) for k, v in plan.excluded.items()},
        "year": list(req.year),
        "year_from": resolved.filters.years.lo if resolved.filters.years else None,
        "year_to": resolved.filters.years.hi if resolved.filters.years else None,
        "sort": req.sort, "page": req.page, "size": req.size, "group": req.group, "relaxed": answer.relaxed,
        "notes": list(plan.notes) + (list(tq.notes) if tq else []),
        "places": [{"words": typed, field: value} for typed, field, value in typed_places(req.q, tq)],
    }
    took = round((time.perf_counter() - started) * 1000, 2)
    return SearchResults(req, query, matched.total, matched.cities, took, hits,
                         facet_lists(view, matched, resolved.selected), did_you_mean, groups, answer.notice,
                         answer.relaxed, view.generation, matched.full if n_clauses else None)


def suggestion(view: EngineView, q: str, tq: TextQuery, spelling) -> str | None:
    """"Did you mean" in the query's language, and only its words are offered (ranked by how many of its
    profiles use them). The language is the one the query's other words point to: first its own small
    words and letters ("de la", "é"), then how many of the other words its passages use, then how often."""
    others = [w for w in _words_to_spell(q, tq) if w not in spelling]
    candidates = sorted({c for found in spelling.values() for c, _ in found})
    langs = ("en", "fr")
    fields = tuple(SPELL_FIELDS[lang].name for lang in langs)
    freq = view.dictionary().frequencies(fields, others + candidates)
    cues = language_cues(q)
    keys = [(cues[lang], sum(1 for w in others if freq[f].get(w)), sum(freq[f].get(w, 0) for w in others))
            for lang, f in zip(langs, fields)]
    if keys[0] != keys[1]:
        own = freq[fields[0] if keys[0] > keys[1] else fields[1]]
        spelling = {w: tuple((c, own[c]) for c, _ in found if own.get(c)) for w, found in spelling.items()}
    return corrected_query(q, spelling)


_FRENCH_LETTERS = re.compile(r"[éèêëàâçùûôîïœ]")


def language_cues(q: str) -> dict[str, int]:
    """How many of the query's words only English or only French writes: its small words (stop words of
    one language and not the other) and, for French, words with its accents.
    ``language_cues("prévension de la délinquance") == {"en": 0, "fr": 4}``"""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", q)]
    en, fr = stopwords("en"), stopwords("fr")
    return {"en": sum(1 for w in words if w in en and w not in fr),
            "fr": sum(1 for w in words if (w in fr and w not in en) or _FRENCH_LETTERS.search(w))}


def facet_lists(view: EngineView, matched: Matched, selected: dict[str, set[str]]) -> dict:
    """Each facet's values as shown: those with matches in the engine's order, then the selected ones
    without a match (known values by name, then values the index does not hold)."""
    out = {}
    for name in FACET_NAMES:
        counts = matched.facets[name].counts if name in matched.facets else ()
        sel = selected.get(name, set())
        if name in RANGE_FACETS:
            out[name] = _range_values(name, counts, sel, selected.get("network", set()))
            continue
        extra: list[FacetValue] = []
        if sel:
            shown = {v for v, c in counts if v in sel}
            known = set(view.facet_values(name))
            zero = sorted((v for v in sel if v in known and v not in shown),
                          key=(lambda v: v) if name == "year" else fold)
            extra = [FacetValue(v, 0, True) for v in zero]
            missing = [FacetValue(v, 0, True) for v in sorted(v for v in sel if v not in known)]
            if name == "year":
                merged = sorted([FacetValue(v, c, v in sel) for v, c in counts] + extra + missing, key=lambda fv: fv.value)
                out[name] = tuple(merged)
                continue
            extra += missing
        out[name] = FacetList(counts, sel, tuple(extra)) if name != "year" else tuple(
            FacetValue(v, c, v in sel) for v, c in counts)
    return out


def _range_values(name: str, counts, selected: set[str], networks: set[str]) -> tuple[FacetValue, ...]:
    """A fact's bands or decades, in order, with the passages of each: for member-since and committee
    decades, of the one network selected (of any network otherwise)."""
    values: dict[str, int] = {}
    prefix = (next(iter(networks)) if len(networks) == 1 else "*") + ":"
    for value, count in counts:
        if ":" in value:
            if not value.startswith(prefix):
                continue
            value = value[len(prefix):]
        values[value] = count
    for v in selected:
        values.setdefault(v, 0)
    return tuple(FacetValue(v, c, v in selected) for v, c in sorted(values.items(), key=lambda vc: _low(vc[0])))


def _low(value: str) -> int:
    head = value.split("..", 1)[0]
    return int(head) if head.isdigit() else -1


def _passages(view: EngineView, window) -> list[StoredPassage]:
    missing = [r.ref for r in window if r.passage is None]
    fetched = iter(view.fetch(missing)) if missing else iter(())
    return [r.passage if r.passage is not None else next(fetched) for r in window]


def _hit(p: StoredPassage, score: float | None, marks: dict | None, partial: bool) -> Hit:
    """One passage as a hit; `marks` None: without a snippet."""
    return Hit(
        id=p.id, profile=p.profile, city=p.city, country=p.country, section=p.section, heading=p.heading,
        network=p.network, kind=p.kind, years=p.years, score=round(score, 4) if score is not None else None,
        snippet=snippet(p.text, p.lang, marks.get(p.lang, Highlight())) if marks is not None else "",
        text=p.text, first_indexed=p.first_indexed, changed=p.changed, partial=partial,
    )


def _groups(view: EngineView, req: SearchRequest, answer: Answer, filters: Filters, make_hit) -> tuple[Group, ...]:
    """One page of cities, in the order of their best passage, each with its best GROUP_HITS passages."""
    matched = answer.matched
    order: list[str] = []
    by_city: dict[str, list[Ranked]] = {}
    for r in matched.window:
        if r.city not in by_city:
            by_city[r.city] = []
            order.append(r.city)
        if len(by_city[r.city]) < GROUP_HITS:
            by_city[r.city].append(r)
    # cities beyond the scanned window still count, in name order
    order += sorted((c for c, n in matched.city_totals.items() if n and c not in by_city), key=fold)
    start = (req.page - 1) * req.size
    out = []
    for city in order[start:start + req.size]:
        ranked = by_city.get(city)
        if ranked is None:
            only = filters.with_facet("city", (city,))
            spec = MatchSpec(answer.level, only, Order("city"), 0, GROUP_HITS)
            ranked = [Ranked(r.ref, r.city, None, r.held, r.passage) for r in view.match(spec).window]
        hits = tuple(make_hit(r, p) for r, p in zip(ranked, _passages(view, ranked)))
        if hits:
            out.append(Group(city, hits[0].profile, hits[0].country, matched.city_totals.get(city, len(hits)), hits))
    return tuple(out)

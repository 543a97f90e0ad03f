"""Cities and profiles over any engine: the city list, a profile page with the query's words marked,
cities with similar work. Written once above the seam.

``similar_cities(view, "amiens")[0].city``
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from indexer.analysis import terms as analyse_terms
from indexer.analysis import tokens_with_offsets

from .engine import EngineView, Filters, Level, MatchSpec, StoredPassage
from .cities import CitySummary, city_summaries
from .profileview import distinctive_term_counts, marked
from .query import BadRequest, plan_query, understand
from .query.highlight import highlight_terms
from .query.tree import Or, Term
from .snippets import Highlight

SIMILAR_TERMS = 15
SIMILAR_SCAN = 400


@dataclass(frozen=True)
class ProfilePage:
    """One city: its profile as parsed (with its slug) and its passages in profile order."""

    profile: Mapping
    passages: tuple[StoredPassage, ...]


@dataclass(frozen=True)
class SimilarCity:
    slug: str
    city: str
    score: float
    shared_terms: tuple[str, ...]


def list_cities(view: EngineView) -> list[CitySummary]:
    return city_summaries(view.profiles())


def profile_page(view: EngineView, slug: str) -> ProfilePage | None:
    stored, passages = view.profile(slug)
    if stored is None:
        return None
    return ProfilePage({**stored.data, "slug": slug}, tuple(passages))


def marks_for(view: EngineView, q: str) -> dict[str, Highlight]:
    """What to mark for a query string: every word of it (empty when it cannot be read)."""
    if not q or not q.strip():
        return {}
    try:
        tq = understand(plan_query(q).text, view.dictionary())
    except BadRequest:
        return {}
    if tq is None:
        return {}
    return highlight_terms(tq.relaxed[-1] if tq.relaxed else tq.strict)


def marked_passages(view: EngineView, passages, q: str) -> list[dict]:
    """Passages as the API shows them, plus `html` (escaped text, the query's words in <mark>) and `matched`."""
    return marked(passages, marks_for(view, q))


def similar_cities(view: EngineView, slug: str, n: int = 5) -> list[SimilarCity]:
    """The cities whose passages share most of this city's distinctive terms (its words that few other
    passages use), scored as a search for those terms would, with the words they share."""
    _, passages = view.profile(slug)
    if not passages:
        return []
    total = max(1, view.stats().passages)
    counts = distinctive_term_counts(passages)
    dictionary = view.dictionary()
    df: dict[tuple[str, str], int] = {}
    for field in {f for f, _ in counts}:
        found = dictionary.doc_frequencies(field, [t for f, t in counts if f == field])
        df.update({(field, t): c for t, c in found.items()})
    scored = sorted(((tf * math.log(total / df[key]), key) for key, tf in counts.items() if df.get(key, 0) > tf),
                    reverse=True)[:SIMILAR_TERMS]
    if not scored:
        return []
    wanted = {key for _, key in scored}
    spec = MatchSpec(Level(Or(tuple(Term(f, t) for _, (f, t) in scored))),
                     Filters(excluded={"profile": (slug,)}), limit=SIMILAR_SCAN)
    window = view.match(spec).window
    by_city: dict[str, dict] = {}
    for r, p in zip(window, view.fetch([r.ref for r in window])):
        e = by_city.setdefault(p.profile, {"city": p.city, "score": 0.0, "terms": set()})
        e["score"] += r.score or 0.0
        e["terms"].update(t for t in analyse_terms(p.text, p.lang) if (f"text_{p.lang}", t) in wanted)
    words = _surface_words(passages, {t for _, t in wanted})
    ranked = sorted(by_city.items(), key=lambda kv: -kv[1]["score"])[:n]
    return [SimilarCity(s, e["city"], round(e["score"], 3), tuple(sorted(words.get(t, t) for t in e["terms"])))
            for s, e in ranked]


def _surface_words(passages, stems: set[str]) -> dict[str, str]:
    """stem → a word as written in this city's passages (for showing shared terms)."""
    out: dict[str, str] = {}
    for p in passages:
        for term, a, b in tokens_with_offsets(p.text, p.lang or "en"):
            if term in stems and term not in out:
                out[term] = p.text[a:b].lower()
        if len(out) == len(stems):
            break
    return out

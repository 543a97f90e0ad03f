"""Cities, profiles and passages read from the embedded index: the city list, a profile page, similar cities.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace

from whoosh import query as wq


from ..models import CitySummary, Hit, SearchRequest, city_summaries
from ..profileview import distinctive_term_counts, marked
from .handle import Session
from .highlight import highlight_for
from .search import search


def list_cities(session: Session) -> list[CitySummary]:
    """Every profile in the index with its networks and passage count, by name."""
    return city_summaries(all_profiles(session))


def all_profiles(session: Session) -> list[dict]:
    s = session.searcher
    out = []
    for docnum in s.document_numbers(head="1"):
        f = s.stored_fields(docnum)
        try:
            profile = json.loads(f.get("profile_json") or "{}")
        except ValueError:
            continue
        profile["slug"] = f["profile"]
        profile["_passages"] = f.get("passage_count", 0)
        out.append(profile)
    return out


def get_profile(session: Session, slug: str) -> tuple[dict, list[dict]] | None:
    """(profile, passages in order) of one city, or None when the slug is unknown."""
    s = session.searcher
    docnums = list(s.document_numbers(profile=slug))
    if not docnums:
        return None
    passages = [s.stored_fields(d) for d in docnums]
    passages.sort(key=lambda f: f.get("order", 0))
    head = next((p for p in passages if p.get("profile_json")), None)
    profile = json.loads(head["profile_json"]) if head else {"city": passages[0]["city"]}
    profile["slug"] = slug
    return profile, passages


def stats(session: Session) -> dict:
    s = session.searcher
    return {
        "passages": s.doc_count(),
        "profiles": len(list(s.document_numbers(head="1"))),
        "generation": session.generation,
        "built_at": session.meta.get("built_at"),
        "versions": session.meta.get("versions"),
    }


def export_rows(session: Session, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
    """Every matching passage up to `cap`, in the request's order, without snippets (for CSV)."""
    return search(session, replace(req, page=1, size=cap, group=None), snippets=False).hits


def mark_passages(session: Session, passages: list[dict], q: str) -> list[dict]:
    """Passages with `html` (escaped text, query words in <mark>) and `matched`."""
    return marked(passages, highlight_for(session, q))


def similar_cities(session: Session, slug: str, n: int = 5, numterms: int = 15) -> list[dict]:
    """The cities whose passages share most of this city's distinctive terms, with those terms."""
    s = session.searcher
    reader = s.reader()
    docnums = list(s.document_numbers(profile=slug))
    if not docnums:
        return []
    total = max(1, reader.doc_count())
    counts = distinctive_term_counts(s.stored_fields(d) for d in docnums)
    scored = []
    for (fieldname, t), tf in counts.items():
        df = reader.doc_frequency(fieldname, t)
        own = tf
        if df <= own:  # only this city uses it: nothing to share
            continue
        scored.append((tf * math.log(total / df), fieldname, t))
    scored.sort(reverse=True)
    key = scored[:numterms]
    if not key:
        return []
    q = wq.Or([wq.Term(fieldname, t) for _, fieldname, t in key])
    not_me = wq.Not(wq.Term("profile", slug))
    results = s.search(wq.And([q, not_me]), limit=400, terms=True)
    by_city: dict[str, dict] = {}
    for hit in results:
        f = hit.fields()
        entry = by_city.setdefault(f["profile"], {"slug": f["profile"], "city": f["city"], "score": 0.0, "terms": set()})
        entry["score"] += float(hit.score)
        for _, t in hit.matched_terms():
            entry["terms"].add(t.decode("utf-8") if isinstance(t, bytes) else t)
    ranked = sorted(by_city.values(), key=lambda e: -e["score"])[:n]
    words = _surface_words(s, slug, {t for _, _, t in key})
    return [{"slug": e["slug"], "city": e["city"], "score": round(e["score"], 3),
             "shared_terms": sorted(words.get(t, t) for t in e["terms"])} for e in ranked]


def _surface_words(searcher, slug: str, stems: set[str]) -> dict[str, str]:
    """stem → a word as written in this city's passages (for showing shared terms)."""
    from indexer.analysis import tokens_with_offsets

    out: dict[str, str] = {}
    for d in searcher.document_numbers(profile=slug):
        f = searcher.stored_fields(d)
        text = f.get("text", "")
        for term, a, b in tokens_with_offsets(text, f.get("lang", "en")):
            if term in stems and term not in out:
                out[term] = text[a:b].lower()
        if len(out) == len(stems):
            break
    return out

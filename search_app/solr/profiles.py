"""Cities and profiles on SolrCloud: the city list, a profile's passages, marked passages, similar cities, stats.

``list_cities(session)[0].slug``
"""

from __future__ import annotations

import json
import math

from indexer.analysis import terms as analyse_terms
from indexer.analysis import tokens_with_offsets
from indexer.schema import build_schema

from ..models import CitySummary, city_summaries
from ..profileview import distinctive_term_counts, marked
from ..query import BadRequest, plan_query
from ..snippets import Highlight
from ..whoosh.highlight import highlight_terms
from ..whoosh.querybuild import build_text_query
from .query import quote_value


def _heads(session) -> list[dict]:
    r = session.select({"query": "head:1", "limit": 1_000_000, "fields": "profile,city,profile_json,passage_count",
                     "sort": "city_sort asc, profile asc"})
    out = []
    for d in r["response"]["docs"]:
        try:
            profile = json.loads(d.get("profile_json") or "{}")
        except ValueError:
            continue
        profile["slug"] = d["profile"]
        profile["_passages"] = int(d.get("passage_count") or 0)
        out.append(profile)
    return out


def list_cities(session) -> list[CitySummary]:
    return city_summaries(_heads(session))


def _passages(session, slug: str, fields: str = "*") -> list[dict]:
    r = session.select({"query": f"profile:{quote_value(slug)}", "limit": 100_000, "sort": "order asc",
                     "fields": fields})
    docs = r["response"]["docs"]
    for d in docs:
        d["years"] = d.get("year") or []
    return docs


def get_profile(session, slug: str) -> tuple[dict, list[dict]] | None:
    passages = _passages(session, slug, "id,profile,city,country,section,heading,network,kind,year,lang,text,order,profile_json")
    if not passages:
        return None
    head = next((p for p in passages if p.get("profile_json")), None)
    profile = json.loads(head["profile_json"]) if head else {"city": passages[0]["city"]}
    profile["slug"] = slug
    return profile, passages


def highlight_for(session, q: str) -> dict[str, Highlight]:
    if not q or not q.strip():
        return {}
    try:
        tq = build_text_query(plan_query(q).text, build_schema(), session.reader())
    except BadRequest:
        return {}
    if tq is None:
        return {}
    return highlight_terms(tq.relaxed[-1] if tq.relaxed else tq.strict, session.reader())


def mark_passages(session, passages: list[dict], q: str) -> list[dict]:
    return marked(passages, highlight_for(session, q))


def similar_cities(session, slug: str, n: int = 5, numterms: int = 15) -> list[dict]:
    passages = _passages(session, slug, "id,city,lang,text")
    if not passages:
        return []
    reader = session.reader()
    total = max(1, int(session.select({"query": "*:*", "limit": 0})["response"]["numFound"]))
    counts = distinctive_term_counts(passages)
    for field in ("text_en", "text_fr"):
        reader.prefetch(field, [t for (fl, t) in counts if fl == field])
    scored = []
    for (field, t), tf in counts.items():
        df = reader.doc_frequency(field, t)
        if df <= tf:
            continue
        scored.append((tf * math.log(total / df), field, t))
    scored.sort(reverse=True)
    key = scored[:numterms]
    if not key:
        return []
    q = "(" + " ".join(f"{field}:{t}" for _, field, t in key) + ")"
    r = session.select({"query": q, "filter": [f"-profile:{quote_value(slug)}"], "limit": 400,
                     "fields": "profile,city,lang,text,score"})
    wanted = {(field, t) for _, field, t in key}
    by_city: dict[str, dict] = {}
    for d in r["response"]["docs"]:
        e = by_city.setdefault(d["profile"], {"slug": d["profile"], "city": d["city"], "score": 0.0, "terms": set()})
        e["score"] += float(d.get("score") or 0)
        lang = d.get("lang", "en")
        e["terms"].update(t for t in analyse_terms(d.get("text", ""), lang) if (f"text_{lang}", t) in wanted)
    ranked = sorted(by_city.values(), key=lambda e: -e["score"])[:n]
    stems = {t for _, _, t in key}
    words: dict[str, str] = {}
    for f in passages:
        text = f.get("text", "")
        for term, a, b in tokens_with_offsets(text, f.get("lang", "en")):
            if term in stems and term not in words:
                words[term] = text[a:b].lower()
    return [{"slug": e["slug"], "city": e["city"], "score": round(e["score"], 3),
             "shared_terms": sorted(words.get(t, t) for t in e["terms"])} for e in ranked]


def stats(session) -> dict:
    total = int(session.select({"query": "*:*", "limit": 0})["response"]["numFound"])
    profiles = int(session.select({"query": "head:1", "limit": 0})["response"]["numFound"])
    versions = session.props.get("versions")
    try:
        versions = json.loads(versions) if versions else None
    except ValueError:
        pass
    return {"passages": total, "profiles": profiles, "generation": session.generation,
            "built_at": session.props.get("built_at"), "versions": versions}

"""The SolrCloud backend behind the seam of :mod:`search_app.backend`: same requests, same results.

One request reads: request → plan (the shared query parse) → Solr query with tagged filters →
disjunctive facet counts (JSON Facet API, ``excludeTags``) → ranking, grouping and paging →
snippets (the shared snippet code, on the stored text).

``SolrBackend.from_url("solr://127.0.0.1:8983/profiles").session()``
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterator
from urllib.parse import quote

from indexer.analysis import terms as analyse_terms
from indexer.analysis import tokens_with_offsets
from indexer.errors import IndexMissing
from indexer.values import fold

from ..models import FACET_FIELDS, CitySummary, FacetValue, Group, Hit, SearchRequest, SearchResults
from ..profileview import passage_dict
from ..query import YEAR_MAX, YEAR_MIN, BadRequest, plan_query
from ..snippets import mark, match_spans, snippet
from . import cluster
from .http import SolrError, SolrHttp
from .query import (FEW_HITS, NOTHING, Highlight, TermsReader, _highlight_terms, build_text_query, quote_value, schema,
                    suggest, to_lucene)

GROUP_HITS = 3
GROUP_SCAN = 500
KEYWORD_FACETS = ("city", "country", "network", "section", "kind")
FIELDS = "id,profile,city,country,section,heading,network,kind,year,lang,text,order,score"
RELAXED_NOTICE = ("No passage has all of your words: showing passages that match some of them, "
                  "those with the most words first.")


def parse_url(url: str) -> tuple[list[str], str]:
    """``parse_url("solr://127.0.0.1:8983,127.0.0.1:8984/profiles") == (["127.0.0.1:8983", "127.0.0.1:8984"], "profiles")``"""
    m = re.fullmatch(r"solr://([^/]+)/([A-Za-z0-9_.-]+)/?", url.strip())
    if not m:
        raise ValueError(f"a Solr backend is named solr://HOST:PORT[,HOST:PORT…]/COLLECTION, not '{url[:80]}'")
    hosts = [h.strip() for h in m.group(1).split(",") if h.strip()]
    return hosts, m.group(2)


def _lookup(folded: dict[str, str], value: str) -> list[str]:
    """Values a user-typed value means: exact (folded), else a unique prefix, else a unique part."""
    key = fold(value).strip()
    if key in folded:
        return [folded[key]]
    starts = [v for k, v in folded.items() if k.startswith(key)]
    if len(starts) == 1:
        return starts
    parts = [v for k, v in folded.items() if key and key in k]
    return parts if len(parts) == 1 else []


class SolrBackend:
    """A collection (or alias) of a SolrCloud; thread-safe, one per app or CLI run."""

    name = "solr"

    def __init__(self, hosts: list[str], collection: str, url: str | None = None):
        self.hosts = hosts
        self.collection = collection
        self.url = url or f"solr://{','.join(hosts)}/{collection}"
        self.http = SolrHttp(hosts, timeout=30)
        self._lock = threading.Lock()
        self._gen: tuple[float, str, dict] | None = None
        self._reader: TermsReader | None = None
        self._values: tuple[float, str, dict] | None = None

    @classmethod
    def from_url(cls, url: str) -> "SolrBackend":
        hosts, collection = parse_url(url)
        return cls(hosts, collection, url)

    def generation(self) -> tuple[str, dict]:
        """(collection the alias points at, alias properties); re-read every 2 s. Raises IndexMissing."""
        with self._lock:
            if self._gen and time.monotonic() - self._gen[0] < 2.0:
                return self._gen[1], self._gen[2]
        r = self.http.get("/admin/collections", {"action": "LISTALIASES"})
        target = r.get("aliases", {}).get(self.collection)
        props = r.get("properties", {}).get(self.collection, {})
        if target is None:
            if self.collection not in cluster.collections(self.http):
                raise IndexMissing(self.url)
            target = self.collection
        with self._lock:
            self._gen = (time.monotonic(), target, props)
        return target, props

    def reader(self, generation: str) -> TermsReader:
        with self._lock:
            r = self._reader
            if r is None or r.stale or r.collection != generation:
                r = self._reader = TermsReader(self.http, generation)
            return r

    def facet_values(self, generation: str, session: "SolrSession") -> dict[str, dict[str, str]]:
        """folded value → value, for every keyword facet (cached for a few seconds)."""
        with self._lock:
            if self._values and self._values[1] == generation and time.monotonic() - self._values[0] < 10:
                return self._values[2]
        facet = {name: {"type": "terms", "field": name, "limit": -1, "mincount": 1} for name in KEYWORD_FACETS}
        r = session.select({"query": "*:*", "limit": 0, "facet": facet})
        out = {name: {fold(b["val"]): b["val"] for b in r.get("facets", {}).get(name, {}).get("buckets", [])}
               for name in KEYWORD_FACETS}
        with self._lock:
            self._values = (time.monotonic(), generation, out)
        return out

    @contextmanager
    def session(self) -> Iterator["SolrSession"]:
        try:
            generation, props = self.generation()
        except SolrError as exc:
            if exc.status == 404:
                raise IndexMissing(self.url) from exc
            raise
        yield SolrSession(self, generation, props)


class SolrSession:
    """A :class:`search_app.backend.SearchSession` on one SolrCloud collection."""

    def __init__(self, backend: SolrBackend, generation: str, props: dict):
        self.backend = backend
        self.http = backend.http
        self.generation = generation
        self.props = props
        self.alias = backend.collection

    # -- plumbing ---------------------------------------------------------------------------

    def select(self, body: dict) -> dict:
        """A JSON request to the alias; a collection that vanished under a swap is asked again."""
        body = dict(body)
        params = {"q.op": "OR", "df": "text_en", "sow": "true", "wt": "json", "defType": "lucene"}
        params.update(body.pop("params", {}))
        body["params"] = params
        for attempt in range(3):
            try:
                return self.http.post_json(f"/{self.alias}/select", body)
            except SolrError as exc:
                text = str(exc)
                if exc.status in (400, 404) and ("ollection" in text or "not found" in text) and attempt < 2:
                    time.sleep(0.3 * (attempt + 1))
                    continue
                if exc.status == 400 and ("too many" in text.lower() or "maxClauseCount" in text):
                    raise BadRequest("the query is too broad to run; make it more specific (fewer wildcards or fuzzy words)")
                raise
        raise AssertionError("unreachable")

    def reader(self) -> TermsReader:
        return self.backend.reader(self.generation)

    # -- search -----------------------------------------------------------------------------

    def search(self, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
        started = time.perf_counter()
        plan = plan_query(req.q)
        selected: dict[str, list[str]] = {n: list(req.filters().get(n, ())) for n in FACET_FIELDS if n != "year"}
        for name, vals in plan.filters.items():
            selected.setdefault(name, []).extend(v for v in vals if v not in selected.get(name, []))
        year_from, year_to = req.year_from, req.year_to
        if plan.year_from is not None:
            year_from = max(year_from or YEAR_MIN, plan.year_from)
        if plan.year_to is not None:
            year_to = min(year_to if year_to is not None else YEAR_MAX, plan.year_to)

        values = self.backend.facet_values(self.generation, self)
        tagged: list[str] = []
        selected_values: dict[str, set[str]] = {}
        for name, vals in selected.items():
            if not vals:
                continue
            resolved: list[str] = []
            for v in vals:
                resolved.extend(x for x in _lookup(values[name], v) if x not in resolved)
            selected_values[name] = set(resolved) | {v for v in vals if not _lookup(values[name], v)}
            clause = f"{name}:(" + " OR ".join(quote_value(v) for v in resolved) + ")" if resolved else NOTHING
            tagged.append(f"{{!tag=f_{name}}}{clause}")
        if req.year or year_from is not None or year_to is not None:
            lo = year_from if year_from is not None else -10**6
            hi = year_to if year_to is not None else 10**6
            if req.year:
                ok = [y for y in req.year if lo <= y <= hi]
                clause = "year:(" + " OR ".join(str(y) for y in ok) + ")" if ok else NOTHING
            else:
                clause = f"year:[{year_from if year_from is not None else '*'} TO {year_to if year_to is not None else '*'}]"
            tagged.append("{!tag=f_year}" + clause)
            selected_values["year"] = {str(y) for y in req.year}
        untagged: list[str] = []
        for name, vals in plan.excluded.items():
            ids = [x for v in vals for x in _lookup(values.get(name, {}), v)]
            if ids:
                untagged.append(f"-{name}:(" + " OR ".join(quote_value(v) for v in ids) + ")")

        reader = self.reader()
        tq = build_text_query(plan.text, schema(), reader)
        notes = list(plan.notes) + (list(tq.notes) if tq else [])
        executed = tq.strict if tq else None
        relaxed = False
        filters = untagged + tagged

        def lucene(q) -> str:
            if q is None:
                return "*:*"
            return to_lucene(q) or NOTHING

        def count(q) -> int:
            return int(self.select({"query": lucene(q), "filter": filters, "limit": 0})["response"]["numFound"])

        qtext = lucene(executed)

        facet = {}
        for name in FACET_FIELDS:
            facet[name] = {"type": "terms", "field": name, "limit": -1, "mincount": 1, "sort": "index asc",
                           "domain": {"excludeTags": [f"f_{name}"]}}
        facet["_cities"] = {"type": "terms", "field": "city", "limit": -1, "mincount": 1, "sort": "index asc"}
        sort = self._sort(req.sort, executed is not None)
        want_rows = req.size if req.group is None else GROUP_SCAN
        offset = (req.page - 1) * req.size if req.group is None else 0
        body = {"filter": filters, "limit": want_rows, "offset": offset, "sort": sort, "fields": FIELDS, "facet": facet}
        r = self.select({"query": qtext, **body})
        total = int(r["response"]["numFound"])
        if tq and total < FEW_HITS:
            # too few passages hold every word: the first fallback (most words first) that finds more
            for fallback in tq.relaxed:
                if count(fallback) > total:
                    executed, relaxed, qtext = fallback, True, lucene(fallback)
                    r = self.select({"query": qtext, **body})
                    total = int(r["response"]["numFound"])
                    break
        notice = RELAXED_NOTICE if relaxed else None
        docs = r["response"]["docs"]
        fr = r.get("facets", {})
        facets: dict[str, tuple[FacetValue, ...]] = {}
        for name in FACET_FIELDS:
            counts = {str(b["val"]): int(b["count"]) for b in fr.get(name, {}).get("buckets", [])}
            sel = selected_values.get(name, set())
            if name == "year":
                keys = sorted(set(counts) | {v for v in sel})
                facets[name] = tuple(FacetValue(k, counts.get(k, 0), k in sel) for k in keys)
                continue
            known = set(values.get(name, {}).values())
            items = [FacetValue(v, counts.get(v, 0), v in sel) for v in set(counts) | (sel & known)]
            items.sort(key=lambda fv: (-fv.count, fold(fv.value)))
            items += [FacetValue(v, 0, True) for v in sorted(v for v in sel if v not in known)]
            facets[name] = tuple(items)
        city_counts = {b["val"]: int(b["count"]) for b in fr.get("_cities", {}).get("buckets", [])}
        total_cities = len(city_counts)

        terms_by_lang = _highlight_terms(executed, reader) if executed is not None else {}

        def make_hit(f: dict) -> Hit:
            lang = f.get("lang", "en")
            text = f.get("text", "")
            url = f"/city/{quote(f['profile'])}"
            if req.q:
                url += "?q=" + quote(req.q)
            url += f"#p{f['id']}"
            score = f.get("score") if executed is not None and req.sort == "relevance" else None
            return Hit(
                id=f["id"], profile=f["profile"], city=f["city"], country=f.get("country"),
                section=f.get("section"), heading=f.get("heading"), network=f.get("network"),
                kind=f.get("kind"), years=tuple(f.get("year") or ()),
                score=round(float(score), 4) if score is not None else None,
                snippet=snippet(text, lang, terms_by_lang.get(lang, Highlight())) if snippets else "",
                text=text, url=url,
            )

        groups = None
        if req.group == "city":
            order: list[str] = []
            by_city: dict[str, list[dict]] = {}
            for d in docs:
                if d["city"] not in by_city:
                    by_city[d["city"]] = []
                    order.append(d["city"])
                if len(by_city[d["city"]]) < GROUP_HITS:
                    by_city[d["city"]].append(d)
            rest = sorted((c for c in city_counts if c not in by_city), key=fold)
            order += rest
            start = (req.page - 1) * req.size
            glist = []
            for city in order[start:start + req.size]:
                cdocs = by_city.get(city)
                if cdocs is None:
                    cr = self.select({"query": qtext, "filter": filters + [f"city:{quote_value(city)}"],
                                      "limit": GROUP_HITS, "sort": "city_sort asc, order asc", "fields": FIELDS})
                    cdocs = cr["response"]["docs"]
                    for d in cdocs:
                        d.pop("score", None)
                if not cdocs:
                    continue
                hits = tuple(make_hit(d) for d in cdocs)
                glist.append(Group(city, hits[0].profile, hits[0].country, city_counts.get(city, len(hits)), hits))
            groups = tuple(glist)
            hits = tuple(h for g in groups for h in g.hits)
        else:
            hits = tuple(make_hit(d) for d in docs)

        did_you_mean = suggest(reader, req.q, tq.words) if tq else None
        query = {
            "q": req.q, "text": plan.text, "searched": qtext if executed is not None else None,
            "filters": {k: sorted(v) for k, v in selected_values.items() if k != "year"},
            "excluded": {k: list(v) for k, v in plan.excluded.items()},
            "year": list(req.year), "year_from": year_from, "year_to": year_to, "sort": req.sort,
            "page": req.page, "size": req.size, "group": req.group, "relaxed": relaxed, "notes": notes,
        }
        took = round((time.perf_counter() - started) * 1000, 2)
        return SearchResults(req, query, total, total_cities, took, hits, facets, did_you_mean, groups,
                             notice, relaxed, self.generation)

    @staticmethod
    def _sort(sort: str, has_text: bool) -> str:
        if sort == "newest":
            return "year_sort desc, city_sort asc, order asc"
        if sort == "oldest":
            return "year_sort_old asc, city_sort asc, order asc"
        if sort == "relevance" and has_text:
            return "score desc, city_sort asc, order asc"
        return "city_sort asc, order asc"

    def export_rows(self, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
        return self.search(replace(req, page=1, size=cap, group=None), snippets=False).hits

    # -- cities and profiles ----------------------------------------------------------------

    def _heads(self) -> list[dict]:
        r = self.select({"query": "head:1", "limit": 1_000_000, "fields": "profile,city,profile_json,passage_count",
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

    def list_cities(self) -> list[CitySummary]:
        out = []
        for profile in self._heads():
            out.append(CitySummary(
                slug=profile["slug"], city=profile["city"], country=profile.get("country"),
                networks=tuple(m["network"] for m in profile.get("memberships", [])),
                member_since={m["network"]: m.get("member_since") for m in profile.get("memberships", [])},
                passages=profile.get("_passages", 0),
            ))
        out.sort(key=lambda c: fold(c.city))
        return out

    def _passages(self, slug: str, fields: str = "*") -> list[dict]:
        r = self.select({"query": f"profile:{quote_value(slug)}", "limit": 100_000, "sort": "order asc",
                         "fields": fields})
        docs = r["response"]["docs"]
        for d in docs:
            d["years"] = d.get("year") or []
        return docs

    def get_profile(self, slug: str) -> tuple[dict, list[dict]] | None:
        passages = self._passages(slug, "id,profile,city,country,section,heading,network,kind,year,lang,text,order,profile_json")
        if not passages:
            return None
        head = next((p for p in passages if p.get("profile_json")), None)
        profile = json.loads(head["profile_json"]) if head else {"city": passages[0]["city"]}
        profile["slug"] = slug
        return profile, passages

    def highlight_for(self, q: str) -> dict[str, Highlight]:
        if not q or not q.strip():
            return {}
        try:
            tq = build_text_query(plan_query(q).text, schema(), self.reader())
        except BadRequest:
            return {}
        if tq is None:
            return {}
        return _highlight_terms(tq.relaxed[-1] if tq.relaxed else tq.strict, self.reader())

    def mark_passages(self, passages: list[dict], q: str) -> list[dict]:
        hl = self.highlight_for(q)
        out = []
        for f in passages:
            d = passage_dict(f)
            spans = match_spans(d["text"], d["lang"] or "en", hl.get(d["lang"] or "en", Highlight())) if hl else []
            d["html"] = mark(d["text"], spans)
            d["matched"] = bool(spans)
            out.append(d)
        return out

    def similar_cities(self, slug: str, n: int = 5, numterms: int = 15) -> list[dict]:
        from ..engine import _GENERIC_TERMS

        passages = self._passages(slug, "id,city,lang,text")
        if not passages:
            return []
        reader = self.reader()
        total = max(1, int(self.select({"query": "*:*", "limit": 0})["response"]["numFound"]))
        counts: dict[tuple[str, str], int] = {}
        city_terms: set[str] = set()
        for f in passages:
            lang = f.get("lang", "en")
            city_terms.update(analyse_terms(f.get("city", ""), lang))
            for t in analyse_terms(f.get("text", ""), lang):
                if t.isdigit() or len(t) < 3 or t in city_terms or t in _GENERIC_TERMS:
                    continue
                counts[(f"text_{lang}", t)] = counts.get((f"text_{lang}", t), 0) + 1
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
        r = self.select({"query": q, "filter": [f"-profile:{quote_value(slug)}"], "limit": 400,
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

    def stats(self) -> dict:
        total = int(self.select({"query": "*:*", "limit": 0})["response"]["numFound"])
        profiles = int(self.select({"query": "head:1", "limit": 0})["response"]["numFound"])
        versions = self.props.get("versions")
        try:
            versions = json.loads(versions) if versions else None
        except ValueError:
            pass
        return {"passages": total, "profiles": profiles, "generation": self.generation,
                "built_at": self.props.get("built_at"), "versions": versions}

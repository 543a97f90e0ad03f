"""SolrCloud as an engine behind the seam of :mod:`search_app.engine`: a match is one JSON request
(query, tagged filters, the window, disjunctive facets, totals per city, "did you mean" candidates).

``SolrEngine.from_url("solr://127.0.0.1:8983/profiles")``
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence, TypeVar

from indexer.errors import IndexMissing
from indexer.fields import FACET_BY_NAME, KEYWORD_FIELDS

from ..engine import (FacetCounts, Filters, IndexStats, Matched, MatchSpec, Ranked, StoredPassage, StoredProfile)
from ..messages import msg
from ..query import BadRequest
from ..query.tree import Node, Or
from . import admin
from .compile import at_least, filter_queries, held, lucene, quote_value, scored, sort_for
from .http import SolrError, SolrHttp
from .terms import SolrDictionary

T = TypeVar("T")
FIELDS = "id,profile,city,country,section,heading,network,kind,year,lang,text,order,first_indexed,changed"
FACET_TTL_S = 10.0
ALIAS_TTL_S = 2.0
#: how many term frequencies a collection's requests share before they are asked again
TERM_COUNTS_KEPT = 200_000


def parse_url(url: str) -> tuple[list[str], str]:
    """``parse_url("solr://127.0.0.1:8983,127.0.0.1:8984/profiles") == (["127.0.0.1:8983", "127.0.0.1:8984"], "profiles")``"""
    m = re.fullmatch(r"solr://([^/]+)/([A-Za-z0-9_.-]+)/?", url.strip())
    if not m:
        raise BadRequest(msg("a Solr backend is named solr://HOST:PORT[,HOST:PORT…]/COLLECTION, not '{value}'",
                             value=url[:80]))
    return [h.strip() for h in m.group(1).split(",") if h.strip()], m.group(2)


class SolrView:
    """An :class:`search_app.engine.EngineView` on the collection an alias names, for one request."""

    def __init__(self, engine: "SolrEngine", generation: str, props: dict):
        self.engine = engine
        self.http = engine.http
        self.generation = generation
        self.props = props
        self._dictionary: SolrDictionary | None = None

    def select(self, body: dict) -> dict:
        """A JSON request to the alias; a collection that vanished under a swap is asked again."""
        body = dict(body)
        params = {"q.op": "OR", "df": "text_en", "sow": "true", "wt": "json", "defType": "lucene",
                  "shards.preference": "replica.location:local", "distrib.singlePass": "true", "indent": "false"}
        params.update(body.pop("params", {}))
        body["params"] = params
        for attempt in range(3):
            try:
                return self.http.post_json(f"/{self.engine.alias}/select", body)
            except SolrError as exc:
                text = str(exc)
                if exc.status in (400, 404) and ("ollection" in text or "not found" in text) and attempt < 2:
                    time.sleep(0.3 * (attempt + 1))
                    continue
                if "too many" in text.lower() or "maxClauseCount" in text:
                    raise BadRequest(msg("the query is too broad to run; make it more specific (fewer wildcards or fuzzy words)"))
                raise
        raise AssertionError("unreachable")

    def dictionary(self) -> SolrDictionary:
        if self._dictionary is None:
            self._dictionary = SolrDictionary(self.http, self.generation, self.engine.term_counts(self.generation))
        return self._dictionary

    def facet_values(self, name: str) -> tuple[str, ...]:
        return self.engine.facet_values(self)[name]

    def match(self, spec: MatchSpec) -> Matched:
        level = spec.level
        if level.query is None:
            query = "*:*"
        elif level.at_least is not None:  # scored by the sum of the clauses' scores
            query = scored(Or(level.clauses), f"({lucene(level.query)} {at_least(level.clauses, level.at_least)})")
        else:
            query = scored(level.query)
        key = count = None
        params: dict[str, str] = {}
        if level.clauses:
            key, count, params = held(level.clauses, spec.order.places)
        facet: dict = {}
        if _own_city_totals(spec):
            facet["_cities"] = {"type": "terms", "field": "city", "limit": -1 if spec.city_totals else 0,
                                "mincount": 1, "numBuckets": True}
        if spec.facets:  # field faceting: each facet leaves its own filter out; faster here than JSON terms facets
            params.update({"facet": "true", "facet.limit": "-1", "facet.mincount": "1", "facet.field": [
                f"{{!ex=f_{name} key={name}}}{FACET_BY_NAME[name].counted}" for name in spec.facets]})
            # a facet of few values is counted value by value, from the cached documents of each (enum)
            params.update({f"f.{FACET_BY_NAME[name].counted}.facet.method": "enum" for name in spec.facets
                           if FACET_BY_NAME[name].values == "few"})
        if level.clauses:
            facet["_full"] = {"type": "query", "q": at_least(level.clauses, len(level.clauses))}
        if spec.spellcheck:
            params.update({"spellcheck": "true", "spellcheck.q": " ".join(spec.spellcheck), "spellcheck.count": "50",
                           "spellcheck.extendedResults": "true"})
        body = {"query": query, "filter": filter_queries(spec.filters), "offset": spec.offset, "limit": spec.limit,
                "sort": sort_for(spec.order, level.query is not None, key),
                "fields": FIELDS + ",score" + (f",_held:{count}" if count else ""), "facet": facet, "params": params}
        r = self.select(body)
        return self._matched(r, spec)

    def _matched(self, r: dict, spec: MatchSpec) -> Matched:
        fr = r.get("facets", {})
        scored = spec.level.query is not None and spec.order.sort == "relevance"
        window = tuple(Ranked(d["id"], d["city"], float(d["score"]) if scored and "score" in d else None,
                              int(float(d["_held"])) if "_held" in d else None, StoredPassage.from_fields(d, "year"))
                       for d in r["response"]["docs"])
        counted = r.get("facet_counts", {}).get("facet_fields", {})
        facets = {}
        for name in spec.facets:
            flat = counted.get(name, [])
            facets[name] = FacetCounts.ordered(name, zip(flat[0::2], flat[1::2]))
        if _own_city_totals(spec):
            own = fr.get("_cities") or {}
            cities = [(b["val"], int(b["count"])) for b in own.get("buckets", [])]
            n_cities = own.get("numBuckets", len(cities))
        else:  # the city facet, unfiltered, counts the same passages
            cities = list(facets["city"].counts)
            n_cities = len(cities)
        totals = dict(cities) if spec.city_totals else {}
        full = int(fr.get("_full", {}).get("count", 0)) if spec.level.clauses else None
        return Matched(int(r["response"]["numFound"]), int(n_cities), window, full, facets, totals,
                       _spelling(r, spec.spellcheck))

    def counts(self, queries: tuple[Node, ...], filters: Filters) -> tuple[int, ...]:
        facet = {f"q{i}": {"type": "query", "q": lucene(q)} for i, q in enumerate(queries)}
        r = self.select({"query": "*:*", "filter": filter_queries(filters), "limit": 0, "facet": facet})
        return tuple(int(r.get("facets", {}).get(f"q{i}", {}).get("count", 0)) for i in range(len(queries)))

    def fetch(self, refs: Sequence[object]) -> list[StoredPassage]:
        if not refs:
            return []
        r = self.select({"query": "id:(" + " OR ".join(quote_value(str(x)) for x in refs) + ")", "limit": len(refs),
                         "fields": FIELDS})
        by_id = {d["id"]: StoredPassage.from_fields(d, "year") for d in r["response"]["docs"]}
        return [by_id[x] for x in refs]

    def profiles(self) -> list[StoredProfile]:
        r = self.select({"query": "head:1", "limit": 1_000_000, "fields": "profile,profile_json,passage_count",
                         "sort": "city_sort asc, profile asc"})
        return [p for p in map(StoredProfile.from_head, r["response"]["docs"]) if p is not None]

    def profile(self, slug: str) -> tuple[StoredProfile | None, list[StoredPassage]]:
        r = self.select({"query": f"profile:{quote_value(slug)}", "limit": 100_000, "sort": "order asc",
                         "fields": FIELDS + ",profile_json"})
        return StoredProfile.with_passages(slug, r["response"]["docs"], "year")

    def stats(self) -> IndexStats:
        r = self.select({"query": "*:*", "limit": 0, "facet": {"heads": {"type": "query", "q": "head:1"}}})
        return IndexStats(int(r["response"]["numFound"]), int(r.get("facets", {}).get("heads", {}).get("count", 0)),
                          self.generation, self.props.get("built_at"), self.props["versions"])


def _own_city_totals(spec: MatchSpec) -> bool:
    """Whether the passages per city need their own count (not the city facet's: filtered by city, or not asked)."""
    return "city" in spec.filters.facets or "city" not in spec.facets


def _spelling(r: dict, words: tuple[str, ...]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Candidates Solr's spellchecker found for the words the corpus lacks."""
    raw = r.get("spellcheck", {}).get("suggestions", [])
    items = list(zip(raw[0::2], raw[1::2])) if isinstance(raw, list) else list(raw.items())
    out = {}
    for word, info in items:
        if word in words and isinstance(info, dict):
            out[word] = tuple((s["word"], int(s.get("freq", 0))) if isinstance(s, dict) else (s, 0)
                              for s in info.get("suggestion", []))
    return out


class SolrEngine:
    """A collection (or alias) of a SolrCloud; thread-safe, one per app or CLI run."""

    name = "solr"

    def __init__(self, hosts: list[str], alias: str, url: str | None = None):
        self.hosts, self.alias = hosts, alias
        self.url = url or f"solr://{','.join(hosts)}/{alias}"
        self.http = SolrHttp(hosts, timeout=30)
        self._lock = threading.Lock()
        self._gen: tuple[float, str, dict] | None = None
        self._facets: tuple[float, str, dict] | None = None
        self._counts: tuple[str, dict] = ("", {})

    @classmethod
    def from_url(cls, url: str) -> "SolrEngine":
        hosts, alias = parse_url(url)
        return cls(hosts, alias, url)

    def generation(self) -> tuple[str, dict]:
        """(collection the alias points at, alias properties); read again every ALIAS_TTL_S."""
        with self._lock:
            if self._gen and time.monotonic() - self._gen[0] < ALIAS_TTL_S:
                return self._gen[1], self._gen[2]
        target, props = admin.alias_target(self.http, self.alias)
        if target is None:
            raise IndexMissing(self.url)
        with self._lock:
            self._gen = (time.monotonic(), target, props)
        return target, props

    def term_counts(self, generation: str) -> dict:
        """The term frequencies already asked of a collection, shared by its requests (they change only
        with the collection); forgotten past TERM_COUNTS_KEPT."""
        with self._lock:
            if self._counts[0] != generation or len(self._counts[1]) > TERM_COUNTS_KEPT:
                self._counts = (generation, {})
            return self._counts[1]

    def facet_values(self, view: SolrView) -> dict[str, tuple[str, ...]]:
        """Every value of each facet of a generation (cached for FACET_TTL_S)."""
        with self._lock:
            f = self._facets
            if f and f[1] == view.generation and time.monotonic() - f[0] < FACET_TTL_S:
                return f[2]
        names = KEYWORD_FIELDS
        facet = {n: {"type": "terms", "field": n, "limit": -1, "mincount": 1} for n in names}
        r = view.select({"query": "*:*", "limit": 0, "facet": facet})
        out = {n: tuple(sorted(str(b["val"]) for b in r.get("facets", {}).get(n, {}).get("buckets", []))) for n in names}
        with self._lock:
            self._facets = (time.monotonic(), view.generation, out)
        return out

    @contextmanager
    def view(self) -> Iterator[SolrView]:
        try:
            generation, props = self.generation()
        except SolrError as exc:
            if exc.status == 404:
                raise IndexMissing(self.url) from exc
            raise
        yield SolrView(self, generation, props)

    def answer(self, view: SolrView, work: Callable[[SolrView], T]) -> T:
        return work(view)

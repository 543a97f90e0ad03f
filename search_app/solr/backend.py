"""The SolrCloud backend behind the seam of :mod:`search_app.backend`: same requests, same results.

``SolrBackend.from_url("solr://127.0.0.1:8983/profiles").session()``
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from indexer.errors import IndexMissing
from indexer.values import fold

from . import cluster
from .http import SolrError, SolrHttp
from .session import SolrSession
from .terms import TermsReader

KEYWORD_FACETS = ("city", "country", "network", "section", "kind")


def parse_url(url: str) -> tuple[list[str], str]:
    """``parse_url("solr://127.0.0.1:8983,127.0.0.1:8984/profiles") == (["127.0.0.1:8983", "127.0.0.1:8984"], "profiles")``"""
    m = re.fullmatch(r"solr://([^/]+)/([A-Za-z0-9_.-]+)/?", url.strip())
    if not m:
        raise ValueError(f"a Solr backend is named solr://HOST:PORT[,HOST:PORT…]/COLLECTION, not '{url[:80]}'")
    hosts = [h.strip() for h in m.group(1).split(",") if h.strip()]
    return hosts, m.group(2)


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
        self._facet_cache: tuple[float, str, dict] | None = None

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
        """The corpus's words of a generation (cached for a few seconds)."""
        with self._lock:
            r = self._reader
            if r is None or r.stale or r.collection != generation:
                r = self._reader = TermsReader(self.http, generation)
            return r

    def facet_values(self, generation: str, session: SolrSession) -> dict[str, dict[str, str]]:
        """folded value → value, for every keyword facet (cached for a few seconds)."""
        with self._lock:
            if self._facet_cache and self._facet_cache[1] == generation and time.monotonic() - self._facet_cache[0] < 10:
                return self._facet_cache[2]
        facet = {name: {"type": "terms", "field": name, "limit": -1, "mincount": 1} for name in KEYWORD_FACETS}
        r = session.select({"query": "*:*", "limit": 0, "facet": facet})
        out = {name: {fold(b["val"]): b["val"] for b in r.get("facets", {}).get(name, {}).get("buckets", [])}
               for name in KEYWORD_FACETS}
        with self._lock:
            self._facet_cache = (time.monotonic(), generation, out)
        return out

    @contextmanager
    def session(self) -> Iterator[SolrSession]:
        try:
            generation, props = self.generation()
        except SolrError as exc:
            if exc.status == 404:
                raise IndexMissing(self.url) from exc
            raise
        yield SolrSession(self, generation, props)

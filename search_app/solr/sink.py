"""SolrCloud as an indexing sink (see :mod:`indexer.sink`): a full rebuild writes a new collection and
moves the alias to it (one update in ZooKeeper: readers see the old collection or the new one, never
half); an update deletes and adds the passages of changed files in the live collection, then commits.

Each passage's document is the indexer's (the same fields as the embedded index), its text fields
holding the shared analysis's terms. The head passage of every profile carries the manifest, so the
collection is its own.

``build(corpus, SolrSink.from_url("solr://127.0.0.1:8983/profiles"))``
"""

from __future__ import annotations

import json
import logging
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

from indexer import history
from indexer.analysis import index_terms
from indexer.corpus import Parsed, parse_many, unique_slugs
from indexer.documents import documents
from indexer.documents import versions as document_versions
from indexer.errors import BuildFailed
from indexer.lease import LeaseLock
from indexer.fields import FIELD_LANG, MULTI_VALUED
from indexer.sink import Job, LiveIndex, ManifestEntry, Written
from indexer.values import fold

from . import admin
from .compile import quote_value
from .engine import parse_url
from .http import SolrError, SolrHttp
from .lock import solr_lock

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
BATCH = 1000
PASSAGES_PER_SHARD = 500_000
#: seconds an old collection keeps answering after the alias moved away from it
SWAP_GRACE_S = 3.0
#: fields of the indexer's documents this schema holds differently (years) or not at all (the manifest column)
_NOT_AS_IS = frozenset({"years", "manifest"}) | MULTI_VALUED | frozenset(FIELD_LANG)


def solr_document(doc: dict) -> dict:
    """One passage as a Solr document, from the indexer's document of it (text fields analysed)."""
    out = {k: v for k, v in doc.items() if k not in _NOT_AS_IS and v not in (None, "")}
    if isinstance(out.get("history"), bytes):
        out["history"] = out["history"].decode("utf-8")
    for field, lang in FIELD_LANG.items():
        if doc.get(field):
            out[field] = " ".join(index_terms(doc[field], lang))
    years = list(doc.get("years") or ())
    if years:
        out["year"] = years
    for name in MULTI_VALUED - {"year"}:
        if doc.get(name):
            out[name] = doc[name].split()
    latest = max(years) if years else 0
    out.update(year_sort=latest, year_sort_old=latest or 10_000, city_sort=fold(doc.get("city") or ""))
    return out


class SolrSink:
    name = "solr"

    def __init__(self, hosts: list[str], alias: str, url: str, *, shards: int | None = None, replicas: int | None = None):
        self.http = SolrHttp(hosts, timeout=120)
        self.alias, self.target = alias, url
        self.shards, self.replicas = shards, replicas
        self._lock: LeaseLock | None = None

    @classmethod
    def from_url(cls, url: str, **layout) -> "SolrSink":
        hosts, alias = parse_url(url)
        return cls(hosts, alias, url, **layout)

    @contextmanager
    def lock(self, timeout: float) -> Iterator[str | None]:
        with solr_lock(self.http, self.alias, timeout) as lock:
            self._lock = lock
            try:
                yield lock.took_over
            finally:
                self._lock = None

    def versions(self) -> dict:
        return {"schema": SCHEMA_VERSION, **document_versions()}

    def _current(self) -> tuple[str | None, dict]:
        target, props = admin.alias_target(self.http, self.alias)
        return (target if target in admin.collections(self.http) else None), props

    def live(self) -> LiveIndex | None:
        target, props = self._current()
        if target is None:
            return None
        return LiveIndex(target, read_manifest(self.http, target), props["versions"])

    def times(self, sources: list[str] | None) -> history.Times:
        target, _ = self._current()
        return read_times(self.http, target, sources)

    def write_full(self, jobs: list[Job], previous: history.Times, now: int, progress) -> Written:
        skipped: list = []
        ok = unique_slugs(parse_many(jobs, progress), skipped)
        old, props = self._current()
        total = sum(len(r.passages) for r in ok)
        shards, replicas = layout(total, self.shards or _int(props.get("shards")), self.replicas or _int(props.get("replicas")))
        name = admin.new_collection_name(self.alias)
        admin.upload_configset(self.http)
        admin.create_collection(self.http, name, shards=shards, replicas=replicas)
        try:
            _write(self.http, name, ok, progress, previous, now)
            if progress:
                progress(0, 0, "committing")
            _commit(self.http, name)
            found = _counts(self.http, name)[0]
            if found != total:
                raise BuildFailed(f"the new collection holds {found} passages, not {total}")
        except BaseException as exc:
            try:
                admin.delete_collection(self.http, name)
            except SolrError:
                log.warning("could not delete the unfinished collection %s", name)
            if isinstance(exc, SolrError):
                raise BuildFailed(f"the build failed ({exc}); the previous index is still served") from exc
            raise
        self._check_lock()
        admin.set_alias(self.http, self.alias, name)
        chosen = {k: str(v) for k, v in (("shards", self.shards or _int(props.get("shards"))),
                                          ("replicas", self.replicas or _int(props.get("replicas")))) if v}
        admin.set_alias_properties(self.http, self.alias, {
            "built_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "versions": json.dumps(self.versions()),
            **chosen})
        if old and old != name:
            time.sleep(SWAP_GRACE_S)
        return Written(name, tuple(r.source for r in ok), tuple(skipped), total)

    def apply(self, live: LiveIndex, remove: list[str], parsed: list[Parsed], previous: history.Times,
              now: int) -> None:
        for i in range(0, len(remove), 200):
            chunk = remove[i:i + 200]
            self.http.post_json(f"/{live.name}/update",
                                {"delete": {"query": "source:(" + " OR ".join(quote_value(s) for s in chunk) + ")"}})
        _write(self.http, live.name, parsed, None, previous, now)
        self._check_lock()
        _commit(self.http, live.name)

    def _check_lock(self) -> None:
        if self._lock is not None:
            self._lock.check()

    def totals(self) -> tuple[int, int]:
        target, _ = self._current()
        return _counts(self.http, target) if target else (0, 0)

    def tidy(self) -> None:
        """Delete the collections of this alias that it no longer names (an earlier rebuild's, or one
        that a killed build left unfinished)."""
        target, _ = self._current()
        for name in admin.collections(self.http):
            if name != target and admin.is_generation_of(name, self.alias):
                try:
                    admin.delete_collection(self.http, name)
                except SolrError as exc:
                    log.warning("could not delete the collection %s: %s", name, exc)


def read_manifest(http: SolrHttp, collection: str) -> dict[str, ManifestEntry]:
    """source path → entry, from the head passage of every profile in the collection."""
    r = http.get(f"/{collection}/select", {"q": "head:1", "fl": "source,source_hash,profile,city,passage_count",
                                             "rows": "1000000", "sort": "id asc", "wt": "json"})
    return {d["source"]: ManifestEntry.from_head(d) for d in r["response"]["docs"]}


def read_times(http: SolrHttp, collection: str | None, sources: list[str] | None = None) -> history.Times:
    """When the passages of a collection (or of these sources in it) were first indexed and last changed."""
    out: history.Times = {}
    if not collection:
        return out
    groups = [None] if sources is None else [sources[i:i + 200] for i in range(0, len(sources), 200)]
    for chunk in groups:
        fq = [] if chunk is None else ["source:(" + " OR ".join(quote_value(s) for s in chunk) + ")"]
        try:
            r = http.get(f"/{collection}/select", {"q": "*:*", "fq": fq, "fl": "history", "rows": "10000000"})
        except SolrError:
            return out
        history.collect((d.get("history", "") for d in r["response"]["docs"]), out)
    return out


def _write(http: SolrHttp, collection: str, parsed: list[Parsed], progress, previous: history.Times, now: int) -> None:
    """Send the passages of parsed profiles in batches (visible only at the commit)."""
    batch: list[dict] = []
    for n, res in enumerate(parsed, 1):
        batch.extend(solr_document(d) for d in documents(res, previous, now))
        if len(batch) >= BATCH:
            http.post_json(f"/{collection}/update", batch)
            batch = []
        if progress:
            progress(n, len(parsed), "writing")
    if batch:
        http.post_json(f"/{collection}/update", batch)


def _commit(http: SolrHttp, collection: str) -> None:
    http.get(f"/{collection}/update", {"commit": "true", "waitSearcher": "true", "openSearcher": "true"})


def _counts(http: SolrHttp, collection: str) -> tuple[int, int]:
    total = http.get(f"/{collection}/select", {"q": "*:*", "rows": "0"})["response"]["numFound"]
    profiles = http.get(f"/{collection}/select", {"q": "head:1", "rows": "0"})["response"]["numFound"]
    return int(total), int(profiles)


def layout(passages: int, shards: int | None = None, replicas: int | None = None) -> tuple[int, int]:
    """(shards, replicas) of a new collection: as chosen (on the command line, or kept from the alias), else one
    shard per PASSAGES_PER_SHARD passages and two replicas. A shard splits a search's work only when each has a
    lot of it; below that, sending the search to every shard costs more than it saves.

    ``layout(90_000) == (1, 2)``; ``layout(1_200_000) == (3, 2)``; ``layout(90_000, shards=2) == (2, 2)``
    """
    return shards or max(1, -(-passages // PASSAGES_PER_SHARD)), replicas or 2


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def build_solr(corpus_dir, url: str, *, full: bool = False, shards: int | None = None, replicas: int | None = None,
               **options):
    """Bring the collection behind a URL's alias in line with a corpus (see :func:`indexer.build.build`)."""
    from indexer.build import build

    return build(corpus_dir, SolrSink.from_url(url, shards=shards, replicas=replicas), full=full, **options)

"""Corpus → SolrCloud: incremental updates from file hashes, full rebuilds into a new collection + alias swap.

Files are read, parsed and split by the indexer's own functions; each passage becomes one Solr
document (the same fields as the embedded index). The head passage of every profile carries its
source path, content hash, passage count and parsed profile, so the collection is its own manifest.

``build_solr("corpus", "solr://127.0.0.1:8983/profiles").added``
"""

from __future__ import annotations

import functools
import json
import logging
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from indexer import history
from indexer.analysis import name_analyzer, text_analyzer
from indexer.build import (BuildSummary, ManifestEntry, _documents, _parse_many, _rel, parse_changes, plan_changes,
                           scan_corpus, unique_slugs)
from indexer.errors import BuildFailed
from indexer.read import DEFAULT_MAX_BYTES
from indexer.schema import versions
from indexer.values import fold

from . import cluster
from .http import SolrError, SolrHttp

log = logging.getLogger(__name__)

BATCH = 1000
#: seconds an old collection keeps answering after the alias moved away from it
SWAP_GRACE_S = 3.0


@functools.cache
def _analyzers() -> dict:
    return {"text_en": text_analyzer("en"), "text_fr": text_analyzer("fr"), "heading_text": text_analyzer("en"),
            "city_text": name_analyzer(), "spell": name_analyzer()}


def analysed(field: str, text: str) -> str:
    """A text field's terms as the embedded index holds them, space-separated: ``analysed("text_en", "Preventing
    crime") == "prevent crime"``."""
    return " ".join(t.text for t in _analyzers()[field](text))


def solr_document(doc: dict) -> dict:
    """One passage as a Solr document, from the embedded index's document of it (text fields analysed)."""
    out = {k: doc[k] for k in ("id", "profile", "source", "city", "section", "kind", "heading", "lang", "text",
                               "city_text", "spell", "order", "country", "network", "text_en", "text_fr",
                               "heading_text", "head", "source_hash", "passage_count", "profile_json",
                               "first_indexed", "changed")
           if doc.get(k) not in (None, "")}
    if doc.get("history"):
        out["history"] = doc["history"].decode("utf-8") if isinstance(doc["history"], bytes) else doc["history"]
    years = list(doc.get("years") or ())
    if years:
        out["year"] = years
    for name in _analyzers():
        if name in out:
            out[name] = analysed(name, out[name])
    ys = max(years) if years else 0
    out["year_sort"] = ys
    out["year_sort_old"] = ys or 10_000
    out["city_sort"] = fold(doc.get("city") or "")
    return out


def _post(http: SolrHttp, collection: str, docs: list[dict]) -> None:
    if docs:
        http.post_json(f"/{collection}/update", docs)


def read_times(http: SolrHttp, collection: str | None, sources: list[str] | None = None) -> history.Times:
    """When the passages of a collection (or of these sources in it) were first indexed and last changed."""
    out: history.Times = {}
    if not collection:
        return out
    from .query import quote_value

    groups = [None] if sources is None else [sources[i:i + 200] for i in range(0, len(sources), 200)]
    for chunk in groups:
        if chunk == []:
            continue
        fq = [] if chunk is None else ["source:(" + " OR ".join(quote_value(s) for s in chunk) + ")"]
        try:
            r = http.get(f"/{collection}/select", {"q": "*:*", "fq": fq, "fl": "history", "rows": "10000000"})
        except SolrError:
            return out
        for d in r["response"]["docs"]:
            entry = history.decode(d.get("history", "").encode("utf-8"))
            if entry:
                out.setdefault(entry[0], {})[entry[1]] = (entry[2], entry[3])
    return out


def _write(http: SolrHttp, collection: str, parsed: list, progress, previous: history.Times) -> None:
    """Send the passages of parsed profiles in batches (visible only at the commit)."""
    now = history.now_ms()
    batch: list[dict] = []
    for n, res in enumerate(parsed, 1):
        batch.extend(solr_document(d) for d in _documents(res, previous, now))
        if len(batch) >= BATCH:
            _post(http, collection, batch)
            batch = []
        if progress:
            progress(n, len(parsed), "writing")
    _post(http, collection, batch)


def _commit(http: SolrHttp, collection: str) -> None:
    http.get(f"/{collection}/update", {"commit": "true", "waitSearcher": "true", "openSearcher": "true"})


def read_manifest(http: SolrHttp, collection: str) -> dict[str, ManifestEntry]:
    """source path → entry, from the head passage of every profile in the collection."""
    r = http.get(f"/{collection}/select", {"q": "head:1", "fl": "source,source_hash,profile,city,passage_count",
                                             "rows": "1000000", "sort": "id asc", "wt": "json"})
    out = {}
    for d in r["response"]["docs"]:
        out[d["source"]] = ManifestEntry(d["source"], d.get("source_hash", ""), d["profile"], d["city"],
                                         int(d.get("passage_count") or 0))
    return out


def _counts(http: SolrHttp, collection: str) -> tuple[int, int]:
    total = http.get(f"/{collection}/select", {"q": "*:*", "rows": "0"})["response"]["numFound"]
    profiles = http.get(f"/{collection}/select", {"q": "head:1", "rows": "0"})["response"]["numFound"]
    return int(total), int(profiles)


def _layout(http: SolrHttp, collection: str) -> tuple[int, int]:
    """(shards, replicas per shard) of an existing collection."""
    try:
        state = http.get("/admin/collections", {"action": "CLUSTERSTATUS", "collection": collection})
        c = state["cluster"]["collections"][collection]
        shards = c["shards"]
        return len(shards), max(len(s["replicas"]) for s in shards.values())
    except (SolrError, KeyError, ValueError):
        return 2, 2


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_solr(
    corpus_dir: str | Path,
    url: str,
    *,
    full: bool = False,
    shards: int | None = None,
    replicas: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildSummary:
    """Bring the collection behind the URL's alias in line with the corpus (incremental unless `full`)."""
    from .backend import parse_url

    started = time.perf_counter()
    hosts, alias = parse_url(url)
    http = SolrHttp(hosts, timeout=120)
    files, skipped = scan_corpus(corpus_dir)
    root = Path(corpus_dir)
    props = cluster.alias_properties(http).get(alias, {})
    current = cluster.aliases(http).get(alias)
    reason = "requested (--full)" if full else None
    if current is None or current not in cluster.collections(http):
        current, reason = None, reason or "no index yet"
    elif not full and props.get("versions") and json.loads(props["versions"]) != versions():
        reason = f"index format changed ({props['versions']} → {versions()})"
    if reason:
        layout = _layout(http, current) if current else (2, 2)
        summary = _full(http, alias, current, root, files, skipped, max_bytes, progress, reason,
                        shards or layout[0], replicas or layout[1])
    else:
        summary = _incremental(http, current, root, files, skipped, max_bytes, progress)
    return replace(summary, seconds=round(time.perf_counter() - started, 3))


def _full(http, alias, old, root, files, skipped, max_bytes, progress, reason, shards, replicas) -> BuildSummary:
    jobs = [(str(p), _rel(root, p), max_bytes) for p in files]
    parsed = _parse_many(jobs, progress)
    skipped = list(skipped)
    ok = unique_slugs(parsed, skipped)
    name = cluster.new_collection_name(alias)
    cluster.upload_configset(http)
    cluster.create_collection(http, name, shards=shards, replicas=replicas)
    try:
        _write(http, name, ok, progress, read_times(http, old))
        if progress:
            progress(0, 0, "committing")
        _commit(http, name)
        total, profiles = _counts(http, name)
        if total != sum(len(r.passages) for r in ok):
            raise BuildFailed(f"the new collection holds {total} passages, not {sum(len(r.passages) for r in ok)}")
    except BaseException as exc:
        try:
            cluster.delete_collection(http, name)
        except SolrError:
            log.warning("could not delete the unfinished collection %s", name)
        if isinstance(exc, SolrError):
            raise BuildFailed(f"the build failed ({exc}); the previous index is still served") from exc
        raise
    # the swap: one alias update in ZooKeeper; readers see the old collection or the new one, never half
    cluster.set_alias(http, alias, name)
    cluster.set_alias_properties(http, alias, {"built_at": _now(), "versions": json.dumps(versions())})
    if old and old != name:
        time.sleep(SWAP_GRACE_S)
        try:
            cluster.delete_collection(http, old)
        except SolrError as exc:
            log.warning("could not delete the previous collection %s: %s", old, exc)
    total = sum(len(r.passages) for r in ok)
    return BuildSummary(mode="full", generation=name, added=tuple(r.source for r in ok), skipped=tuple(skipped),
                        passages_written=total, passages_total=total, profiles_total=len(ok), full_reason=reason)


def _incremental(http, collection, root, files, skipped, max_bytes, progress) -> BuildSummary:
    manifest = read_manifest(http, collection)
    plan = plan_changes(root, files, skipped, manifest, max_bytes)
    ok = parse_changes(plan, manifest, max_bytes, progress)
    new, changed, gone, renamed, unchanged, skipped = (plan.new, plan.changed, plan.gone, plan.renamed,
                                                       plan.unchanged, plan.skipped)
    failed_changed = sorted({s.path for s in skipped} & set(changed))
    removed_sources = gone + [r.source for r in ok if r.source in manifest] + failed_changed
    if ok or removed_sources:
        from .query import quote_value

        for i in range(0, len(removed_sources), 200):
            chunk = removed_sources[i:i + 200]
            http.post_json(f"/{collection}/update",
                           {"delete": {"query": "source:(" + " OR ".join(quote_value(s) for s in chunk) + ")"}})
        _write(http, collection, ok, progress,
               read_times(http, collection, [r.source for r in ok] + [a for a, _ in renamed]))
        _commit(http, collection)
    total, profiles = _counts(http, collection)
    ok_sources = {r.source for r in ok}
    renamed_new = {b for _, b in renamed}
    renamed_old = {a for a, _ in renamed}
    return BuildSummary(
        mode="incremental", generation=collection,
        added=tuple(r for r in new if r in ok_sources and r not in renamed_new),
        updated=tuple(r for r in changed if r in ok_sources),
        removed=tuple(r for r in gone + failed_changed if r not in renamed_old),
        renamed=tuple(renamed), unchanged=unchanged, skipped=tuple(skipped),
        passages_written=sum(len(r.passages) for r in ok), passages_total=total, profiles_total=profiles,
    )

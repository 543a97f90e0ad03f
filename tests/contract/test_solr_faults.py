"""SolrCloud under faults: a node killed while clients search, a full rebuild while clients search."""

from __future__ import annotations

import threading
import time

import pytest

from search_app.models import request_from_params

QUERIES = ["cctv", "crime prevention", "FFSU", "youth OR juvenile", "network", "\"urban security\"", "training"]


def _searchers(url: str, seconds: float, expected: dict[str, int] | None, n: int = 4, stop: threading.Event | None = None):
    """Start n client threads searching for at most `seconds` (or until `stop`); returns (threads, stats dict)."""
    from search_app.backend import open_backend

    backend = open_backend(url)
    stats = {"ok": 0, "failed": [], "wrong": []}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(k: int) -> None:
        i = k
        while time.monotonic() < stop_at and not (stop is not None and stop.is_set()):
            q = QUERIES[i % len(QUERIES)]
            i += 1
            try:
                with backend.session() as s:
                    total = s.search(request_from_params({"q": [q]})).total
            except Exception as exc:  # every failure is recorded, none is lost
                with lock:
                    stats["failed"].append(f"{q}: {type(exc).__name__}: {exc}")
                continue
            with lock:
                stats["ok"] += 1
                if expected is not None and total != expected[q]:
                    stats["wrong"].append((q, total, expected[q]))

    threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(n)]
    for t in threads:
        t.start()
    return threads, stats


def _expected(url: str) -> dict[str, int]:
    from search_app.backend import open_backend

    with open_backend(url).session() as s:
        return {q: s.search(request_from_params({"q": [q]})).total for q in QUERIES}


@pytest.fixture(scope="module")
def fault_url(solr_cluster, contract_corpus):
    from search_app.solr.sink import build_solr

    _, state = solr_cluster
    url = state.url("faults")
    build_solr(contract_corpus, url, full=True, shards=2, replicas=2)
    return url


def test_killed_node_loses_no_request_and_rejoins(solr_cluster, fault_url):
    from search_app import local_solr as cluster
    from search_app.solr import admin
    from search_app.solr.http import SolrHttp

    state_dir, state = solr_cluster
    expected = _expected(fault_url)
    threads, stats = _searchers(fault_url, 14.0, expected)
    time.sleep(3.0)
    cluster.kill_node(state_dir, 1)  # SIGKILL: no goodbye to ZooKeeper
    for t in threads:
        t.join(60)
    assert stats["failed"] == [] and stats["wrong"] == []
    assert stats["ok"] > 20
    # the restarted node rejoins and its replicas recover
    st = cluster.ClusterState.load(state_dir)
    cluster.start_node(state_dir, st, 1)
    cluster.wait_live(st, 2, 120, state_dir)
    http = SolrHttp(st.hosts)
    cluster.wait_active(http, admin.aliases(http)["faults"], 120)
    assert _expected(fault_url) == expected


def test_full_rebuild_while_searching_loses_no_request(solr_cluster, fault_url, contract_corpus):
    from search_app import local_solr as cluster
    from search_app.solr import admin
    from search_app.solr.http import SolrHttp
    from search_app.solr.sink import build_solr

    _, state = solr_cluster
    http = SolrHttp(state.hosts)
    before = admin.aliases(http)["faults"]
    expected = _expected(fault_url)
    stop = threading.Event()
    threads, stats = _searchers(fault_url, 120.0, expected, stop=stop)
    try:
        summary = build_solr(contract_corpus, fault_url, full=True)
        time.sleep(2.0)  # searches keep going on the new collection
    finally:
        stop.set()
    for t in threads:
        t.join(90)
    assert summary.generation != before and admin.aliases(http)["faults"] == summary.generation
    assert before not in admin.collections(http)  # the old collection is gone once the alias moved
    assert stats["failed"] == [] and stats["wrong"] == []
    assert stats["ok"] > 20

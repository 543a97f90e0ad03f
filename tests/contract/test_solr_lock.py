"""Indexing runs against one SolrCloud alias never interleave, and a run killed at any point leaves the
previous collection serving; the next run takes the lock over, cleans up and converges."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from indexer.errors import LockHeld
from search_app.backend import open_backend
from search_app.cli import main
from search_app.models import request_from_params
from search_app.solr import admin
from search_app.solr.http import SolrHttp
from search_app.solr.lock import solr_lock
from search_app.solr.sink import build_solr
from tests.conftest import ROOT

LEASE = "3"  # seconds: a killed run's lock runs out quickly here


def totals(url: str) -> dict:
    with open_backend(url).session() as s:
        stats = s.stats()
        return {"passages": stats.passages, "profiles": stats.profiles,
                "cctv": s.search(request_from_params({"q": ["cctv"]})).total}


def per_profile(url: str) -> dict:
    with open_backend(url).session() as s:
        return {c.slug: c.passages for c in s.list_cities()}


@pytest.fixture()
def corpus_copy(contract_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(contract_corpus, corpus)
    return corpus


def test_a_second_run_waits_then_stops_saying_who_holds_the_lock(solr_cluster, corpus_copy):
    _, state = solr_cluster
    url = state.url("lockwait")
    build_solr(corpus_copy, url, full=True)
    with solr_lock(SolrHttp(state.hosts), "lockwait", timeout=5):
        with pytest.raises(LockHeld, match=r"holds the lock on lockwait since .* \(pid \d+ on "):
            build_solr(corpus_copy, url, lock_timeout=1)
        result = CliRunner().invoke(main, ["index", "--corpus", str(corpus_copy), "--backend", url, "--wait", "1"])
        assert result.exit_code == 3 and "holds the lock" in result.output and "Traceback" not in result.output
    assert build_solr(corpus_copy, url, lock_timeout=5).mode == "incremental"


def _new_generation(http: SolrHttp, alias: str, known: set[str]) -> bool:
    return any(admin.is_generation_of(c, alias) and c not in known for c in admin.collections(http))


def test_a_killed_full_rebuild_leaves_the_previous_collection_serving_and_no_orphan_after_the_next_run(
        solr_cluster, corpus_copy):
    _, state = solr_cluster
    url, http = state.url("crash"), SolrHttp(state.hosts)
    build_solr(corpus_copy, url, full=True)
    before, target = totals(url), admin.aliases(http)["crash"]
    (corpus_copy / "amiens.txt").write_text((corpus_copy / "amiens.txt").read_text("utf-8") + "\nNew line.\n", "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "search_app.cli", "index", "--full", "--quiet", "--corpus",
                             str(corpus_copy), "--backend", url], cwd=ROOT, start_new_session=True,
                            env={**os.environ, "PROFILE_SEARCH_SOLR_LEASE": LEASE},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not _new_generation(http, "crash", {target}) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert admin.aliases(http)["crash"] == target  # the alias never moved
    assert totals(url) == before
    summary = build_solr(corpus_copy, url, full=True, lock_timeout=30)
    assert summary.stale_lock and "taken over" in summary.stale_lock
    assert [c for c in admin.collections(http) if admin.is_generation_of(c, "crash")] == [summary.generation]
    assert admin.aliases(http)["crash"] == summary.generation


def test_an_incremental_run_killed_half_way_is_repaired_by_the_next_run(solr_cluster, corpus_copy, tmp_path):
    _, state = solr_cluster
    url, fresh = state.url("halfway"), state.url("halfway_fresh")
    build_solr(corpus_copy, url, full=True)
    for name in sorted(p.name for p in corpus_copy.iterdir())[:3]:  # three changed profiles, one gone, one new
        p = corpus_copy / name
        p.write_text(p.read_text("utf-8") + "\nThe city opened a night-time mediation service in 2024.\n", "utf-8")
    gone = sorted(corpus_copy.iterdir())[-1]
    gone.unlink()
    shutil.copy(corpus_copy / "amiens.txt", corpus_copy / "zz-amiens-copy.txt")
    run = subprocess.run([sys.executable, "-m", "tests.contract.interrupted_update", url, str(corpus_copy)], cwd=ROOT,
                         env={**os.environ, "PROFILE_SEARCH_SOLR_LEASE": LEASE}, capture_output=True, text=True)
    assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
    with open_backend(url).session() as s:  # still answering, from what was committed before
        assert s.search(request_from_params({"q": ["cctv"]})).total > 0
    summary = build_solr(corpus_copy, url, lock_timeout=30)
    assert summary.stale_lock
    build_solr(corpus_copy, fresh, full=True)
    assert per_profile(url) == per_profile(fresh)
    assert totals(url) == totals(fresh)

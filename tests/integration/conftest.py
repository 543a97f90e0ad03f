"""Fixtures for index-lifecycle tests: a synthetic corpus, a real index of it, and helpers to run the CLI."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYNTH_PROFILES = 100
QUERIES = ("prevention", "CCTV", "juvenile justice", "mediation", "securite")


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def synth_corpus_master(tmp_path_factory) -> Path:
    """A synthetic corpus of SYNTH_PROFILES profiles (bench/generate.py), generated once."""
    out = tmp_path_factory.mktemp("synth") / "corpus"
    _generator().generate(SYNTH_PROFILES, out)
    return out


@pytest.fixture(scope="session")
def synth_index_master(synth_corpus_master, tmp_path_factory) -> Path:
    """A real index of the synthetic corpus, built once (copy it before changing it)."""
    from indexer.build import build_index

    index_dir = tmp_path_factory.mktemp("synth-index") / "index"
    build_index(synth_corpus_master, index_dir)
    return index_dir


@pytest.fixture()
def synth(tmp_path, synth_corpus_master, synth_index_master) -> tuple[Path, Path]:
    """(corpus, index) copies this test may change freely."""
    corpus = tmp_path / "corpus"
    index_dir = tmp_path / "index"
    shutil.copytree(synth_corpus_master, corpus)
    shutil.copytree(synth_index_master, index_dir)
    return corpus, index_dir


def totals(index_dir: Path, queries=QUERIES) -> dict[str, int]:
    """Hit totals of a few queries on a freshly opened handle: what a reader would see."""
    from search_app.backend import open_backend
    from tests.conftest import run_search

    handle = open_backend(index_dir)
    return {q: run_search(handle, q=q).total for q in queries}


def cli(*args: str) -> list[str]:
    """The command line of `profile-search` in this interpreter."""
    return [sys.executable, "-c", "from search_app.cli import main; main()", *args]


def start_index(corpus: Path, index_dir: Path, *extra: str) -> subprocess.Popen:
    """`profile-search index` in its own process group (so a kill reaches its workers too)."""
    return subprocess.Popen(
        cli("index", "--corpus", str(corpus), "--index", str(index_dir), "--quiet", *extra),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, cwd=ROOT,
    )


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL a process started by :func:`start_index` and every process it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate(timeout=30)


def wait_for(predicate, timeout: float = 20.0, poll: float = 0.02) -> bool:
    """Poll until predicate() is true; False when the time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(poll)
    return False

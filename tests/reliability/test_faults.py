"""Faults during rebuilds: SIGKILLed index runs and a full disk never stop the site answering."""

from __future__ import annotations

import errno
import json
import random
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from indexer.whoosh import store
from indexer.build import build_index
from indexer.errors import BuildFailed
from search_app.backend import open_backend
from tests.conftest import run_search
from tests.reliability.conftest import CLI
from tests.reliability.figures import save

KILLS = 20


def make_corpus(root: Path, n: int) -> Path:
    from bench.generate import generate

    corpus = root / "corpus"
    generate(n, corpus, seed=11)
    return corpus


def fetch_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:  # a busy machine can be slow, never wrong
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


class Poller(threading.Thread):
    """Queries the server in a loop; records every answer that is not a consistent 200."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base = base
        self.stop_event = threading.Event()
        self.requests = 0
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                status, body = fetch_json(self.base + "/api/search?q=prevention&size=3&facet_size=10000")
            except OSError as exc:  # refused, reset or timed out: a failed request all the same
                self.requests += 1
                self.errors.append(f"request failed: {exc}")
                continue
            self.requests += 1
            if status != 200:
                self.errors.append(f"status {status}")
                continue
            if body["total"] != sum(v["count"] for v in body["facets"]["city"]):
                self.errors.append(f"inconsistent: total {body['total']} vs city counts")

    def stop(self) -> None:
        self.stop_event.set()
        self.join(30)


def test_sigkilled_index_runs_leave_the_site_answering(tmp_path, server_factory):
    corpus = make_corpus(tmp_path, 150)
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    server = server_factory(index_dir)
    poller = Poller(server.url)
    poller.start()
    rng = random.Random(7)
    files = sorted(corpus.iterdir())
    kills = runs = 0
    try:
        while kills < KILLS and runs < 2 * KILLS:
            i = runs
            runs += 1
            # change the corpus a little, then start a run and kill it at a random moment
            victim = files[i % len(files)]
            victim.write_text(victim.read_text("utf-8") + f"\nChange number {i} about street lighting.\n", "utf-8")
            args = [CLI, "index", "--corpus", str(corpus), "--index", str(index_dir), "--quiet", "--wait", "5"]
            if i % 2 == 0:
                args.append("--full")
            proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, 2.0))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait(30)
            status, health = fetch_json(server.url + "/healthz")
            assert status == 200, f"after kill {i}: {status}"
    finally:
        poller.stop()
    assert kills >= KILLS, f"only {kills} of {runs} runs were still running when killed"
    time.sleep(2)
    assert _processes_mentioning(str(corpus)) == [], "killed index runs left processes behind"
    assert poller.errors == [], poller.errors[:5]
    # the next run recovers: completes, takes over the stale lock, leaves one generation
    done = subprocess.run([CLI, "index", "--corpus", str(corpus), "--index", str(index_dir), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    live = store.current_name(index_dir)
    assert [p.name for p in store.generations(index_dir)] == [live]
    assert not (index_dir / "write.lock").exists()
    assert run_search(open_backend(index_dir), q="street lighting").total >= 1
    save("sigkill", {"kills": kills, "runs": runs, "requests_during": poller.requests, "errors": len(poller.errors)})


def _processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains `text` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if text in cmd and state != "Z":
            found.append(int(entry.name))
    return found


class _FullDisk:
    """A file object that fails with ENOSPC once `budget` bytes have been written through all of them."""

    def __init__(self, fh, budget: list[int]):
        self._fh = fh
        self._budget = budget

    def write(self, data):
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)


@pytest.mark.parametrize("full", [True, False])
def test_full_disk_fails_clearly_and_keeps_the_old_index(tmp_path, monkeypatch, full):
    corpus = make_corpus(tmp_path, 40)
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    h = open_backend(index_dir)
    before = run_search(h, q="prevention").total
    live_before = store.current_name(index_dir)
    for p in sorted(corpus.iterdir())[:10]:
        p.write_text(p.read_text("utf-8") + "\nA new paragraph about nightlife and street lighting.\n", "utf-8")

    from whoosh.filedb import filestore

    real_create = filestore.FileStorage.create_file
    budget = [20_000]

    def create_file(self, name, *args, **kwargs):
        f = real_create(self, name, *args, **kwargs)
        f.file = _FullDisk(f.file, budget)
        return f

    monkeypatch.setattr(filestore.FileStorage, "create_file", create_file)
    with pytest.raises(BuildFailed) as err:
        build_index(corpus, index_dir, full=full)
    monkeypatch.undo()
    assert "No space left on device" in str(err.value) and "previous index is still served" in str(err.value)
    assert store.current_name(index_dir) == live_before
    assert run_search(open_backend(index_dir), q="prevention").total == before
    assert run_search(open_backend(index_dir), q="nightlife street lighting").total == run_search(h, q="nightlife street lighting").total
    # with space again, the next run completes
    summary = build_index(corpus, index_dir)
    assert not summary.skipped
    assert run_search(open_backend(index_dir), q='"street lighting"').total >= 10
    save(f"full_disk_{'full' if full else 'incremental'}", {"message": str(err.value), "recovered": True})

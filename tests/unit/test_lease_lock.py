"""The indexing lock of cluster backends (indexer.lease) over a store kept in memory with the same
optimistic concurrency a cluster gives: one holder at a time, a wait that ends with who holds it, a dead
holder's lease taken over once it ran out, a lost lease noticed before the alias moves."""

from __future__ import annotations

import threading
import time

import pytest

from indexer.errors import BuildFailed, LockHeld
from indexer.lease import ABSENT, LeaseLock


class MemoryStore:
    """One record with a version, written only over the version last read (as Solr's ``_version_``)."""

    def __init__(self):
        self.record: dict | None = None
        self.version = 0
        self.guard = threading.Lock()

    def prepare(self) -> None:
        pass

    def read(self):
        with self.guard:
            return (dict(self.record), self.version) if self.record else None

    def write(self, record: dict, version: int):
        with self.guard:
            if (version == ABSENT) != (self.record is None) or (self.record is not None and version != self.version):
                return None
            self.record, self.version = dict(record), self.version + 1
            return self.version

    def delete(self, version: int) -> None:
        with self.guard:
            if self.record is not None and version == self.version:
                self.record = None


def test_a_second_run_waits_then_says_who_holds_the_lock():
    store = MemoryStore()
    with LeaseLock(store, "profiles", timeout=1):
        started = time.monotonic()
        with pytest.raises(LockHeld, match=r"holds the lock on profiles since \d{4}-\d\d-\d\dT.*\(pid \d+ on "):
            LeaseLock(store, "profiles", timeout=0.6).__enter__()
        assert time.monotonic() - started >= 0.5
    assert store.record is None  # released on a clean exit
    with LeaseLock(store, "profiles", timeout=0.1) as lock:
        assert lock.took_over is None


def test_two_runs_never_hold_it_together():
    store, inside, most = MemoryStore(), [0], [0]

    def run():
        with LeaseLock(store, "profiles", timeout=10):
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            inside[0] -= 1

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1 and store.record is None


def test_a_dead_runs_lock_is_taken_over_once_its_lease_ran_out():
    store = MemoryStore()
    store.write({"lock_holder": "pid 4242 on elsewhere", "lock_since": 0, "lock_until": int(time.time() * 1000) + 400},
                ABSENT)
    with pytest.raises(LockHeld, match="pid 4242 on elsewhere"):
        LeaseLock(store, "profiles", timeout=0.1).__enter__()  # the lease still runs
    time.sleep(0.5)
    with LeaseLock(store, "profiles", timeout=1) as lock:
        assert lock.took_over and "pid 4242 on elsewhere" in lock.took_over
        assert store.read()[0]["lock_holder"] == lock.holder


def test_a_holder_renews_its_lease_and_notices_when_it_lost_it():
    store = MemoryStore()
    with LeaseLock(store, "profiles", timeout=1, lease=0.3) as lock:
        time.sleep(0.5)  # past the first lease: renewed meanwhile
        assert store.read()[0]["lock_until"] > time.time() * 1000
        lock.check()
        record, version = store.read()
        store.write({**record, "lock_holder": "another run"}, version)  # taken over behind its back
        time.sleep(0.3)
        assert lock.lost
        with pytest.raises(BuildFailed, match="lost the indexing lock on profiles"):
            lock.check()
    assert store.read()[0]["lock_holder"] == "another run"  # the newer holder's record is left alone

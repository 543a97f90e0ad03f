"""One indexing run at a time across machines: a lease on one record in a store the whole cluster shares.

A cluster backend's sink lends a :class:`LeaseStore` (a record it can read, and write only over the
version it read: optimistic concurrency); this module does the rest, once for every such backend. The
record is created only if absent and renewed only by whoever wrote its current version. Its holder renews
the lease while it runs; a holder that dies (even by SIGKILL) stops renewing, and once the lease has run
out the next run takes the lock over and says so. A run that finds the lock held waits up to its timeout,
then stops with who holds it and since when.

``with LeaseLock(store, "profiles", timeout=30) as lock: …`` (``lock.took_over``: a note, or None)
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import datetime, timezone
from typing import Protocol

from .errors import BuildFailed, IndexerError, LockHeld
from .history import now_ms

log = logging.getLogger(__name__)

#: seconds a lock stays held without being renewed (PROFILE_SEARCH_SOLR_LEASE, read by every cluster backend)
LEASE_S = float(os.environ.get("PROFILE_SEARCH_SOLR_LEASE", "60"))
#: version to write with when the record must not exist yet
ABSENT = -1


class LeaseStore(Protocol):
    def prepare(self) -> None:
        """Make sure the record's place exists (e.g. a small collection)."""

    def read(self) -> tuple[dict, int] | None:
        """The record and its version, or None when nobody holds the lock."""

    def write(self, record: dict, version: int) -> int | None:
        """Write the record over `version` (ABSENT: create it); its new version, None when another run wrote
        first. Errors of the store raise IndexerError."""

    def delete(self, version: int) -> None:
        """Remove the record if it still has `version`."""


class LeaseLock:
    def __init__(self, store: LeaseStore, name: str, timeout: float = 30.0, lease: float | None = None):
        self.store, self.name, self.timeout = store, name, timeout
        self.lease = lease or LEASE_S
        self.holder = f"pid {os.getpid()} on {socket.gethostname()}"
        self.took_over: str | None = None
        self.lost = False
        self._version: int | None = None
        self._since = 0
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def __enter__(self) -> "LeaseLock":
        self.store.prepare()
        deadline = time.monotonic() + self.timeout
        while True:
            found = self.store.read()
            if found is None and self._write(ABSENT, now_ms()):
                break
            current, version = found or ({}, ABSENT)
            if found is not None and current.get("lock_until", 0) < now_ms():
                if self._write(version, now_ms()):
                    self.took_over = (f"stale lock from {current.get('lock_holder', '?')} (since "
                                      f"{_iso(current.get('lock_since'))}) taken over")
                    log.warning("%s", self.took_over)
                    break
            elif found is not None and time.monotonic() >= deadline:
                raise LockHeld(f"another indexing run holds the lock on {self.name} since "
                               f"{_iso(current.get('lock_since'))} ({current.get('lock_holder', '?')}); "
                               "wait for it to finish or pass a longer --wait")
            time.sleep(0.25)
        self._renewer = threading.Thread(target=self._renew, name="indexing-lock-lease", daemon=True)
        self._renewer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(5)
        try:
            self.store.delete(self._version)
        except IndexerError as e:  # lost to a newer holder, or the cluster is down: the lease runs out anyway
            log.warning("could not release the indexing lock on %s: %s", self.name, e)

    def check(self) -> None:
        """Raise BuildFailed when the lease was lost (another run took the lock over)."""
        if self.lost:
            raise BuildFailed(f"this run lost the indexing lock on {self.name} (its lease ran out); "
                              "the previous index is still served — run the build again")

    def _write(self, version: int, since: int) -> bool:
        record = {"lock_holder": self.holder, "lock_since": since, "lock_until": now_ms() + int(self.lease * 1000)}
        new = self.store.write(record, version)
        if new is None:
            return False
        self._version, self._since = new, since
        return True

    def _renew(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                if not self._write(self._version, self._since):
                    self.lost = True
                    log.error("the indexing lock on %s was taken over by another run", self.name)
                    return
            except IndexerError as e:
                log.warning("could not renew the indexing lock on %s: %s", self.name, e)


def _iso(ms) -> str:
    return datetime.fromtimestamp(int(ms or 0) / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

"""One indexing run at a time per alias, across machines: a lock document in the cluster.

The lock is a document (id = the alias) in a small collection of its own (``<alias>_locks``), written
with Solr's optimistic concurrency: it is created only if absent (``_version_: -1``), renewed and
released only by whoever wrote its current version. It holds a lease that its holder renews while it
runs; a holder that dies (even by SIGKILL) stops renewing, and once the lease has run out the next run
takes the lock over and says so. A run that finds the lock held waits up to its timeout, then stops
with who holds it and since when.

``with SolrLock(http, "profiles", timeout=30) as lock: …`` (``lock.took_over``: a note, or None)
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import datetime, timezone

from indexer.errors import BuildFailed, LockHeld

from . import admin
from .http import SolrError, SolrHttp

log = logging.getLogger(__name__)

#: seconds a lock stays held without being renewed (PROFILE_SEARCH_SOLR_LEASE)
LEASE_S = float(os.environ.get("PROFILE_SEARCH_SOLR_LEASE", "60"))


class SolrLock:
    def __init__(self, http: SolrHttp, alias: str, timeout: float = 30.0, lease: float | None = None):
        self.http, self.alias, self.timeout = http, alias, timeout
        self.lease = lease or LEASE_S
        self.collection = f"{alias}_locks"
        self.holder = f"pid {os.getpid()} on {socket.gethostname()}"
        self.took_over: str | None = None
        self.lost = False
        self._version: int | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def __enter__(self) -> "SolrLock":
        admin.ensure_collection(self.http, self.collection)
        deadline = time.monotonic() + self.timeout
        while True:
            current = self._read()
            if current is None and self._write(-1):
                break
            if current is not None and current.get("lock_until", 0) < _now_ms():
                if self._write(current["_version_"]):
                    self.took_over = (f"stale lock from {current.get('lock_holder', '?')} (since "
                                      f"{_iso(current.get('lock_since'))}) taken over")
                    log.warning("%s", self.took_over)
                    break
            elif current is not None and time.monotonic() >= deadline:
                raise LockHeld(f"another indexing run holds the lock on {self.alias} since "
                               f"{_iso(current.get('lock_since'))} ({current.get('lock_holder', '?')}); "
                               "wait for it to finish or pass a longer --wait")
            time.sleep(0.25)
        self._renewer = threading.Thread(target=self._renew, name="solr-lock-lease", daemon=True)
        self._renewer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(5)
        try:
            self.http.post_json(f"/{self.collection}/update", {"delete": {"id": self.alias, "_version_": self._version}})
        except SolrError as e:  # lost to a newer holder, or the cluster is down: the lease runs out anyway
            log.warning("could not release the indexing lock on %s: %s", self.alias, e)

    def check(self) -> None:
        """Raise BuildFailed when the lease was lost (another run took the lock over)."""
        if self.lost:
            raise BuildFailed(f"this run lost the indexing lock on {self.alias} (its lease ran out); "
                              "the previous index is still served — run the build again")

    def _read(self) -> dict | None:
        return self.http.get(f"/{self.collection}/get", {"id": self.alias}).get("doc")

    def _write(self, version: int, since: int | None = None) -> bool:
        """Create (version -1) or replace the lock document; False when another run got there first."""
        doc = {"id": self.alias, "lock_holder": self.holder, "lock_since": since or _now_ms(),
               "lock_until": _now_ms() + int(self.lease * 1000), "_version_": version}
        try:
            r = self.http.post_json(f"/{self.collection}/update", [doc], {"versions": "true"})
        except SolrError as e:
            if e.status == 409:
                return False
            raise
        self._version = int(r["adds"][1])
        self._since = doc["lock_since"]
        return True

    def _renew(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                if not self._write(self._version, self._since):
                    self.lost = True
                    log.error("the indexing lock on %s was taken over by another run", self.alias)
                    return
            except SolrError as e:
                log.warning("could not renew the indexing lock on %s: %s", self.alias, e)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _iso(ms) -> str:
    return datetime.fromtimestamp(int(ms or 0) / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

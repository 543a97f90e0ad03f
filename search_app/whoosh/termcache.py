"""Recently read terms, kept per index commit and shared by every search thread of a process.

Reading a term means finding it in each segment and decoding its posting blocks; popular words
(and the words that themes add to many queries) are read by search after search. Each entry holds
what a search needs of one term (its live documents and BM25F scores, read-only arrays), valid for
the one commit whose statistics scored it; the cache belongs to that commit's columns, so a new
commit starts an empty one. Bounded in bytes (``PROFILE_SEARCH_TERM_CACHE_MB``, default 32),
least recently used first out.

``cache.get(key)`` → the entry or None; ``cache.put(key, entry, nbytes)``
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

DEFAULT_MB = 32


class TermCache:
    def __init__(self, max_bytes: int | None = None):
        if max_bytes is None:
            try:
                max_bytes = int(float(os.environ.get("PROFILE_SEARCH_TERM_CACHE_MB", DEFAULT_MB)) * 1024 * 1024)
            except ValueError:
                max_bytes = DEFAULT_MB * 1024 * 1024
        self.max_bytes = max(0, max_bytes)
        self._entries: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key, entry, nbytes: int) -> None:
        if nbytes > self.max_bytes // 4:  # one huge term would push out everything else
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (entry, nbytes)
            self._bytes += nbytes
            while self._bytes > self.max_bytes and self._entries:
                _, (_, size) = self._entries.popitem(last=False)
                self._bytes -= size

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        return self._bytes

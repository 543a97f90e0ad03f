"""The embedded index handle: the live generation, one open searcher per thread, live reload.

One handle per app or CLI run; a :class:`Session` per request.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from indexer import store

from .columns import Columns, load_columns


@dataclass
class Session:
    """What one request works with: an open searcher and the columns of its commit."""

    searcher: object
    columns: Columns
    generation: str
    meta: dict


class IndexHandle:
    """Opens the live generation, notices new generations and commits, caches columns per commit."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._ix = None
        self._gen = None
        self._columns: Columns | None = None
        # one open searcher per thread and commit: opening one copies the segment files into memory
        self._local = threading.local()

    def _index(self):
        name = store.current_name(self.index_dir)
        if name is None:
            from indexer.errors import IndexMissing

            raise IndexMissing(str(self.index_dir))
        with self._lock:
            if self._gen is None or self._gen.name != name:
                self._gen, self._ix = store.open_live(self.index_dir)
            return self._gen, self._ix

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An open searcher on the live index for one request (this thread's, reused while the commit is live)."""
        for attempt in range(4):
            gen, ix = self._index()
            try:
                before = ix.latest_generation()
                searcher = self._searcher(gen, ix, before)
                after = ix.latest_generation()
            except (OSError, ValueError):
                with self._lock:
                    self._gen = None
                self._drop_searcher()
                time.sleep(0.05 * (attempt + 1))
                continue
            if before != after:
                self._drop_searcher()
                continue
            break
        else:
            gen, ix = self._index()
            after = ix.latest_generation()
            searcher = self._searcher(gen, ix, after)
        try:
            key = (gen.name, after)
            with self._lock:
                columns = self._columns
            if columns is None or columns.key != key:
                columns = load_columns(searcher.reader(), key)
                with self._lock:
                    self._columns = columns
        except (OSError, ValueError):
            self._drop_searcher()
            raise
        yield Session(searcher, columns, f"{gen.name}#{after}", gen.meta)

    def _searcher(self, gen, ix, commit: int):
        """This thread's searcher for (generation, commit), opened on first use and then reused."""
        cached = getattr(self._local, "searcher", None)
        if cached is not None and cached[0] == (gen.name, commit):
            return cached[1]
        self._drop_searcher()
        searcher = ix.searcher()
        self._local.searcher = ((gen.name, commit), searcher)
        return searcher

    def _drop_searcher(self) -> None:
        cached = getattr(self._local, "searcher", None)
        self._local.searcher = None
        if cached is not None:
            try:
                cached[1].close()
            except Exception:  # already closed or its files are gone
                pass

"""The embedded Whoosh index behind the seam of :mod:`search_app.backend` (the default backend).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from ..models import CitySummary, Hit, SearchRequest, SearchResults
from . import profiles
from .handle import IndexHandle, Session
from .search import search

log = logging.getLogger(__name__)
T = TypeVar("T")


class WhooshSession:
    """A :class:`search_app.backend.SearchSession` on one open searcher of the embedded index.

    A searcher opens some of its files only when first needed; if a rebuild or update removed them
    after the request began (the old generation deleted, merged segments cleaned), the call is
    answered again once on the index now live instead of failing.
    """

    def __init__(self, session: Session, handle: IndexHandle | None = None):
        self.raw = session
        self._handle = handle

    def _answer(self, work: Callable[[Session], T]) -> T:
        try:
            return work(self.raw)
        except Exception:  # a vanished file shows as an OSError, or as a column Whoosh finds missing
            if self._handle is None or not self._handle.replaced(self.raw):
                raise
            log.info("the index changed under a request (%s); answering it on the live one", self.raw.generation)
        with self._handle.session(extra=True) as fresh:  # this request still holds its slot
            return work(fresh)

    def search(self, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
        return self._answer(lambda s: search(s, req, snippets=snippets))

    def export_rows(self, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
        return self._answer(lambda s: profiles.export_rows(s, req, cap))

    def list_cities(self) -> list[CitySummary]:
        return self._answer(profiles.list_cities)

    def get_profile(self, slug: str) -> tuple[dict, list[dict]] | None:
        return self._answer(lambda s: profiles.get_profile(s, slug))

    def mark_passages(self, passages: list[dict], q: str) -> list[dict]:
        return self._answer(lambda s: profiles.mark_passages(s, passages, q))

    def similar_cities(self, slug: str, n: int = 5) -> list[dict]:
        return self._answer(lambda s: profiles.similar_cities(s, slug, n))

    def stats(self) -> dict:
        return self._answer(profiles.stats)


class WhooshBackend:
    """The embedded index in a folder of generations (the default backend)."""

    name = "whoosh"

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir).resolve()
        self.handle = IndexHandle(self.index_dir)

    @contextmanager
    def session(self) -> Iterator[WhooshSession]:
        with self.handle.session() as raw:
            yield WhooshSession(raw, self.handle)

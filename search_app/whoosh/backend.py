"""The embedded Whoosh index behind the seam of :mod:`search_app.backend` (the default backend).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..models import CitySummary, Hit, SearchRequest, SearchResults
from . import profiles
from .handle import IndexHandle, Session
from .search import search


class WhooshSession:
    """A :class:`search_app.backend.SearchSession` on one open searcher of the embedded index."""

    def __init__(self, session: Session):
        self.raw = session

    def search(self, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
        return search(self.raw, req, snippets=snippets)

    def export_rows(self, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
        return profiles.export_rows(self.raw, req, cap)

    def list_cities(self) -> list[CitySummary]:
        return profiles.list_cities(self.raw)

    def get_profile(self, slug: str) -> tuple[dict, list[dict]] | None:
        return profiles.get_profile(self.raw, slug)

    def mark_passages(self, passages: list[dict], q: str) -> list[dict]:
        return profiles.mark_passages(self.raw, passages, q)

    def similar_cities(self, slug: str, n: int = 5) -> list[dict]:
        return profiles.similar_cities(self.raw, slug, n)

    def stats(self) -> dict:
        return profiles.stats(self.raw)


class WhooshBackend:
    """The embedded index in a folder of generations (the default backend)."""

    name = "whoosh"

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir).resolve()
        self.handle = IndexHandle(self.index_dir)

    @contextmanager
    def session(self) -> Iterator[WhooshSession]:
        with self.handle.session() as raw:
            yield WhooshSession(raw)

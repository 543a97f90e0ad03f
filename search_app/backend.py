"""What pages, the JSON API and the CLI talk to: a backend is an engine (by URL or folder) with the
search pipeline and the profile operations on top, written once for every engine.

A :class:`Backend` is opened once per app or CLI run and is thread-safe; ``backend.session()``
gives a :class:`Session`, one consistent view of the index for one request.

``with open_backend("index").session() as s: s.search(SearchRequest(q="cctv")).total``
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from . import pipeline, profiles
from .backends import open_engine
from .engine import Engine, EngineView, IndexStats
from .cities import CitySummary
from .models import Hit, SearchRequest, SearchResults
from .profiles import ProfilePage, SimilarCity

T = TypeVar("T")


class Session:
    """One request's view of the index, with everything a page asks of it."""

    def __init__(self, engine: Engine, view: EngineView):
        self.engine = engine
        self.view = view

    def _run(self, work: Callable[[EngineView], T]) -> T:
        return self.engine.answer(self.view, work)

    def search(self, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
        """Hits (or groups) of one page, totals, disjunctive facet counts, notices, "did you mean"."""
        return self._run(lambda v: pipeline.search(v, req, snippets=snippets))

    def export_rows(self, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
        """Every matching passage up to `cap`, in the request's order, without snippets (for CSV)."""
        return self.search(replace(req, page=1, size=cap, group=None), snippets=False).hits

    def list_cities(self) -> list[CitySummary]:
        return self._run(profiles.list_cities)

    def get_profile(self, slug: str) -> ProfilePage | None:
        return self._run(lambda v: profiles.profile_page(v, slug))

    def mark_passages(self, passages, q: str) -> list[dict]:
        return self._run(lambda v: profiles.marked_passages(v, passages, q))

    def similar_cities(self, slug: str, n: int = 5) -> list[SimilarCity]:
        return self._run(lambda v: profiles.similar_cities(v, slug, n))

    def stats(self) -> IndexStats:
        return self._run(lambda v: v.stats())


class Backend:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.name = engine.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session on the live index for one request; raises IndexMissing when there is none yet."""
        with self.engine.view() as view:
            yield Session(self.engine, view)


def open_backend(spec: str | Path) -> Backend:
    """``open_backend("index").name == "whoosh"``"""
    return Backend(open_engine(spec))

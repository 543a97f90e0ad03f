"""The embedded Whoosh index as an engine behind the seam of :mod:`search_app.engine` (the default).

``with WhooshEngine("index").view() as v: v.match(spec)``
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from ..engine import Filters, IndexStats, Matched, MatchSpec, StoredPassage, StoredProfile
from ..query.tree import Node
from . import matching
from .dictionary import WhooshDictionary
from .handle import IndexHandle, Session

log = logging.getLogger(__name__)
T = TypeVar("T")


class WhooshView:
    """An :class:`search_app.engine.EngineView` on one open searcher of the embedded index."""

    def __init__(self, session: Session):
        self.session = session
        self.generation = session.generation
        self._memo: dict = {}  # postings read once per request, whatever the looser forms reuse

    def dictionary(self) -> WhooshDictionary:
        return WhooshDictionary(self.session.searcher.reader())

    def facet_values(self, name: str) -> tuple[str, ...]:
        col = self.session.columns.facets.get(name)
        return col.values if col is not None else ()

    def match(self, spec: MatchSpec) -> Matched:
        return matching.match(self.session, spec, self._memo)

    def counts(self, queries: tuple[Node, ...], filters: Filters) -> tuple[int, ...]:
        return matching.counts(self.session, queries, filters, self._memo)

    def fetch(self, refs: Sequence[object]) -> list[StoredPassage]:
        s = self.session.searcher
        return [StoredPassage.from_fields(s.stored_fields(d)) for d in refs]

    def profiles(self) -> list[StoredProfile]:
        s = self.session.searcher
        found = (StoredProfile.from_head(s.stored_fields(d)) for d in s.document_numbers(head="1"))
        return [p for p in found if p is not None]

    def profile(self, slug: str) -> tuple[StoredProfile | None, list[StoredPassage]]:
        s = self.session.searcher
        fields = [s.stored_fields(d) for d in s.document_numbers(profile=slug)]
        fields.sort(key=lambda f: f.get("order", 0))
        return StoredProfile.with_passages(slug, fields)

    def stats(self) -> IndexStats:
        s = self.session.searcher
        meta = self.session.meta
        return IndexStats(s.doc_count(), len(list(s.document_numbers(head="1"))), self.generation,
                          meta.get("built_at"), meta.get("versions"))


class WhooshEngine:
    """The embedded index in a folder of generations."""

    name = "whoosh"

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir).resolve()
        self.handle = IndexHandle(self.index_dir)

    @contextmanager
    def view(self) -> Iterator[WhooshView]:
        with self.handle.session() as raw:
            yield WhooshView(raw)

    def answer(self, view: WhooshView, work: Callable[[WhooshView], T]) -> T:
        """`work` on the view; if the index was rebuilt or updated under the request and a file it
        needed is gone (a searcher opens some files only when first needed), once more on the live one."""
        try:
            return work(view)
        except Exception:  # a vanished file shows as an OSError, or as a column Whoosh finds missing
            if not self.handle.replaced(view.session):
                raise
            log.info("the index changed under a request (%s); answering it on the live one", view.generation)
        with self.handle.session(extra=True) as fresh:  # this request still holds its slot
            return work(WhooshView(fresh))

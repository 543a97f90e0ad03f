"""The seam between what users see (pages, JSON API, CLI) and the engines that search.

A :class:`Backend` opens one :class:`SearchSession` per request (or CLI run); every page, API route
and command talks only to these two protocols, with the request and results model of
:mod:`search_app.models`. The embedded Whoosh index is the default backend; others plug in by URL.

``with open_backend("index").session() as s: s.search(SearchRequest(q="cctv")).total``
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, runtime_checkable

from .models import CitySummary, Hit, SearchRequest, SearchResults


@runtime_checkable
class SearchSession(Protocol):
    """One consistent view of one index, for the length of a request."""

    def search(self, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
        """Hits (or groups) of one page, totals, disjunctive facet counts, notices, "did you mean"."""

    def export_rows(self, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
        """Every matching passage up to `cap`, in the request's order, without snippets (for CSV)."""

    def list_cities(self) -> list[CitySummary]:
        """Every profile in the index, by name."""

    def get_profile(self, slug: str) -> tuple[dict, list[dict]] | None:
        """(profile as parsed, with "slug"; its stored passages in profile order), or None when unknown."""

    def mark_passages(self, passages: list[dict], q: str) -> list[dict]:
        """Passages as the API shows them, plus `html` (escaped text, query words in <mark>) and `matched`."""

    def similar_cities(self, slug: str, n: int = 5) -> list[dict]:
        """Cities whose passages share most of this city's distinctive terms: slug, city, score, shared_terms."""

    def stats(self) -> dict:
        """passages, profiles, generation, built_at, versions."""


class Backend(Protocol):
    """A search engine holding the passages: opened once per app or CLI run, thread-safe."""

    name: str

    def session(self) -> AbstractContextManager[SearchSession]:
        """A session on the live index for one request; raises IndexMissing when there is none yet."""


def open_backend(spec: str | Path) -> Backend:
    """The backend a URL or path names: ``solr://host:port/collection`` or an index folder (embedded Whoosh).

    ``open_backend("index").name == "whoosh"``
    """
    text = str(spec)
    if text.startswith("solr://"):
        from .solr.backend import SolrBackend

        return SolrBackend.from_url(text)
    if text.startswith("whoosh:"):
        text = text[len("whoosh:"):]
    from .whoosh import WhooshBackend

    return WhooshBackend(text)

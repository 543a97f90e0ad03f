"""A :class:`search_app.backend.SearchSession` on one SolrCloud collection (behind its alias).

``with SolrBackend.from_url(url).session() as s: s.search(SearchRequest(q="cctv"))``
"""

from __future__ import annotations

import time
from dataclasses import replace

from ..models import CitySummary, Hit, SearchRequest, SearchResults
from ..query import BadRequest
from . import profiles
from .http import SolrError
from .search import search
from .terms import TermsReader


class SolrSession:
    def __init__(self, backend, generation: str, props: dict):
        self.backend = backend
        self.http = backend.http
        self.generation = generation
        self.props = props
        self.alias = backend.collection

    def select(self, body: dict) -> dict:
        """A JSON request to the alias; a collection that vanished under a swap is asked again."""
        body = dict(body)
        params = {"q.op": "OR", "df": "text_en", "sow": "true", "wt": "json", "defType": "lucene"}
        params.update(body.pop("params", {}))
        body["params"] = params
        for attempt in range(3):
            try:
                return self.http.post_json(f"/{self.alias}/select", body)
            except SolrError as exc:
                text = str(exc)
                if exc.status in (400, 404) and ("ollection" in text or "not found" in text) and attempt < 2:
                    time.sleep(0.3 * (attempt + 1))
                    continue
                if exc.status == 400 and ("too many" in text.lower() or "maxClauseCount" in text):
                    raise BadRequest("the query is too broad to run; make it more specific (fewer wildcards or fuzzy words)")
                raise
        raise AssertionError("unreachable")

    def reader(self) -> TermsReader:
        return self.backend.reader(self.generation)

    def facet_values(self) -> dict[str, dict[str, str]]:
        return self.backend.facet_values(self.generation, self)

    def search(self, req: SearchRequest, *, snippets: bool = True) -> SearchResults:
        return search(self, req, snippets=snippets)

    def export_rows(self, req: SearchRequest, cap: int) -> tuple[Hit, ...]:
        return search(self, replace(req, page=1, size=cap, group=None), snippets=False).hits

    def list_cities(self) -> list[CitySummary]:
        return profiles.list_cities(self)

    def get_profile(self, slug: str) -> tuple[dict, list[dict]] | None:
        return profiles.get_profile(self, slug)

    def mark_passages(self, passages: list[dict], q: str) -> list[dict]:
        return profiles.mark_passages(self, passages, q)

    def similar_cities(self, slug: str, n: int = 5) -> list[dict]:
        return profiles.similar_cities(self, slug, n)

    def stats(self) -> dict:
        return profiles.stats(self)

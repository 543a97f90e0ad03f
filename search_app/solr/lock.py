"""The indexing lock's record on SolrCloud (see :mod:`indexer.lease`): a document (id = the alias) in a
small collection of its own (``<alias>_locks``), written with Solr's optimistic concurrency
(``_version_``: -1 creates only if absent; a 409 means another run wrote first).

``with solr_lock(http, "profiles", timeout=30) as lock: …``
"""

from __future__ import annotations

from indexer.lease import LeaseLock

from . import admin
from .http import SolrError, SolrHttp


class SolrLockStore:
    def __init__(self, http: SolrHttp, alias: str):
        self.http, self.alias, self.collection = http, alias, f"{alias}_locks"

    def prepare(self) -> None:
        admin.ensure_collection(self.http, self.collection)

    def read(self) -> tuple[dict, int] | None:
        doc = self.http.get(f"/{self.collection}/get", {"id": self.alias}).get("doc")
        return (doc, int(doc["_version_"])) if doc else None

    def write(self, record: dict, version: int) -> int | None:
        try:
            r = self.http.post_json(f"/{self.collection}/update", [{**record, "id": self.alias, "_version_": version}],
                                    {"versions": "true"})
        except SolrError as e:
            if e.status == 409:
                return None
            raise
        return int(r["adds"][1])

    def delete(self, version: int) -> None:
        self.http.post_json(f"/{self.collection}/update", {"delete": {"id": self.alias, "_version_": version}})


def solr_lock(http: SolrHttp, alias: str, timeout: float = 30.0, lease: float | None = None) -> LeaseLock:
    """One indexing run at a time on an alias."""
    return LeaseLock(SolrLockStore(http, alias), alias, timeout, lease)

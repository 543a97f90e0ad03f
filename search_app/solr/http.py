"""SolrCloud's side of the cluster client (:mod:`search_app.cluster`): its paths, its errors, its live nodes.

``SolrHttp(["127.0.0.1:8983"]).get("/admin/collections", {"action": "CLUSTERSTATUS"})``
"""

from __future__ import annotations

import json

from ..cluster import ClusterError, ClusterHttp


class SolrError(ClusterError):
    """Solr answered with an error, or no node of the cluster could be reached."""


class SolrHttp(ClusterHttp):
    name = "Solr"
    prefix = "/solr"
    error = SolrError
    hint = "check the backend URL and that the cluster runs (`profile-search solr up` starts one on this machine)"

    def live_nodes(self) -> list[str]:
        state = self.call("GET", "/admin/collections", {"action": "CLUSTERSTATUS"}, None, None, False, attempts=1)
        return [n.rsplit("_", 1)[0] for n in state.get("cluster", {}).get("live_nodes", [])]

    def error_message(self, body: str) -> str:
        try:
            return json.loads(body).get("error", {}).get("msg") or body[:300]
        except (ValueError, AttributeError):
            return body[:300]

    def retryable(self, status: int, message: str) -> bool:
        return status >= 500 and "maxClauseCount" not in message  # too many clauses: the request's own error

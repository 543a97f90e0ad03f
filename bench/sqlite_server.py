"""The SQLite FTS5 baseline served over HTTP by the same WSGI server as ours (waitress, 4 threads).

    python bench/sqlite_server.py DB PORT

`/search?match=<FTS5 expression>&filters=<JSON>` answers what bench_search.sqlite_search computes:
the total, six disjunctive facet counts and ten snippets, as JSON. One connection per thread.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import sqlite_search  # noqa: E402


def app_for(db: str):
    local = threading.local()

    def app(environ, start_response):
        con = getattr(local, "con", None)
        if con is None:
            con = local.con = sqlite3.connect(db, check_same_thread=False)
        qs = parse_qs(environ.get("QUERY_STRING", ""))
        if environ.get("PATH_INFO") == "/ping":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        match = qs.get("match", [""])[0]
        filters = json.loads(qs.get("filters", ["{}"])[0])
        try:
            out = _search(con, match, filters)
        except sqlite3.Error as exc:
            start_response("400 Bad Request", [("Content-Type", "application/json")])
            return [json.dumps({"error": str(exc)}).encode()]
        body = json.dumps(out).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app


def _search(con, match: str, filters: dict) -> dict:
    bq = _Query(match, filters)
    return sqlite_search(con, bq)


class _Query:
    """The two things sqlite_search reads from a query: its MATCH expression and its filters."""

    def __init__(self, match: str, filters: dict):
        self._match = match
        self.filters = filters

    def fts(self) -> str:
        return self._match


if __name__ == "__main__":
    from waitress import serve

    serve(app_for(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), threads=4, ident="sqlite-baseline")

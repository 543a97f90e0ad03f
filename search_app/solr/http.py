"""A small JSON client for a SolrCloud with several nodes: connections kept alive per thread; a failed
connection moves to the next node.

``SolrHttp(["127.0.0.1:8983"]).get("/admin/collections", {"action": "CLUSTERSTATUS"})``
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import time
import urllib.parse

from indexer.errors import IndexerError

log = logging.getLogger(__name__)


class SolrError(IndexerError):
    """Solr answered with an error, or no node of the cluster could be reached."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class SolrHttp:
    """Thread-safe: each call picks a live node; connection errors and 5xx answers retry on another."""

    def __init__(self, hosts: list[str], timeout: float = 30.0, attempts: int = 6):
        self.hosts = list(dict.fromkeys(hosts))
        self.timeout = timeout
        self.attempts = attempts
        self._lock = threading.Lock()
        self._next = 0
        self._down: dict[str, float] = {}
        self._discovered = 0.0
        self._local = threading.local()  # each thread's kept-alive connections, by node

    def _order(self) -> list[str]:
        with self._lock:
            hosts = list(self.hosts)
            start = self._next % len(hosts)
            self._next += 1
        hosts = hosts[start:] + hosts[:start]
        now = time.monotonic()
        up = [h for h in hosts if self._down.get(h, 0) < now]
        return up + [h for h in hosts if h not in up]

    def discover(self) -> None:
        """Add every live node of the cluster to the hosts this client uses."""
        try:
            state = self._call("GET", "/admin/collections?action=CLUSTERSTATUS", None, None, False, attempts=1)
        except SolrError:
            return
        nodes = [n.rsplit("_", 1)[0] for n in state.get("cluster", {}).get("live_nodes", [])]
        with self._lock:
            for n in nodes:
                if n not in self.hosts:
                    self.hosts.append(n)
            self._discovered = time.monotonic()

    def get(self, path: str, params: dict | list | None = None, *, discover: bool = True) -> dict:
        query = urllib.parse.urlencode(params or {}, doseq=True)
        return self._call("GET", path + ("?" + query if query else ""), None, None, discover)

    def post_json(self, path: str, body, params: dict | None = None) -> dict:
        query = urllib.parse.urlencode(params or {}, doseq=True)
        data = json.dumps(body).encode("utf-8")
        return self._call("POST", path + ("?" + query if query else ""), data, "application/json", True)

    def post_bytes(self, path: str, data: bytes, content_type: str, params: dict | None = None) -> dict:
        query = urllib.parse.urlencode(params or {}, doseq=True)
        return self._call("POST", path + ("?" + query if query else ""), data, content_type, True)

    def _call(self, method: str, path: str, data: bytes | None, ctype: str | None, discover: bool,
              attempts: int | None = None) -> dict:
        if discover and time.monotonic() - self._discovered > 30:
            self._discovered = time.monotonic()
            self.discover()
        last: Exception | None = None
        headers = {"Content-Type": ctype} if ctype else {}
        for attempt in range(attempts or self.attempts):
            for host in self._order():
                try:
                    status, raw = self._exchange(host, method, f"/solr{path}", data, headers)
                except (http.client.HTTPException, ConnectionError, TimeoutError, OSError) as exc:
                    last = exc
                    self._down[host] = time.monotonic() + 5.0
                    log.info("node %s unreachable (%s); trying another", host, exc)
                    continue
                if status < 300:
                    return json.loads(raw.decode("utf-8"))
                body = raw.decode("utf-8", "replace")
                try:
                    msg = json.loads(body).get("error", {}).get("msg") or body[:300]
                except ValueError:
                    msg = body[:300]
                if status < 500 or "maxClauseCount" in msg:  # the request itself, not the node: no retry
                    raise SolrError(f"Solr answered {status}: {msg}", status)
                last = SolrError(f"Solr answered {status}: {msg}", status)
                log.info("retrying %s after %s from %s", path[:80], status, host)
            if attempt + 1 < (attempts or self.attempts):
                time.sleep(min(2.0, 0.2 * (attempt + 1)))
        raise SolrError(f"no Solr node answered at {', '.join(self.hosts)} ({last}): check the backend URL and that "
                        "the cluster runs (`profile-search solr up` starts one on this machine)")

    def _exchange(self, host: str, method: str, path: str, data: bytes | None, headers: dict) -> tuple[int, bytes]:
        """One request on this thread's kept-alive connection to a node (a fresh one if that was closed)."""
        pool = self._local.__dict__.setdefault("connections", {})
        for fresh in (False, True):
            conn = pool.get(host)
            if conn is None or fresh:
                if conn is not None:
                    conn.close()
                name, _, port = host.rpartition(":")
                conn = pool[host] = http.client.HTTPConnection(name, int(port), timeout=self.timeout)
            try:
                conn.request(method, path, body=data, headers=headers)
                resp = conn.getresponse()
                return resp.status, resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, http.client.CannotSendRequest):
                if fresh:
                    pool.pop(host, None)
                    raise
            except BaseException:
                pool.pop(host, None)
                conn.close()
                raise
        raise AssertionError("unreachable")

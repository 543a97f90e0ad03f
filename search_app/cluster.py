"""A JSON client for a search cluster of several HTTP nodes, for every cluster backend: connections kept
alive per thread; a node that cannot be reached, or answers 5xx, is left for a few seconds and the request
goes to the next one; the cluster's other live nodes are found as it runs.

A backend says only what its cluster does differently: the path every request starts with, how its
errors read, which errors are the request's own (no retry), and how to list its live nodes
(see :class:`search_app.solr.http.SolrHttp`).
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

#: seconds a node that failed is left out of the rotation; seconds between two look-ups of the live nodes
DOWN_S, DISCOVER_S = 5.0, 30.0


class ClusterError(IndexerError):
    """The cluster answered with an error, or none of its nodes could be reached."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class ClusterHttp:
    """Thread-safe: each call picks a live node; connection errors and 5xx answers retry on another."""

    #: the cluster's name in messages; the path every request starts with; the error raised; the next step
    name = "search cluster"
    prefix = ""
    error = ClusterError
    hint = "check the backend URL and that the cluster runs"

    def __init__(self, hosts: list[str], timeout: float = 30.0, attempts: int = 6):
        self.hosts = list(dict.fromkeys(hosts))
        self.timeout = timeout
        self.attempts = attempts
        self._lock = threading.Lock()
        self._next = 0
        self._down: dict[str, float] = {}
        self._discovered = 0.0
        self._local = threading.local()  # each thread's kept-alive connections, by node

    # what a cluster does differently

    def live_nodes(self) -> list[str]:
        """host:port of every live node (none known: only the hosts given are used)."""
        return []

    def error_message(self, body: str) -> str:
        return body[:300]

    def retryable(self, status: int, message: str) -> bool:
        """Whether another node might answer (the node's fault), not the request's own error."""
        return status >= 500

    # requests

    def get(self, path: str, params: dict | list | None = None, *, discover: bool = True) -> dict:
        return self.call("GET", path, params, None, None, discover)

    def post_json(self, path: str, body, params: dict | None = None) -> dict:
        return self.call("POST", path, params, json.dumps(body).encode("utf-8"), "application/json")

    def post_bytes(self, path: str, data: bytes, content_type: str, params: dict | None = None) -> dict:
        return self.call("POST", path, params, data, content_type)

    def discover(self) -> None:
        """Add every live node of the cluster to the hosts this client uses."""
        try:
            nodes = self.live_nodes()
        except ClusterError:
            return
        with self._lock:
            self.hosts.extend(n for n in nodes if n not in self.hosts)
            self._discovered = time.monotonic()

    def call(self, method: str, path: str, params, data: bytes | None, ctype: str | None, discover: bool = True,
             attempts: int | None = None) -> dict:
        query = urllib.parse.urlencode(params or {}, doseq=True)
        path = self.prefix + path + ("?" + query if query else "")
        if discover and time.monotonic() - self._discovered > DISCOVER_S:
            self._discovered = time.monotonic()
            self.discover()
        last: Exception | None = None
        headers = {"Content-Type": ctype} if ctype else {}
        attempts = attempts or self.attempts
        for attempt in range(attempts):
            for host in self._order():
                try:
                    status, raw = self._exchange(host, method, path, data, headers)
                except (http.client.HTTPException, ConnectionError, TimeoutError, OSError) as exc:
                    last = exc
                    self._down[host] = time.monotonic() + DOWN_S
                    log.info("node %s unreachable (%s); trying another", host, exc)
                    continue
                if status < 300:
                    return json.loads(raw.decode("utf-8"))
                msg = self.error_message(raw.decode("utf-8", "replace"))
                last = self.error(f"{self.name} answered {status}: {msg}", status)
                if not self.retryable(status, msg):
                    raise last
                log.info("retrying %s after %s from %s", path[:80], status, host)
            if attempt + 1 < attempts:
                time.sleep(min(2.0, 0.2 * (attempt + 1)))
        raise self.error(f"no {self.name} node answered at {', '.join(self.hosts)} ({last}): {self.hint}")

    def _order(self) -> list[str]:
        with self._lock:
            hosts = list(self.hosts)
            start = self._next % len(hosts)
            self._next += 1
        hosts = hosts[start:] + hosts[:start]
        now = time.monotonic()
        up = [h for h in hosts if self._down.get(h, 0) < now]
        return up + [h for h in hosts if h not in up]

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

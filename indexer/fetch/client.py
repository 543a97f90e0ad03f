"""The polite HTTP client every request of a fetch goes through (httpx underneath): robots.txt asked
first, one request at a time per site with a pause between two, an identifying User-Agent,
timeouts, retries with growing waits on server errors and timeouts, conditional requests, redirects
followed by hand (each hop asked of robots.txt, loops caught) and a size limit read as it streams."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable, Mapping
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import Disallowed, PageError
from .cache import ResourceCache
from .robots import RobotsCache, RobotsFile, origin

log = logging.getLogger(__name__)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("city-profile-search")
    except Exception:  # not installed (running from a checkout)
        return "0"


DEFAULT_USER_AGENT = f"city-profile-search/{_version()} (profile-search fetch; keeps a search index of the site's city profiles)"
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_RETRY_AFTER = 120.0


@dataclass(frozen=True)
class Politeness:
    """How gently to ask: seconds between two requests to one site (robots.txt may ask for more),
    seconds before giving up on an answer, tries after the first, the first wait before a retry
    (doubled each time), the largest page accepted, redirects followed."""

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 2.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True)
class Response:
    """A final answer (after redirects and retries): `url` is where it came from."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


@dataclass
class Counts:
    """What the client did, for the run's summary."""

    requests: int = 0
    conditional: int = 0
    not_modified: int = 0
    retries: int = 0
    waited: float = 0.0
    by_status: dict[int, int] = field(default_factory=dict)


class PoliteClient:
    """GET pages politely. ``with PoliteClient(Politeness(delay=2)) as c: c.get("https://site/p").status``

    `transport`, `sleep` and `clock` are for tests (an httpx mock transport, a fake clock).
    """

    def __init__(self, politeness: Politeness = Politeness(), *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 cache: ResourceCache | None = None):
        self.politeness = politeness
        self.cache = cache
        self.counts = Counts()
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self._http = httpx.Client(timeout=httpx.Timeout(politeness.timeout), follow_redirects=False,
                                  headers={"User-Agent": politeness.user_agent}, transport=transport)
        self.robots = RobotsCache(self._robots_txt, politeness.user_agent)

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = HTML_ACCEPT, max_bytes: int | None = None) -> Response:
        """The page at url, following redirects; a 304 when the validators still hold.

        Raises :class:`Disallowed` (robots.txt), :class:`PageError` (timeouts or connection errors
        after every retry, a redirect loop, a page over the size limit). HTTP errors are answers.
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(url, headers, max_bytes or self.politeness.max_bytes, check_robots=True)

    def get_cached(self, url: str, *, accept: str = HTML_ACCEPT, max_bytes: int | None = None,
                   check_robots: bool = True) -> Response:
        """Like :meth:`get`, asking conditionally with what the cache keeps, and answering a 304 from it
        (sitemaps, robots.txt): ``client.get_cached("https://site.test/sitemap.xml").status == 200``"""
        etag, last_modified = self.cache.validators(url) if self.cache else (None, None)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        resp = self._follow(url, headers, max_bytes or self.politeness.max_bytes, check_robots)
        kept = self.cache.get(url) if self.cache and resp.status == 304 else None
        if kept is not None:
            return Response(resp.url, 200, {"content-type": kept[1] or ""}, kept[0])
        if self.cache and resp.status == 200:
            self.cache.put(url, resp.body, resp.header("etag"), resp.header("last-modified"), resp.header("content-type"))
        return resp

    def _follow(self, url: str, headers: dict[str, str], max_bytes: int, check_robots: bool) -> Response:
        seen = [url]
        current = url
        for _ in range(self.politeness.max_redirects + 1):
            if check_robots and not self.robots.allowed(current):
                after = f" (redirected to {current})" if current != url else ""
                raise Disallowed(url, self.robots.why_not(current) + after)
            resp = self._with_retries(url, current, headers, max_bytes, check_robots)
            location = resp.header("location")
            if resp.status not in REDIRECTS or not location:
                return resp
            nxt = urljoin(current, location)
            if urlsplit(nxt).scheme not in ("http", "https"):
                raise PageError(url, f"redirected to a non-web address ({nxt})")
            if nxt in seen:
                raise PageError(url, f"redirect loop ({' → '.join(seen[seen.index(nxt):] + [nxt])})")
            seen.append(nxt)
            current = nxt
        raise PageError(url, f"more than {self.politeness.max_redirects} redirects")

    def _with_retries(self, asked: str, url: str, headers: dict[str, str], max_bytes: int,
                      site_delay: bool) -> Response:
        p = self.politeness
        for attempt in range(p.retries + 1):
            last_try = attempt == p.retries
            try:
                resp = self._once(asked, url, headers, max_bytes, site_delay)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                reason = _transport_reason(exc)
                if last_try:
                    raise PageError(asked, f"{reason} (after {attempt + 1} tries)") from exc
                log.info("%s: %s; trying again", url, reason)
                wait = p.backoff * 2 ** attempt
            else:
                if resp.status not in RETRY_STATUSES or last_try:
                    return resp
                log.info("%s: HTTP %s; trying again", url, resp.status)
                wait = _retry_after(resp.header("retry-after")) or p.backoff * 2 ** attempt
            self.counts.retries += 1
            self._pause(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, asked: str, url: str, headers: dict[str, str], max_bytes: int, site_delay: bool) -> Response:
        site = origin(url)
        self._wait_turn(site, url, site_delay)
        self.counts.requests += 1
        if "If-None-Match" in headers or "If-Modified-Since" in headers:
            self.counts.conditional += 1
        started = self._clock()
        try:
            with self._http.stream("GET", url, headers=headers) as r:
                size = r.headers.get("content-length")
                if size and size.isdigit() and int(size) > max_bytes and r.status_code == 200:
                    raise PageError(asked, f"larger than the {max_bytes:,}-byte limit ({int(size):,} bytes)")
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise PageError(asked, f"larger than the {max_bytes:,}-byte limit")
                    if self._clock() - started > 3 * self.politeness.timeout:
                        raise httpx.ReadTimeout("the answer took too long to arrive", request=r.request)
                out = Response(str(r.url), r.status_code, {k.lower(): v for k, v in r.headers.items()}, bytes(body))
        finally:
            self._last[site] = self._clock()
        self.counts.by_status[out.status] = self.counts.by_status.get(out.status, 0) + 1
        if out.status == 304:
            self.counts.not_modified += 1
        log.debug("GET %s → %s (%d bytes)", url, out.status, len(out.body))
        return out

    def _wait_turn(self, site: str, url: str, site_delay: bool) -> None:
        """One request at a time per site, `delay` seconds apart (or what robots.txt asks, if more)."""
        last = self._last.get(site)
        if last is None:
            return
        delay = self.politeness.delay
        if site_delay:  # not while reading robots.txt itself
            delay = max(delay, self.robots.delay(url))
        self._pause(last + delay - self._clock())

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self.counts.waited += seconds
            self._sleep(seconds)

    def _robots_txt(self, robots_url: str) -> RobotsFile:
        try:
            resp = self.get_cached(robots_url, accept="text/plain,*/*;q=0.1", max_bytes=512 * 1024, check_robots=False)
        except PageError as exc:
            log.warning("%s: %s", robots_url, exc.reason)
            return RobotsFile(0)
        if resp.status in REDIRECTS:
            return RobotsFile(404)  # too many redirects: RFC 9309 reads that as no rules
        return RobotsFile(resp.status, resp.body.decode("utf-8", errors="replace"))


def _transport_reason(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    text = str(exc) or type(exc).__name__
    return f"connection failed ({text})"


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), capped: ``_retry_after("5") == 5.0``"""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import datetime, timezone

    return max(0.0, min((when - datetime.now(timezone.utc)).total_seconds(), MAX_RETRY_AFTER))

"""Reading a sitemap — an index of sitemaps, gzipped sitemaps, plain-text lists — into page addresses.

ultimate-sitemap-parser does the reading (namespaces, malformed XML, gzip detected by content,
sub-sitemaps, hreflang alternates, XML hardened against entity tricks); every request it makes goes
through our :class:`~indexer.fetch.client.PoliteClient` by way of its web-client interface, so
robots.txt, the pause between requests and the retries hold for sitemaps too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from usp.fetch_parse import SitemapFetcher
from usp.objects.sitemap import AbstractIndexSitemap, AbstractSitemap, InvalidSitemap
from usp.web_client.abstract_client import (
    AbstractWebClient,
    AbstractWebClientResponse,
    AbstractWebClientSuccessResponse,
    WebClientErrorResponse,
)

from ..errors import PageError, SitemapError
from .client import PoliteClient, Response
from .robots import origin

log = logging.getLogger(__name__)

SITEMAP_ACCEPT = "application/xml,text/xml;q=0.9,application/gzip;q=0.8,text/plain;q=0.5,*/*;q=0.1"
#: the sitemap protocol's own limit for one uncompressed sitemap
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SitemapPage:
    """One page a sitemap lists, with the other languages it names for it (hreflang → URL)."""

    url: str
    alternates: tuple[tuple[str, str], ...] = ()
    lastmod: str | None = None


@dataclass(frozen=True)
class SitemapRead:
    """The pages of a sitemap (first listing first, each once) and the parts that could not be read.
    With `problems`, the list may be incomplete: pages missing from it are not known to be gone."""

    pages: tuple[SitemapPage, ...]
    problems: tuple[tuple[str, str], ...] = ()
    off_site: tuple[str, ...] = ()


class _Success(AbstractWebClientSuccessResponse):
    def __init__(self, resp: Response):
        self._resp = resp

    def status_code(self) -> int:
        return self._resp.status

    def status_message(self) -> str:
        return "OK"

    def header(self, case_insensitive_name: str) -> str | None:
        return self._resp.header(case_insensitive_name)

    def raw_data(self) -> bytes:
        return self._resp.body

    def url(self) -> str:
        return self._resp.url


class PoliteWebClient(AbstractWebClient):
    """ultimate-sitemap-parser's web client, answered by our polite client; no retries of its own
    (ours already retried), so every error is final."""

    def __init__(self, client: PoliteClient):
        self._client = client
        self._max = MAX_SITEMAP_BYTES

    def set_max_response_data_length(self, max_response_data_length: int | None) -> None:
        self._max = min(max_response_data_length or MAX_SITEMAP_BYTES, MAX_SITEMAP_BYTES)

    def get(self, url: str) -> AbstractWebClientResponse:
        try:
            resp = self._client.get_cached(url, accept=SITEMAP_ACCEPT, max_bytes=self._max)
        except PageError as exc:
            return WebClientErrorResponse(exc.reason, retryable=False)
        if 200 <= resp.status < 300:
            return _Success(resp)
        return WebClientErrorResponse(f"HTTP {resp.status}", retryable=False)


def _walk(node: AbstractSitemap, problems: list[tuple[str, str]]) -> None:
    if isinstance(node, InvalidSitemap):
        problems.append((node.url, node.reason))
    if isinstance(node, AbstractIndexSitemap):
        for sub in node.sub_sitemaps:
            _walk(sub, problems)


def read_sitemap(url: str, client: PoliteClient) -> SitemapRead:
    """Every page a sitemap (or sitemap index) lists on the sitemap's own site.

    ``read_sitemap("https://site.test/sitemap_index.xml", client).pages[0].url``

    Raises :class:`SitemapError` when the sitemap itself cannot be read or lists no page.
    """
    tree = SitemapFetcher(url, recursion_level=0, web_client=PoliteWebClient(client)).sitemap()
    if isinstance(tree, InvalidSitemap):
        raise SitemapError(f"Could not read the sitemap at {url}: {_short(tree.reason)}")
    problems: list[tuple[str, str]] = []
    _walk(tree, problems)
    site = origin(url)
    pages: dict[str, SitemapPage] = {}
    off_site: list[str] = []
    for page in tree.all_pages():
        if origin(page.url) != site:
            off_site.append(page.url)
            continue
        if page.url not in pages:
            alternates = tuple((lang, alt) for lang, alt in (page.alternates or ()) if origin(alt) == site)
            lastmod = page.last_modified.isoformat() if page.last_modified else None
            pages[page.url] = SitemapPage(page.url, alternates, lastmod)
    if not pages and not problems:
        raise SitemapError(f"The sitemap at {url} lists no page of {site}")
    if not pages:
        raise SitemapError(f"Could not read the sitemap at {url}: {_short(problems[0][1])}")
    for sub, reason in problems:
        log.warning("part of the sitemap could not be read: %s (%s)", sub, reason)
    return SitemapRead(tuple(pages.values()), tuple((u, _short(r)) for u, r in problems), tuple(off_site))


def _short(reason: str) -> str:
    """usp's reasons repeat the URL: keep what went wrong (``… from URL: HTTP 500`` → ``HTTP 500``)."""
    return reason.rsplit(": ", 1)[-1] if reason.startswith("Unable to fetch") else reason

"""One page fetched and judged: fetched (with its text), not modified, gone, failed or skipped, and why."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..errors import NotAPage, PageError
from .client import PoliteClient, Response
from .extract import Page, decode_page, extract_page
from .store import PageState

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
GONE_STATUSES = {404: "not found (HTTP 404)", 410: "gone (HTTP 410)"}


@dataclass(frozen=True)
class Outcome:
    """What became of one address. `kind`: fetched, not_modified, gone, failed or skipped."""

    url: str
    kind: str
    reason: str | None = None
    page: Page | None = None
    state: PageState | None = None


def fetch_page(client: PoliteClient, url: str, etag: str | None, last_modified: str | None, now: str) -> Outcome:
    """Fetch one page (conditionally when validators are given) and judge the answer.

    ``fetch_page(client, "https://site.test/en/valmont/", None, None, "2025-03-01T10:00:00Z").kind == "fetched"``
    """
    try:
        resp = client.get(url, etag=etag, last_modified=last_modified)
        return _judge(url, resp, etag, last_modified, now, client.politeness.retries + 1)
    except PageError as exc:
        log.info("%s: %s", url, exc.reason)
        return Outcome(url, exc.kind, exc.reason)


def _judge(url: str, resp: Response, etag: str | None, last_modified: str | None, now: str, tries: int) -> Outcome:
    if resp.status == 304:
        return Outcome(url, "not_modified", "not modified (HTTP 304)",
                       state=PageState(None, resp.header("etag") or etag,
                                       resp.header("last-modified") or last_modified, now, 304))
    if resp.status in GONE_STATUSES:
        return Outcome(url, "gone", GONE_STATUSES[resp.status])
    if resp.status in (401, 403):
        return Outcome(url, "failed", f"access refused (HTTP {resp.status})")
    if resp.status >= 500:
        return Outcome(url, "failed", f"server error (HTTP {resp.status}, {tries} tries)")
    if resp.status != 200:
        return Outcome(url, "failed", f"unexpected answer (HTTP {resp.status})")
    if resp.content_type and resp.content_type not in HTML_TYPES:
        raise NotAPage(url, f"not an HTML page ({resp.content_type})")
    text, warnings = decode_page(resp.body, resp.header("content-type"))
    page = extract_page(text, resp.url)
    if not page.text.strip():
        return Outcome(url, "failed", "the page has no main content")
    if warnings:
        page = Page(page.text, page.title, page.lang, page.alternates, page.canonical, tuple(warnings))
        log.info("%s: %s", url, "; ".join(warnings))
    return Outcome(url, "fetched", "; ".join(warnings) or None, page,
                   PageState(page.lang, resp.header("etag"), resp.header("last-modified"), now, 200))

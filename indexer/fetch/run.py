"""A fetch run: read the sitemap (or take the list), fetch each page politely, join each page with its
other languages into one city, write the corpus, and say what happened to every address.

``fetch_corpus(FetchRequest("corpus", sitemap="https://site.test/sitemap_index.xml")).to_dict()["fetched"]``
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import httpx

from ..errors import FetchError
from ..frontmatter import Part
from .cache import ResourceCache
from .client import Politeness, PoliteClient
from .groups import group_urls, primary_first
from .pages import Outcome, fetch_page
from .robots import origin
from .sitemap import read_sitemap
from .store import SIDECARS, CorpusStore, PageState, file_name_for

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch: a sitemap or a list of pages, into `corpus`. `match` (a regular expression)
    keeps the sitemap's profile pages only; `prune` deletes what the site no longer has; `prefer_lang`
    is the language whose text gives a bilingual profile its facts."""

    corpus: str | Path
    sitemap: str | None = None
    urls: tuple[str, ...] = ()
    match: str | None = None
    prune: bool = False
    prefer_lang: str = "en"
    follow_alternates: bool = True


@dataclass(frozen=True)
class Item:
    """One address in the report: the corpus file it feeds, and why it is in its list."""

    url: str
    file: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class FetchSummary:
    """What a run did. Every address lands in exactly one of fetched, unchanged, failed, gone, skipped."""

    fetched: tuple[Item, ...] = ()
    unchanged: tuple[Item, ...] = ()
    failed: tuple[Item, ...] = ()
    gone: tuple[Item, ...] = ()
    skipped: tuple[Item, ...] = ()
    written: tuple[str, ...] = ()
    pruned: tuple[str, ...] = ()
    requests: int = 0
    conditional_requests: int = 0
    not_modified: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        """JSON-ready: each list of items as objects with url, file and reason."""
        out: dict = {}
        for key in ("fetched", "unchanged", "failed", "gone", "skipped"):
            out[key] = [{k: v for k, v in vars(i).items() if v is not None} for i in getattr(self, key)]
        out.update(written=list(self.written), pruned=list(self.pruned), requests=self.requests,
                   conditional_requests=self.conditional_requests, not_modified=self.not_modified,
                   seconds=self.seconds)
        return out


@dataclass
class _Report:
    lists: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in
                                                                 ("fetched", "unchanged", "failed", "gone", "skipped")})
    written: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)

    def add(self, kind: str, url: str, file: str | None = None, reason: str | None = None) -> None:
        self.lists[kind].append(Item(url, file, reason))


def _now(clock: Callable[[], datetime] | None) -> str:
    when = clock() if clock else datetime.now(timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch_corpus(request: FetchRequest, politeness: Politeness = Politeness(), *, progress: Progress | None = None,
                 transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], datetime] | None = None) -> FetchSummary:
    """Bring the corpus's fetched profiles in step with the site. Raises :class:`FetchError` when the
    run cannot start (no sitemap, an unwritable corpus); a page that fails is reported, not raised.

    ``fetch_corpus(FetchRequest("corpus", urls=("https://site.test/en/valmont/",))).fetched[0].file``
    """
    if not request.sitemap and not request.urls:
        raise FetchError("Nothing to fetch — give --sitemap URL or one or more page URLs")
    for url in ((request.sitemap,) if request.sitemap else ()) + request.urls:
        if not re.match(r"^https?://[^/\s]+", url):
            raise FetchError(f"{url!r} is not a web address — give one starting with http:// or https://")
    started = time.perf_counter()
    store = CorpusStore(request.corpus)
    store.root.mkdir(parents=True, exist_ok=True)
    run = _Run(request, store, _now(clock))
    cache = ResourceCache(store.root / SIDECARS / "cache")
    with PoliteClient(politeness, transport=transport, cache=cache) as client:
        complete = run.targets(client)
        run.crawl(client, progress)
        counts = client.counts
    if request.sitemap and complete:
        run.dropped_from_sitemap(origin(request.sitemap))
    run.write()
    r = run.report
    return FetchSummary(*(tuple(r.lists[k]) for k in ("fetched", "unchanged", "failed", "gone", "skipped")),
                        written=tuple(r.written), pruned=tuple(r.pruned), requests=counts.requests,
                        conditional_requests=counts.conditional, not_modified=counts.not_modified,
                        seconds=round(time.perf_counter() - started, 3))


class _Run:
    def __init__(self, request: FetchRequest, store: CorpusStore, now: str):
        self.request = request
        self.store = store
        self.now = now
        self.queue: list[str] = []
        self.outcomes: dict[str, Outcome] = {}
        self.links: list[tuple[str, str]] = []  # sure: the sitemap's hreflang links
        self.claims: set[tuple[str, str]] = set()  # a page's own hreflang links: kept when both pages agree
        self.offered_by: dict[str, str] = {}
        self.listed: set[str] = set()
        self.langs: dict[str, str | None] = {}
        self.report = _Report()

    def _enqueue(self, url: str, offered_by: str | None = None) -> None:
        if url in self.queue:
            return
        self.queue.append(url)
        if offered_by:
            self.offered_by[url] = offered_by
        else:
            self.listed.add(url)

    def targets(self, client: PoliteClient) -> bool:
        """Fill the queue; False when the sitemap could only be read in part."""
        if not self.request.sitemap:
            for url in self.request.urls:
                self._enqueue(url)
            return True
        read = read_sitemap(self.request.sitemap, client)
        pattern = re.compile(self.request.match) if self.request.match else None
        for page in read.pages:
            if pattern and not pattern.search(page.url):
                self.report.add("skipped", page.url, reason="not matched by --match")
                continue
            self._enqueue(page.url)
            for lang, alt in page.alternates:
                self.langs.setdefault(alt, lang)
                self.links.append((page.url, alt))
                if self.request.follow_alternates:
                    self._enqueue(alt, page.url)
        for url in read.off_site:
            self.report.add("skipped", url, reason="not on the sitemap's site")
        for url, reason in read.problems:
            self.report.add("failed", url, reason=f"part of the sitemap could not be read: {reason}")
        return not read.problems

    def crawl(self, client: PoliteClient, progress: Progress | None) -> None:
        done = 0
        while done < len(self.queue):
            url = self.queue[done]
            done += 1
            etag, last_modified = self.store.validators(url)
            outcome = fetch_page(client, url, etag, last_modified, self.now)
            self.outcomes[url] = outcome
            if outcome.page is not None:
                self.langs[url] = outcome.page.lang or self.langs.get(url)
                for lang, alt in outcome.page.alternates:
                    if alt != url and origin(alt) == origin(url):
                        self.langs.setdefault(alt, lang)
                        self.claims.add((url, alt))
                        if self.request.follow_alternates and url in self.listed:  # one hop, never on from there
                            self._enqueue(alt, url)
            elif outcome.kind == "not_modified":
                self.langs[url] = self.store.pages[url].lang if url in self.store.pages else None
                name = self.store.file_of(url)
                for other in self.store.urls_of(name) if name else ():
                    if self.request.follow_alternates and url in self.listed:
                        self._enqueue(other, url)
            if progress:
                progress(done, len(self.queue), url)

    def dropped_from_sitemap(self, site: str) -> None:
        """Pages held from this site that the (complete) sitemap no longer lists, nor any page links to."""
        for url in list(self.store.files):
            if origin(url) == site and url not in self.outcomes:
                self.outcomes[url] = Outcome(url, "gone", "no longer in the sitemap")
                self.queue.append(url)

    def write(self) -> None:
        held = [(a, b) for name in set(self.store.files.values()) for a, b in _chain(self.store.urls_of(name))]
        agreed = [(a, b) for a, b in self.claims if (b, a) in self.claims]
        taken: set[str] = set()
        for group in group_urls([u for u in self.queue if u in self.outcomes], self.links + held + agreed):
            url = group[0]
            if len(group) == 1 and url not in self.listed and url not in self.store.files \
                    and self.outcomes[url].kind == "fetched":
                self.report.add("skipped", url, reason=f"named as another language of {self.offered_by.get(url)}, "
                                                       "which it does not name back")
                continue
            self._write_group(primary_first(group, self.langs, self.request.prefer_lang), taken)

    def _write_group(self, group: list[str], taken: set[str]) -> None:
        name = next((self.store.file_of(u) for u in group if self.store.file_of(u)), None)
        old = {p.source: p for p in self.store.read_parts(name)} if name else {}
        if name is None and any(self.outcomes[u].kind == "fetched" for u in group):
            name = self.store.free_name(file_name_for(group[0]), taken)
        if name:
            taken.add(name)
        parts: list[Part] = []
        states: dict[str, PageState] = {}
        for url in group:
            part = self._part(url, self.outcomes[url], old.get(url), name)
            if part is not None:
                parts.append(part)
                states[url] = self._state(url)
        for url, part in old.items():  # pages of this profile not asked for in this run: kept as they are
            if url and url not in self.outcomes and url in self.store.pages:
                parts.append(part)
                states[url] = self.store.pages[url]
        if name is None:
            return
        if not parts:
            if old:
                self.store.remove_profile(name)
                self.report.pruned.append(name)
            return
        if self.store.write_profile(name, parts):
            self.report.written.append(name)
        self.store.remember(name, states)

    def _state(self, url: str) -> PageState:
        outcome, known = self.outcomes[url], self.store.pages.get(url, PageState())
        if outcome.state is None:
            return known
        lang = outcome.state.lang or known.lang or self.langs.get(url)
        return replace(outcome.state, lang=lang)

    def _part(self, url: str, outcome: Outcome, old: Part | None, name: str | None) -> Part | None:
        """The page's part of the profile file after this run (None: none), and its line in the report."""
        kind, reason = outcome.kind, outcome.reason
        if kind == "fetched":
            page = outcome.page
            lang = page.lang or self.langs.get(url)
            new = Part(page.text, source=url, lang=lang, title=page.title, fetched=self.now)
            if old is not None and (old.body.strip(), old.lang, old.title) == (page.text.strip(), lang, page.title):
                self.report.add("unchanged", url, name, "same text" if old.gone is None else "back on the site")
                return replace(old, gone=None)
            self.report.add("fetched", url, name, reason if old is None or old.gone is None else "back on the site")
            return new
        if kind == "not_modified":
            self.report.add("unchanged", url, name, "back on the site" if old is not None and old.gone else reason)
            return replace(old, gone=None) if old is not None else None
        if kind == "gone" and old is not None:
            pruned = self.request.prune
            self.report.add("gone", url, name, f"{reason}; " + ("removed (--prune)" if pruned else
                                                              "kept and marked (remove with --prune)"))
            return None if pruned else replace(old, gone=old.gone or f"{self.now} ({reason})")
        self.report.add("failed" if kind == "gone" else kind, url, name if old is not None else None, reason)
        return old


def _chain(urls: list[str]) -> list[tuple[str, str]]:
    return list(zip(urls, urls[1:]))

"""robots.txt, read once per site and asked before every request (with protego, Scrapy's parser:
wildcards, Allow/Disallow precedence, Crawl-delay and Request-rate as crawlers expect them)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from protego import Protego

log = logging.getLogger(__name__)

#: RFC 9309 asks crawlers to parse at least 500 KiB of a robots.txt
MAX_ROBOTS_BYTES = 512 * 1024


@dataclass(frozen=True)
class RobotsFile:
    """What fetching a site's robots.txt gave: `status` 0 when the site could not be reached."""

    status: int
    text: str = ""


@dataclass(frozen=True)
class SiteRules:
    """One site's answer: `blocked` says why every page is off limits (robots.txt unreachable)."""

    parser: Protego | None
    blocked: str | None = None

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.blocked:
            return False
        return self.parser is None or self.parser.can_fetch(url, user_agent)

    def delay(self, user_agent: str) -> float:
        """The pause the site asks for between two requests (Crawl-delay, or Request-rate), 0 if none."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(user_agent) or 0.0
        rate = self.parser.request_rate(user_agent)
        if rate and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return float(delay)


def origin(url: str) -> str:
    """The site a URL belongs to: ``origin("https://a.test:8080/x?y") == "https://a.test:8080"``"""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def rules_from(robots: RobotsFile) -> SiteRules:
    """A site's rules from its robots.txt, as RFC 9309 reads the status: 2xx parse it, 4xx means no
    rules, a server error or no answer means stay away for this run.

    ``rules_from(RobotsFile(404)).allowed("https://a.test/x", "bot")``
    """
    if 200 <= robots.status < 300:
        return SiteRules(Protego.parse(robots.text[:MAX_ROBOTS_BYTES]))
    if 400 <= robots.status < 500:
        return SiteRules(None)
    why = f"HTTP {robots.status}" if robots.status else "no answer"
    return SiteRules(None, blocked=f"robots.txt could not be read ({why}), so the site is left alone")


class RobotsCache:
    """Each site's rules, fetched on first use with `fetch(robots_url) -> RobotsFile`.

    ``RobotsCache(fetch, "city-profile-search/0.1").allowed("https://a.test/page")``
    """

    def __init__(self, fetch: Callable[[str], RobotsFile], user_agent: str):
        self._fetch = fetch
        self._user_agent = user_agent
        self._sites: dict[str, SiteRules] = {}

    def rules(self, url: str) -> SiteRules:
        site = origin(url)
        if site not in self._sites:
            robots = self._fetch(site + "/robots.txt")
            self._sites[site] = rules_from(robots)
            log.info("robots.txt of %s: HTTP %s", site, robots.status or "no answer")
        return self._sites[site]

    def allowed(self, url: str) -> bool:
        return self.rules(url).allowed(url, self._user_agent)

    def why_not(self, url: str) -> str:
        """Why `url` may not be fetched (for the run's report)."""
        return self.rules(url).blocked or "disallowed by robots.txt"

    def delay(self, url: str) -> float:
        return self.rules(url).delay(self._user_agent)

"""The small rooms of `profile-search fetch`: robots.txt, the polite client (on a mock transport),
page extraction, grouping languages, file names. No network at all."""

from __future__ import annotations

import httpx
import pytest

from indexer.errors import Disallowed, PageError
from indexer.fetch.client import Politeness, PoliteClient, _retry_after
from indexer.fetch.extract import decode_page, extract_page
from indexer.fetch.groups import group_urls, primary_first
from indexer.fetch.robots import RobotsFile, rules_from
from indexer.fetch.store import file_name_for
from tests.fetch_site import page_html

UA = "city-profile-search/test"


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.slept.append(round(s, 3))
        self.now += s


def client(handler, clock: FakeClock | None = None, **kw) -> PoliteClient:
    clock = clock or FakeClock()
    return PoliteClient(Politeness(user_agent=UA, **kw), transport=httpx.MockTransport(handler),
                        sleep=clock.sleep, clock=clock.clock)


def robots(text: str = "", status: int = 200):
    def handler(request: httpx.Request, pages) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(status, text=text)
        return pages(request)
    return handler


@pytest.mark.parametrize("status,allowed", [(200, True), (404, True), (403, True), (500, False), (0, False)])
def test_robots_status_is_read_as_rfc_9309_says(status, allowed):
    rules = rules_from(RobotsFile(status, "User-agent: *\nDisallow: /private/\n"))
    assert rules.allowed("https://a.test/page", UA) is allowed
    assert not rules.allowed("https://a.test/private/x", UA) if status == 200 else True


def test_crawl_delay_and_request_rate():
    assert rules_from(RobotsFile(200, "User-agent: *\nCrawl-delay: 4\n")).delay(UA) == 4.0
    assert rules_from(RobotsFile(200, "User-agent: *\nRequest-rate: 1/10s\n")).delay(UA) == 10.0


def test_requests_to_one_site_wait_for_the_delay_and_identify_themselves():
    seen = []
    clock = FakeClock()

    def pages(request):
        seen.append((clock.now, request.headers["user-agent"]))
        return httpx.Response(200, html="<p>x</p>")

    c = client(lambda r: robots("User-agent: *\nCrawl-delay: 3\n")(r, pages), clock, delay=1.0)
    for n in range(3):
        c.get(f"https://a.test/p{n}")
    times = [t for t, _ in seen]
    assert all(b - a >= 3.0 for a, b in zip(times, times[1:]))  # robots.txt asked for 3 s, more than --delay
    assert {ua for _, ua in seen} == {UA}


def test_server_errors_are_retried_with_growing_waits_then_reported():
    calls = []

    def pages(request):
        calls.append(request.url.path)
        return httpx.Response(503)

    clock = FakeClock()
    c = client(lambda r: robots()(r, pages), clock, delay=0, retries=2, backoff=0.5)
    assert c.get("https://a.test/p").status == 503
    assert len(calls) == 3 and clock.slept == [0.5, 1.0]


def test_retry_after_is_honoured_and_capped():
    assert _retry_after("7") == 7.0 and _retry_after("100000") == 120.0 and _retry_after("soon") is None


def test_timeouts_are_retried_then_fail_with_a_reason():
    def pages(request):
        raise httpx.ReadTimeout("slow", request=request)

    c = client(lambda r: robots()(r, pages), delay=0, retries=1, backoff=0)
    with pytest.raises(PageError, match="timed out"):
        c.get("https://a.test/slow")
    assert c.counts.requests == 3  # robots.txt, then two tries


def test_conditional_headers_are_sent_and_counted():
    def pages(request):
        assert request.headers["if-none-match"] == '"v1"'
        return httpx.Response(304)

    c = client(lambda r: robots()(r, pages), delay=0)
    assert c.get("https://a.test/p", etag='"v1"').status == 304
    assert (c.counts.conditional, c.counts.not_modified) == (1, 1)


def test_a_redirect_into_a_disallowed_path_is_not_followed():
    def pages(request):
        return httpx.Response(302, headers={"Location": "/private/p"})

    c = client(lambda r: robots("User-agent: *\nDisallow: /private/\n")(r, pages), delay=0)
    with pytest.raises(Disallowed, match="redirected to"):
        c.get("https://a.test/p")


def test_a_page_over_the_limit_is_refused_while_streaming():
    c = client(lambda r: robots()(r, lambda q: httpx.Response(200, content=iter([b"x" * 600, b"y" * 600]))),
               delay=0, max_bytes=1000)
    with pytest.raises(PageError, match="1,000-byte limit"):
        c.get("https://a.test/big")


def test_latin1_declared_as_utf8_is_read_with_a_warning():
    text, warnings = decode_page("Forlì, Città".encode("latin-1"), "text/html; charset=UTF-8")
    assert text == "Forlì, Città" and "declared UTF-8" in warnings[0]
    assert decode_page("Città".encode("latin-1"), "text/html; charset=ISO-8859-1") == ("Città", [])


def test_extraction_keeps_the_profile_and_drops_the_furniture():
    page = extract_page(page_html("http://s.test", "/en/members/valmont-sur-serre/"), "http://s.test/x")
    assert page.text.startswith("1. General information") and "Population: 24,310 inhabitants (2016)" in page.text
    for furniture in ("Skip to content", "Our members", "Share this", "Français", "cookies", "Legal notice",
                      "3,000,000", "Member since: 1987", "Edit", "Nordhavn", "Since 1987"):
        assert furniture not in page.text
    assert page.title == "Valmont-sur-Serre" and page.lang == "en-gb"
    assert dict(page.alternates) == {"en": "http://s.test/en/members/valmont-sur-serre/",
                                     "fr": "http://s.test/fr/membres/valmont-sur-serre/"}


def test_without_hreflang_links_the_language_switcher_is_read():
    page = extract_page(page_html("http://s.test", "/en/members/kestrelburg/"), "http://s.test/en/members/kestrelburg/")
    assert dict(page.alternates) == {"fr": "http://s.test/fr/"}


def test_languages_group_into_one_city_with_the_preferred_language_first():
    assert group_urls(["en", "fr", "de"], [("fr", "en"), ("x", "de")]) == [["en", "fr"], ["de"]]
    assert primary_first(["fr", "en"], {"fr": "fr-fr", "en": "en-gb"}, "en") == ["en", "fr"]
    assert primary_first(["fr", "de"], {"fr": "fr", "de": "de"}, "en") == ["fr", "de"]


def test_file_names_come_from_the_page_address():
    assert file_name_for("https://s.test/en/members/Valmont-sur-Serre/") == "valmont-sur-serre.txt"
    assert file_name_for("https://s.test/fr/membres/sa%C3%AFnt-%C3%A9tienne.html") == "saint-etienne.txt"
    assert file_name_for("https://s.test/") == "s-test.txt"

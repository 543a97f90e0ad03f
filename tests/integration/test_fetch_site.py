"""`fetch` against the fixture site on 127.0.0.1: what lands in the corpus, what the report says,
conditional requests on the second run, gone pages, and the incremental index after it."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.fetch import FetchRequest, Politeness, fetch_corpus
from indexer.parse import parse_profile
from indexer.read import read_file
from indexer.sources import profile_of
from indexer.split import split_profile
from tests.fetch_site import (MAX_BYTES, PROFILE_PAGES, FakeSite, build_site, fake_site, sitemap_index,  # noqa: F401
                              status, text_of, urlset)

FAST = Politeness(user_agent="city-profile-search/test", delay=0, timeout=0.3, retries=1, backoff=0.01,
                  max_bytes=MAX_BYTES)
FACTS = ("city", "country", "region", "population", "population_year", "website", "mayor", "safety_contract",
         "twinned_with", "memberships", "events", "quotes")
GOOD = ["/en/members/valmont-sur-serre/", "/en/members/lindavia/", "/en/members/olmeda/", "/en/members/kestrelburg/"]


def run(site: FakeSite, corpus: Path, **kw):
    kw.setdefault("match", "/members/")
    return fetch_corpus(FetchRequest(corpus, sitemap=site.url + "/sitemap_index.xml", **kw), FAST)


def by_url(items, site: FakeSite) -> dict[str, str | None]:
    return {i.url.removeprefix(site.url): i.reason for i in items}


def clean(site: FakeSite) -> FakeSite:
    """The site with only its good profile pages listed (one sitemap in the index)."""
    site.routes["/sitemap_index.xml"] = _static_xml(sitemap_index(site.url, ["/page-sitemap.xml"]))
    alternates = {GOOD[0]: {"en": GOOD[0], "fr": "/fr/membres/valmont-sur-serre/"}}
    site.routes["/page-sitemap.xml"] = _static_xml(urlset(site.url, GOOD, alternates))
    return site


def _static_xml(text: str):
    from tests.fetch_site import static

    return static(text, "application/xml")


def test_a_sitemap_run_reports_every_page_and_writes_one_file_per_city(fake_site, tmp_path):
    s = run(fake_site, tmp_path)
    assert set(by_url(s.fetched, fake_site)) == {*GOOD, "/fr/membres/valmont-sur-serre/"}
    failed = by_url(s.failed, fake_site)
    assert failed == {
        "/en/members/slowtown/": "timed out (after 2 tries)",
        "/en/members/loop/": failed["/en/members/loop/"],
        "/en/members/missing/": "not found (HTTP 404)",
        "/en/members/dissolved/": "gone (HTTP 410)",
        "/en/members/huge/": "larger than the 60,000-byte limit (125,052 bytes)",
    }
    assert failed["/en/members/loop/"].startswith("redirect loop")
    skipped = by_url(s.skipped, fake_site)
    assert skipped["/private/members/hidden/"] == "disallowed by robots.txt"
    assert skipped["/en/members/annual-report.pdf"] == "not an HTML page (application/pdf)"
    assert skipped["/en/legal-notice/"] == "not matched by --match"
    assert "does not name back" in skipped["/fr/"]  # Kestrelburg's switcher points at the French home page
    assert not s.gone and not any(r.path.startswith("/private/") for r in fake_site.log)
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == ["kestrelburg.txt", "lindavia.txt", "olmeda.txt",
                                                               "valmont-sur-serre.txt"]
    kestrelburg = [r for r in fake_site.log if r.path == "/en/members/kestrelburg/"]
    assert len(kestrelburg) == 2  # a 500, then the retry's 200


@pytest.mark.parametrize("path", GOOD)
def test_facts_of_a_fetched_page_equal_those_of_the_profile_written_as_text(fake_site, tmp_path, path):
    s = fetch_corpus(FetchRequest(tmp_path, urls=(fake_site.url + path,)), FAST)
    (item,) = [i for i in s.fetched if i.url.endswith(path)]
    fetched = profile_of(read_file(tmp_path / item.file), item.file)
    written = parse_profile(text_of(path).read_text("utf-8"), path="text.txt")
    assert {f: getattr(fetched, f) for f in FACTS} == {f: getattr(written, f) for f in FACTS}
    assert fetched.source.url == fake_site.url + path and fetched.source.fetched.endswith("Z")


def test_english_and_french_stay_one_city_and_both_texts_are_indexed(fake_site, tmp_path):
    fetch_corpus(FetchRequest(tmp_path, urls=(fake_site.url + GOOD[0],)), FAST)
    assert [p.name for p in tmp_path.glob("*.txt")] == ["valmont-sur-serre.txt"]
    profile = profile_of(read_file(tmp_path / "valmont-sur-serre.txt"), "valmont-sur-serre.txt")
    assert profile.slug == "valmont-sur-serre" and profile.lang == "en"
    french = parse_profile(text_of("/fr/membres/valmont-sur-serre/").read_text("utf-8"))
    assert [(t.lang, t.url) for t in profile.translations] == [("fr", fake_site.url + "/fr/membres/valmont-sur-serre/")]
    assert [b.text for b in profile.translations[0].blocks] == [b.text for b in french.blocks]
    passages = split_profile(profile)
    assert {p.lang for p in passages} == {"en", "fr"} and {p.profile for p in passages} == {"valmont-sur-serre"}
    assert len(profile.events) == 4  # the French text's events are searchable passages, not more facts
    summary = build_index(tmp_path, tmp_path / "index")
    assert summary.added == ("valmont-sur-serre.txt",) and summary.profiles_total == 1


def test_lindavia_latin1_page_keeps_its_accents(fake_site, tmp_path):
    s = fetch_corpus(FetchRequest(tmp_path, urls=(fake_site.url + "/en/members/lindavia/",)), FAST)
    assert "declared UTF-8" in s.fetched[0].reason
    text = (tmp_path / "lindavia.txt").read_text("utf-8")
    assert "Niccolò Ferrà" in text and "Forlì" in text and "\ufffd" not in text


def test_a_second_run_on_an_unchanged_site_asks_only_conditionally_and_the_index_stays(fake_site, tmp_path):
    site = clean(fake_site)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    first = run(site, corpus)
    assert len(first.fetched) == 5 and not first.failed
    assert build_index(corpus, index).profiles_total == 4
    before = {p.name: p.read_bytes() for p in corpus.glob("*.txt")}
    n = len(site.log)
    second = run(site, corpus)
    again = site.log[n:]
    assert again and all(r.conditional for r in again), [r.path for r in again if not r.conditional]
    assert second.requests == len(again) and second.not_modified == len(again)
    assert not second.fetched and not second.written and len(second.unchanged) == 5
    assert {p.name: p.read_bytes() for p in corpus.glob("*.txt")} == before
    update = build_index(corpus, index)
    assert (update.added, update.updated, update.removed) == ((), (), ())


def test_a_changed_page_is_fetched_again_and_only_it_is_reindexed(fake_site, tmp_path):
    from tests.fetch_site import page_html, static

    site = clean(fake_site)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    run(site, corpus)
    build_index(corpus, index)
    html = page_html(site.url, "/en/members/olmeda/").replace("Member since: 2018", "Member since: 2017")
    site.routes["/en/members/olmeda/"] = static(html)
    s = run(site, corpus)
    assert [i.file for i in s.fetched] == ["olmeda.txt"] and s.written == ("olmeda.txt",)
    assert build_index(corpus, index).updated == ("olmeda.txt",)


def test_a_gone_page_is_reported_and_marked_and_removed_only_with_prune(fake_site, tmp_path):
    site = clean(fake_site)
    run(site, tmp_path)
    site.routes["/en/members/olmeda/"] = status(410)
    s = run(site, tmp_path)
    assert by_url(s.gone, site) == {"/en/members/olmeda/": "gone (HTTP 410); kept and marked (remove with --prune)"}
    profile = profile_of(read_file(tmp_path / "olmeda.txt"), "olmeda.txt")
    assert profile.source.gone.endswith("(gone (HTTP 410))") and profile.population == 9870
    marked = (tmp_path / "olmeda.txt").read_bytes()
    run(site, tmp_path)
    assert (tmp_path / "olmeda.txt").read_bytes() == marked  # marked once, not rewritten on every run
    s = run(site, tmp_path, prune=True)
    assert s.pruned == ("olmeda.txt",) and not (tmp_path / "olmeda.txt").exists()
    assert not (tmp_path / ".fetch" / "olmeda.txt.json").exists()


def test_a_page_dropped_from_the_sitemap_is_gone_but_not_when_the_sitemap_is_incomplete(fake_site, tmp_path):
    site = clean(fake_site)
    run(site, tmp_path)
    site.routes["/page-sitemap.xml"] = _static_xml(urlset(site.url, GOOD[:3], {
        GOOD[0]: {"en": GOOD[0], "fr": "/fr/membres/valmont-sur-serre/"}}))
    s = run(site, tmp_path)
    assert by_url(s.gone, site) == {"/en/members/kestrelburg/":
                                    "no longer in the sitemap; kept and marked (remove with --prune)"}
    site.routes["/sitemap_index.xml"] = _static_xml(sitemap_index(site.url, ["/page-sitemap.xml", "/broken.xml"]))
    site.routes["/page-sitemap.xml"] = _static_xml(urlset(site.url, GOOD[:1]))
    site.routes["/broken.xml"] = status(500)
    s = run(site, tmp_path)
    assert "HTTP 500" in by_url(s.failed, site)["/broken.xml"] and not by_url(s.gone, site).keys() - {
        "/en/members/kestrelburg/"}
    assert (tmp_path / "lindavia.txt").exists() and "gone:" not in (tmp_path / "lindavia.txt").read_text("utf-8")


def test_a_page_list_run_follows_the_other_language_and_waits_between_requests(fake_site, tmp_path):
    slow = Politeness(user_agent="city-profile-search/test", delay=0.15, timeout=2, retries=0)
    started = time.monotonic()
    s = fetch_corpus(FetchRequest(tmp_path, urls=(fake_site.url + GOOD[0], fake_site.url + GOOD[2])), slow)
    assert len(s.fetched) == 3 and time.monotonic() - started >= 0.15 * 3
    agents = {r.headers.get("user-agent") for r in fake_site.log}
    assert agents == {"city-profile-search/test"}


def test_a_gone_page_that_comes_back_loses_its_mark(fake_site, tmp_path):
    site = clean(fake_site)
    run(site, tmp_path)
    good = site.routes["/en/members/olmeda/"]
    site.routes["/en/members/olmeda/"] = status(404)
    assert by_url(run(site, tmp_path).gone, site).keys() == {"/en/members/olmeda/"}
    site.routes["/en/members/olmeda/"] = good
    s = run(site, tmp_path)
    assert by_url(s.unchanged, site)["/en/members/olmeda/"] == "back on the site"
    assert "gone:" not in (tmp_path / "olmeda.txt").read_text("utf-8")


def test_profiles_are_written_atomically_and_leave_no_temporary_file(tmp_path):
    from indexer.fetch.store import atomic_write

    target = tmp_path / "a.txt"
    atomic_write(target, "one\n")
    atomic_write(target, "two\n")
    assert target.read_text("utf-8") == "two\n" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_fetched_profile_page_says_where_and_when_it_came_from(fake_site, tmp_path):
    from bs4 import BeautifulSoup

    from search_app.app import create_app

    corpus = tmp_path / "corpus"
    run(clean(fake_site), corpus)
    build_index(corpus, tmp_path / "index")
    client = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True}).test_client()
    page = BeautifulSoup(client.get("/city/lindavia").get_data(as_text=True), "html.parser")
    note = page.select_one("p.source")
    assert note is not None and note.a["href"] == fake_site.url + "/en/members/lindavia/"
    assert re.search(r"fetched [A-Z][a-z]+ \d{1,2}, \d{4}", note.get_text())  # the date, the page language's way
    assert client.get("/api/city/lindavia").get_json()["profile"]["source"]["url"] == note.a["href"]

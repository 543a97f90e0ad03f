"""Compare pages, their JSON twin and errors; feeds of a search across index runs; back to results."""

from __future__ import annotations

import shutil
import time

import feedparser
import pytest

from tests.conftest import CORPUS, PROFILES, soup
from tests.reliability.payloads import XSS_PAYLOADS as XSS


def test_compare_page_shows_facts_networks_and_an_aligned_timeline(client):
    r = client.get("/compare?city=amiens&city=bagneux")
    assert r.status_code == 200
    page = soup(r)
    facts = page.select("table.compare-table")[0]
    assert [th.get_text(strip=True) for th in facts.select("thead th")] == ["Amiens", "Bagneux"]
    rows = {tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in facts.select("tbody tr")}
    assert rows["Population"] == ["133,327 (2011)", "38,495"]
    assert rows["Efus shared"] == ["Member since 2000; Executive Committee since 2016", "Member since 2014"]
    timeline = page.select_one("table.compare-timeline")
    assert [th.get_text(strip=True) for th in timeline.select("thead th")] == ["Year", "Amiens", "Bagneux"]
    row2014 = timeline.select_one("tr#cy2014")
    assert "shared" in row2014["class"]
    shared = [li.get_text(" ", strip=True) for li in row2014.select("li.ev-shared")]
    assert len(shared) == 2 and all("General Assembly" in s for s in shared)
    assert "Shared networks: Efus FFSU" in page.select_one(".compare-summary").get_text(" ", strip=True)


def test_compare_json_twin(client):
    d = client.get("/api/compare?city=Bagneux&city=amiens").get_json()
    assert d["ok"] is True
    assert [c["slug"] for c in d["cities"]] == ["bagneux", "amiens"]
    assert d["shared_networks"] == ["Efus", "FFSU"] and d["shared_events"] == 2


@pytest.mark.parametrize("query, status, words", [
    ("city=amiens", 400, "only “amiens” was given"),
    ("city=amiens&city=amiens", 400, "only “amiens” was given"),
    ("city=amiens&city=bagneux&city=a&city=b&city=c", 400, "at most 4"),
    ("city=amiens&city=nowhere", 404, "No city profile is called “nowhere”"),
])
def test_bad_comparisons_say_why(client, query, status, words):
    r = client.get("/api/compare?" + query)
    assert r.status_code == status
    assert r.get_json() == {"ok": False, "error": r.get_json()["error"], "status": status}
    assert words in r.get_json()["error"]
    page = client.get("/compare?" + query)
    assert page.status_code == status
    assert words in soup(page).select_one("[role=alert]").get_text()


@pytest.mark.parametrize("payload", XSS[:8])
def test_hostile_city_names_are_answered_and_escaped(client, payload):
    from urllib.parse import quote

    r = client.get(f"/compare?city=amiens&city={quote(payload)}")
    assert r.status_code in (400, 404)
    page = soup(r)
    assert not page.select("script:not([src])") and not page.select("[onerror], [onload]")


def test_compare_is_reachable_from_the_form_without_cities_from_search_results_and_from_a_profile(mixed_client):
    empty = soup(mixed_client.get("/compare"))
    assert len(empty.select("form.compare-pick input[name=city]")) == 4
    results = soup(mixed_client.get("/?q=prevention"))
    form = results.select_one("form#compare-form")
    assert form["action"] == "/compare" and form["method"] == "get"
    boxes = results.select('input[type=checkbox][form="compare-form"][name=city]')
    assert len(boxes) >= 2
    picked = [b["value"] for b in boxes[:2]]
    r = mixed_client.get("/compare?" + "&".join(f"city={v}" for v in picked))
    assert r.status_code == 200
    profile = soup(mixed_client.get("/city/amiens"))
    with_form = profile.select_one("form.compare-with")
    assert with_form.select_one("input[type=hidden]")["value"] == "amiens"
    options = [o["value"] for o in with_form.select("datalist option")]
    assert "Bagneux" in options and "Amiens" not in options


def test_a_hit_leads_to_its_passage_with_the_filters_and_back_to_the_same_results(client):
    d = client.get("/api/search?q=cctv&network=FFSU&year_from=2008").get_json()
    url = d["hits"][0]["url"]
    assert url.startswith("/city/amiens?q=cctv&network=FFSU&year_from=2008#p")
    page = soup(client.get(url.split("#")[0]))
    assert page.find(id=url.split("#")[1]) is not None
    back = page.select_one("a.back")
    assert back["href"] == "/?q=cctv&network=FFSU&year_from=2008"
    assert "Back to results" in back.get_text()
    assert soup(client.get("/city/amiens")).select_one("a.back") is None


def test_every_search_page_links_its_feed(client):
    page = soup(client.get("/?q=cctv&network=FFSU&page=1"))
    link = page.select_one('head link[rel=alternate][type="application/atom+xml"]')
    assert link["href"] == "/feed.atom?q=cctv&network=FFSU"


def _feed(client, query):
    r = client.get("/feed.atom?" + query)
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    feed = feedparser.parse(r.get_data())
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_feeds_follow_index_runs(tmp_path):
    """A new profile's passages come first in the feeds it matches; a run that changes nothing changes no entry."""
    from indexer.build import build_index
    from search_app.app import create_app

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for p in CORPUS.iterdir():
        shutil.copy(p, corpus / p.name)
    build_index(corpus, index)
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()
    before = _feed(client, "q=prevention")
    assert before.entries and {e.link.split("/city/")[1].split("?")[0] for e in before.entries} <= {"amiens", "bagneux"}
    time.sleep(0.01)
    shutil.copy(PROFILES / "aldercombe.txt", corpus / "aldercombe.txt")
    build_index(corpus, index)
    after = _feed(client, "q=prevention")
    newest = after.entries[0]
    assert "/city/aldercombe" in newest.link and newest.updated > before.entries[0].updated
    old_times = {e.id: e.updated for e in before.entries}
    assert all(old_times[e.id] == e.updated for e in after.entries if e.id in old_times)
    again = build_index(corpus, index)
    assert again.mode == "incremental"
    assert [(e.id, e.updated) for e in _feed(client, "q=prevention").entries] == [(e.id, e.updated) for e in after.entries]
    full = build_index(corpus, index, full=True)
    assert full.mode == "full"
    assert [(e.id, e.updated) for e in _feed(client, "q=prevention").entries] == [(e.id, e.updated) for e in after.entries]


def test_an_edited_passage_moves_to_the_top_of_its_feed(tmp_path):
    from indexer.build import build_index
    from search_app.app import create_app

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(CORPUS / "bagneux.txt", corpus / "bagneux.txt")
    build_index(corpus, index)
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()
    before = _feed(client, "")
    time.sleep(0.01)
    text = (corpus / "bagneux.txt").read_text(encoding="utf-8")
    (corpus / "bagneux.txt").write_text(text + "\nThe city opened a night-time mediation service in 2016.\n", encoding="utf-8")
    build_index(corpus, index)
    after = _feed(client, "")
    assert "night-time mediation" in after.entries[0].summary
    unchanged = {e.id: e.updated for e in before.entries}
    assert sum(1 for e in after.entries if unchanged.get(e.id) == e.updated) >= len(before.entries) - 2


def test_feed_with_bad_parameters_is_a_400(client):
    assert client.get("/feed.atom?year=abc").status_code == 400


def test_a_comparison_that_cannot_be_made_shows_the_form_again_with_what_was_typed(client):
    r = client.get("/compare?city=Amiens&city=Atlantis")
    assert r.status_code == 404
    page = soup(r)
    assert [i.get("value") for i in page.select("form.compare-pick input[name=city]")][:2] == ["Amiens", "Atlantis"]
    assert "No city profile is called “atlantis”" in page.select_one("form.compare-pick [role=alert]").get_text()

"""The site in English and French: the catalogue is complete, the language is chosen by ?lang=, the
cookie, then the browser, numbers and plurals follow it, every page speaks it (but the profiles' own
text), and the JSON stays language-neutral except its notices."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from tests.conftest import ROOT

CATALOGUE = ROOT / "search_app" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)s")

# the pages of the site, with what they need to show everything they can
PAGES = ["/", "/?q=cctv", "/?q=prevention&network=FFSU&population=100000..&member_since=..2005", "/?q=zzzzqqq",
         "/?q=youth+crime+prevention+network+cctv", "/?q=training&group=none&page=2&size=5",
         "/?q=year:2010..2008", "/cities", "/cities?sort=-population&network=Efus&population=..100000",
         "/city/amiens", "/city/amiens?q=cctv", "/city/bagneux?q=zeppelin", "/compare",
         "/compare?city=amiens&city=bagneux", "/compare?city=amiens", "/no-such-page"]


def extracted(tmp_path: Path) -> dict:
    """The messages of the code and templates as they are now (pybabel extract, as `make messages` runs it)."""
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "msg", "-k", "nmsg:1,2", "-k", "N_", "--no-location", "-o", str(pot), str(ROOT)],
                   check=True, capture_output=True, cwd=ROOT)
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else tuple(m.id): m for m in read_po(f) if m.id}


def test_every_message_has_a_french_translation(tmp_path):
    with CATALOGUE.open("rb") as f:
        french = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in read_po(f) if m.id}
    wanted = extracted(tmp_path)
    assert len(wanted) > 200
    missing = [k for k in wanted if k not in french]
    assert missing == [], f"messages without a French translation (run `make messages`, then translate): {missing}"
    for key in wanted:
        m = french[key]
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        assert all(s.strip() for s in strings), f"empty translation: {key}"
        assert not m.fuzzy, f"fuzzy translation: {key}"
        ids = [key] if isinstance(key, str) else list(key)
        names = {n for i in ids for n in map(lambda t: t[0] or t[1], PLACEHOLDER.findall(i))}
        for s in strings:
            assert {t[0] or t[1] for t in PLACEHOLDER.findall(s)} <= names | {"n", "num", "count"}, (key, s)
            assert names - {"n", "num", "count"} <= {t[0] or t[1] for t in PLACEHOLDER.findall(s)}, (key, s)


@pytest.fixture(scope="module")
def client(seed_index):
    from search_app.app import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()


def html_lang(resp) -> str:
    return BeautifulSoup(resp.get_data(as_text=True), "html.parser").html["lang"]


def test_the_language_comes_from_the_parameter_then_the_cookie_then_the_browser(client):
    client.delete_cookie("lang")
    assert html_lang(client.get("/")) == "en"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})) == "fr"
    assert html_lang(client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})) == "en"
    r = client.get("/cities?lang=fr", headers={"Accept-Language": "en"})
    assert html_lang(r) == "fr" and "lang=fr" in r.headers["Set-Cookie"]
    assert html_lang(client.get("/city/amiens", headers={"Accept-Language": "en"})) == "fr"  # the cookie holds
    assert html_lang(client.get("/?lang=en", headers={"Accept-Language": "fr"})) == "en"
    assert html_lang(client.get("/compare", headers={"Accept-Language": "fr"})) == "en"
    client.delete_cookie("lang")


def test_the_language_switch_keeps_the_page_and_its_query(client):
    page = BeautifulSoup(client.get("/?q=cctv&network=FFSU&lang=fr").get_data(as_text=True), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("ul.languages a")}
    assert set(links) == {"English"} and page.select_one("ul.languages [aria-current]").get_text() == "Français"
    assert links["English"].startswith("/?") and "q=cctv" in links["English"] and "network=FFSU" in links["English"]
    assert "lang=en" in links["English"]
    client.delete_cookie("lang")


def test_a_feed_followed_from_a_french_page_stays_in_french(client):
    """A feed reader sends neither the site's cookie nor the browser's languages: the feed's address
    carries the page's language, and so do the feed's links back to the site."""
    page = BeautifulSoup(client.get("/?q=cctv&lang=fr").get_data(as_text=True), "html.parser")
    feed_url = page.select_one('link[type="application/atom+xml"]')["href"]
    assert "lang=fr" in feed_url and "q=cctv" in feed_url
    assert page.select_one('a[type="application/atom+xml"]')["href"] == feed_url
    client.delete_cookie("lang")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(client.get(feed_url).get_data())
    assert feed.findtext(f"{atom}title") == "Recherche dans les fiches des villes : cctv"
    assert feed.findtext(f"{atom}subtitle").startswith("Passages des fiches de villes")
    entry_link = feed.find(f"{atom}entry/{atom}link").get("href")
    assert "lang=fr" in entry_link.split("#")[0] and "#p" in entry_link
    assert "lang=fr" in feed.find(f"{atom}link[@rel='alternate']").get("href")
    english = BeautifulSoup(client.get("/?q=cctv&lang=en").get_data(as_text=True), "html.parser")
    assert "lang=" not in english.select_one('link[type="application/atom+xml"]')["href"]
    client.delete_cookie("lang")


def test_numbers_and_plurals_follow_the_language(client):
    fr = BeautifulSoup(client.get("/city/amiens?lang=fr").get_data(as_text=True), "html.parser")
    en = BeautifulSoup(client.get("/city/amiens?lang=en").get_data(as_text=True), "html.parser")
    assert "133\u202f327" in fr.select_one("section.facts").get_text()
    assert "133,327" in en.select_one("section.facts").get_text()
    fr_search = BeautifulSoup(client.get("/?q=cctv&lang=fr").get_data(as_text=True), "html.parser")
    summary = " ".join(fr_search.select_one("h1.summary").get_text().split())
    assert re.match(r"\d+ passages? dans \d+ villes?", summary), summary
    client.delete_cookie("lang")


def visible_ui_text(html: str) -> str:
    """What a page shows that the product wrote: its text and labels, without the profiles' own words
    (snippets, passages, timelines, facts from the profile, city names in lists)."""
    soup = BeautifulSoup(html, "html.parser")
    for sel in (".snippet", ".passage", ".timeline li", "datalist", "table.cities tbody", ".compare-timeline tbody",
                ".crumbs", "h4", ".similar li", ".facet-values .value", "title", "input", "code", "dd li",
                ".matches .visually-hidden", "h1 .muted", ".source a"):
        for e in soup.select(sel):
            e.decompose()
    parts = list(soup.stripped_strings)
    for e in soup.find_all(True):
        parts += [e[a] for a in ("aria-label", "title", "placeholder") if e.get(a)]
    return "\n".join(parts)


def english_phrases(tmp_path) -> set[str]:
    """The English messages whose French differs: none of them may show on a French page."""
    with CATALOGUE.open("rb") as f:
        cat = read_po(f)
    out = set()
    for m in cat:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for i in ids:
            for piece in re.split(r"\{\w+\}|%\(\w+\)s|<[^>]+>", i):
                piece = piece.strip(" .,:;()“”\n")
                if len(piece) >= 6 and " " in piece and not any(piece in s for s in strings):
                    out.add(piece)
    return out


@pytest.mark.parametrize("url", PAGES)
def test_every_page_in_french_leaves_no_english(client, url, tmp_path):
    resp = client.get(url + ("&" if "?" in url else "?") + "lang=fr")
    assert resp.status_code in (200, 400, 404)
    assert html_lang(resp) == "fr"
    text = visible_ui_text(resp.get_data(as_text=True))
    left = sorted(p for p in english_phrases(tmp_path) if p in text)
    assert left == [], left
    client.delete_cookie("lang")


@pytest.mark.parametrize("lang, words", [("en", ("Search", "Cities", "Compare")), ("fr", ("Rechercher", "Villes", "Comparer"))])
@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_in_both_languages(client, url, lang, words):
    resp = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
    body = resp.get_data(as_text=True)
    assert resp.status_code == (404 if url == "/no-such-page" else 400 if "2010..2008" in url or url.endswith("amiens")
                                and url.startswith("/compare") else 200), (url, resp.status_code)
    nav = BeautifulSoup(body, "html.parser").select_one("header nav").get_text(" ")
    assert all(w in nav for w in words)
    client.delete_cookie("lang")


def test_the_json_stays_neutral_but_its_notices_follow_the_language(client):
    q = "youth crime prevention network cctv"
    en = client.get("/api/search", query_string={"q": q}).get_json()
    fr = client.get("/api/search", query_string={"q": q, "lang": "fr"}).get_json()
    assert en["notice"].startswith("No passage has all of your words")
    assert fr["notice"].startswith("Aucun passage ne contient tous vos mots")
    assert en["facets"] == fr["facets"] and [h["id"] for h in en["hits"]] == [h["id"] for h in fr["hits"]]
    assert {v["value"] for v in fr["facets"]["section"]} <= {"General information", "In the network", "Further information",
                                                            "Project files"}
    bad = client.get("/api/search", query_string={"year_from": "2010", "year_to": "2008", "lang": "fr"})
    assert bad.status_code == 400 and "est après" in bad.get_json()["error"]
    client.delete_cookie("lang")


def test_errors_and_notices_are_translated_with_their_values(client):
    page = BeautifulSoup(client.get("/?q=year:2010..2008&lang=fr").get_data(as_text=True), "html.parser")
    alert = page.select_one(".alert").get_text(" ")
    assert "la période 2010..2008 est vide" in alert
    page = BeautifulSoup(client.get("/compare?city=amiens&lang=fr").get_data(as_text=True), "html.parser")
    assert "seule « amiens » a été donnée" in page.select_one(".notice.error").get_text()
    client.delete_cookie("lang")


def test_the_command_line_still_speaks_english(seed_index):
    from click.testing import CliRunner

    from search_app.cli import main

    out = CliRunner().invoke(main, ["search", "year:2010..2008", "--index", str(seed_index)])
    assert out.exit_code == 2 and "year range 2010..2008 is empty" in out.output


@pytest.mark.parametrize("url", ["/api/search?year=10000000000000000000000000&lang=fr",  # found by the API's property test
                                 "/?q=cctv&year_from=99999999999999999999999&lang=fr"])
def test_a_number_no_locale_formats_is_still_a_readable_400(client, url):
    resp = client.get(url)
    assert resp.status_code == 400
    client.delete_cookie("lang")

"""Nothing a user or a corpus file contains can run in a visitor's browser.

Payloads go into the query, facet values and corpus files (so they are indexed and come back in
snippets, facets, city names and profile pages). Every page is parsed: the only script is the
app's own file, no element carries an event handler, no link or frame points at javascript:.
A sample is loaded in Chromium, which must open no dialog.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from tests.reliability.figures import save
from tests.reliability.payloads import XSS_PAYLOADS

ALLOWED_TAGS_IN_SNIPPET = {"mark"}


def assert_inert(html: str, where: str) -> None:
    page = BeautifulSoup(html, "html.parser")
    scripts = page.find_all("script")
    assert all(s.get("src", "").startswith("/static/") and not s.string for s in scripts), (where, scripts)
    for tag in page.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), (where, tag.name, attr)
            if attr.lower() in ("href", "src", "action", "data", "formaction"):
                v = value if isinstance(value, str) else " ".join(value)
                assert not v.strip().lower().startswith(("javascript:", "data:text/html", "vbscript:")), (where, tag)
        assert tag.name not in ("iframe", "object", "embed", "img", "base", "meta") or tag.name == "meta" and tag.parent.name == "head", (where, tag.name)
    for snip in page.select(".snippet a, .passage"):
        assert {t.name for t in snip.find_all(True)} <= ALLOWED_TAGS_IN_SNIPPET, (where, snip)


def pages_for(payload: str) -> list[str]:
    q = quote(payload, safe="")
    return [
        f"/?q={q}", f"/?q=cctv&city={q}", f"/?q=prevention&network={q}&country={q}", f"/?q={q}&sort={q}",
        f"/api/search?q={q}", f"/api/search?q=evilton&city={q}", f"/city/{q}", f"/cities?sort={q}",
    ]


def test_payloads_in_requests_and_corpus_never_become_markup(hostile_client):
    checked = 0
    for payload in XSS_PAYLOADS:
        for url in pages_for(payload):
            r = hostile_client.get(url)
            assert r.status_code < 500, url
            if r.mimetype == "text/html":
                assert_inert(r.get_data(as_text=True), url)
            else:
                json.loads(r.get_data(as_text=True))  # valid JSON; the browser never renders it as HTML
                assert r.headers["X-Content-Type-Options"] == "nosniff"
            checked += 1
    # indexed payloads come back in snippets, facets, city names and profile pages
    for url in ["/?q=prevention", "/?q=prevention+cctv", "/?q=cctv&group=none&size=100", "/cities", "/?q=belgium", "/?q=training&size=100"]:
        r = hostile_client.get(url)
        assert r.status_code == 200
        assert_inert(r.get_data(as_text=True), url)
        checked += 1
    slugs = [c["slug"] for c in hostile_client.get("/api/cities").get_json()["cities"]]
    for slug in slugs:
        r = hostile_client.get(f"/city/{quote(slug)}?q=prevention")
        assert r.status_code == 200, slug
        assert_inert(r.get_data(as_text=True), slug)
        checked += 1
    save("xss_flask", {"payloads": len(XSS_PAYLOADS), "pages_checked": checked, "failures": 0})


def test_payload_text_is_shown_as_text(hostile_client):
    r = hostile_client.get("/?q=prevention+work&group=none&size=100")
    text = BeautifulSoup(r.get_data(as_text=True), "html.parser").get_text(" ")
    assert "<script>alert(1)</script>" in text  # visible as characters, not executed


@pytest.mark.browser
def test_no_dialog_in_chromium(hostile_index, server_factory, browser):
    server = server_factory(hostile_index)
    slugs = [c["slug"] for c in json.loads(_get(server.url + "/api/cities"))["cities"]][:12]
    urls = [server.url + u for p in XSS_PAYLOADS[:10] for u in pages_for(p)[:4]]
    urls += [server.url + "/?q=prevention+work&group=none&size=100", server.url + "/cities"]
    urls += [server.url + f"/city/{quote(s)}?q=prevention" for s in slugs]
    dialogs: list[str] = []
    page = browser.new_page()
    try:
        page.set_default_timeout(60_000)  # the machine may be busy with the rest of the suite
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("load")
            # hover everything once, so any on* handler that slipped through would fire
            page.evaluate("() => document.querySelectorAll('a, input, mark').forEach(e => e.dispatchEvent(new Event('mouseover')))")
    finally:
        page.close()
    save("xss_browser", {"pages": len(urls), "dialogs": len(dialogs)})
    assert dialogs == []


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")

"""The whole path on the bundled corpus: corpus → index → engine → web page and JSON API."""

from __future__ import annotations

import pytest

from tests.conftest import run_search, soup


def cities_of(results):
    return {h.city for h in results.hits}


def test_cctv_finds_amiens_with_the_word_highlighted(handle):
    r = run_search(handle, q="CCTV")
    assert r.total >= 2
    assert cities_of(r) == {"Amiens"}
    assert any("<mark>CCTV</mark>" in h.snippet for h in r.hits)


@pytest.mark.parametrize("word", ["prevention", "preventing", "prevent", "Prevention"])
def test_stemming_finds_every_form_in_both_cities(handle, word):
    r = run_search(handle, q=word, size=100)
    assert {f.value for f in r.facets["city"] if f.count} == {"Amiens", "Bagneux"}
    assert any("<mark>prevention</mark>" in h.snippet.lower() for h in r.hits)


def test_filtering_by_city_changes_the_counts(handle):
    everything = run_search(handle, q="prevention")
    amiens = run_search(handle, q="prevention", city="Amiens")
    assert 0 < amiens.total < everything.total
    assert cities_of(amiens) == {"Amiens"}
    # the year facet follows the city filter; the city facet keeps Bagneux visible (disjunctive)
    assert {f.value: f.count for f in amiens.facets["year"]} != {f.value: f.count for f in everything.facets["year"]}
    bagneux = {f.value: f.count for f in amiens.facets["city"]}["Bagneux"]
    assert bagneux == {f.value: f.count for f in everything.facets["city"]}["Bagneux"]


def test_search_page_renders_grouped_highlighted_results(client):
    page = soup(client.get("/?q=CCTV"))
    groups = page.select("li.group")
    assert [g.h2.a.get_text(strip=True) for g in groups] == ["Amiens"]
    assert page.select("li.group .snippet mark")[0].get_text() == "CCTV"
    city_facet = page.select('ul[data-facet="city"] a.facet-link')
    assert city_facet and "city=Amiens" in city_facet[0]["href"]


def test_facet_links_filter_the_results(client):
    page = soup(client.get("/?q=prevention"))
    link = next(a for a in page.select('ul[data-facet="city"] a.facet-link') if "Bagneux" in a.get_text())
    filtered = soup(client.get(link["href"]))
    assert [g.h2.a.get_text(strip=True) for g in filtered.select("li.group")] == ["Bagneux"]
    assert filtered.select(".chips a.chip")[0].get_text(" ", strip=True).startswith("City: Bagneux")


def test_api_search_shape(client):
    r = client.get("/api/search?q=crime+prevention")
    assert r.status_code == 200
    body = r.get_json()
    assert body["ok"] is True
    assert body["total"] > 0 and body["total_cities"] == 2
    hit = body["hits"][0]
    for key in ("id", "profile", "city", "country", "section", "heading", "network", "kind", "years", "score", "snippet", "url"):
        assert key in hit
    assert set(body["facets"]) == {"city", "country", "year", "network", "section", "kind", "population", "member_since", "committee_since"}
    assert {"value", "count", "selected"} <= set(body["facets"]["city"][0])
    assert {h["city"] for h in client.get("/api/search?q=crime+prevention&size=100").get_json()["hits"]} == {"Amiens", "Bagneux"}


@pytest.mark.parametrize(
    "query",
    ["year=abc", "sort=sideways", "page=0", "size=1000", "year_from=2010&year_to=2000", "page=x"],
)
def test_api_bad_parameters_answer_400_with_the_error_shape(client, query):
    r = client.get(f"/api/search?q=cctv&{query}")
    assert r.status_code == 400
    body = r.get_json()
    assert body["ok"] is False and body["status"] == 400 and body["error"]


def test_bad_parameter_on_the_page_is_an_inline_400(client):
    r = client.get("/?q=cctv&year=abc")
    assert r.status_code == 400
    page = soup(r)
    assert "year must be" in page.select_one(".alert").get_text()
    assert page.select_one("input#q")["value"] == "cctv"


def test_unknown_city_is_a_404_page(client):
    assert client.get("/city/atlantis").status_code == 404
    assert client.get("/api/city/atlantis").get_json()["status"] == 404


def test_no_index_yet_is_a_503_that_says_how_to_build(tmp_path):
    from search_app.app import create_app

    c = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True}).test_client()
    r = c.get("/?q=cctv")
    assert r.status_code == 503
    assert "profile-search index" in soup(r).get_text()
    assert c.get("/api/search?q=cctv").get_json() == {
        "ok": False, "status": 503,
        "error": "No search index has been built yet. Build it with `profile-search index`, then reload this page.",
    }
    assert c.get("/healthz").status_code == 503


def test_security_headers_on_every_page(client):
    for url in ("/", "/?q=cctv", "/api/search?q=cctv", "/city/amiens", "/nope"):
        r = client.get(url)
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"]

"""Searching by the cities' facts: population, member-since and Executive Committee ranges — in the
query language, the URL, the API, the page (bands, decades, chips), the cities table and its twins, the
CSV export, the compare picker and the CLI; bad values are a 400 with the reason."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from search_app.cli import main
from search_app.query import plan_query
from search_app.query.plan import parse_range
from tests.conftest import CORPUS, FIXTURES

# the fixture cities' facts (tests/fixtures/facts): population; Efus since; committee since
FACTS = {"Villebrune": (180_000, 1996, 2012), "Marlenheim": (42_500, 2011, 2005), "Castelvento": (1_250_000, 1989, 1994),
         "Pontaubel": (8_900, 2019, None), "Amiens": (133_327, 2000, 2016), "Bagneux": (38_495, 2014, 2015)}


@pytest.fixture(scope="module")
def facts_client(tmp_path_factory):
    from indexer.build import build_index
    from search_app.app import create_app

    corpus = tmp_path_factory.mktemp("facts-corpus")
    for p in list((FIXTURES / "facts").iterdir()) + list(CORPUS.iterdir()):
        shutil.copy(p, corpus / p.name)
    index = tmp_path_factory.mktemp("facts-index")
    build_index(corpus, index)
    return create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client(), index


def cities_of(client, url: str) -> set[str]:
    body = client.get(url).get_json()
    assert body["ok"], body
    return {h["city"] for h in body["hits"]}


def test_ranges_are_read_in_every_form():
    assert parse_range("population", "100000..") == (100_000, None)
    assert parse_range("population", "[100,000 TO *]") == (100_000, None)
    assert parse_range("population", "50 000..100 000") == (50_000, 100_000)
    assert parse_range("member_since", "..2000") == (None, 2000)
    assert parse_range("member_since", "1995..2005") == (1995, 2005)
    assert parse_range("committee_since", "2010") == (2010, 2010)
    plan = plan_query("training population:100000.. member_since:..2000 committee_since:2010..")
    assert plan.text == "training"
    assert plan.filters == {"population": ("100000..",), "member_since": ("..2000",), "committee_since": ("2010..",)}


def test_population_filters_the_passages_by_their_citys_population(facts_client):
    client, _ = facts_client
    found = cities_of(client, "/api/search?q=population:100000..&size=100")
    assert found == {c for c, (pop, *_r) in FACTS.items() if pop and pop >= 100_000}
    assert cities_of(client, "/api/search?population=..50000&size=100") == {"Marlenheim", "Pontaubel", "Bagneux"}
    assert cities_of(client, "/api/search?q=conference&population=1000000..&size=100") == {"Castelvento"}


def test_member_since_is_of_the_networks_selected_or_of_any(facts_client):
    client, _ = facts_client
    # Marlenheim joined DEFUS in 1999 (Efus in 2011); Amiens joined both in 2000
    assert cities_of(client, "/api/search?member_since=..2000&size=100") == {"Villebrune", "Castelvento",
                                                                             "Marlenheim", "Amiens"}
    assert cities_of(client, "/api/search?member_since=..2000&network=Efus&size=100") == {"Villebrune", "Castelvento",
                                                                                          "Amiens"}
    assert cities_of(client, "/api/search?q=committee_since:2010..&size=100") == {"Villebrune", "Amiens", "Bagneux"}


def test_fact_facets_count_bands_and_decades_disjunctively(facts_client):
    client, _ = facts_client
    body = client.get("/api/search?q=&population=100000..249999&size=1").get_json()
    bands = {v["value"]: v["count"] for v in body["facets"]["population"]}
    assert "100000..249999" in bands and "1000000.." in bands  # the other bands stay countable
    for band, count in bands.items():
        assert client.get(f"/api/search?population={band}&size=1").get_json()["total"] == count
    decades = {v["value"]: (v["count"], v["selected"]) for v in
               client.get("/api/search?member_since=1990..1999&size=1").get_json()["facets"]["member_since"]}
    assert decades["1990..1999"][1] is True and "1980..1989" in decades
    efus = {v["value"] for v in client.get("/api/search?network=Efus&size=1").get_json()["facets"]["member_since"]}
    assert efus == {"1980..1989", "1990..1999", "2000..2009", "2010..2019"}  # when the cities joined Efus


def test_the_page_shows_bands_decades_and_chips(facts_client):
    client, _ = facts_client
    page = BeautifulSoup(client.get("/?population=100000..&member_since=..2000").get_data(as_text=True),
                         "html.parser")
    chips = [c.get_text(" ", strip=True) for c in page.select(".chips a.chip")]
    assert any(c.startswith("Population: 100,000 or more") for c in chips)
    assert any(c.startswith("Member since: up to 2000") for c in chips)
    box = page.select_one('section.facet [data-facet="population"]')
    labels = [a.select_one(".value").get_text() for a in box.select("a")]
    assert "100,000–249,999" in labels and "1,000,000 or more" in labels


@pytest.mark.parametrize("url", ["/api/search?population=lots", "/api/search?member_since=2005..1990",
                                 "/api/search?q=population:abc", "/api/cities?population=x",
                                 "/api/cities?sort=size", "/api/search?committee_since=1700"])
def test_bad_values_are_a_400_with_the_reason(facts_client, url):
    client, _ = facts_client
    r = client.get(url)
    assert r.status_code == 400
    assert r.get_json()["ok"] is False and r.get_json()["error"]
    page = client.get(url.replace("/api/search", "/").replace("/api/cities", "/cities"))
    assert page.status_code == 400


def test_the_cities_table_filters_sorts_and_has_twins(facts_client):
    client, _ = facts_client
    body = client.get("/api/cities?population=100000..&sort=population").get_json()
    assert [c["city"] for c in body["cities"]] == ["Castelvento", "Villebrune", "Amiens"]
    page = BeautifulSoup(client.get("/cities?population=100000..&sort=population").get_data(as_text=True), "html.parser")
    assert [r.td.a.get_text() for r in page.select("table.cities tbody tr")] == ["Castelvento", "Villebrune", "Amiens"]
    assert page.select_one("th[aria-sort]")["aria-sort"] == "descending"
    rows = list(csv.reader(io.StringIO(client.get(page.select_one('a[type="text/csv"]')["href"]).get_data(as_text=True))))
    assert rows[0][:4] == ["slug", "city", "country", "population"] and [r[1] for r in rows[1:]] == [
        "Castelvento", "Villebrune", "Amiens"]
    efus = client.get("/api/cities?member_since=..2000&network=Efus").get_json()["cities"]
    assert {c["city"] for c in efus} == {"Villebrune", "Castelvento", "Amiens"}


def test_the_csv_export_and_the_compare_picker_follow_the_facts(facts_client):
    client, _ = facts_client
    rows = list(csv.reader(io.StringIO(client.get("/api/search.csv?population=..50000").get_data(as_text=True))))
    assert {r[1] for r in rows[1:]} == {"Marlenheim", "Pontaubel", "Bagneux"}
    picker = BeautifulSoup(client.get("/compare?population=1000000..").get_data(as_text=True), "html.parser")
    assert [o["value"] for o in picker.select("datalist option, select option") if o.get("value")] in (
        ["Castelvento"], ["castelvento"])


def test_the_cli_takes_the_same_ranges(facts_client):
    _, index = facts_client
    out = CliRunner().invoke(main, ["search", "", "--population", "1000000..", "--index", str(index), "--json"])
    assert out.exit_code == 0, out.output
    assert "Castelvento" in out.output and "Villebrune" not in out.output
    bad = CliRunner().invoke(main, ["search", "x", "--member-since", "soon", "--index", str(index)])
    assert bad.exit_code == 2 and "member_since" in bad.output

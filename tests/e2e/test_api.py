"""The JSON API: success shapes, one error shape for bad parameters, CSV export, cities, stats."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def get(client, **params):
    return client.get("/api/search?" + urlencode(params, doseq=True))


def test_search_answers_every_documented_field(client):
    body = get(client, q="cctv").get_json()
    assert body["ok"] is True and body["total"] == 2 and body["total_cities"] == 1
    assert {"query", "took_ms", "hits", "facets", "did_you_mean"} <= set(body)
    hit = body["hits"][0]
    assert set(hit) >= {"id", "profile", "city", "country", "section", "heading", "network", "kind", "years",
                        "score", "snippet", "url"}
    assert hit["url"].startswith("/city/amiens?q=cctv#p")
    assert set(body["facets"]) == {"city", "country", "year", "network", "section", "kind", "population", "member_since", "committee_since"}
    assert body["facets"]["city"] == [{"value": "Amiens", "count": 2, "selected": False}]


def test_normalised_query_reports_filters_and_year_words(client):
    body = get(client, q="general assembly since 2008 city:Amiens").get_json()
    q = body["query"]
    assert q["text"] == "general assembly"
    assert q["filters"] == {"city": ["Amiens"]}
    assert q["year_from"] == 2008
    assert any("since 2008" in n for n in q["notes"])


def test_grouped_search_has_groups(client):
    body = get(client, q="prevention", group="city").get_json()
    assert {g["city"] for g in body["groups"]} == {"Amiens", "Bagneux"}
    assert all(g["total"] >= len(g["hits"]) for g in body["groups"])


def test_did_you_mean_in_json(client):
    assert get(client, q="discrimation").get_json()["did_you_mean"] == "discrimination"


@pytest.mark.parametrize("params,fragment", [
    ({"q": "cctv", "sort": "popular"}, "sort must be one of"),
    ({"q": "cctv", "page": "0"}, "page must be between 1"),
    ({"q": "cctv", "page": "two"}, "page must be a whole number"),
    ({"q": "cctv", "size": "0"}, "size must be between 1 and 100"),
    ({"q": "cctv", "size": "101"}, "size must be between 1 and 100"),
    ({"q": "cctv", "year": "last"}, "year must be a whole number"),
    ({"q": "cctv", "year_from": "2010", "year_to": "2008"}, "is after year_to"),
    ({"q": "cctv", "year_from": "soon"}, "year_from must be a whole number"),
    ({"q": "cctv", "group": "country"}, "group must be 'city'"),
    ({"q": "x" * 501}, "limit is 500"),
    ({"q": "the of"}, "very common words"),
    ({"q": "cctv year:2010..2008"}, "is empty"),
])
def test_bad_parameters_answer_400_with_the_error_shape(client, params, fragment):
    r = get(client, **params)
    assert r.status_code == 400
    body = r.get_json()
    assert body["ok"] is False and body["status"] == 400
    assert fragment in body["error"]


def test_csv_export_has_every_match_in_plain_text(client):
    r = client.get("/api/search.csv?q=prevention")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == get(client, q="prevention").get_json()["total"]
    assert not any("<mark>" in row["text"] for row in rows)
    assert {row["city"] for row in rows} == {"Amiens", "Bagneux"}


def test_csv_export_refuses_bad_parameters_too(client):
    r = client.get("/api/search.csv?q=cctv&sort=nope")
    assert r.status_code == 400 and r.get_json()["ok"] is False


def test_cities_and_stats(client):
    cities = client.get("/api/cities").get_json()
    assert [c["city"] for c in cities["cities"]] == ["Amiens", "Bagneux"]
    amiens = cities["cities"][0]
    assert amiens["country"] == "France" and "Efus" in amiens["networks"] and amiens["passages"] > 20
    stats = client.get("/api/stats").get_json()
    assert stats["ok"] and stats["profiles"] == 2
    assert stats["passages"] == sum(c["passages"] for c in cities["cities"])
    assert stats["generation"] and stats["built_at"]


PARAM_NAMES = ["q", "city", "country", "network", "section", "kind", "year", "year_from", "year_to", "sort", "page",
               "size", "group", "other"]
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["cctv", "Amiens", "2008", "2008..2010", "[2008 TO 2010]", "-1", "0", "100", "101", "relevance",
                     "newest", "city", "\x00", "%", '"', "(", "*", "~", "year:", "city:", "OR", "NOT", "é", "9" * 30]),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
)


@pytest.fixture(scope="module")
def shared_client(app):
    """One test client for every generated example (hypothesis runs them in one test call)."""
    return app.test_client()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PARAM_NAMES), VALUES), max_size=6))
def test_random_parameters_never_cause_a_server_error(shared_client, pairs):
    r = shared_client.get("/api/search?" + urlencode(pairs))
    assert r.status_code in (200, 400)
    body = r.get_json()
    assert body["ok"] is (r.status_code == 200)


def test_long_facets_are_cut_to_facet_size_and_say_so(mixed_client):
    full = mixed_client.get("/api/search?q=&city=Amiens&facet_size=10000").get_json()
    n_cities = len(full["facets"]["city"])
    assert n_cities > 3 and full["facets_truncated"]["city"] is False
    cut = mixed_client.get("/api/search?city=Amiens&facet_size=2").get_json()
    values = [v["value"] for v in cut["facets"]["city"]]
    assert len(values) <= 3 and "Amiens" in values  # the selected value is always listed
    assert cut["facets_truncated"]["city"] is True
    assert len(cut["facets"]["year"]) == len(full["facets"]["year"])  # every year, for the histogram
    assert mixed_client.get("/api/search?q=cctv&facet_size=0").status_code == 400

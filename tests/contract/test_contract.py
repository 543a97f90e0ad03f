"""One contract, two backends: API shapes and errors, judged relevance, snippet safety, CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search_app.models import request_from_params
from tests.integration.test_relevance import MIN_MRR, MIN_RECALL, judged, score_query
from tests.reliability.payloads import XSS_PAYLOADS
from tests.unit.test_snippets import tags_of

SEARCH_KEYS = {"ok", "query", "total", "total_cities", "took_ms", "page", "size", "pages", "notice", "hits", "facets",
               "facets_truncated", "did_you_mean"}
HIT_KEYS = {"id", "profile", "city", "country", "section", "heading", "network", "kind", "years", "score", "snippet", "url",
            "first_indexed", "changed", "partial"}


def test_search_json_shape(contract_client):
    r = contract_client.get("/api/search?q=cctv&group=city")
    assert r.status_code == 200
    d = r.get_json()
    assert SEARCH_KEYS <= set(d) and "groups" in d
    assert d["total"] >= 2 and d["hits"]
    assert set(d["hits"][0]) == HIT_KEYS
    assert set(d["facets"]) == {"city", "country", "year", "network", "section", "kind", "population", "member_since", "committee_since"}
    assert all({"value", "count", "selected"} == set(v) for vals in d["facets"].values() for v in vals)


@pytest.mark.parametrize("url,status", [
    ("/api/search?page=0", 400), ("/api/search?sort=sideways", 400), ("/api/search?year=abc", 400),
    ("/api/search?q=the+of", 400), ("/api/city/no-such-city", 404),
])
def test_error_bodies(contract_client, url, status):
    r = contract_client.get(url)
    assert r.status_code == status
    d = r.get_json()
    assert d["ok"] is False and d["error"]


def test_cities_city_page_and_stats(contract_client):
    cities = contract_client.get("/api/cities").get_json()
    slugs = [c["slug"] for c in cities["cities"]] if isinstance(cities, dict) else [c["slug"] for c in cities]
    assert "amiens" in slugs and "koln" in slugs
    city = contract_client.get("/api/city/amiens").get_json()
    assert city["profile"]["city"] == "Amiens" and len(city["passages"]) > 10
    assert [p["id"] for p in city["passages"]] == sorted(p["id"] for p in city["passages"])
    assert city["similar"] and {"slug", "city", "score", "shared_terms"} <= set(city["similar"][0])
    stats = contract_client.get("/api/stats").get_json()
    assert stats["profiles"] == len(slugs) and stats["passages"] > 0
    assert contract_client.get("/city/amiens?q=cctv").status_code == 200
    assert contract_client.get("/?q=cctv&network=FFSU").status_code == 200


def test_judged_relevance(backend):
    recalls, rrs = [], []
    with backend.session() as s:
        for j in judged():
            params = {"q": [j["q"]], "size": ["10"], **{k: [str(v)] for k, v in j.get("params", {}).items()}}
            r = s.search(request_from_params(params))
            if r.total == 0 and r.did_you_mean:
                r = s.search(request_from_params({"q": [r.did_you_mean], "size": ["10"]}))
            rec, rr = score_query(list(r.hits), j)
            recalls.append(rec)
            rrs.append(rr)
    recall, mrr = sum(recalls) / len(recalls), sum(rrs) / len(rrs)
    assert recall >= MIN_RECALL and mrr >= MIN_MRR, (recall, mrr)


@pytest.mark.parametrize("q", ["alert", "script", "crime prevention", "monthly", "bold", "cctv"] + XSS_PAYLOADS[:12])
def test_snippets_are_escaped_text_and_mark_only(contract_client, q):
    r = contract_client.get("/api/search", query_string={"q": q, "size": "50"})
    assert r.status_code in (200, 400)
    if r.status_code == 200:
        for h in r.get_json()["hits"]:
            assert tags_of(h["snippet"]) <= {"mark"}, h["snippet"]


def test_profile_passages_are_marked(backend):
    with backend.session() as s:
        passages = s.get_profile("amiens").passages
        marked = [p for p in s.mark_passages(passages, "cctv") if p["matched"]]
    assert marked and all("<mark>" in p["html"] and tags_of(p["html"]) <= {"mark"} for p in marked)


def test_markup_in_a_profile_comes_back_escaped(backend):
    with backend.session() as s:
        r = s.search(request_from_params({"q": ["alert"], "size": ["50"]}))
    snip = next(h.snippet for h in r.hits if "script" in h.text)
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in snip


def test_did_you_mean_and_relaxed_notice(backend):
    with backend.session() as s:
        r = s.search(request_from_params({"q": ["survelliance"]}))
        assert r.did_you_mean == "surveillance"
        r = s.search(request_from_params({"q": ["juvenile zeppelin"]}))
        assert r.relaxed and r.notice and r.total > 0


def test_cli_search_and_stats(backend_spec):
    from search_app.cli import main

    runner = CliRunner()
    opt = ["--backend", backend_spec] if backend_spec.startswith("solr://") else ["--index", backend_spec]
    res = runner.invoke(main, ["search", "CCTV", "--network", "FFSU", "--json", *opt])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["total"] >= 1 and all(h["network"] == "FFSU" for h in d["hits"])
    res = runner.invoke(main, ["stats", "--json", *opt])
    assert res.exit_code == 0 and json.loads(res.output)["profiles"] > 0

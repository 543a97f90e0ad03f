"""Both backends give the same totals and the same (disjunctive) facet counts for boolean queries."""

from __future__ import annotations

import pytest

from search_app.backend import open_backend
from search_app.models import request_from_params

QUERIES = [
    {"q": ["cctv"]},
    {"q": ["crime prevention"]},
    {"q": ["prevention OR cctv"]},
    {"q": ["prevention -cctv"]},
    {"q": ["NOT prevention"]},
    {"q": ['"urban security"']},
    {"q": ["FFSU"]},
    {"q": ["Efus conference"]},
    {"q": ["securite"]},
    {"q": ["Liege"]},
    {"q": ["prev*"]},
    {"q": ["youth"], "network": ["Efus"]},
    {"q": ["prevention"], "network": ["Efus", "FFSU"], "kind": ["event"]},
    {"q": ["training"], "year_from": ["2008"], "year_to": ["2010"]},
    {"q": ["since 2010 cctv"]},
    {"q": ["city:Amiens network:FFSU"]},
    {"q": [""], "country": ["France"]},
    {"q": [""], "year": ["2008", "2009"]},
    {"q": ["mayor"], "section": ["General information"]},
    {"q": ["discrimation~"]},
    {"q": ["youth crime prevention network"]},
    {"q": ["juvenile zeppelin justice"]},
    {"q": ["cctv France"]},
    # the facts, in the words and as parameters; population bands and decades as facet values
    {"q": ["population:100000.."]},
    {"q": ["prevention"], "population": ["..200000"]},
    {"q": ["conference member_since:..2000"]},
    {"q": ["training"], "network": ["Efus"], "member_since": ["..2005"]},
    {"q": ["committee_since:2010.. prevention"]},
    {"q": [""], "population": ["100000..249999"]},
    {"q": [""], "member_since": ["1990..1999"], "network": ["Efus"]},
    # a network named in words
    {"q": ["French forum 2009"]},
    {"q": ["forum belge prevention"]},
]


@pytest.fixture(scope="module")
def both(whoosh_spec, solr_spec):
    return open_backend(whoosh_spec), open_backend(solr_spec)


def _facets(r) -> dict:
    return {k: {v.value: (v.count, v.selected) for v in vals} for k, vals in r.facets.items()}


@pytest.mark.parametrize("params", QUERIES, ids=lambda p: " ".join(f"{k}={v}" for k, v in p.items()))
def test_same_totals_and_facets(both, params):
    req = request_from_params(params)
    (w, s) = both
    with w.session() as ws, s.session() as ss:
        rw, rs = ws.search(req), ss.search(req)
    assert (rs.total, rs.total_cities, rs.relaxed, rs.full_matches) == (rw.total, rw.total_cities, rw.relaxed, rw.full_matches)
    assert rs.notice == rw.notice
    assert _facets(rs) == _facets(rw)


def test_same_pages_for_sorted_queries(both):
    (w, s) = both
    for sort in ("newest", "oldest", "city", "changed"):
        req = request_from_params({"q": ["prevention"], "sort": [sort], "size": ["15"], "page": ["2"]})
        with w.session() as ws, s.session() as ss:
            assert [h.id for h in ss.search(req).hits] == [h.id for h in ws.search(req).hits], sort


def test_same_groups(both):
    (w, s) = both
    req = request_from_params({"q": ["network"], "group": ["city"], "sort": ["city"]})
    with w.session() as ws, s.session() as ss:
        gw, gs = ws.search(req).groups, ss.search(req).groups
    assert [(g.city, g.total, [h.id for h in g.hits]) for g in gs] == [(g.city, g.total, [h.id for h in g.hits]) for g in gw]


def test_same_cities_by_the_facts(both):
    from search_app.cities import city_query, select_cities

    (w, s) = both
    for params in ({"population": ["100000.."]}, {"member_since": ["..2000"], "network": ["Efus"]},
                   {"committee_since": ["2010.."], "sort": ["-population"]}):
        with w.session() as ws, s.session() as ss:
            cw = select_cities(ws.list_cities(), city_query(params))
            cs = select_cities(ss.list_cities(), city_query(params))
        assert [c.slug for c in cs] == [c.slug for c in cw] and cw, params

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

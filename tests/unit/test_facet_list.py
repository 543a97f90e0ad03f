"""A facet's values, listed in order and made into FacetValue only when read."""

from __future__ import annotations

from search_app.models import FacetList, FacetValue, SearchRequest, SearchResults


def test_reads_like_a_tuple_of_facet_values():
    fl = FacetList([("Bagneux", 5), ("Liège", 1), ("Amiens", 3)], {"Amiens"}, extra=(FacetValue("Zagreb", 0, True),))
    assert len(fl) == 4
    assert fl[0] == FacetValue("Bagneux", 5, False)
    assert fl[-1] == FacetValue("Zagreb", 0, True)
    assert list(fl) == [FacetValue("Bagneux", 5, False), FacetValue("Liège", 1, False),
                        FacetValue("Amiens", 3, True), FacetValue("Zagreb", 0, True)]
    assert fl[1:3] == [FacetValue("Liège", 1, False), FacetValue("Amiens", 3, True)]
    assert fl == tuple(fl)
    assert fl.selected_after(2) == [FacetValue("Amiens", 3, True), FacetValue("Zagreb", 0, True)]
    assert fl.selected_after(3) == [FacetValue("Zagreb", 0, True)]


def test_json_shows_the_first_values_and_every_selected_one():
    names = tuple(f"City {k:03}" for k in range(300))
    fl = FacetList([(name, 300 - k) for k, name in enumerate(names)], {"City 250"})
    req = SearchRequest.make(q="cctv", city=("City 250",), facet_size=10)
    r = SearchResults(req, {}, 0, 0, 1.0, (), {"city": fl})
    shown = r.to_dict()["facets"]["city"]
    assert [v["value"] for v in shown] == [f"City {k:03}" for k in range(10)] + ["City 250"]
    assert shown[-1] == {"value": "City 250", "count": 50, "selected": True}
    assert r.to_dict()["facets_truncated"]["city"] is True


def test_facet_values_are_listed_in_the_registry_order_whatever_the_engine_gives():
    """Most passages first, ties by name without regard to accents or case; years in order; no empty value."""
    from search_app.engine import FacetCounts

    cities = FacetCounts.ordered("city", [("Zagreb", 3), ("Évry", 5), ("amiens", 5), ("Lyon", 0)])
    assert list(cities.counts) == [("amiens", 5), ("Évry", 5), ("Zagreb", 3)]
    years = FacetCounts.ordered("year", [("2010", 1), ("2008", 9), ("2009", 2)])
    assert list(years.counts) == [("2008", 9), ("2009", 2), ("2010", 1)]

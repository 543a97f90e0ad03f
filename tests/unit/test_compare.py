"""Comparing cities: which cities are asked for, what they share, the timeline aligned by year."""

from __future__ import annotations

import pytest

from search_app.compare import compare_profiles, requested_slugs, resolve_slugs, UnknownCity
from search_app.cities import CitySummary
from search_app.query import BadRequest


def profile(slug, city, memberships=(), events=(), **facts):
    return {"slug": slug, "city": city, "memberships": list(memberships), "events": list(events), **facts}


def member(network, since=None, committee=None, roles=()):
    return {"network": network, "member_since": since, "executive_committee_since": committee,
            "roles": [{"text": r} for r in roles]}


def event(network, text, years, kind="event", place=None):
    return {"network": network, "text": text, "years": list(years), "kind": kind, "place": place}


ORVAL = profile("orval", "Orval", [member("Efus", 2001, 2006, ["Vice-presidency from 2012 to 2014"]), member("FFSU", 1999)],
                [event("FFSU", "General Assembly, 25 June 2014 in Paris", [2014], "general_assembly", "Paris"),
                 event("Efus", "Training on night-time economy, Lisbon, 2012", [2012], "training", "Lisbon"),
                 event("FFSU", "Working group on CCTV, 2010", [2010])],
                country="France", population=52000, population_year=2015)
BRENZ = profile("brenz", "Brenz", [member("Efus", 2010), member("FISU", 2005)],
                [event("FFSU", "FFSU General Assembly in Paris, 2014", [2014], "general_assembly", "Paris"),
                 event("FISU", "Seminar on juvenile justice, Rome, 2012", [2012], "seminar", "Rome"),
                 event(None, "Twinning visit", [])],
                country="Italy")


@pytest.mark.parametrize("values, expected", [
    (["amiens", "bagneux"], ("amiens", "bagneux")),
    (["amiens,bagneux"], ("amiens", "bagneux")),
    (["Amiens", " amiens ", "bagneux", ""], ("amiens", "bagneux")),
    (["a", "b", "c", "d"], ("a", "b", "c", "d")),
])
def test_requested_cities_are_distinct_and_in_order(values, expected):
    assert requested_slugs(values) == expected


@pytest.mark.parametrize("values, reason", [
    ([], "none was given"),
    (["amiens"], "only “amiens” was given"),
    (["amiens", "AMIENS"], "only “amiens” was given"),
    (["a", "b", "c", "d", "e"], "at most 4 cities"),
    (["x" * 101, "b"], "at most 100 characters"),
])
def test_too_few_too_many_or_too_long_is_a_readable_bad_request(values, reason):
    with pytest.raises(BadRequest, match=reason):
        requested_slugs(values)


def test_cities_are_found_by_slug_or_by_name_with_accents_and_case_aside():
    known = [CitySummary("liege", "Liège", "Belgium", (), {}, 3), CitySummary("amiens", "Amiens", "France", (), {}, 3)]
    assert resolve_slugs(("Liege", "AMIENS"), known) == ("liege", "amiens")
    with pytest.raises(UnknownCity) as exc:
        resolve_slugs(("liege", "<script>x</script>"), known)
    assert exc.value.slug == "<script>x</script>"
    with pytest.raises(BadRequest):
        resolve_slugs(("liege", "Liège"), known)


def test_shared_networks_and_memberships_side_by_side():
    c = compare_profiles([ORVAL, BRENZ])
    assert c.shared_networks == ("Efus",)
    assert [row.network for row in c.networks][0] == "Efus"  # shared first
    efus = c.networks[0]
    assert [m.member_since for m in efus.cells] == [2001, 2010]
    assert efus.cells[0].executive_committee_since == 2006
    assert efus.cells[0].roles == ("Vice-presidency from 2012 to 2014",)
    ffsu = next(r for r in c.networks if r.network == "FFSU")
    assert ffsu.cells[1] is None and not ffsu.cells[0].shared
    assert c.cities[0].population == 52000 and c.cities[1].country == "Italy"


def test_the_same_assembly_written_two_ways_is_one_shared_event_and_the_rest_is_one_citys_own():
    c = compare_profiles([ORVAL, BRENZ])
    assert c.shared_events == 2  # one on each side
    assert [(x.events, x.only_here) for x in c.cities] == [(3, 2), (3, 2)]
    row2014 = c.timeline[0]
    assert row2014.year == "2014" and row2014.shared
    assert all(e.shared for col in row2014.cells for e in col)


def test_timeline_rows_are_years_newest_first_with_one_column_per_city_and_undated_last():
    c = compare_profiles([ORVAL, BRENZ])
    assert [r.year for r in c.timeline] == ["2014", "2012", "2010", "Undated"]
    row2012 = c.timeline[1]
    assert [len(col) for col in row2012.cells] == [1, 1]
    assert not row2012.shared  # same year, different networks and subjects
    assert [len(col) for col in c.timeline[-1].cells] == [0, 1]


def test_same_year_and_network_but_different_subjects_are_not_shared():
    a = profile("a", "A", events=[event("Efus", "Conference on drug prevention, Vienna, 2016", [2016])])
    b = profile("b", "B", events=[event("Efus", "Seminar on football stewarding, Lyon, 2016", [2016])])
    assert compare_profiles([a, b]).shared_events == 0


def test_json_shape_of_a_comparison():
    d = compare_profiles([ORVAL, BRENZ]).to_dict()
    assert set(d) == {"cities", "networks", "timeline", "shared_networks", "shared_events"}
    assert d["timeline"][0]["cells"][0][0]["text"].startswith("General Assembly")

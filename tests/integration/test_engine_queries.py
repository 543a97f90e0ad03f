"""What users type → what they get, on the bundled corpus (Amiens, Bagneux)."""

from __future__ import annotations

import pytest

from search_app.query import BadRequest
from tests.conftest import run_search


def ids(results) -> set[str]:
    return {h.id for h in results.hits}


def cities(results) -> set[str]:
    return {h.city for h in results.hits}


@pytest.mark.parametrize("q,must_find,city_set", [
    # stemming: every form of a word finds the others
    ("prevent", "amiens-0045", {"Amiens", "Bagneux"}),
    ("preventing", "amiens-0045", {"Amiens", "Bagneux"}),
    ("prevention", "amiens-0045", {"Amiens", "Bagneux"}),
    # accent folding
    ("securite", "bagneux-0005", {"Bagneux"}),
    ("Amienois", "amiens-0001", {"Amiens"}),
    # phrases
    ('"crime prevention"', "bagneux-0020", {"Amiens", "Bagneux"}),
    ('"Justice for Minors"', "amiens-0024", {"Amiens"}),
    # prefix
    ("discrim*", "amiens-0047", {"Amiens"}),
    # fuzzy
    ("discrimation~", "amiens-0047", {"Amiens"}),
    ("survelliance~", "amiens-0037", {"Amiens"}),
    # synonyms: the other expression of a group finds the passages
    ("video surveillance", "amiens-0037", {"Amiens"}),
    ("videosurveillance", "amiens-0032", {"Amiens"}),
    ("Allemagne", "amiens-0007", {"Amiens"}),
    # unbalanced quotes and parentheses are searched, not refused
    ('"CCTV', "amiens-0037", {"Amiens"}),
    ("((cctv", "amiens-0037", {"Amiens"}),
    ("cctv)", "amiens-0037", {"Amiens"}),
    # an unknown field name is searched as words
    ("topic:cctv", "amiens-0037", {"Amiens"}),
])
def test_query_finds(handle, q, must_find, city_set):
    r = run_search(handle, q=q, size=100)
    assert must_find in ids(r)
    assert cities(r) == city_set


@pytest.mark.parametrize("q,total", [
    ("cctv", 2),
    ("cctv NOT charter", 1),
    ("cctv -charter", 1),
    ("cctv OR homophobia", 4),
    ('"crime prevention"', 11),
    ('"prevention crime"', 0),  # a phrase keeps its word order
    ('"minors justice"', 0),
    ("cctv year:2008..2010", 2),
    ("cctv [2009 TO 2010]", 1),
    ("cctv year:[2009 TO 2010]", 1),
    ("cctv year:2008", 1),
    ("city:Bagneux prevention", 8),
    ('section:"Further information" prevention', 4),
    ("year:2014", 7),
])
def test_query_totals(handle, q, total):
    assert run_search(handle, q=q).total == total


def test_fielded_filters_narrow_to_their_value(handle):
    r = run_search(handle, q="network:Efus", size=100)
    assert r.hits and {h.network for h in r.hits} == {"Efus"}
    r = run_search(handle, q="kind:event general assembly", size=100)
    assert r.hits and {h.kind for h in r.hits} == {"event"}
    assert all("General Assembly" in h.text for h in r.hits)
    r = run_search(handle, q="country:France cctv")
    assert r.total == 2 and {h.country for h in r.hits} == {"France"}


def test_year_range_keeps_only_passages_about_those_years(handle):
    r = run_search(handle, q="general assembly year:2003..2008", size=100)
    assert r.hits
    assert all(any(2003 <= y <= 2008 for y in h.years) for h in r.hits)
    assert "year:2003..2008 → years 2003–2008" in r.query["notes"]


def test_year_words_in_plain_text_become_a_filter_and_are_reported(handle):
    r = run_search(handle, q="general assembly since 2008", size=100)
    assert r.hits and all(max(h.years) >= 2008 for h in r.hits)
    assert any("since 2008" in n for n in r.query["notes"])
    assert r.query["text"] == "general assembly"


def test_synonym_matches_are_highlighted(handle):
    r = run_search(handle, q="video surveillance")
    assert r.total == 2
    assert all("<mark>CCTV</mark>" in h.snippet for h in r.hits)


def test_stemmed_and_folded_variants_are_highlighted(handle):
    r = run_search(handle, q="securite")
    assert any("<mark>Sécurité</mark>" in h.snippet for h in r.hits)
    r = run_search(handle, q="preventing")
    assert any("<mark>prevention</mark>" in h.snippet for h in r.hits)


def test_relaxed_matching_finds_most_words_and_says_so(handle):
    r = run_search(handle, q="juvenile justice training")
    assert r.relaxed and r.notice and "some of them" in r.notice
    # "Justice for Minors" is a training session: the synonym and the other words bring it first
    assert r.hits[0].id == "amiens-0024"


def test_explicit_operators_are_not_relaxed(handle):
    r = run_search(handle, q='"juvenile justice" AND homophobia')
    assert r.total == 0 and not r.relaxed


@pytest.mark.parametrize("typo,fixed", [("discrimation", "discrimination"), ("survelliance", "surveillance")])
def test_did_you_mean_uses_the_corpus_words(handle, typo, fixed):
    r = run_search(handle, q=typo)
    assert r.total == 0
    assert r.did_you_mean == fixed
    assert run_search(handle, q=r.did_you_mean).total > 0


def test_known_words_get_no_suggestion(handle):
    assert run_search(handle, q="prevention").did_you_mean is None


@pytest.mark.parametrize("q,message", [
    ("the of and", "very common words"),
    ("x" * 501, "limit is 500"),
])
def test_unsearchable_queries_get_a_clear_reason(handle, q, message):
    with pytest.raises(BadRequest, match=message):
        run_search(handle, q=q)


def test_empty_query_with_filters_browses_the_filter(handle):
    r = run_search(handle, city="Bagneux", size=100)
    assert r.total == len(r.hits) > 10
    assert cities(r) == {"Bagneux"}


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sort_by_year(handle, sort):
    r = run_search(handle, q="general assembly", sort=sort, size=100)
    years = [max(h.years) for h in r.hits if h.years]
    assert years == sorted(years, reverse=(sort == "newest"))


def test_sort_by_city(handle):
    r = run_search(handle, q="prevention", sort="city", size=100)
    names = [h.city for h in r.hits]
    assert names == sorted(names) and set(names) == {"Amiens", "Bagneux"}


def test_paging_walks_through_every_hit_once(handle):
    everything = run_search(handle, q="prevention", size=100)
    seen = []
    for page in (1, 2, 3, 4):
        seen += [h.id for h in run_search(handle, q="prevention", size=5, page=page).hits]
    assert seen == [h.id for h in everything.hits][:20]
    assert run_search(handle, q="prevention").request.size == 20


def test_group_by_city_gives_each_city_its_total_and_best_passages(handle):
    r = run_search(handle, q="prevention", group="city")
    assert [g.city for g in r.groups] and {g.city for g in r.groups} == {"Amiens", "Bagneux"}
    counts = {f.value: f.count for f in r.facets["city"]}
    for g in r.groups:
        assert g.total == counts[g.city]
        assert 1 <= len(g.hits) <= 3 and {h.city for h in g.hits} == {g.city}


def test_city_name_match_outranks_running_text(handle):
    # "Bagneux" is the city of every Bagneux passage: the BM25F city field weighs more than one
    # mention in running text, so Bagneux's own passages come before Amiens' (which names it once)
    r = run_search(handle, q="Bagneux", size=10)
    assert {h.city for h in r.hits} == {"Bagneux"}


def test_heading_match_counts(handle):
    # the heading "Fight against homophobia" sits over a passage that does not repeat the word
    r = run_search(handle, q="homophobia")
    assert "amiens-0050" in ids(r)


# ---------------------------------------------------------------------------------------------
# disjunctive facets


def facet(results, name: str) -> dict[str, int]:
    return {f.value: f.count for f in results.facets[name]}


def test_selecting_a_city_keeps_the_other_cities_counts_and_changes_years(handle):
    everything = run_search(handle, q="prevention")
    amiens = run_search(handle, q="prevention", city="Amiens")
    assert facet(amiens, "city")["Bagneux"] == facet(everything, "city")["Bagneux"]
    assert facet(amiens, "year") != facet(everything, "year")
    assert [f.value for f in amiens.facets["city"] if f.selected] == ["Amiens"]


def test_multi_select_inside_a_facet_is_or(handle):
    both = run_search(handle, q="prevention", city=["Amiens", "Bagneux"])
    one = run_search(handle, q="prevention", city="Amiens")
    other = run_search(handle, q="prevention", city="Bagneux")
    assert both.total == one.total + other.total


def test_across_facets_is_and(handle):
    r = run_search(handle, q="general assembly", city="Amiens", year="2008")
    assert r.total == 1 and r.hits[0].id == "amiens-0038"
    assert sum(facet(r, "kind").values()) == r.total


def test_year_facet_lists_every_year_in_order(handle):
    years = [f.value for f in run_search(handle, q="general assembly").facets["year"]]
    assert years == sorted(years) and "2000" in years and "2014" in years


def test_every_facet_is_counted(handle):
    r = run_search(handle, q="prevention")
    assert set(r.facets) == {"city", "country", "year", "network", "section", "kind", "population", "member_since", "committee_since"}
    assert sum(facet(r, "city").values()) == r.total


def test_prefix_expansion_is_capped_and_says_so(handle, monkeypatch):
    import search_app.query.understanding as querybuild

    full = run_search(handle, q="p*", size=100)
    monkeypatch.setattr(querybuild, "PREFIX_CAP", 3)
    capped = run_search(handle, q="p*", size=100)
    assert 0 < capped.total < full.total
    assert any("searched the 3 most common" in n for n in capped.query["notes"])


def test_did_you_mean_for_an_unknown_word_among_known_ones(handle):
    r = run_search(handle, q="discrimation prevention")
    assert r.total > 0
    assert r.did_you_mean == "discrimination prevention"

"""The query planner: field filters and year expressions leave the text, operators stay."""

from __future__ import annotations

import pytest

from search_app.query import BadRequest, parse_year_value, plan_query


def test_fields_become_filters():
    p = plan_query('CCTV city:Amiens network:FFSU section:"Further information"')
    assert p.text == "CCTV"
    assert p.filters == {"city": ("Amiens",), "network": ("FFSU",), "section": ("Further information",)}


@pytest.mark.parametrize("q,expected", [
    ("year:2008..2010 training", (2008, 2010)), ("training year:[2008 TO 2010]", (2008, 2010)),
    ("training [2008 TO 2010]", (2008, 2010)), ("training in the 1990s", (1990, 1999)),
    ("training 1990s", (1990, 1999)), ("training since 2010", (2010, None)),
    ("training before 2000", (None, 1999)), ("training 2008-2010", (2008, 2010)), ("training year:2008", (2008, 2008)),
])
def test_year_expressions(q, expected):
    p = plan_query(q)
    assert (p.year_from, p.year_to) == expected
    assert p.text == "training"
    assert p.notes


def test_unknown_fields_are_plain_words():
    assert plan_query("colour:blue paris").text == "colour blue paris"


def test_operators_are_kept_and_flagged_explicit():
    p = plan_query('"juvenile justice" OR cctv -paris preven* drgus~')
    assert p.text == '"juvenile justice" OR cctv -paris preven* drgus~'
    assert p.explicit


def test_limits_and_bad_years():
    with pytest.raises(BadRequest, match="500"):
        plan_query("x" * 501)
    with pytest.raises(BadRequest):
        parse_year_value("2010..2008")
    with pytest.raises(BadRequest):
        plan_query("year:soon")


def test_corrected_query_replaces_unknown_words_with_the_most_used_near_word():
    from search_app.query import corrected_query, words_to_check

    assert words_to_check(("Survelliance", "and", "CCTV", "2008")) == ("survelliance", "cctv")
    found = {"survelliance": (("surveillance", 9), ("surveyance", 1))}
    assert corrected_query("Survelliance and CCTV", found) == "surveillance and CCTV"
    # four to six letters: one edit only; the most used word wins, then the first alphabetically
    assert corrected_query("zzzz prevension", {"prevension": (("prevention", 5), ("prevent", 50))}) == "zzzz prevention"
    assert corrected_query("polise", {"polise": (("police", 3), ("polite", 3), ("policies", 99))}) == "police"
    assert corrected_query("cctv 2008", {}) is None
    assert corrected_query("abcd", {"abcd": (("wxyz", 9),)}) is None  # nothing near enough

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


def test_corrected_query_replaces_unknown_words_only_and_keeps_the_rest():
    from search_app.query import corrected_query

    corpus = {"surveillance": 9, "prevention": 5, "cctv": 3}
    asked = []

    def closest(word, maxdist):
        asked.append((word, maxdist))
        return {"survelliance": "surveillance", "prevension": "prevention"}.get(word)

    known = lambda w: w in corpus  # noqa: E731
    assert corrected_query("Survelliance and CCTV", ("Survelliance", "and", "CCTV"), known, closest) == \
        "surveillance and CCTV"
    assert asked == [("survelliance", 2)]  # "and" is short, "cctv" is known
    assert corrected_query("zzzz prevension", ("zzzz", "prevension"), known, closest) == "zzzz prevention"
    assert ("zzzz", 1) in asked  # four to six letters: one edit
    assert corrected_query("cctv 2008", ("cctv", "2008"), known, closest) is None

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

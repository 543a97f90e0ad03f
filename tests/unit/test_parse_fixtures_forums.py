"""Fixture profiles with forums named in their own languages and events written as a quoted title
followed by what it was and when → the fields users rely on (same pattern as test_parse_fixtures)."""

from __future__ import annotations

import pytest

from indexer.parse import parse_profile
from indexer.read import read_file
from tests.conftest import PROFILES


def parsed(name: str):
    src = read_file(PROFILES / name)
    return parse_profile(src.text, path=name, title=src.title, source_hash=src.hash)


# file → {network: (member since, executive committee since)}
MEMBERSHIPS = [
    ("vale-de-corvos.txt", {"Efus": (2010, None), "FPSU": (2012, None)}),
    ("castrillo-del-pinar.txt", {"Efus": (2008, None), "FESU": (2006, 2011)}),
    ("bergheim-an-der-aar.txt", {"Efus": (2005, None), "DEFUS": (2001, None)}),
    ("havre-sur-lesse.txt", {"Efus": (2007, None), "FBPSU": (2003, None)}),
]


@pytest.mark.parametrize("name,expected", MEMBERSHIPS)
def test_forums_in_their_own_languages_are_their_canonical_networks(name, expected):
    p = parsed(name)
    assert {m.network: (m.member_since, m.executive_committee_since) for m in p.memberships} == expected


# file, phrase, network, years, place
EVENTS = [
    ("vale-de-corvos.txt", "Safer Nightlife Councils", "Efus", (2014,), "Lisbon"),
    ("vale-de-corvos.txt", "Agenda 2030", "Efus", (), None),
    ("vale-de-corvos.txt", "turismo seguro", "FPSU", (2015,), "Porto"),
    ("vale-de-corvos.txt", "Coimbra", "FPSU", (2016,), "Coimbra"),
    ("castrillo-del-pinar.txt", "Cities and radicalisation", "Efus", (2015,), "Aarhus"),
    ("castrillo-del-pinar.txt", "ocio nocturno", "FESU", (2017,), "Valencia"),
    ("castrillo-del-pinar.txt", "General Assembly", "FESU", (2012,), "Madrid"),
    ("bergheim-an-der-aar.txt", "Night mayors", "Efus", (2017,), "Amsterdam"),
    ("bergheim-an-der-aar.txt", "Vision 2020", "DEFUS", (), None),
    ("bergheim-an-der-aar.txt", "Sichere Innenstädte", "DEFUS", (2013,), "Hannover"),
    ("havre-sur-lesse.txt", "Villes et radicalisation", "Efus", (2016,), "Paris"),
    ("havre-sur-lesse.txt", "Quartiers apaisés", "FBPSU", (2012,), "Namur"),
    ("havre-sur-lesse.txt", "Belgisch Forum", "FBPSU", (2014,), "Gand"),
]


@pytest.mark.parametrize("name,phrase,network,years,place", EVENTS)
def test_quoted_titles_dated_after_them_are_events_of_their_block(name, phrase, network, years, place):
    matches = [e for e in parsed(name).events if phrase in e.text]
    assert len(matches) == 1, [e.text for e in parsed(name).events]
    assert (matches[0].network, matches[0].years, matches[0].place) == (network, years, place)


@pytest.mark.parametrize("name,count", [
    ("vale-de-corvos.txt", 4), ("castrillo-del-pinar.txt", 3), ("bergheim-an-der-aar.txt", 3), ("havre-sur-lesse.txt", 3),
])
def test_no_title_is_read_as_a_quote_and_no_line_is_lost(name, count):
    p = parsed(name)
    assert p.quotes == () and len(p.events) == count, [e.text for e in p.events]

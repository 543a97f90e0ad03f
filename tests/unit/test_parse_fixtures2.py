"""Every event of the second set of fixture profiles with its network and years, and the page chrome,
entities and role lines those profiles exercise (their facts and memberships are in the tables of
test_parse_fixtures.py).

Each row is what a careful reader of the fixture file would write down.
"""

from __future__ import annotations

import pytest

from indexer.parse import normalise
from indexer.read import read_file
from tests.conftest import PROFILES
from tests.unit.test_parse_fixtures import parsed


# file → [(phrase of the event line, network, years)], every event of the profile
EVENTS = [
    ("hagenbrunn.txt", [("Security, Democracy", "Efus", (2012,)), ("football", "Efus", (2012,)),
                        ("crime prevention councils", "Efus", (2012,)), ("Prevention Congress", "DEFUS", (2011,)),
                        ("public transport", "DEFUS", (2009,))]),
    ("sesto-vitale-sul-lario.txt", [("General Assembly", "Efus", (2012,)), ("youth gangs", "Efus", (2012, 2013)),
                                    ("Training cycle", "FISU", (2010, 2011)), ("Annual meeting", "FISU", (2009,))]),
    ("terrassola.txt", [("tourism", "Efus", (2011,)), ("Study visit", "Efus", (2010,)), ("Jornadas", "FESU", (2010,))]),
    ("houtemvoorde.txt", [("General Assembly", "Efus", (2011,)), ("drug policies", "Efus", (2012, 2013)),
                          ("prevention officers", "FBPSU", (2009,))]),
    ("sao-brissos.txt", [("public spaces", "Efus", (2010,)), ("FPSU members", "FPSU", (2014,))]),
    ("aldercombe.txt", [("radicalisation", "Efus", (2013,)), ("violent extremism", "Efus", (2014,))]),
    ("saint-ambroise-d-orval.html", [("Sécurité, démocratie", "Efus", (2012,)), ("récidive", "Efus", (2011,)),
                                     ("conseil local", "FFSU", (2010,))]),
    ("lisle-verte.html", [("Barcelona", "Efus", (2017,)), ("Seasonal tourism", "FFSU", (2014,)),
                          ("General Assembly, Paris", "FFSU", (2016,))]),
    ("villeneuve-sur-orbe.txt", [("Conférence internationale", "Efus", (2012,)), ("vidéoprotection", "Efus", (2012,)),
                                 ("Assemblée générale", "FFSU", (2011,)), ("polices municipales", "FFSU", (2009,))]),
    ("kleinmoor.txt", [("rural areas", "DEFUS", (2012,)), ("Prevention Congress", "DEFUS", (2014,)),
                       ("university towns", "Efus", (2015,))]),
    ("porto-valerio.txt", [("Hosted the General Assembly", "Efus", (1999,)), ("port cities", "Efus", (2004, 2005, 2006)),
                           ("organised crime", "FISU", (2008,))]),
    ("ravensholt.txt", [("Lyon", "Efus", (2013,)), ("Rome", "Efus", (2015,)), ("radicalisation", "Efus", (2015,))]),
    ("pellworth.txt", [("Malmö", "Efus", (2014,)), ("community mediation", "Efus", (2013, 2014))]),
    ("vallmoren.html", [("anniversary", "Efus", (2012,)), ("funding period", "Efus", (2013,)),
                        ("General Assemblies", "Efus", (2010, 2012, 2014)), ("Jornadas", "FESU", (2015,))]),
    ("mirandela-do-sul.txt", [("youth and public space", "Efus", (2010,)), ("CCTV and privacy", "Efus", (2010,)),
                              ("General Assembly, Rome", "Efus", (2011,)), ("President of Efus", "Efus", (2011,)),
                              ("Executive Director", "Efus", (2014,)), ("Board of Directors", "Efus", (2013,)),
                              ("Executive Committee, 14 March", "Efus", (2012,))]),
    ("brenzano.txt", [("small towns", "Efus", (2013,)), ("FISU members", "FISU", (2012,))]),
    ("oberhain.html", [("Rotterdam", "Efus", (2011,)), ("Saragossa, 12 November 2006", "Efus", (2006,)),
                       ("Prevention Congress, Wiesbaden, 2016", "DEFUS", (2016,))]),
    ("sankt-wendelin-am-see.txt", [("tourist towns", "Efus", (2012,)), ("Karlsruhe", "DEFUS", (2013,))]),
    ("dunmore-bay.txt", [("Barcelona", "Efus", (2017,)), ("Safer ports", "Efus", (2018, 2019))]),
]


@pytest.mark.parametrize("name,expected", EVENTS)
def test_every_event_with_its_network_and_years(name, expected):
    p, _ = parsed(name)
    got = []
    for phrase, _, _ in expected:
        matches = [e for e in p.events if phrase in e.text]
        assert len(matches) == 1, (phrase, [e.text for e in p.events])
        got.append((phrase, matches[0].network, matches[0].years))
    assert got == expected
    assert len(p.events) == len(expected), [e.text for e in p.events]


# file, phrase, ISO date of the event's first day
DATES = [
    ("hagenbrunn.txt", "Security, Democracy", "2012-10-10"),
    ("hagenbrunn.txt", "crime prevention councils", "2012-10-12"),
    ("hagenbrunn.txt", "Prevention Congress", "2011-10-10"),
    ("saint-ambroise-d-orval.html", "Sécurité, démocratie", "2012-12-12"),
    ("saint-ambroise-d-orval.html", "conseil local", "2010-03-15"),
    ("kleinmoor.txt", "rural areas", "2012-06-22"),
    ("aldercombe.txt", "violent extremism", "2014-03-06"),
    ("porto-valerio.txt", "Hosted the General Assembly", "1999-12-02"),
]


@pytest.mark.parametrize("name,phrase,date", DATES)
def test_event_dates(name, phrase, date):
    p, _ = parsed(name)
    assert [e.date for e in p.events if phrase in e.text] == [date]


def test_roles_written_as_office_of_the_network():
    for name in ("sesto-vitale-sul-lario.txt", "aldercombe.txt"):
        p, _ = parsed(name)
        efus = next(m for m in p.memberships if m.network == "Efus")
        assert [(r.text, r.years) for r in efus.roles] == [("Vice-President of Efus since 2012", (2012,))]


def test_committee_offices_and_meetings_are_not_membership_years():
    p, _ = parsed("ravensholt.txt")
    efus = p.memberships[0]
    assert [r.text for r in efus.roles] == [
        "Member of the Executive Committee since 2008 and Vice-President since 2012",
        "Member of the Steering Committee of the Safer Nightlife project since 2010",
    ]
    assert [e.kind for e in p.events[:2]] == ["meeting", "meeting"]
    p, _ = parsed("mirandela-do-sul.txt")
    assert [(m.network, [r.text for r in m.roles]) for m in p.memberships] == [
        ("Efus", []), ("FPSU", ["President of the FPSU since 2013"])]


def test_html_chrome_is_not_read_as_profile_content():
    for name, chrome in (("saint-ambroise-d-orval.html", ("cookies", "Autres villes", "1995", "Nos membres", "© Efus")),
                         ("lisle-verte.html", ("cookies", "Publications", "Nice", "City profiles"))):
        _, src = parsed(name)
        for text in chrome:
            assert text not in src.text, (name, text)


def test_page_chrome_copied_with_a_text_profile_is_not_profile_text():
    _, src = parsed("brenzano.txt")
    text = normalise(src.text).text
    for chrome in ("Share this page", "Print", "Last updated", "©", "Legal notice", "Back to the list"):
        assert chrome not in text


def test_html_entities_left_in_text_are_decoded():
    p, _ = parsed("aldercombe.txt")
    text = normalise(read_file(PROFILES / "aldercombe.txt").text).text
    assert "&rsquo;" not in text and "&nbsp;" not in text and "&ndash;" not in text
    assert "town’s neighbourhoods" in text

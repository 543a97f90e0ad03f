"""Event lines inside a network block: the years a careful reader gives each event."""

from __future__ import annotations

import pytest

from indexer.parse import parse_profile
from indexer.split import split_profile

HEAD = """Ouvrelle is a town in France.

1. General information
Population: 40,000 inhabitants (2012)
Location: France

2. The city in our network
European Forum for Urban Security (Efus)
Member since: 2004
Participated in:
"""


def _events(line: str):
    profile = parse_profile(HEAD + "• " + line + "\n", path="ouvrelle.txt")
    return [e for e in profile.events if e.network == "Efus"]


EVENT_YEARS = [
    # day ranges across months and years
    ("Conference, Paris, 30 November - 2 December 2010", (2010,)),
    ("Seminar, Lyon, 30 December 2009 - 2 January 2010", (2009, 2010)),
    ("Seminar, Lyon, 30 December - 2 January 2010", (2009, 2010)),
    ("Training, Brussels, 28 February - 1 March 2011", (2011,)),
    ("Study visit, Rotterdam, 24-25 April 2008", (2008,)),
    ("Working group meeting, Turin, June 24-25, 2008", (2008,)),
    # seasons and parts of a year
    ("Conference on night-time economy, Lisbon, early 2010", (2010,)),
    ("Study visit to Barcelona, spring 2011", (2011,)),
    ("Training session, Nantes, autumn 2009", (2009,)),
    ("Exchange with German cities, end of 2012", (2012,)),
    # several years
    ("Working group on drugs, Liège, 2010 and 2011", (2010, 2011)),
    ("Training sessions, Paris, 2010, 2011 and 2012", (2010, 2011, 2012)),
    ("Working group on public spaces, 2009–2010 (two sessions)", (2009, 2010)),
    ("European project SafeNight, 2013-2015", (2013, 2014, 2015)),
    ("Project from 2012 to 2014", (2012, 2013, 2014)),
    ("Seminar series, 2011/12", (2011, 2012)),
    ("Annual conference, attended annually since 2005", (2005,)),
    # titles holding years vs the event's own date
    ("Conference “Security 2030”, Paris, 2012", (2012,)),
    ("Conference “Security 2030”, Paris, 12 March 2012", (2012,)),
    ("“Security, Democracy and Cities 2012”, Saragossa, 2010", (2010,)),
    ("1983-2008, “Is security still everyone’s concern?”, Paris, 5 December 2008", (2008,)),
    ("Efus 25th anniversary (1987-2012), Paris, 2012", (2012,)),
    ("Conference \"Cities 2020\", Vienna, 20 October 2011", (2011,)),
    ("Seminar “Prevention 2.0”, Madrid, 2013", (2013,)),
    # ordinals
    ("General Assembly, Naples, 1st December 2000", (2000,)),
    ("Training, Lille, 2nd of March 2009", (2009,)),
    ("Conference, Rome, March 3rd, 2011", (2011,)),
    ("Working group, Ghent, 23rd May 2012", (2012,)),
    ("Lunch-debate, Paris, 21st-22nd November 2007", (2007,)),
    # numeric dates
    ("Seminar, Leipzig, 05/12/2008", (2008,)),
    ("Meeting, Graz, 5.12.2008", (2008,)),
    ("Training, Charleroi, 10/02/10", (2010,)),
    ("Meeting, Lyon, 03/2011", (2011,)),
    # French
    ("Formation « Justice des mineurs », Paris, les 3 et 4 mars 2010", (2010,)),
    ("Conférence, Rennes, du 30 novembre au 2 décembre 2010", (2010,)),
    ("Séminaire, Lille, du 28 décembre 2009 au 3 janvier 2010", (2009, 2010)),
    ("Assemblée générale, Bruxelles, en 2009", (2009,)),
    ("Rencontre nationale, Lyon, année 2008", (2008,)),
    ("Formation, Paris, 1er juin 2012", (2012,)),
    ("Séminaire, Marseille, le 12 octobre 2011", (2011,)),
    ("Conférence « Villes 2030 », Paris, 2014", (2014,)),
    ("Colloque, Lille, début 2010", (2010,)),
    ("Visite d'étude, Barcelone, printemps 2011", (2011,)),
    ("Groupe de travail, 2010 et 2011", (2010, 2011)),
    ("Formations, 2010, 2011 et 2012", (2010, 2011, 2012)),
    ("Projet européen de 2012 à 2014", (2012, 2013, 2014)),
    # other common shapes
    ("2010: Conference on youth violence, Paris", (2010,)),
    ("2008 – Training, Paris", (2008,)),
    ("Seminar on drugs (Paris, 2009)", (2009,)),
    ("Efus General Assembly 2012, Brussels", (2012,)),
    ("Participation in the 2009 General Assembly, Paris", (2009,)),
    ("Conference, Lisbon, Sept. 2010", (2010,)),
    ("Conference, Lisbon, 20-21 Sept 2010", (2010,)),
    ("General Assembly, Naples, December 7, 2000", (2000,)),
    ("Conference, Rome, 2011-03-15", (2011,)),
    ("Conference, Paris, 12th-13th June 2011", (2011,)),
    ("Conference “Cities against terrorism”, Barcelona, 8-9 February 2016", (2016,)),
    ("Formation à Paris le 2 février 2011", (2011,)),
    ("Rencontre, Lyon, 15/03/2011", (2011,)),
    ("Colloque, Nantes, fin 2012", (2012,)),
    ("Séminaire, Paris, 1er et 2 décembre 2011", (2011,)),
    ("Assemblée générale 2009 à Bruxelles", (2009,)),
    ("Journées nationales, Nantes, les 12-13 mai 2009", (2009,)),
    ("Rencontres « Sécurité 2020 », Lille, 14 juin 2013", (2013,)),
]


@pytest.mark.parametrize("line,years", EVENT_YEARS)
def test_event_years(line, years):
    events = _events(line)
    assert len(events) == 1, [e.text for e in events]
    assert events[0].years == years


def _block(*lines: str):
    return parse_profile(HEAD + "\n".join(lines) + "\n", path="ouvrelle.txt")


TRAILERS = [
    "Contact: Marie Dupont, prevention department, m.dupont@ouvrelle.example",
    "Contact : service prévention, 01 23 45 67 89",
    "Contacts:",
    "See also: Efus member cities",
    "Voir aussi : les villes membres",
    "Read more",
    "Back to top",
    "Tags: prevention, nightlife",
    "Share this page",
    "More information: www.ouvrelle.example",
    "For more information, visit www.ouvrelle.example",
    "Pour en savoir plus : www.ouvrelle.example",
    "Related profiles",
]


@pytest.mark.parametrize("trailer", TRAILERS)
def test_web_page_leftovers_after_the_last_event_are_not_events(trailer):
    profile = _block("• General Assembly, Naples, 7 December 2000", "• Training, Paris, 24-25 April 2008", "", trailer)
    assert [e.years for e in profile.events] == [(2000,), (2008,)]


@pytest.mark.parametrize("trailer", [
    ("Contact", "Marie Dupont, m.dupont@ouvrelle.example"),
    ("Contact:", "Marie Dupont", "Prevention department"),
    ("See also:", "• Amiens", "• Bagneux"),
    ("Share", "Facebook", "Twitter"),
    ("Partager cette page", "Imprimer"),
])
def test_web_page_leftovers_over_several_lines_are_not_events(trailer):
    profile = _block("• Training, Paris, 24-25 April 2008", "", *trailer)
    assert [e.years for e in profile.events] == [(2008,)]


def test_a_dated_event_after_a_share_line_is_still_an_event():
    profile = _block("Share", "• Training, Paris, 24-25 April 2008", "• Seminar, Lyon, 2010")
    assert [e.years for e in profile.events] == [(2008,), (2010,)]


@pytest.mark.parametrize("line,since", [
    ("Member of the Executive Committee (2008 - 2012 and since 2016)", 2008),
    ("Member of the Executive Committee since 2016 (previously 2008-2012)", 2008),
    ("Membre du comité exécutif de 2008 à 2012 et depuis 2016", 2008),
    ("Member of the Executive Committee since 2011", 2011),
])
def test_executive_committee_since_is_the_first_year_on_the_committee(line, since):
    efus = {m.network: m for m in _block(line).memberships}["Efus"]
    assert (efus.member_since, efus.executive_committee_since) == (2004, since)


@pytest.mark.parametrize("sentence,years", [
    ("The city has been very active in the network since 2005.", (2005,)),
    ("Ouvrelle has taken part in many of the network's activities since it joined in 2004.", (2004,)),
    ("La ville est très impliquée dans les activités du réseau depuis 2006.", (2006,)),
])
def test_a_sentence_about_the_city_in_a_block_is_a_passage_not_an_event(sentence, years):
    profile = _block("• Training, Paris, 24-25 April 2008", sentence)
    assert [e.text for e in profile.events] == ["Training, Paris, 24-25 April 2008"]
    p = [x for x in split_profile(profile) if x.text == sentence]
    assert len(p) == 1 and p[0].kind != "event" and p[0].years == years


@pytest.mark.parametrize("line,member_since,ffsu", [
    ("Member since 2004 (founding member of the FFSU)", 2004, None),
    ("Member of the FFSU since 2001", None, 2001),
])
def test_another_network_named_on_a_membership_line(line, member_since, ffsu):
    text = HEAD.replace("Member since: 2004\n", "") + line + "\n"
    members = {m.network: m.member_since for m in parse_profile(text, path="ouvrelle.txt").memberships}
    assert (members.get("Efus"), members.get("FFSU")) == (member_since, ffsu)


def test_a_list_item_whose_place_and_date_are_on_the_next_line_is_one_event():
    profile = _block("Events:", "- Training on CCTV", "Paris, 12 March 2008", "- Conference on drugs", "Lyon, 2010")
    assert [e.years for e in profile.events] == [(2008,), (2010,)]


GENERAL = "Ouvrelle is a town in France.\n\n1. General information\nPopulation: 40,000 inhabitants (2012)\nLocation: France\n"


@pytest.mark.parametrize("line,expected", [
    ("Efus membership: since 2004", {"Efus": 2004}),
    ("Member of Efus: 2004", {"Efus": 2004}),
    ("Networks: Efus (since 2004), FFSU (since 2000)", {"Efus": 2004, "FFSU": 2000}),
    ("Membership: Efus (2004), FFSU (2000)", {"Efus": 2004, "FFSU": 2000}),
    ("Member of Efus since 2004 and of the FFSU since 2000", {"Efus": 2004, "FFSU": 2000}),
    ("The city joined Efus in 2004 and the French Forum in 2000.", {"Efus": 2004, "FFSU": 2000}),
    ("Ouvrelle, a member of Efus since 2004, hosted the FFSU conference in 2010.", {"Efus": 2004}),
])
def test_memberships_stated_in_general_information(line, expected):
    profile = parse_profile(GENERAL + line + "\n", path="ouvrelle.txt")
    assert {m.network: m.member_since for m in profile.memberships if m.member_since} == expected


def test_a_sentence_telling_of_one_event_stays_an_event():
    sentence = "The deputy mayor was a speaker in Lisbon on night-time safety in 2012."
    profile = _block("• Training, Paris, 24-25 April 2008", sentence)
    assert [e.years for e in profile.events] == [(2008,), (2012,)]

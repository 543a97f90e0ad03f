"""Fixture profiles (fictional towns, one kind of real-world variety each) → the fields users rely on.

Each table row is one fixture file in tests/fixtures/profiles/ and the values a reader of that
file would write down by hand.
"""

from __future__ import annotations

import pytest

from indexer.models import SECTIONS
from indexer.parse import parse_profile, normalise
from indexer.read import read_file
from indexer.split import split_profile
from tests.conftest import PROFILES


def parsed(name: str):
    src = read_file(PROFILES / name)
    return parse_profile(src.text, path=name, title=src.title, source_hash=src.hash), src


# file, city, city_source, country, region, population, population_year, lang
PROFILE_FACTS = [
    ("castelmora.html", "Castelmora", "title", "Italy", "Umbria", 264000, 2015, "en"),
    ("lorvenne.htm", "Lorvenne", "title", "Belgium", "Namur", 21380, 2017, "fr"),
    ("oberwald.txt", "Oberwald", "text", "Germany", "Lower Saxony", 190000, 2012, "en"),
    ("montclavel.txt", "Montclavel", "text", "France", "Ardèche", 27412, 2013, "fr"),
    ("kastellau.txt", "Kastellau", "text", "Germany", "Rhénanie-Palatinat", 64900, 2014, "fr"),
    ("lindenbrook.txt", "Lindenbrook", "text", "United Kingdom", "Suffolk", 61208, 2011, "en"),
    ("rochemaure-sur-vance.txt", "Rochemaure-sur-Vance", "text", "France", "Lot-et-Garonne", 18950, 2010, "en"),
    ("vila-serena.txt", "Vila Serena", "text", "Portugal", "Algarve", 48300, 2011, "en"),
    ("hollowmere.txt", "Hollowmere", "text", "United Kingdom", None, 45000, None, "en"),
    ("brackwater.txt", "Brackwater", "text", "United Kingdom", "Wales", 52300, 2014, "en"),
    ("greystone.txt", "Greystone", "text", "United Kingdom", "Argyll", 24610, 2011, "en"),
    ("marlenbeek.txt", "Marlenbeek", "text", "Belgium", "Flandre-Occidentale", 71540, 2016, "en"),
    ("alcazarejo.txt", "Alcazarejo", "text", "Spain", "Castilla-La Mancha", 33870, 2018, "en"),
    ("pennick.txt", "Pennick", "text", "Netherlands", None, 88120, 2009, "en"),
    ("fernhill.txt", "Fernhill", "text", "Ireland", "County Mayo", 12480, 2016, "en"),
    ("velmont.txt", "Velmont", "text", "France", None, 15000, None, "en"),
    ("saint-morand.txt", "Saint-Morand", "text", "France", None, 41220, 2012, "fr"),
    ("hagenbrunn.txt", "Hagenbrunn", "text", "Germany", "North Rhine-Westphalia", 120000, 2014, "en"),
    ("sesto-vitale-sul-lario.txt", "Sesto Vitale sul Lario", "text", "Italy", "Lombardy", 81204, 2011, "en"),
    ("terrassola.txt", "Terrassola", "text", "Spain", "Catalonia", 45312, 2011, "en"),
    ("houtemvoorde.txt", "Houtemvoorde", "text", "Belgium", "Flanders", 120000, 2012, "en"),
    ("sao-brissos.txt", "São Brissos", "text", "Portugal", "Alentejo", 32100, None, "en"),
    ("aldercombe.txt", "Aldercombe", "text", "United Kingdom", "West Yorkshire", 86450, 2011, "en"),
    ("saint-ambroise-d-orval.html", "Saint-Ambroise-d’Orval", "title", "France", "Centre-Val de Loire", 45312, 2011, "fr"),
    ("lisle-verte.html", "L’Isle-Verte", "title", "France", "Brittany", 8940, 2013, "en"),
    ("villeneuve-sur-orbe.txt", "Villeneuve-sur-Orbe", "text", "France", "Rhône", 12840, 2011, "fr"),
    ("kleinmoor.txt", "Kleinmoor", "text", "Germany", "Bayern", 87400, 2015, "en"),
    ("porto-valerio.txt", "Porto Valerio", "text", "Italy", "Campania", 1234567, None, "en"),
    ("ravensholt.txt", "Ravensholt", "text", "Netherlands", "Gelderland", 45312, 2013, "en"),
    ("pellworth.txt", "Pellworth", "text", "United Kingdom", "England", 62000, 2011, "en"),
    ("vallmoren.html", "Vallmoren", "title", "Spain", "Catalunya", 27450, 2016, "en"),
    ("mirandela-do-sul.txt", "Mirandela do Sul", "text", "Portugal", "Setúbal district", 80000, 2011, "en"),
    ("brenzano.txt", "Brenzano", "text", "Italy", "Veneto", 24310, 2014, "en"),
    ("oberhain.html", "Oberhain", "title", "Germany", "Hesse", 56200, 2015, "en"),
    ("sankt-wendelin-am-see.txt", "Sankt Wendelin am See", "text", "Germany", "Baden-Württemberg", 31870, 2016, "en"),
    ("dunmore-bay.txt", "Dunmore Bay", "text", "Ireland", "County Waterford", 14960, 2016, "en"),
]


@pytest.mark.parametrize("name,city,source,country,region,population,year,lang", PROFILE_FACTS)
def test_profile_facts(name, city, source, country, region, population, year, lang):
    p, _ = parsed(name)
    assert (p.city, p.city_source, p.country, p.region) == (city, source, country, region)
    assert (p.population, p.population_year, p.lang) == (population, year, lang)


# file → {network: (member since, executive committee since)}; the set of keys is the set of networks
MEMBERSHIPS = [
    ("castelmora.html", {"Efus": (2004, 2010), "FISU": (2001, None)}),
    ("lorvenne.htm", {"Efus": (2001, None), "FBPSU": (2005, 2010)}),
    ("oberwald.txt", {"Efus": (2006, None), "DEFUS": (2003, 2008)}),
    ("montclavel.txt", {"Efus": (2009, 2014), "FFSU": (2002, None)}),
    ("kastellau.txt", {"Efus": (2008, None), "DEFUS": (2004, 2009)}),
    ("lindenbrook.txt", {"Efus": (2007, 2012)}),
    ("rochemaure-sur-vance.txt", {"Efus": (2011, None), "FFSU": (1999, 2005)}),
    ("vila-serena.txt", {"Efus": (2010, None), "FPSU": (2012, 2016)}),
    ("hollowmere.txt", {"Efus": (2009, 2013)}),
    ("brackwater.txt", {"Efus": (2003, 2011)}),
    ("greystone.txt", {"Efus": (2008, None)}),
    ("marlenbeek.txt", {"Efus": (1996, 2002), "FBPSU": (1999, None)}),
    ("alcazarejo.txt", {"Efus": (2015, None), "FESU": (2011, 2013)}),
    ("pennick.txt", {"Efus": (2005, 2012)}),
    ("fernhill.txt", {"Efus": (2017, None)}),
    ("velmont.txt", {"Efus": (2013, None), "FFSU": (2010, 2014)}),
    ("saint-morand.txt", {"Efus": (2006, None), "FFSU": (1998, 2008)}),
    ("hagenbrunn.txt", {"Efus": (2005, 2008), "DEFUS": (2003, None)}),
    ("sesto-vitale-sul-lario.txt", {"Efus": (1998, 2010), "FISU": (1996, None)}),
    ("terrassola.txt", {"Efus": (2007, None), "FESU": (2006, 2009)}),
    ("houtemvoorde.txt", {"Efus": (1999, 2004), "FBPSU": (1995, None)}),
    ("sao-brissos.txt", {"Efus": (2009, None), "FPSU": (2011, 2014)}),
    ("aldercombe.txt", {"Efus": (2001, 2008)}),
    ("saint-ambroise-d-orval.html", {"Efus": (2003, 2011), "FFSU": (2001, None)}),
    ("lisle-verte.html", {"Efus": (2015, None), "FFSU": (2012, 2016)}),
    ("villeneuve-sur-orbe.txt", {"Efus": (2005, 2010), "FFSU": (2004, None)}),
    ("kleinmoor.txt", {"DEFUS": (2004, 2010), "Efus": (2006, None)}),
    ("porto-valerio.txt", {"Efus": (1995, 2001), "FISU": (1996, None)}),
    ("ravensholt.txt", {"Efus": (2005, 2008)}),
    ("pellworth.txt", {"Efus": (2012, 2016)}),
    ("vallmoren.html", {"Efus": (2010, None), "FESU": (2008, 2012)}),
    ("mirandela-do-sul.txt", {"Efus": (2004, None), "FPSU": (2009, None)}),
    ("brenzano.txt", {"Efus": (2011, None), "FISU": (2009, None)}),
    ("oberhain.html", {"Efus": (2007, 2012), "DEFUS": (2005, 2009)}),
    ("sankt-wendelin-am-see.txt", {"Efus": (2003, 2008), "DEFUS": (2000, 2006)}),
    ("dunmore-bay.txt", {"Efus": (2014, 2019)}),
]


@pytest.mark.parametrize("name,expected", MEMBERSHIPS)
def test_memberships(name, expected):
    p, _ = parsed(name)
    got = {m.network: (m.member_since, m.executive_committee_since) for m in p.memberships}
    assert got == expected


# file, a phrase of the event line, network, kind, years, ISO date, place
EVENTS = [
    ("castelmora.html", "Security, Democracy", "Efus", "conference", (2006,), "2006-11-12", "Saragossa, Spain"),
    ("castelmora.html", "night-time economy", "FISU", "working_group", (2009,), None, "Bologna"),
    ("lorvenne.htm", "Prévention et quartiers", "FBPSU", "conference", (2008,), "2008-04-03", "Liège"),
    ("oberwald.txt", "Youth work", "DEFUS", "training", (2008,), "2008-04-24", "Cologne"),
    ("montclavel.txt", "Assemblée générale", "Efus", "general_assembly", (2013,), "2013-06-26", "Barcelone"),
    ("montclavel.txt", "récidive", "FFSU", "training", (2010,), "2010-03-01", "Paris"),
    ("kastellau.txt", "radicalisation", "DEFUS", "conference", (2016, 2017), None, None),
    ("kastellau.txt", "Congrès", "DEFUS", "conference", (2015,), "2015-05-26", "Hanovre"),
    ("lindenbrook.txt", "Lisbon", "Efus", "general_assembly", (2007,), "2007-10-18", "Lisbon"),
    ("rochemaure-sur-vance.txt", "General Assembly", "FFSU", "general_assembly", (2005,), "2005-06-22", "Paris"),
    ("vila-serena.txt", "tourism", "FPSU", "conference", (2014,), "2014-05-05", "Faro"),
    ("hollowmere.txt", "Safer nightlife", "Efus", "conference", (2009,), "2009-06-26", "Amsterdam"),
    ("brackwater.txt", "Restorative", "Efus", "training", (2008,), "2008-03-27", "Cardiff"),
    ("greystone.txt", "Goal project", "Efus", "project", (2013, 2014, 2015), None, None),
    ("greystone.txt", "harbour security", "Efus", "conference", (2012,), "2012-04-04", "Antwerp"),
    ("marlenbeek.txt", "General Assembly", "Efus", "general_assembly", (2009,), "2009-10-15", "Marlenbeek"),
    ("marlenbeek.txt", "Urban Safety in Europe", "Efus", "conference", (2011,), "2011-02-02", "Vienna"),
    ("marlenbeek.txt", "drug policy", "Efus", "lunch_debate", (2010,), "2010-03-10", "Brussels"),
    ("marlenbeek.txt", "neighbourhood mediation", "FBPSU", "training", (2007,), None, "Namur"),
    ("marlenbeek.txt", "safer schools", "FBPSU", "project", (2013, 2014, 2015), None, None),
    ("alcazarejo.txt", "Jornadas", "FESU", "conference", (2012,), "2012-06-05", "Madrid"),
    ("pennick.txt", "Cities and Drugs", "Efus", "conference", (2008,), "2008-03-27", "Rotterdam"),
    ("pennick.txt", "Study visit", "Efus", "study", (2009,), "2009-06-26", "Lyon"),
    ("pennick.txt", "safer nightlife", "Efus", "project", (2012, 2013, 2014), None, None),
    ("pennick.txt", "local safety audits", "Efus", "working_group", (2012,), None, None),
    ("pennick.txt", "Twenty-five years", "Efus", "other", (2008,), "2008-12-05", "Paris"),
    ("fernhill.txt", "Barcelona", "Efus", "general_assembly", (2017,), "2017-11-14", "Barcelona"),
    ("velmont.txt", "Local security diagnosis", "FFSU", "training", (2012,), "2012-03-13", "Paris"),
    ("velmont.txt", "CCTV in small towns", "FFSU", "lunch_debate", (2011,), None, None),
    ("saint-morand.txt", "Sécurité, démocratie", "Efus", "conference", (2006,), "2006-11-12", "Saragosse"),
    ("saint-morand.txt", "mineurs", "FFSU", "training", (2008,), "2008-04-24", "Paris"),
    ("saint-morand.txt", "Vidéoprotection", "FFSU", "working_group", (2011, 2012), None, None),
]


@pytest.mark.parametrize("name,phrase,network,kind,years,date,place", EVENTS)
def test_events(name, phrase, network, kind, years, date, place):
    p, _ = parsed(name)
    matches = [e for e in p.events if phrase in e.text]
    assert len(matches) == 1, [e.text for e in p.events]
    e = matches[0]
    assert (e.network, e.kind, e.years, e.date, e.place) == (network, kind, years, date, place)


# file → number of events (an over-eager parser turns prose, footers or labels into events)
EVENT_COUNTS = [
    ("castelmora.html", 3), ("lorvenne.htm", 1), ("oberwald.txt", 2), ("montclavel.txt", 4),
    ("kastellau.txt", 2), ("lindenbrook.txt", 2), ("rochemaure-sur-vance.txt", 2), ("vila-serena.txt", 1),
    ("hollowmere.txt", 1), ("brackwater.txt", 1), ("greystone.txt", 2), ("marlenbeek.txt", 6),
    ("alcazarejo.txt", 2), ("pennick.txt", 5), ("fernhill.txt", 1), ("velmont.txt", 3), ("saint-morand.txt", 4),
]


@pytest.mark.parametrize("name,count", EVENT_COUNTS)
def test_event_count(name, count):
    p, _ = parsed(name)
    assert len(p.events) == count, [e.text for e in p.events]


def test_roles_and_their_years():
    pennick, _ = parsed("pennick.txt")
    roles = {r.text: r.years for m in pennick.memberships for r in m.roles}
    assert roles == {"Presidency from 2012 to 2014": (2012, 2013, 2014), "Vice-president since 2015": (2015,)}
    marlenbeek, _ = parsed("marlenbeek.txt")
    fbpsu = next(m for m in marlenbeek.memberships if m.network == "FBPSU")
    assert [(r.text, r.years) for r in fbpsu.roles] == [("Chairmanship from 2012 to 2014", (2012, 2013, 2014))]


@pytest.mark.parametrize("name,twins", [
    ("marlenbeek.txt", [("Vechtdorf", "Germany", 1972), ("Pontebasso", "Italy", 1988)]),
    ("montclavel.txt", [("Bad Lindach", "Germany", 1978), ("Torreval", "Italy", 1995)]),
    ("oberwald.txt", [("Saint-Ouvrard", "France", 1965), ("Krzanów", "Poland", 1992)]),
    ("alcazarejo.txt", [("Bellac-la-Forêt", "France", 1990)]),
    ("brackwater.txt", [("Quimperlé", "France", 1982)]),
])
def test_twin_towns_with_foreign_country_names(name, twins):
    p, _ = parsed(name)
    assert [(t.city, t.country, t.since) for t in p.twinned_with] == twins


def test_html_drops_navigation_scripts_sidebar_and_footer():
    p, src = parsed("castelmora.html")
    for chrome in ("Members", "trackPageView", "font-family", "Related cities", "European Forum for Urban Security.", "1987", "999"):
        assert chrome not in src.text
    assert p.mayor == "Giulia Ferrante"
    assert "Ceramics and public space" in {s.heading for s in p.blocks}


def test_windows_1252_file_is_read_with_a_warning():
    p, src = parsed("oberwald.txt")
    assert src.encoding == "windows-1252"
    assert any("Windows-1252" in w for w in src.warnings)
    assert p.mayor == "Jürgen Bößler"
    assert p.quotes[0].speaker == "Jürgen Bößler" and "–" in p.quotes[0].text


def test_values_on_the_line_after_their_label():
    p, _ = parsed("hollowmere.txt")
    assert (p.population, p.country, p.mayor) == (45000, "United Kingdom", "Patricia Okafor")


def test_cut_off_profile_keeps_everything_before_the_cut_and_says_so():
    p, _ = parsed("rochemaure-sur-vance.txt")
    cut = [e for e in p.events if e.text.endswith("9 Novem")]
    assert len(cut) == 1 and cut[0].years == ()
    assert any("cut off" in w for w in p.warnings)


@pytest.mark.parametrize("name", ["castelmora.html", "oberwald.txt", "pennick.txt", "hollowmere.txt", "marlenbeek.txt"])
def test_complete_profiles_ending_with_a_date_are_not_reported_as_cut_off(name):
    p, _ = parsed(name)
    assert not any("cut off" in w for w in p.warnings)


def test_profile_without_section_headings_is_still_sectioned():
    p, _ = parsed("lindenbrook.txt")
    assert any("no section headings" in w for w in p.warnings)
    passages = split_profile(p)
    by_text = {x.text: x for x in passages}
    assert by_text["Member since 2007"].section == "In the network"
    assert by_text["Member since 2007"].network == "Efus"
    closing = next(x for x in passages if x.text.startswith("The town's community safety"))
    assert closing.kind != "event" and closing.network is None


def test_shortcodes_keep_their_text_and_captions_are_not_content():
    p, src = parsed("greystone.txt")
    text = normalise(src.text).text
    assert "[link" not in text and "[/link]" not in text and "[b]" not in text
    assert "Safe Harbour Nights" in text and "night-time economy strategy" in text
    assert "EwanMcLeod" not in text and "800x600" not in text and "File:" not in text
    assert "harbour at dusk" not in text and "Home > Members" not in text
    assert p.quotes[0].speaker == "Ewan McLeod"
    assert [b.kind for b in p.blocks if "Safe Harbour Nights" in b.text] == ["project"]


def test_misspelled_labels_and_headings_are_understood():
    p, _ = parsed("brackwater.txt")
    assert [s.name for s in p.sections][:2] == ["General information", "In the network"]
    assert not any("no section headings" in w for w in p.warnings)


def test_french_profile_sections_and_passages():
    p, _ = parsed("montclavel.txt")
    assert [s.name for s in p.sections] == list(SECTIONS)
    assert {x.lang for x in split_profile(p)} == {"fr"}


def test_french_quote_labels_and_sub_headings_inside_a_block():
    p, _ = parsed("saint-morand.txt")
    assert (p.quotes[0].speaker, p.website, p.mayor) == ("Sylvie Martel", "www.saint-morand.example.fr", "Jean-Pierre Delcourt")
    assert [(t.city, t.country, t.since) for t in p.twinned_with] == [("Marienfeld", "Germany", 1966), ("Castelvetro", "Italy", 1989)]
    ffsu = next(m for m in p.memberships if m.network == "FFSU")
    assert [(r.text, r.years) for r in ffsu.roles] == [("Vice-présidence de 2010 à 2013", (2010, 2011, 2012, 2013))]
    headings = {b.heading for b in p.blocks if b.kind == "event"}
    assert headings == {"Événements de l’Efus auxquels la ville a participé", "Formations"}
    assert not p.warnings


def test_city_from_coat_of_arms_and_mayor_line_when_the_first_sentence_has_no_name():
    p, _ = parsed("velmont.txt")
    assert (p.city, p.city_source) == ("Velmont", "text")
    assert not any("file name" in w for w in p.warnings)


@pytest.mark.parametrize("name", [row[0] for row in PROFILE_FACTS])
def test_every_passage_has_a_canonical_section_and_lies_in_the_text(name):
    p, src = parsed(name)
    text = normalise(src.text).text
    passages = split_profile(p)
    assert passages
    for x in passages:
        assert x.section in SECTIONS and x.text in text and x.city == p.city

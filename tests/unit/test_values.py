"""Small value parsers: numbers, dates, years, countries, networks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer import values as V


@pytest.mark.parametrize("text,expected", [
    ("133,327 inhabitants", 133327), ("190 000", 190000), ("264.000", 264000), ("38495", 38495),
    ("about 1.2 million people", 1200000), ("190\u00a0000 habitants", 190000), ("no number", None),
    ("c.80 000", 80000), ("ca.80.000 Einwohner", 80000),
])
def test_parse_number(text, expected):
    assert V.parse_number(text) == expected


@pytest.mark.parametrize("text,iso", [
    ("2 February 2011", "2011-02-02"), ("24-25 April 2008", "2008-04-24"), ("March 27th 2008", "2008-03-27"),
    ("26th of June 2009", "2009-06-26"), ("le 3 décembre 2008", "2008-12-03"), ("1er mars 2010", "2010-03-01"),
    ("2008-12-05", "2008-12-05"), ("05/12/2008", "2008-12-05"), ("Paris, 2008", None),
    ("Conference, Paris, 30 November - 1 December 2010", "2010-11-30"),
    ("Seminar, 30 December - 2 January 2011", "2010-12-30"),
    ("Conference, 31 December 2009 to 2 January 2010", "2009-12-31"),
    ("Training, Paris, 2 and 3 February 2011", "2011-02-02"), ("Meeting, 2nd-3rd March 2011", "2011-03-02"),
    ("Conference, June 25th, 2008", "2008-06-25"), ("Conference, 25 Jun. 2008", "2008-06-25"),
])
def test_first_date(text, iso):
    assert V.first_date(text) == iso


@pytest.mark.parametrize("text,years", [
    ("1983-2008, “Is security still everyone’s concern?”, Paris, France, 5 December 2008", (2008,)),
    ("European IMPPULSE project: Strengthening police-community relations 2013-2015", (2013, 2014, 2015)),
    ("Presidency from 2012 to 2014", (2012, 2013, 2014)),
    ("Board member since 2012", (2012,)),
    ("Training “Vision 2020”, 2009", (2009,)),
    ("Conference “12 hours for crime prevention”, 18 October 2005", (2005,)),
    ("Project 2013-15", (2013, 2014, 2015)), ("Project (2013 – 2015)", (2013, 2014, 2015)),
    ("Project 2013/2015", (2013, 2014, 2015)), ("Annual conferences 2008, 2009 and 2010", (2008, 2009, 2010)),
    ("Conference, 31 December 2009 to 2 January 2010", (2009, 2010)),
    ("Seminar on the 2012 Olympics, London, 3-4 May 2011", (2011,)),
    ("Conference, Vienna, 12.03.2012", (2012,)), ("Conference, Sept. 2010", (2010,)),
    ("Conference, 12/2008", (2008,)), ("Conference, 12.2008", (2008,)), ("Conference, 01-12-2008", (2008,)),
    ("Lunch-debate, spring 2011", (2011,)), ("Event n°2008", (2008,)),
    ("no year here", ()),
    # a closing year after the place is a year-only event's date; years in its title are not
    ("Efus 25th anniversary (1987-2012), Paris, 2012", (2012,)),
    ("Seminar on the 2014-2020 EU funding period, Brussels, 2013", (2013,)),
    ("Conference on the 2030 Agenda, Paris, 2019", (2019,)),
    ("General Assemblies: 2008, 2010, 2012", (2008, 2010, 2012)),
    ("Training session, Paris, 2008 and 2009", (2008, 2009)),
    ("The “Bourse d’échange nationale” (BEN) scholarship programme, 1997-2003", tuple(range(1997, 2004))),
])
def test_years_in(text, years):
    assert V.years_in(text) == years


@pytest.mark.parametrize("text,year", [
    ("Member since : 2000", 2000), ("Member since March 2005", 2005), ("since 2005-03", 2005),
    ("Member since 03/2005", 2005), ("Membre depuis le 01/03/2005", 2005), ("Member (since 2005)", 2005),
])
def test_since_year(text, year):
    assert V.since_year(text) == year


def test_running_text_keeps_every_year():
    text = "Created in 1993, the centre became a Maison de Justice, signed 29th January 2004."
    assert V.years_in(text, dates_win=False) == (1993, 2004)


@pytest.mark.parametrize("text,country", [
    ("Allemagne", "Germany"), ("Italie", "Italy"), ("United-Kingdom", "United Kingdom"), ("België", "Belgium"),
    ("France, Hauts de Seine", "France"), ("Espagne (Catalogne)", "Spain"), ("Mars", None),
])
def test_country_name(text, country):
    assert V.country_name(text) == country


def test_split_location():
    assert V.split_location("France, Hauts de Seine") == ("France", "Hauts de Seine")
    assert V.split_location("North Rhine-Westphalia, Germany") == ("Germany", "North Rhine-Westphalia")
    assert V.split_location("Italie") == ("Italy", None)


@pytest.mark.parametrize("text,country,network", [
    ("The city and Efus", None, "Efus"), ("the National Forum (FFSU)", None, "FFSU"),
    ("the French Forum for Urban Security", None, "FFSU"), ("the German-European Forum for Urban Security", None, "DEFUS"),
    ("Forum Italiano per la Sicurezza Urbana", None, "FISU"), ("the National Forum", "Germany", "DEFUS"),
    ("le Forum français pour la sécurité urbaine", None, "FFSU"), ("the Belgian Forum", None, "FBPSU"),
    ("nothing here", None, None),
])
def test_network_name(text, country, network):
    assert V.network_name(text, country) == network


def test_fold_and_slugify():
    assert V.fold("Liège Köln Sécurité") == "liege koln securite"
    assert V.slugify("Issy-les-Moulineaux") == "issy-les-moulineaux"
    assert V.slugify("Görlitz") == "gorlitz"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
       | st.text(alphabet=st.characters(max_codepoint=0x36F), max_size=40))
def test_fold_drops_every_combining_mark_and_keeps_everything_else(text):
    import unicodedata

    spelled = (text.replace("ß", "ss").replace("æ", "ae").replace("Æ", "ae").replace("œ", "oe")
               .replace("Œ", "oe").replace("ø", "o").replace("Ø", "o").replace("ł", "l"))
    decomposed = unicodedata.normalize("NFKD", spelled)
    assert V.fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@pytest.mark.parametrize("wrong,right", [
    ("Menber since", "member since"), ("Member of the Executive Comittee", "member of the executive committee"),
    ("General Infomation", "general information"), ("The city in our netwrok", "the city in our network"),
    ("Populaton", "population"), ("Twined with", "twinned with"),
    ("remember the numbers of major events", "remember the numbers of major events"),
])
def test_correct_words_fixes_label_typos_only(wrong, right):
    assert V.correct_words(wrong) == right


def test_edit_distance_counts_swaps_as_one_edit():
    assert V.edit_distance("netwrok", "network") == 1
    assert V.edit_distance("member", "number", limit=1) == 2


@pytest.mark.parametrize("value,expected", [
    ("Northern Ireland, United Kingdom", ("United Kingdom", "Northern Ireland")),
    ("United Kingdom, Wales", ("United Kingdom", "Wales")),
    ("Île-de-France, France", ("France", "Île-de-France")),
    ("Flanders (Belgium)", ("Belgium", "Flanders")),
    ("Northern France", ("France", None)),
    ("Allemagne (Bade-Wurtemberg)", ("Germany", "Bade-Wurtemberg")),
    ("Lorraine", ("France", "Lorraine")), ("Limburg", (None, "Limburg")),
])
def test_split_location_regions(value, expected):
    assert V.split_location(value) == expected


@pytest.mark.parametrize("text,iso", [
    ("Training, Charleroi, 10/02/10", "2010-02-10"), ("Meeting, 5.3.09", "2009-03-05"),
    ("Visit, 31/12/98", "1998-12-31"), ("Version 2.1.10 of the guide", None), ("Room 12/40/10", None),
])
def test_two_digit_year_dates(text, iso):
    assert V.first_date(text) == iso


def test_span_across_new_year_is_about_both_years():
    assert V.years_in("Seminar, Lyon, 30 December - 2 January 2010") == (2009, 2010)


@pytest.mark.parametrize("value,country,region", [
    ("Brussels-Capital Region", "Belgium", "Brussels-Capital Region"),
    ("Auvergne-Rhône-Alpes", "France", "Auvergne-Rhône-Alpes"),
    ("Bayern", "Germany", "Bayern"),
    ("Lombardia (Milano)", "Italy", "Lombardia (Milano)"),
    ("Somewhere else", None, "Somewhere else"),
])
def test_location_with_a_region_only(value, country, region):
    assert V.split_location(value) == (country, region)

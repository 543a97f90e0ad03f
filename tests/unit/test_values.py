"""Small value parsers: numbers, dates, years, countries, networks."""

from __future__ import annotations

import pytest

from indexer import values as V


@pytest.mark.parametrize("text,expected", [
    ("133,327 inhabitants", 133327), ("190 000", 190000), ("264.000", 264000), ("38495", 38495),
    ("about 1.2 million people", 1200000), ("190\u00a0000 habitants", 190000), ("no number", None),
])
def test_parse_number(text, expected):
    assert V.parse_number(text) == expected


@pytest.mark.parametrize("text,iso", [
    ("2 February 2011", "2011-02-02"), ("24-25 April 2008", "2008-04-24"), ("March 27th 2008", "2008-03-27"),
    ("26th of June 2009", "2009-06-26"), ("le 3 décembre 2008", "2008-12-03"), ("1er mars 2010", "2010-03-01"),
    ("2008-12-05", "2008-12-05"), ("05/12/2008", "2008-12-05"), ("Paris, 2008", None),
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
    ("no year here", ()),
])
def test_years_in(text, years):
    assert V.years_in(text) == years


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

"""Events written as a quoted title then what and when; forums named in the languages of the network."""

from __future__ import annotations

import pytest

from indexer.parse import parse_profile
from indexer.values import network_name

HEAD = "1. General information\nTestville is a town in {country}.\nLocation: {country}\n\n2. The city in our network\nThe city and Efus\nMember since 2004\n"


@pytest.mark.parametrize("line, years, place", [
    ("“Safer Nightlife Councils” – a training seminar organised with Efus in Lisbon, 2014", (2014,), "Lisbon"),
    ('"Cities and radicalisation": seminar on local prevention strategies, Aarhus, 2-3 December 2015', (2015,), "Aarhus"),
    ("« Villes et radicalisation » : séminaire, Paris, mars 2016", (2016,), "Paris"),
    ('"Agenda 2030" conference on sustainable cities, Rome, 2018', (2018,), "Rome"),
    ("“Urban Security and Tourism”, a study visit to Barcelona in 2011 with elected officials", (2011,), "Barcelona"),
    ("‘Night mayors’ – exchange of practices with Efus, Amsterdam, 12 May 2017", (2017,), "Amsterdam"),
    ("'Safer streets' – a workshop with Efus, Lyon, 2013", (2013,), "Lyon"),
    ("„Sichere Städte“ – Fachtagung in Köln, 2013", (2013,), "Köln"),
    ("«Villes sûres» - séminaire à Lyon, 2012", (2012,), "Lyon"),
    ('"Youth and violence", international conference held in Barcelona on 2 February 2011', (2011,), "Barcelona"),
    ("“Cities against radicalisation”: final conference of the project in Brussels, 2013-2015", (2013, 2014, 2015), "Brussels"),
])
def test_a_quoted_title_dated_after_it_is_an_event_of_its_block(line, years, place):
    p = parse_profile(HEAD.format(country="France") + line + "\n", path="testville.txt")
    assert [(e.network, e.years, e.place) for e in p.events] == [("Efus", years, place)]
    assert p.quotes == ()


@pytest.mark.parametrize("line", [
    '"Agenda 2030" – a conference with Efus on sustainable cities',
    "“Vision 2020”: exchange of practices with partner cities",
    "'Agenda 2030' – a conference with Efus on sustainable cities",
    "‘Horizon 2025’: working group on night-time economy",
])
def test_a_year_inside_the_title_alone_is_not_the_event_year(line):
    p = parse_profile(HEAD.format(country="France") + line + "\n", path="testville.txt")
    assert [(e.network, e.years) for e in p.events] == [("Efus", ())]


def test_a_real_quote_of_an_official_stays_a_quote():
    text = HEAD.format(country="France").replace(
        "The city and Efus", "“Prevention is the work of the whole city, every day of the year.”\n"
                             "Marie Dupont, Mayor of Testville\n\nThe city and Efus")
    p = parse_profile(text, path="testville.txt")
    assert [q.speaker for q in p.quotes] == ["Marie Dupont"] and p.events == ()


@pytest.mark.parametrize("text, country, network", [
    ("Fórum Português para a Prevenção e Segurança Urbana", None, "FPSU"),
    ("forum portugues para a prevencao e seguranca urbana", None, "FPSU"),
    ("FPPSU", None, "FPSU"),
    ("Foro Español para la Prevención y la Seguridad Urbana", None, "FESU"),
    ("FEPSU", "Spain", "FESU"),
    ("FESU", "Spain", "FESU"),
    ("Forum Italiano per la Sicurezza Urbana", None, "FISU"),
    ("Forum Belge pour la Prévention et la Sécurité Urbaine", None, "FBPSU"),
    ("Belgisch Forum voor Preventie en Veiligheid in de Steden", None, "FBPSU"),
    ("Deutsch-Europäisches Forum für Urbane Sicherheit", None, "DEFUS"),
    ("Forum Français pour la Sécurité Urbaine", None, "FFSU"),
    ("Forum français pour la sécurité urbaine", None, "FFSU"),
    ("Forum Européen pour la Sécurité Urbaine", None, "Efus"),
    ("Forum Européen pour la Sécurité Urbaine (FESU)", None, "Efus"),
    ("La ville et le FESU", "France", "Efus"),
    ("Il Comune e il FESU", "Italy", "Efus"),
    ("The City and the National Forum (FESU)", "France", "FESU"),
    ("Europäisches Forum für Urbane Sicherheit", None, "Efus"),
    ("Fórum Europeu para a Segurança Urbana", None, "Efus"),
    ("Foro Europeo para la Seguridad Urbana", None, "Efus"),
    ("Europees Forum voor Stedelijke Veiligheid", None, "Efus"),
    # a space where the name has a hyphen, accents or not: still the German forum, never Efus
    ("Deutsch Europäisches Forum für Urbane Sicherheit", None, "DEFUS"),
    ("deutsch europaisches forum fur urbane sicherheit", "Germany", "DEFUS"),
    ("Deutsch-Europäisches Forum für Urbane Sicherheit e.V.", "Germany", "DEFUS"),
    ("German European Forum for Urban Security", None, "DEFUS"),
    ("Forum germano européen pour la sécurité urbaine", None, "DEFUS"),
    ("EFUS", "Spain", "Efus"),
    ("FFSU", "Spain", "FFSU"),
    ("foro español para la seguridad urbana", "Spain", "FESU"),
    # a hyphen where the name has a space, accents or not
    ("Deutsch-Europäisches-Forum für urbane Sicherheit", None, "DEFUS"),
    ("forum-francais pour la securite urbaine", None, "FFSU"),
    ("Forum Belge pour la Prévention et la Sécurité-Urbaine", None, "FBPSU"),
    ("Foro-Español para la Seguridad Urbana", "Spain", "FESU"),
    # the English names, and acronyms that stay their own forum whatever the profile's country
    ("Portuguese Forum for Urban Security", None, "FPSU"),
    ("Belgian Forum for Prevention and Urban Security", None, "FBPSU"),
    ("FISU", "France", "FISU"),
    ("FPSU", "Spain", "FPSU"),
    ("DEFUS", "France", "DEFUS"),
    ("FESU", None, "FESU"),
])
def test_forums_are_named_in_their_own_languages(text, country, network):
    assert network_name(text, country) == network


def test_a_portuguese_profile_in_its_own_words():
    text = HEAD.format(country="Portugal") + (
        "\nA cidade e o Fórum Português para a Prevenção e Segurança Urbana\nMembro desde 2011\n"
        "• Seminário “Cidades e turismo seguro”, Porto, 2015\n")
    p = parse_profile(text, path="testville.txt")
    assert {(m.network, m.member_since) for m in p.memberships} == {("Efus", 2004), ("FPSU", 2011)}
    assert [(e.network, e.years, e.place) for e in p.events] == [("FPSU", (2015,), "Porto")]

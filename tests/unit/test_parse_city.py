"""The city a profile is about, from its first sentence, its title or an attribution."""

from __future__ import annotations

import pytest

from indexer.parse import city_in_title, parse_profile

REST = "\n\n1. General information\nPopulation: 70,000 inhabitants\nLocation: {country}\n"

FIRST_SENTENCES = [
    ("Ville de Mérignac, commune de la métropole bordelaise, membre du réseau depuis 2004.", "France", "Mérignac"),
    ("Mérignac est une commune française située dans le département de la Gironde.", "France", "Mérignac"),
    ("Située dans la banlieue ouest de Bordeaux, Mérignac compte 70 000 habitants.", "France", "Mérignac"),
    ("La ville de Saint-Ouen-sur-Seine compte 50 000 habitants.", "France", "Saint-Ouen-sur-Seine"),
    ("Capitale de la Picardie, Amiens est une ville universitaire.", "France", "Amiens"),
    ("Amiens, préfecture de la Somme, compte 133 000 habitants.", "France", "Amiens"),
    ("St. Pölten is the capital of Lower Austria.", "Austria", "St. Pölten"),
    ("St Albans is a cathedral city in Hertfordshire.", "United Kingdom", "St Albans"),
    ("Bexley City Council has been a member of Efus since 2006.", "United Kingdom", "Bexley"),
    ("The Municipality of Loures is located north of Lisbon.", "Portugal", "Loures"),
    ("The London Borough of Southwark is in south London.", "United Kingdom", "Southwark"),
    ("Câmara Municipal de Lisboa is the municipality of Lisbon.", "Portugal", "Lisboa"),
    ("Stadt Nürnberg, Bayern", "Germany", "Nürnberg"),
    ("Ste. Foy-lès-Lyon is a commune near Lyon.", "France", "Ste. Foy-lès-Lyon"),
    ("The City of Sankt Augustin is located in North Rhine-Westphalia.", "Germany", "Sankt Augustin"),
    ("Mons (Bergen in Dutch) is a Belgian city in Wallonia.", "Belgium", "Mons"),
    ("Il Comune di Modena è membro del FISU dal 2003.", "Italy", "Modena"),
    ("Modena è una città dell'Emilia-Romagna.", "Italy", "Modena"),
]


@pytest.mark.parametrize("sentence,country,city", FIRST_SENTENCES)
def test_city_from_the_first_sentence(sentence, country, city):
    profile = parse_profile(sentence + REST.format(country=country))
    assert (profile.city, profile.city_source) == (city, "text")


@pytest.mark.parametrize("title,city", [
    ("Mérignac | City profile | Efus", "Mérignac"),
    ("AMIENS", "Amiens"),
    ("City profile: LA SEYNE-SUR-MER", "La Seyne-sur-Mer"),
    ("Ville d'Évry - Fiche ville - FFSU", "Évry"),
    ("Loures, Portugal – Efus", "Loures"),
    ("Bexley City Council | Efus", "Bexley"),
    ("The Municipality of Loures | Efus", "Loures"),
    ("Profil de ville : Saint-Denis", "Saint-Denis"),
    ("St. Pölten | City profile | Efus", "St. Pölten"),
    ("Ayuntamiento de Getafe - FESU", "Getafe"),
])
def test_city_from_the_page_title(title, city):
    assert city_in_title(title) == city


@pytest.mark.parametrize("attribution,city", [
    ("Jean Martin, Deputy Mayor of Ouvrelle in charge of security", "Ouvrelle"),
    ("Marie Durand, Adjointe au maire de Saint-Brice, chargée de la prévention", "Saint-Brice"),
    ("Anna Rossi, Mayor of Sesto San Giovanni", "Sesto San Giovanni"),
])
def test_city_from_an_attribution_only(attribution, city):
    text = ("1. General information\nPopulation: 20,000\n\n2. The city in our network\n"
            "“Prevention is the business of every service of the town, and of every resident too.”\n"
            + attribution + "\n")
    profile = parse_profile(text)
    assert (profile.city, profile.city_source) == (city, "text")

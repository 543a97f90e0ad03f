"""Countries and regions as profiles write them (English, French, German, Italian, Spanish, Portuguese, Dutch).

``country_name("Allemagne") == "Germany"``; ``split_location("Amiens, Picardy, France") == ("France", "Picardy")``
"""

from __future__ import annotations

import re

from .folding import fold, fold_same_length


COUNTRIES: dict[str, str] = {}


def _add_country(name: str, *aliases: str) -> None:
    for alias in (name, *aliases):
        COUNTRIES[fold(alias)] = name


_add_country("France", "Frankreich", "Francia", "Frankrijk", "França")
_add_country("Germany", "Allemagne", "Deutschland", "Germania", "Alemania", "Duitsland", "Alemanha")
_add_country("Italy", "Italie", "Italia", "Italien", "Italië", "Itália")
_add_country("Spain", "Espagne", "España", "Spanien", "Spagna", "Spanje", "Espanha")
_add_country("Belgium", "Belgique", "België", "Belgien", "Belgio", "Bélgica")
_add_country("Portugal", "Portogallo")
_add_country("Luxembourg", "Luxemburg", "Lussemburgo", "Luxemburgo")
_add_country("Netherlands", "Pays-Bas", "Pays Bas", "Nederland", "The Netherlands", "Holland", "Niederlande", "Paesi Bassi", "Países Bajos")
_add_country("United Kingdom", "Northern Ireland", "Irlande du Nord", "United-Kingdom", "UK", "U.K.", "Royaume-Uni", "Royaume Uni", "Great Britain", "England", "Angleterre", "Scotland", "Écosse", "Wales", "Regno Unito", "Reino Unido", "Vereinigtes Königreich")
_add_country("Ireland", "Republic of Ireland", "Irlande", "Irland", "Irlanda", "Éire")
_add_country("Switzerland", "Suisse", "Schweiz", "Svizzera", "Suiza")
_add_country("Austria", "Autriche", "Österreich")
_add_country("Denmark", "Danemark", "Danmark", "Dänemark", "Danimarca", "Dinamarca")
_add_country("Sweden", "Suède", "Sverige", "Schweden", "Svezia", "Suecia")
_add_country("Norway", "Norvège", "Norge", "Norwegen", "Norvegia", "Noruega")
_add_country("Finland", "Finlande", "Suomi", "Finnland", "Finlandia")
_add_country("Poland", "Pologne", "Polska", "Polen", "Polonia")
_add_country("Czech Republic", "République tchèque", "Czechia", "Tchéquie", "Tschechien")
_add_country("Slovakia", "Slovaquie", "Slowakei")
_add_country("Hungary", "Hongrie", "Magyarország", "Ungarn", "Ungheria", "Hungría")
_add_country("Romania", "Roumanie", "România", "Rumänien")
_add_country("Bulgaria", "Bulgarie")
_add_country("Greece", "Grèce", "Griechenland", "Grecia")
_add_country("Cyprus", "Chypre")
_add_country("Malta", "Malte")
_add_country("Slovenia", "Slovénie", "Slowenien")
_add_country("Croatia", "Croatie", "Hrvatska", "Kroatien")
_add_country("Serbia", "Serbie")
_add_country("Bosnia and Herzegovina", "Bosnie-Herzégovine", "Bosnia")
_add_country("Albania", "Albanie")
_add_country("North Macedonia", "Macedonia", "Macédoine")
_add_country("Montenegro", "Monténégro")
_add_country("Estonia", "Estonie")
_add_country("Latvia", "Lettonie")
_add_country("Lithuania", "Lituanie")
_add_country("Ukraine")
_add_country("Kosovo")
_add_country("Moldova", "Moldavie")
_add_country("Armenia", "Arménie")
_add_country("Georgia", "Géorgie")
_add_country("Turkey", "Turquie", "Türkiye", "Türkei")
_add_country("Russia", "Russie")
_add_country("Morocco", "Maroc")
_add_country("Algeria", "Algérie")
_add_country("Tunisia", "Tunisie")
_add_country("Senegal", "Sénégal")
_add_country("Canada")
_add_country("United States", "USA", "United States of America", "États-Unis", "Etats-Unis")
_add_country("Brazil", "Brésil", "Brasil")
_add_country("Mexico", "Mexique", "México")
_add_country("Colombia", "Colombie")
_add_country("Guadeloupe")
_add_country("Israel", "Israël")
_add_country("Lebanon", "Liban")
_add_country("Iceland", "Islande")

COUNTRY_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(COUNTRIES, key=len, reverse=True)) + r")(?![\w-])"
)

#: adjectives that name a country ("a French municipality", "in Northern France")
ADJECTIVES = {
    "french": "France", "francaise": "France", "francais": "France", "german": "Germany",
    "allemande": "Germany", "italian": "Italy", "italienne": "Italy", "spanish": "Spain",
    "espagnole": "Spain", "belgian": "Belgium", "belge": "Belgium", "portuguese": "Portugal",
    "portugaise": "Portugal", "dutch": "Netherlands", "british": "United Kingdom",
    "luxembourgish": "Luxembourg", "swiss": "Switzerland", "suisse": "Switzerland",
}


def country_name(text: str) -> str | None:
    """Canonical English name of the first country named in text: ``country_name("Allemagne") == "Germany"``."""
    m = COUNTRY_RE.search(fold(text))
    if not m:
        return None
    return COUNTRIES[m.group(1)]


def country_from_adjective(text: str) -> str | None:
    """Country implied by a word such as "French" (used when no Location line exists)."""
    for word in re.findall(r"[a-zà-ÿ]+", fold(text)):
        if word in ADJECTIVES:
            return ADJECTIVES[word]
    return None


#: regions written without their country ("Location: Auvergne-Rhône-Alpes")
REGIONS = {
    "France": ("Hauts-de-France", "Île-de-France", "Ile de France", "Auvergne-Rhône-Alpes", "Nouvelle-Aquitaine",
               "Occitanie", "Grand Est", "Bretagne", "Brittany", "Normandie", "Normandy", "Pays de la Loire",
               "Centre-Val de Loire", "Bourgogne-Franche-Comté", "Provence-Alpes-Côte d'Azur", "PACA", "Corse",
               "Corsica", "Picardie", "Picardy", "Nord-Pas-de-Calais", "Rhône-Alpes", "Aquitaine", "Midi-Pyrénées",
               "Languedoc-Roussillon", "Lorraine", "Alsace", "Champagne-Ardenne", "Limousin", "Poitou-Charentes",
               "Auvergne", "Basse-Normandie", "Haute-Normandie", "Franche-Comté", "Bourgogne", "Burgundy",
               "Seine-Saint-Denis", "Val-de-Marne", "Hauts-de-Seine", "Val-d'Oise", "Essonne", "Yvelines"),
    "Belgium": ("Wallonia", "Wallonie", "Région wallonne", "Walloon Region", "Flanders", "Vlaanderen", "Flandre",
                "Brussels-Capital Region", "Brussels Capital Region", "Région de Bruxelles-Capitale",
                "Bruxelles-Capitale", "Brussels-Capital"),
    "Germany": ("Bavaria", "Bayern", "Baden-Württemberg", "North Rhine-Westphalia", "Nordrhein-Westfalen", "NRW",
                "Lower Saxony", "Niedersachsen", "Hesse", "Hessen", "Saxony", "Sachsen", "Saxony-Anhalt",
                "Sachsen-Anhalt", "Thuringia", "Thüringen", "Rhineland-Palatinate", "Rheinland-Pfalz", "Saarland",
                "Schleswig-Holstein", "Mecklenburg-Vorpommern", "Brandenburg"),
    "Italy": ("Lombardy", "Lombardia", "Emilia-Romagna", "Piedmont", "Piemonte", "Veneto", "Tuscany", "Toscana",
              "Lazio", "Campania", "Apulia", "Puglia", "Sicily", "Sicilia", "Sardinia", "Sardegna", "Liguria",
              "Calabria", "Umbria", "Marche", "Abruzzo", "Friuli-Venezia Giulia", "Trentino-Alto Adige"),
    "Spain": ("Catalonia", "Catalunya", "Cataluña", "Andalusia", "Andalucía", "Basque Country", "País Vasco",
              "Euskadi", "Comunidad de Madrid", "Community of Madrid", "Valencian Community",
              "Comunitat Valenciana", "Galicia", "Castilla y León", "Castilla-La Mancha", "Aragon", "Aragón",
              "Asturias", "Murcia", "Navarre", "Navarra", "Extremadura", "Cantabria", "Canary Islands",
              "Balearic Islands"),
    "Portugal": ("Algarve", "Alentejo", "Lisbon district", "Distrito de Lisboa", "Área Metropolitana de Lisboa",
                 "Lisbon Metropolitan Area", "Madeira", "Azores", "Açores"),
    "United Kingdom": ("England", "Scotland", "Wales", "Northern Ireland"),
}
REGION_COUNTRY = {fold(r): country for country, names in REGIONS.items() for r in names}


def split_location(value: str) -> tuple[str | None, str | None]:
    """(country, region) from a Location value: "France, Hauts de Seine" → ("France", "Hauts de Seine")."""
    value = value.strip().strip(".;")
    matches = list(COUNTRY_RE.finditer(fold_same_length(value)))
    if not matches:
        parts = [fold(x).strip(" ()") for x in re.split(r"[,;()]|\s[–—-]\s", value)]
        country = next((REGION_COUNTRY[x] for x in parts if x in REGION_COUNTRY), None)
        return country, (value or None)
    country = COUNTRIES[matches[0].group(1)]
    same = [m for m in matches if COUNTRIES[m.group(1)] == country]
    # "Northern Ireland, United Kingdom": the country's own name is the country, the other the region
    m = next((x for x in same if x.group(1) == fold(country)), same[0])
    rest = (value[: m.start()] + value[m.end():]).strip()
    rest = re.sub(r"^[\s,;:()\-–]+|[\s,;:()\-–]+$", "", rest)
    rest = re.sub(r"\(\s*\)", "", rest).strip(" ,;")
    if re.fullmatch(r"(?i)(?:north|south|east|west|central|centre|northern|southern|eastern|western|north-?east|"
                    r"north-?west|south-?east|south-?west|nord|sud|est|ouest)(?:ern)?", rest):
        rest = ""  # "Northern France": a direction, not a region
    return country, (rest or None)

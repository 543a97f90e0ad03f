"""Small pure parsers for the values found in profiles: numbers, dates, years, countries, networks.

Every function takes a string and returns plain values; none of them raises on odd input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------------------------------------
# text helpers


def fold(text: str) -> str:
    """Lowercase and strip accents: ``fold("Liège") == "liege"``."""
    text = text.replace("ß", "ss").replace("æ", "ae").replace("Æ", "ae").replace("œ", "oe")
    text = text.replace("Œ", "oe").replace("ø", "o").replace("Ø", "o").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold_same_length(text: str) -> str:
    """Like :func:`fold` but one character out per character in, so match offsets stay valid."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base[:1].lower() if len(base) >= 1 else c


def slugify(text: str) -> str:
    """A stable id from a city name: ``slugify("Issy-les-Moulineaux") == "issy-les-moulineaux"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug or "profile"


# ---------------------------------------------------------------------------------------------
# numbers

_NUMBER = re.compile(
    r"(?<!\d)(?<!\d[.,])(\d{1,3}(?:(?:[ \u00a0\u202f\u2009]|,|\.|')\d{3})+|\d+)(?:[.,](\d+))?\s*(million|millions|mio|m\b)?",
    re.IGNORECASE,
)


def parse_number(text: str) -> int | None:
    """First whole number in text, with thousands separators: ``parse_number("190 000") == 190000``.

    Handles "133,327", "264.000", "190 000", "1.2 million". Returns None when there is none.
    """
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if not digits:
            continue
        value = int(digits)
        if m.group(3):
            frac = m.group(2) or ""
            return int(round(float(f"{value}.{frac or 0}") * 1_000_000))
        return value
    return None


# ---------------------------------------------------------------------------------------------
# dates and years

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # French (folded)
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    # German, Italian, Spanish, Portuguese (folded; the common ones)
    "januar": 1, "februar": 2, "marz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "dicembre": 12,
    "enero": 1, "febrero": 2, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(1[89]\d\d|20\d\d)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|e)?"

# "24-25 April 2008", "2 February 2011", "26th of June 2009", "1er mars 2010"
_DMY = re.compile(
    rf"\b{_DAY}(?:\s*(?:-|–|/|&|and|et|to|au)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\.?\s+(?:of\s+|de\s+)?({_MONTH_RE})\.?,?\s+{_YEAR}\b",
    re.IGNORECASE,
)
# "30 November - 1 December 2010": starts on 30 November
_SPAN = re.compile(
    rf"\b{_DAY}\.?\s+(?:of\s+)?({_MONTH_RE})\.?\s*(?:-|–|—|to|au|until)\s*\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+{_YEAR}\b",
    re.IGNORECASE,
)
# "March 27th 2008", "March 27, 2008", "June 24-25, 2008"
_MDY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+{_DAY}(?:\s*(?:-|–)\s*\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+{_YEAR}\b",
    re.IGNORECASE,
)
# "October 2009", "juin 2010"
_MY = re.compile(rf"\b({_MONTH_RE})\.?,?\s+{_YEAR}\b", re.IGNORECASE)
# "2008-12-05"
_ISO = re.compile(rf"\b{_YEAR}-(\d\d)-(\d\d)\b")
# "05/12/2008", "5.12.2008"
_NUMERIC_DATE = re.compile(rf"\b(\d{{1,2}})([./-])(\d{{1,2}})\2{_YEAR}\b")
# "10/02/10", "5.3.09": a two-digit year is 20yy up to 2049, else 19yy
_NUMERIC_DATE_SHORT = re.compile(r"(?<![\d.,/-])(\d{1,2})([./])(\d{1,2})\2(\d\d)(?![\d.,/-]?\d)")
# "12/2008", "12.2008"
_NUMERIC_MONTH = re.compile(rf"(?<![\d.,/-])(\d{{1,2}})[./]{_YEAR}\b(?![.,/-]?\d)")
# "2013-2015", "2013/2015", "from 2012 to 2014", "between 2008 and 2010", "de 2012 à 2014"
_RANGE = re.compile(
    rf"(?:\b(?:from|between|de|du|entre)\s+)?\b{_YEAR}\s*(?:-|–|—|/|\bto\b|\buntil\b|\band\b|\bà\b|\ba\b|\bau\b|\bet\b)\s*{_YEAR}\b",
    re.IGNORECASE,
)
_SHORT_RANGE = re.compile(rf"\b{_YEAR}\s*[-–/]\s*(\d\d)\b(?![.,:/-]?\d)")
_BARE_YEAR = re.compile(rf"(?<![\d.,/-]){_YEAR}(?![\d]|,\d)")
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?|„[^“”]*[“”]?")


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: ISO string (None when only month/year) and its year."""

    start: int
    end: int
    iso: str | None
    year: int


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2099


def find_dates(text: str) -> list[DateMatch]:
    """Every full or month-precision date in text, in order: "24-25 April 2008" → 2008-04-24."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    folded = fold_same_length(text)
    for m in _SPAN.finditer(folded):
        day, month = int(m.group(1)), MONTHS[m.group(2).lower()]
        end_month, year = MONTHS[m.group(3).lower()], int(m.group(4))
        if end_month < month:
            year -= 1
        if _valid(year, month, day):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", int(m.group(4))))
            taken.append((m.start(), m.end()))
    for m in _DMY.finditer(folded):
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in _MDY.finditer(folded):
        month, day, year = MONTHS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in _ISO.finditer(folded):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in _NUMERIC_DATE.finditer(folded):
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in _NUMERIC_DATE_SHORT.finditer(folded):
        day, month, short = int(m.group(1)), int(m.group(3)), int(m.group(4))
        year = (2000 if short < 50 else 1900) + short
        if re.search(r"\b(?:version|v|release|article|art|no|n°|nr)\.?\s*$", folded[: m.start()], re.IGNORECASE):
            continue  # "version 2.1.10" is a number, not a date
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in _NUMERIC_MONTH.finditer(folded):
        month, year = int(m.group(1)), int(m.group(2))
        if _valid(year, month, 1) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), None, year))
            taken.append((m.start(), m.end()))
    for m in _MY.finditer(folded):
        if m.group(1) in ("may", "mar") and not text[m.start()].isupper():
            continue  # "may 2010" in running text is usually the verb; keep "May 2010"
        year = int(m.group(2))
        if free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), None, year))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def _outside_quotes(text: str) -> str:
    """Text with quoted titles blanked out (same length, so offsets stay valid)."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def year_ranges(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, first_year, last_year) for each year range such as "2013-2015"."""
    out = []
    for m in _RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 60:
            out.append((m.start(), m.end(), a, b))
    for m in _SHORT_RANGE.finditer(text):  # "2013-15"
        a = int(m.group(1))
        b = a - a % 100 + int(m.group(2))
        if a < b <= a + 20 and all(m.end() <= s or m.start() >= e for s, e, _, _ in out):
            out.append((m.start(), m.end(), a, b))
    return sorted(out)


def years_in(text: str, *, ignore_quoted: bool = True, dates_win: bool = True) -> tuple[int, ...]:
    """Every year a line is about, sorted: dates win over years inside titles; ranges expand.

    With ``dates_win=False`` (running text) the years of dates, ranges and bare years are all kept.

    ``years_in("1983-2008, “Is security…”, Paris, 5 December 2008") == (2008,)``
    ``years_in("European project 2013-2015") == (2013, 2014, 2015)``
    """
    scope = _outside_quotes(text) if ignore_quoted else text
    if ignore_quoted and not _BARE_YEAR.search(scope):
        scope = text
    dates = find_dates(scope)
    # "30 December - 2 January 2010" starts in 2009: the event is about both years
    years: set[int] = {d.year for d in dates} | {int(d.iso[:4]) for d in dates if d.iso}
    if dates and dates_win:
        return tuple(sorted(years))
    if dates_win and not dates:
        # "Efus 25th anniversary (1987-2012), Paris, 2012": a closing year after a place is the date
        m = _TRAILING_YEAR.search(scope)
        if m and re.search(r"[^\W\d_]", scope[_last_year_end(scope[: m.start()]): m.start()]) and _BARE_YEAR.search(scope[: m.start()]):
            return (int(m.group(1)),)
    blanked = list(scope)
    for d in dates:
        blanked[d.start:d.end] = " " * (d.end - d.start)
    for start, end, a, b in year_ranges("".join(blanked)):
        years.update(range(a, b + 1))
        blanked[start:end] = " " * (end - start)
    rest = "".join(blanked)
    for m in _BARE_YEAR.finditer(rest):
        years.add(int(m.group(1)))
    return tuple(sorted(years))


_TRAILING_YEAR = re.compile(rf"(?<![\d\-–/]),\s*{_YEAR}\s*\.?\s*$")


def _last_year_end(text: str) -> int:
    """Offset just after the last year in text (0 when there is none)."""
    ends = [m.end() for m in _BARE_YEAR.finditer(text)]
    return ends[-1] if ends else 0


def first_date(text: str) -> str | None:
    """ISO date of the last full date in text (the event's own date), else None."""
    scope = _outside_quotes(text)
    dates = [d for d in find_dates(scope) if d.iso]
    if not dates:
        return None
    last = dates[-1]
    if len(dates) >= 2 and re.fullmatch(r"\s*(?:-|–|—|to|until|au|a|à|bis|al)\s*", scope[dates[-2].end:last.start], re.IGNORECASE):
        return dates[-2].iso  # "31 December 2009 to 2 January 2010" starts on the first day
    return last.iso


_SINCE = re.compile(
    rf"\b(?:since|depuis|seit|dal|desde|from|de|en|in)\b[^0-9]{{0,25}}?(?:\d{{1,2}}[./-]){{0,2}}{_YEAR}\b", re.IGNORECASE
)
_DATED_YEAR = re.compile(rf"(?<![\d.,/-])(?:\d{{1,2}}[./-]){{1,2}}{_YEAR}\b")  # "03/2005", "1.3.2005"


def since_year(text: str) -> int | None:
    """The year after "since"/"depuis", else the first year: ``since_year("Member since : 2000") == 2000``.

    An earlier period written as a range counts: the first year of membership wins,
    ``since_year("Executive Committee (2008 - 2012 and since 2016)") == 2008``.
    """
    m = _SINCE.search(text)
    if m:
        starts = [a for _, _, a, _ in year_ranges(text)]
        return min([int(m.group(1)), *starts])
    m = _BARE_YEAR.search(text) or _DATED_YEAR.search(text)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------
# countries

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

_COUNTRY_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(COUNTRIES, key=len, reverse=True)) + r")(?![\w-])"
)

#: adjectives that name a country ("a French municipality", "in Northern France")
_ADJECTIVES = {
    "french": "France", "francaise": "France", "francais": "France", "german": "Germany",
    "allemande": "Germany", "italian": "Italy", "italienne": "Italy", "spanish": "Spain",
    "espagnole": "Spain", "belgian": "Belgium", "belge": "Belgium", "portuguese": "Portugal",
    "portugaise": "Portugal", "dutch": "Netherlands", "british": "United Kingdom",
    "luxembourgish": "Luxembourg", "swiss": "Switzerland", "suisse": "Switzerland",
}


def country_name(text: str) -> str | None:
    """Canonical English name of the first country named in text: ``country_name("Allemagne") == "Germany"``."""
    m = _COUNTRY_RE.search(fold(text))
    if not m:
        return None
    return COUNTRIES[m.group(1)]


def country_from_adjective(text: str) -> str | None:
    """Country implied by a word such as "French" (used when no Location line exists)."""
    for word in re.findall(r"[a-zà-ÿ]+", fold(text)):
        if word in _ADJECTIVES:
            return _ADJECTIVES[word]
    return None


#: regions written without their country ("Location: Auvergne-Rhône-Alpes")
_REGIONS = {
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
REGION_COUNTRY = {fold(r): country for country, names in _REGIONS.items() for r in names}


def split_location(value: str) -> tuple[str | None, str | None]:
    """(country, region) from a Location value: "France, Hauts de Seine" → ("France", "Hauts de Seine")."""
    value = value.strip().strip(".;")
    matches = list(_COUNTRY_RE.finditer(fold_same_length(value)))
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


# ---------------------------------------------------------------------------------------------
# networks


@dataclass(frozen=True)
class NetworkInfo:
    short: str
    name: str
    country: str | None


NETWORKS: dict[str, NetworkInfo] = {
    "Efus": NetworkInfo("Efus", "European Forum for Urban Security", None),
    "FFSU": NetworkInfo("FFSU", "French Forum for Urban Security", "France"),
    "DEFUS": NetworkInfo("DEFUS", "German-European Forum for Urban Security", "Germany"),
    "FISU": NetworkInfo("FISU", "Italian Forum for Urban Security", "Italy"),
    "FESU": NetworkInfo("FESU", "Spanish Forum for Urban Security", "Spain"),
    "FBPSU": NetworkInfo("FBPSU", "Belgian Forum for Prevention and Urban Security", "Belgium"),
    "FPSU": NetworkInfo("FPSU", "Portuguese Forum for Urban Security", "Portugal"),
    "FLSU": NetworkInfo("FLSU", "Luxembourg Forum for Urban Security", "Luxembourg"),
}

#: folded phrases → canonical short name, longest first when matching
_NETWORK_ALIASES = {
    "efus": "Efus", "fesu": "FESU", "ffsu": "FFSU", "defus": "DEFUS", "defus e.v.": "DEFUS",
    "fisu": "FISU", "fbpsu": "FBPSU", "bfpvs": "FBPSU", "fpsu": "FPSU", "flsu": "FLSU",
    "european forum for urban security": "Efus", "european forum for urban safety": "Efus",
    "forum europeen pour la securite urbaine": "Efus", "forum europeen de securite urbaine": "Efus",
    "european forum": "Efus", "forum europeen": "Efus",
    "french forum for urban security": "FFSU", "french forum for urban safety": "FFSU",
    "forum francais pour la securite urbaine": "FFSU", "forum francais de securite urbaine": "FFSU",
    "french forum": "FFSU", "forum francais": "FFSU", "french national forum": "FFSU",
    "german-european forum for urban security": "DEFUS", "german european forum for urban security": "DEFUS",
    "german forum for urban security": "DEFUS", "deutsch-europaisches forum fur urbane sicherheit": "DEFUS",
    "deutsch-europaische forum fur urbane sicherheit": "DEFUS", "german-european forum": "DEFUS",
    "german forum": "DEFUS", "german national forum": "DEFUS",
    "italian forum for urban security": "FISU", "forum italiano per la sicurezza urbana": "FISU",
    "forum italiano sicurezza urbana": "FISU", "italian forum": "FISU", "italian national forum": "FISU",
    "spanish forum for urban security": "FESU", "foro espanol para la seguridad urbana": "FESU",
    "foro espanol de seguridad urbana": "FESU", "spanish forum": "FESU", "forum espagnol": "FESU",
    "belgian forum for prevention and urban security": "FBPSU", "belgian forum for urban security": "FBPSU",
    "forum belge pour la prevention et la securite urbaine": "FBPSU", "belgian forum": "FBPSU",
    "forum belge": "FBPSU", "belgisch forum": "FBPSU",
    "portuguese forum for urban security": "FPSU", "forum portugues para a seguranca urbana": "FPSU",
    "portuguese forum": "FPSU", "forum portugais": "FPSU",
    "luxembourg forum for urban security": "FLSU", "luxembourgish forum": "FLSU",
    # French, Italian, Spanish and German wordings of the forums
    "forum allemand": "DEFUS", "forum allemand pour la securite urbaine": "DEFUS",
    "forum germano-europeen pour la securite urbaine": "DEFUS", "deutsches forum": "DEFUS",
    "forum italien": "FISU", "forum italien pour la securite urbaine": "FISU", "forum italiano": "FISU",
    "forum espagnol pour la securite urbaine": "FESU", "foro espanol": "FESU",
    "forum portugais pour la securite urbaine": "FPSU", "forum portugues": "FPSU",
    "forum luxembourgeois": "FLSU", "foro europeo para la seguridad urbana": "Efus",
    "forum europeo per la sicurezza urbana": "Efus", "europaisches forum fur urbane sicherheit": "Efus",
}
_NETWORK_RE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(k) for k in sorted(_NETWORK_ALIASES, key=len, reverse=True)) + r")(?![\w])"
)
_ACRONYM_IN_PARENS = re.compile(r"\(\s*([A-Z][A-Za-z\-]{2,9})\s*\)")
_NATIONAL = re.compile(r"\b(national|nationale|nazionale|nacional)\b", re.IGNORECASE)


def network_name(text: str, country: str | None = None) -> str | None:
    """Canonical short network name mentioned in text, or None.

    ``network_name("the National Forum (FFSU)") == "FFSU"``; a forum named only in words maps
    to its acronym; "the National Forum" alone maps through the city's country.
    """
    m = _ACRONYM_IN_PARENS.search(text)
    if m:
        key = fold(m.group(1))
        if key in _NETWORK_ALIASES:
            return _NETWORK_ALIASES[key]
    folded = fold(text)
    m = _NETWORK_RE.search(folded)
    if m:
        return _NETWORK_ALIASES[m.group(1)]
    if m is None:
        acr = _ACRONYM_IN_PARENS.search(text)
        if acr and ("forum" in folded or "network" in folded or "reseau" in folded):
            return acr.group(1)
    if _NATIONAL.search(text) and ("forum" in folded or "network" in folded or "reseau" in folded):
        return national_forum(country)
    return None


def network_names(text: str) -> list[str]:
    """Every network named in text, in order: ``network_names("Efus and the FFSU") == ["Efus", "FFSU"]``."""
    return [_NETWORK_ALIASES[m.group(1)] for m in _NETWORK_RE.finditer(fold(text))]


def national_forum(country: str | None) -> str | None:
    """The national forum of a country, if the network has one: ``national_forum("France") == "FFSU"``."""
    for info in NETWORKS.values():
        if info.country and info.country == country:
            return info.short
    return None


# ---------------------------------------------------------------------------------------------
# misspelled label words

#: the words of labels and headings, folded; misspellings of these are corrected before matching
LABEL_WORDS = frozenset({
    "information", "informations", "generales", "general", "population", "location",
    "localisation", "inhabitants", "habitants", "twinned", "jumelee", "website", "official", "network",
    "networks", "reseau", "member", "membre", "members", "executive", "committee", "comite", "further",
    "project", "projects", "participated", "attended", "contract", "safety", "security", "exécutif",
    "executif", "depuis", "mayor", "maire",
})


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from a to b, capped at limit + 1.

    ``edit_distance("netwrok", "network") == 1``
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def correct_words(text: str, vocabulary: frozenset[str] = LABEL_WORDS) -> str:
    """Folded text with near-misses of label words corrected: ``correct_words("menber since") == "member since"``.

    Words of six letters or more are corrected when one edit (two from nine letters) away from
    exactly one vocabulary word; shorter words are left alone ("major" stays "major").
    """
    return re.sub(r"[a-z]+", lambda m: _correct_word(m.group(0), vocabulary), fold(text))


@lru_cache(maxsize=50_000)
def _correct_word(word: str, vocabulary: frozenset[str]) -> str:
    if len(word) < 6 or word in vocabulary:
        return word
    limit = 2 if len(word) >= 9 else 1
    scored = sorted((edit_distance(word, v, limit), v) for v in vocabulary)
    best = [v for d, v in scored if d == scored[0][0] and d <= limit]
    return best[0] if len(best) == 1 else word

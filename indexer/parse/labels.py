"""Labelled facts ("Population: 133,327 (2011)", "Twinned with: …"), read in the profile's languages.

``label_of("Population: 38,495")[0] == "population"``; ``parse_population("133,327 inhabitants (2011)") == (133327, 2011)``
"""

from __future__ import annotations

import functools
import re

from .. import values as V
from ..models import Twin
from .headings import section_of
from .lines import Line


_LABELS: dict[str, tuple[str, ...]] = {
    "population": ("population", "pop", "inhabitants", "habitants", "nombre d'habitants", "number of inhabitants",
                   "einwohner", "einwohnerzahl", "abitanti", "poblacion", "populacao", "residents", "habitantes",
                   "inwoners", "bevolking", "popolazione"),
    "location": ("location", "localisation", "situation", "country", "pays", "situation geographique",
                 "geographical location", "lage", "localizzazione", "ubicacion", "localizacao", "land", "region",
                 "regione", "paese", "pais", "provincia", "province", "bundesland", "staat", "department", "departement",
                 "county", "comarca", "distrito"),
    "website": ("official website", "official web site", "website", "web site", "site officiel", "site internet",
                "site web", "homepage", "internet", "web", "official site", "site"),
    "safety_contract": ("safety contract", "security contract", "local security contract", "local safety contract",
                        "contrat de securite", "contrat local de securite", "contrat de securite et de prevention",
                        "safety and security contract", "crime prevention contract", "security plan",
                        "local security plan", "contrat"),
    "mayor": ("mayor", "maire", "lord mayor", "bourgmestre", "burgermeister", "oberburgermeister", "sindaco",
              "alcalde", "alcaldesa", "presidente da camara", "mayoress", "burgemeester", "le maire", "the mayor"),
    "twinned_with": ("twinned with", "twin towns", "twin cities", "twin town", "twinning", "twinnings",
                     "sister cities", "sister city", "partner cities", "partner towns", "jumelee avec",
                     "jumelages", "jumelage", "jumelee a", "villes jumelles", "villes jumelees",
                     "partnerstadte", "gemellata con", "gemellaggi", "hermanada con", "twinned", "twin-towns"),
}
_LABEL_LOOKUP = {alias: field for field, aliases in _LABELS.items() for alias in aliases}
_LABEL_RE = re.compile(
    r"^(" + "|".join(re.escape(a) for a in sorted(_LABEL_LOOKUP, key=len, reverse=True)) + r")(?:\b|(?<=\bpop)\.)\s*(\([^)]{0,40}\))?\s*(?:[:：]|\s[-–]\s|(?=\s*\d))\s*(.*)$"
)
_DIGIT = re.compile(r"\d")
_DASH_BETWEEN = re.compile(r"\s*[-–]\s")
_SPACES = re.compile(r"\s+")
_WEB_ADDRESS = re.compile(r"(https?://|www\.|\.\w{2,4}\b)")
_NO_COLON_LABELS = re.compile(r"^(twinned with|jumelee avec|gemellata con|hermanada con)\s+(.+)$")


@functools.lru_cache(maxsize=8192)
def label_of(line: str) -> tuple[str, str, str] | None:
    """(field, label as written, value) for a fact line: ``label_of("Population: 38,495")[0] == "population"``.

    Remembered per line: the facts are read first, then the walk over the lines asks again.
    """
    folded = V.fold_same_length(line).replace("’", "'")
    m = _LABEL_RE.match(folded)
    if m:
        fieldname = _LABEL_LOOKUP[m.group(1)]
        value = line[m.start(3):].strip()
        label = line[: m.end(1)]
        if fieldname == "population" and m.group(2):
            value = (m.group(2) + " " + value).strip()
        # "Population growth is strong: ..." is prose, not a label: labels are short
        between = folded[m.end(1): m.start(3)]
        if ":" not in between and "：" not in between and fieldname != "population":
            if not _DASH_BETWEEN.match(between):
                return None
        if fieldname == "population" and not _DIGIT.search(value) and value:
            if ":" not in between:
                return None
        return fieldname, label, value
    m = _NO_COLON_LABELS.match(folded)
    if m:
        return "twinned_with", line[: m.end(1)], line[m.start(2):].strip()
    bare = folded.strip().rstrip(".")
    if bare in _LABEL_LOOKUP and bare not in _AMBIGUOUS_BARE:
        return _LABEL_LOOKUP[bare], line.strip(), ""  # "Population" alone, its value on the next line
    return _misspelled_label(line)


#: label words that alone on a line are more likely a sub-heading than a label
_AMBIGUOUS_BARE = frozenset({"situation", "region", "land", "site", "internet", "web", "contrat", "residents",
                             "inhabitants", "habitants", "country", "pays", "regione", "paese", "pais", "provincia",
                             "province", "bundesland", "staat", "department", "departement", "county", "comarca",
                             "distrito", "habitantes", "inwoners", "bevolking", "popolazione"})


def _misspelled_label(line: str) -> tuple[str, str, str] | None:
    """A "Label: value" line whose label is a near-miss of a known one ("Populaton: 52 300")."""
    label, colon, value = line.partition(":")
    if not colon or len(label) > 40:
        return None
    key = _SPACES.sub(" ", V.fold(label).replace("’", "'")).strip()
    if not _may_be_misspelled_label(key):
        return None
    fixed = V.correct_words(key)
    if fixed == key or fixed not in _LABEL_LOOKUP:
        return None
    return _LABEL_LOOKUP[fixed], label.strip(), value.strip()


#: the words labels are written with
_WORDS_OF_LABELS = frozenset(word for alias in _LABEL_LOOKUP for word in alias.split())
_LONG_RUN = re.compile(r"[a-z]{6,}")


def _may_be_misspelled_label(key: str) -> bool:
    """False when correcting key's spelling cannot make it a known label: spelling corrects only words
    with a run of six letters, so each other word must already be one that labels are written with."""
    return all(word in _WORDS_OF_LABELS or _LONG_RUN.search(word) for word in V.fold(key).split())


def value_lines(lines: list[Line], start: int, fieldname: str) -> int:
    """How many lines from start hold the value of a label written alone on its line.

    One for most labels; for twin towns, every following line that looks like one
    ("• Dortmund (Germany) since 1960").
    """
    n = 0
    limit = 30 if fieldname == "twinned_with" else 1
    while n < limit and start + n < len(lines) and plausible_value(fieldname, lines[start + n].text):
        n += 1
    return n


def plausible_value(fieldname: str, nxt: str) -> bool:
    if section_of(nxt) or label_of(nxt) or len(nxt) > 160:
        return False
    if fieldname == "population":
        return bool(_DIGIT.search(nxt)) and len(nxt) < 80
    if fieldname == "location":
        return V.country_name(nxt) is not None and len(nxt) < 80
    if fieldname == "website":
        return bool(_WEB_ADDRESS.search(nxt)) and len(nxt) < 120
    if fieldname == "mayor":
        return len(nxt) < 60 and not nxt.endswith(".")
    if fieldname == "twinned_with":
        return "(" in nxt or V.country_name(nxt) is not None
    return False


def fact_years(fieldname: str, text: str) -> tuple[int, ...]:
    if fieldname == "population":
        _, year = parse_population(text.split(":", 1)[-1])
        return (year,) if year else ()
    if fieldname == "twinned_with":
        return tuple(sorted({t.since for t in parse_twins(text.split(":", 1)[-1]) if t.since}))
    return V.years_in(text)


_POP_YEAR = re.compile(r"(?:\(\s*(?:[A-Za-zé]+\s+)?((?:1[89]|20)\d\d)(?:\s+[A-Za-zé]+)?\s*\)|\b(?:in|en|census|recensement|as of|au|year|annee|estimate)\s+((?:1[89]|20)\d\d)\b|\b((?:1[89]|20)\d\d)\s*(?:census|recensement|estimate|data)\b)", re.IGNORECASE)


def parse_population(value: str) -> tuple[int | None, int | None]:
    """(inhabitants, year) from a population value: ``parse_population("133,327 inhabitants (2011)") == (133327, 2011)``."""
    year = None
    m = _POP_YEAR.search(value)
    blanked = value
    dm = re.search(r"(?<![\d.,])\d{1,2}[./]\d{1,2}[./]((?:1[89]|20)\d\d)\b", value)  # "(Stand: 31.12.2015)"
    if m is None and dm:
        year = int(dm.group(1))
        blanked = value[: dm.start()] + " " + value[dm.end():]
    if m:
        year = int(next(g for g in m.groups() if g))
        blanked = value[: m.start()] + " " + value[m.end():]
    lead = re.search(r"(?<![\d.,])((?:1[89]|20)\d\d)\s*:", blanked)  # "2011: 133,327"
    if lead:
        year = year or int(lead.group(1))
        blanked = blanked[: lead.start()] + " " + blanked[lead.end():]
    number = V.parse_number(blanked)
    if year is None and number is not None:
        # "133.327 habitants au 1er janvier 2011", "45 000 inhabitants, 2010"
        others = [int(y) for y in re.findall(r"(?<![\d.,'])\b((?:1[89]|20)\d\d)\b(?![.,']?\d)", blanked)]
        if number in others:
            others.remove(number)
        year = others[0] if others else None
    if number is not None and 1800 <= number <= 2099 and not re.search(r"\d[ ,.]\d{3}", blanked):
        other = V.parse_number(re.sub(str(number), " ", blanked, count=1))
        if other is not None:
            year, number = year or number, other
    return number, year


_POP_TEXT = re.compile(r"(?:population of|inhabitants?:|habitants?:|population de|compte|counts|has|\(pop\.?:?|\(population:?)\s+(?:about|almost|around|approximately|nearly|some|over|more than|environ|pres de|plus de|quelque)?\s*(\d[\d ,.\u00a0]*\d)\s*(?:inhabitants|habitants|residents|people)?", re.IGNORECASE)


def _population_from_text(text: str) -> tuple[int | None, int | None]:
    m = _POP_TEXT.search(V.fold_same_length(text))
    if not m:
        m2 = re.search(r"(\d{1,3}(?:[ ,.\u00a0]\d{3})+)\s+(?:inhabitants|habitants|residents)", text)
        if not m2:
            return None, None
        return V.parse_number(m2.group(1)), None
    return V.parse_number(m.group(1)), None


_TWIN_ITEM = re.compile(r"^(.*?)\s*(?:\(([^)]*)\))?\s*(?:[-–,]\s*)?(?:(?:since|depuis|seit|dal|desde|in|en|from)\s*)?\(?((?:1[89]|20)\d\d)?\)?\s*\.?$", re.IGNORECASE)


def parse_twins(value: str) -> list[Twin]:
    """Twin towns: ``parse_twins("Dortmund (Germany) since 1960")[0] == Twin("Dortmund", "Germany", 1960)``."""
    value = value.strip().rstrip(".")
    if not value:
        return []
    # split on commas, semicolons, " and " outside parentheses
    items: list[str] = []
    depth = 0
    cur = ""
    for ch in value:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;•/\n":
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    pieces: list[str] = []
    for item in items:
        pieces.extend(re.split(r"\s+(?:and|et|und|e|y)\s+(?=[A-ZÀ-Ý])", item))
    twins: list[Twin] = []
    for piece in (p.strip(" .-–") for p in pieces):
        if not piece:
            continue
        if twins and (V.fold(piece) in V.COUNTRIES or re.fullmatch(r"(?:since |depuis |seit )?\(?(?:1[89]|20)\d\d\)?", piece, re.IGNORECASE)):
            prev = twins[-1]
            if V.fold(piece) in V.COUNTRIES and prev.country is None:
                twins[-1] = Twin(prev.city, V.COUNTRIES[V.fold(piece)], prev.since)
            elif prev.since is None:
                twins[-1] = Twin(prev.city, prev.country, int(re.search(r"\d{4}", piece).group(0)))
            continue
        m = _TWIN_ITEM.match(piece)
        city, paren, year = (m.group(1), m.group(2), m.group(3)) if m else (piece, None, None)
        country = None
        if paren:
            country = V.country_name(paren)
            if country is None and re.fullmatch(r"\s*(?:since |depuis )?(?:1[89]|20)\d\d\s*", paren):
                year = year or re.search(r"\d{4}", paren).group(0)
            elif country is None:
                country = paren.strip() or None
        city = re.sub(r"\s+(?:since|depuis|seit|in|en)\s*$", "", city.strip(" -–,")).strip()
        if not paren:
            cm = re.match(r"^(.*?)\s*[-–]\s*([A-Za-zÀ-ÿ\- ]+)$", city)
            if cm and V.country_name(cm.group(2)):
                city, country = cm.group(1), V.country_name(cm.group(2))
        if not city or not re.search(r"[A-Za-zÀ-ÿ]", city):
            continue
        twins.append(Twin(city, country, int(year) if year else None))
    return twins


def clean_value(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().rstrip(".").strip()
    return value or None


def read_facts(lines: list[Line]) -> dict[str, str]:
    """Pass 1: the labelled facts of the whole profile (later decisions depend on the country).

    The first label with a value wins; "Location" given twice is country and region in either order.
    ``read_facts(normalise("Population: 38,495").lines) == {"population": "38,495"}``
    """
    facts: dict[str, str] = {}
    for i, line in enumerate(lines):
        lab = label_of(line.text)
        if lab and lab[0] == "location" and facts.get("location") and not V.country_name(facts["location"]):
            value = lab[2] or "\n".join(x.text for x in lines[i + 1: i + 1 + value_lines(lines, i + 1, lab[0])])
            if V.country_name(value):  # "Region: Lombardy" then "Country: Italy"
                facts["location_region"] = facts["location"]
                facts["location"] = value
        elif (lab and lab[0] == "location" and facts.get("location") and lab[2] and not V.country_name(lab[2])
              and not facts.get("location_region") and len(lab[2]) < 40 and "." not in lab[2]):
            facts["location_region"] = lab[2]  # "Country: Italy" then "Region: Lombardy"
        elif lab and not facts.get(lab[0]):  # the first label with a value wins
            value = lab[2]
            if not value:
                value = "\n".join(x.text for x in lines[i + 1: i + 1 + value_lines(lines, i + 1, lab[0])])
            facts[lab[0]] = value
    return facts


def location(facts: dict[str, str]) -> tuple[str | None, str | None]:
    """(country, region) from the Location facts."""
    if not facts.get("location"):
        return None, None
    country, region = V.split_location(facts["location"])
    return country, region or clean_value(facts.get("location_region"))


def population(facts: dict[str, str], overviews: list[str], warnings: list[str]) -> tuple[int | None, int | None]:
    """(population, census year) from its label, else from the overview's prose."""
    pop = year = None
    if "population" in facts:
        pop, year = parse_population(facts["population"])
        if pop is None:
            warnings.append(f"population not understood: {facts['population'][:80]}")
    if pop is None:
        pop, year = _population_from_text(" ".join(overviews))
    return pop, year

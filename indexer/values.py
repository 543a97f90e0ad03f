"""Small pure parsers for the values found in profiles: numbers, dates, years (and, re-exported, countries and networks).

Every function takes a string and returns plain values; none of them raises on odd input.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .folding import fold_char, fold, fold_same_length, slugify  # noqa: F401
from .networks import (  # noqa: F401
    ACRONYM_IN_PARENS, NATIONAL_FORUMS, NETWORK_ALIASES, NETWORK_RE, alias_of, NETWORKS, NetworkInfo, national_forum, network_name,
    network_names,
)
from .places import (  # noqa: F401
    ADJECTIVES, COUNTRY_RE, REGIONS, COUNTRIES, REGION_COUNTRY, country_from_adjective, country_name, split_location,
)
from .spelling import LABEL_WORDS, correct_words, edit_distance  # noqa: F401

# ---------------------------------------------------------------------------------------------
# numbers

_NUMBER = re.compile(
    r"(?<!\d)(?<!\d[.,])(\d{1,3}(?:(?:[ \u00a0\u202f\u2009]|,|\.|')\d{3})+|\d+)(?:[.,](\d+))?\s*(million|millions|mio|m\b)?",
    re.IGNORECASE,
)

_NOT_DIGITS = re.compile(r"\D")


def parse_number(text: str) -> int | None:
    """First whole number in text, with thousands separators: ``parse_number("190 000") == 190000``.

    Handles "133,327", "264.000", "190 000", "1.2 million". Returns None when there is none.
    """
    for m in _NUMBER.finditer(text):
        digits = _NOT_DIGITS.sub("", m.group(1))
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


_DIGIT = re.compile(r"\d")
_ANY_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_LOWER_WORD = re.compile(r"[a-z]+")
_DIGIT_SEP_DIGIT = re.compile(r"\d[./-]\d")
#: find_dates reads folded text, which is lower-case: there the month patterns need not ignore case
#: (the same matches, found faster), except where a dotless ı appears, which ignoring case takes for an i
_SPAN_LOWER, _DMY_LOWER, _MDY_LOWER, _MY_LOWER = (re.compile(p.pattern) for p in (_SPAN, _DMY, _MDY, _MY))


class _NoMatch:
    """Stands for a date form ruled out: finds nothing, without reading the text."""

    @staticmethod
    def finditer(text: str) -> tuple[()]:
        return ()


_NO_MATCH = _NoMatch()


def _date_forms(folded: str) -> tuple[re.Pattern[str] | _NoMatch, ...]:
    """The patterns find_dates runs over folded text, in its order (span, day-month-year, month-day-year,
    ISO, numeric, short numeric, numeric month, month-year); a form that a quick look rules out gets a
    pattern that never matches, so the forms found are the same, sooner."""
    if "ı" in folded:
        span, dmy, mdy, my = _SPAN, _DMY, _MDY, _MY
    elif MONTHS.keys().isdisjoint(_LOWER_WORD.findall(folded)):
        span = dmy = mdy = my = _NO_MATCH  # each names its month as a word of its own
    else:
        span, dmy, mdy, my = _SPAN_LOWER, _DMY_LOWER, _MDY_LOWER, _MY_LOWER
    iso, numeric, short, numeric_month = _ISO, _NUMERIC_DATE, _NUMERIC_DATE_SHORT, _NUMERIC_MONTH
    if not _DIGIT_SEP_DIGIT.search(folded):
        iso = numeric = short = numeric_month = _NO_MATCH  # "2008-12-05", "5.12.2008", "5.3.09", "12/2008"
    if not _ANY_YEAR.search(folded):
        span = dmy = mdy = my = iso = numeric = numeric_month = _NO_MATCH  # all but "5.3.09" have a year
    return span, dmy, mdy, iso, numeric, short, numeric_month, my
_NUMBER_WORD_BEFORE = re.compile(r"\b(?:version|v|release|article|art|no|n°|nr)\.?\s*$", re.IGNORECASE)


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2099


@functools.lru_cache(maxsize=8192)
def find_dates(text: str) -> tuple[DateMatch, ...]:
    """Every full or month-precision date in text, in order: "24-25 April 2008" → 2008-04-24.

    Remembered per text: a line's dates are asked for by several readers of it.
    """
    found: list[DateMatch] = []
    if not _DIGIT.search(text):
        return ()  # every date form has digits
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    folded = fold_same_length(text)
    span, dmy, mdy, iso, numeric, short, numeric_month, month_year = _date_forms(folded)
    for m in span.finditer(folded):
        day, month = int(m.group(1)), MONTHS[m.group(2).lower()]
        end_month, year = MONTHS[m.group(3).lower()], int(m.group(4))
        if end_month < month:
            year -= 1
        if _valid(year, month, day):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", int(m.group(4))))
            taken.append((m.start(), m.end()))
    for m in dmy.finditer(folded):
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in mdy.finditer(folded):
        month, day, year = MONTHS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in iso.finditer(folded):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in numeric.finditer(folded):
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in short.finditer(folded):
        day, month, short = int(m.group(1)), int(m.group(3)), int(m.group(4))
        year = (2000 if short < 50 else 1900) + short
        if _NUMBER_WORD_BEFORE.search(folded[: m.start()]):
            continue  # "version 2.1.10" is a number, not a date
        if _valid(year, month, day) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", year))
            taken.append((m.start(), m.end()))
    for m in numeric_month.finditer(folded):
        month, year = int(m.group(1)), int(m.group(2))
        if _valid(year, month, 1) and free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), None, year))
            taken.append((m.start(), m.end()))
    for m in month_year.finditer(folded):
        if m.group(1) in ("may", "mar") and not text[m.start()].isupper():
            continue  # "may 2010" in running text is usually the verb; keep "May 2010"
        year = int(m.group(2))
        if free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), None, year))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return tuple(found)


@functools.lru_cache(maxsize=8192)
def _outside_quotes(text: str) -> str:
    """Text with quoted titles blanked out (same length, so offsets stay valid).

    Remembered per text: every reader of an event line starts from it.
    """
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def year_ranges(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, first_year, last_year) for each year range such as "2013-2015"."""
    out = []
    first = _ANY_YEAR.search(text)
    two_years = first is not None and _ANY_YEAR.search(text, first.end()) is not None
    for m in (_RANGE.finditer(text) if two_years else ()):  # a range names two years
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 60:
            out.append((m.start(), m.end(), a, b))
    for m in _SHORT_RANGE.finditer(text):  # "2013-15"
        a = int(m.group(1))
        b = a - a % 100 + int(m.group(2))
        if a < b <= a + 20 and all(m.end() <= s or m.start() >= e for s, e, _, _ in out):
            out.append((m.start(), m.end(), a, b))
    return sorted(out)


@functools.lru_cache(maxsize=8192)
def years_in(text: str, *, ignore_quoted: bool = True, dates_win: bool = True) -> tuple[int, ...]:
    """Every year a line is about, sorted: dates win over years inside titles; ranges expand.

    With ``dates_win=False`` (running text) the years of dates, ranges and bare years are all kept.

    ``years_in("1983-2008, “Is security…”, Paris, 5 December 2008") == (2008,)``
    ``years_in("European project 2013-2015") == (2013, 2014, 2015)``

    Remembered per text: a line's years are asked for by several readers of it.
    """
    scope = _outside_quotes(text) if ignore_quoted else text
    if ignore_quoted and not _BARE_YEAR.search(scope):
        scope = text
    dates = find_dates(scope)
    # "30 December - 2 January 2010" starts in 2009: the event is about both years
    years: set[int] = {d.year for d in dates} | {int(d.iso[:4]) for d in dates if d.iso}
    if dates and dates_win:
        return tuple(sorted(years))
    if not dates and not _ANY_YEAR.search(scope):
        return ()  # ranges and bare years are written with four digits
    if dates_win and not dates:
        # "Efus 25th anniversary (1987-2012), Paris, 2012": a closing year after a place is the date
        m = _TRAILING_YEAR.search(scope)
        if m and _LETTER.search(scope[_last_year_end(scope[: m.start()]): m.start()]) and _BARE_YEAR.search(scope[: m.start()]):
            return (int(m.group(1)),)
    rest = _blanked(scope, [(d.start, d.end) for d in dates])
    ranges = year_ranges(rest)
    for _, _, a, b in ranges:
        years.update(range(a, b + 1))
    rest = _blanked(rest, [(start, end) for start, end, _, _ in ranges])
    for m in _BARE_YEAR.finditer(rest):
        years.add(int(m.group(1)))
    return tuple(sorted(years))


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """Text with each (start, end) span replaced by as many spaces."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


_TRAILING_YEAR = re.compile(rf"(?<![\d\-–/]),\s*{_YEAR}\s*\.?\s*$")
_LETTER = re.compile(r"[^\W\d_]")


def _last_year_end(text: str) -> int:
    """Offset just after the last year in text (0 when there is none)."""
    ends = [m.end() for m in _BARE_YEAR.finditer(text)]
    return ends[-1] if ends else 0


_DATE_TO_DATE = re.compile(r"\s*(?:-|–|—|to|until|au|a|à|bis|al)\s*", re.IGNORECASE)


def first_date(text: str) -> str | None:
    """ISO date of the last full date in text (the event's own date), else None."""
    scope = _outside_quotes(text)
    dates = [d for d in find_dates(scope) if d.iso]
    if not dates:
        return None
    last = dates[-1]
    if len(dates) >= 2 and _DATE_TO_DATE.fullmatch(scope[dates[-2].end:last.start]):
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

"""The user's query string → a plan: text to search, field filters, year range, notes. Pure.

The text part keeps the operators users type (OR, NOT, -word, "phrases", prefix*, fuzzy~);
`field:value` for the facet fields and year expressions ("in the 1990s", "since 2010",
"2008-2010", "year:2008..2010", "[2008 TO 2010]") become filters and are reported in `notes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.fields import FACET_NAMES
from indexer.values import fold

from ..messages import msg

MAX_QUERY_CHARS = 500
FIELD_NAMES = FACET_NAMES  # the facets are the fields of `name:value`
YEAR_MIN, YEAR_MAX = 1800, 2099


class BadRequest(ValueError):
    """A request we cannot answer, with a reason a user can act on (a :class:`~search_app.messages.Message`)."""


def query_too_long(length: int) -> str:
    return msg("the query is {length} characters long; the limit is {limit}", length=length, limit=MAX_QUERY_CHARS)


@dataclass(frozen=True)
class QueryPlan:
    text: str
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    excluded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def explicit(self) -> bool:
        """Whether the text uses operators (then no AND→OR fallback is applied)."""
        return bool(re.search(r'"|\(|\)|\*|~|(?<!\S)[-+]\S|\b(?:AND|OR|NOT|ANDNOT)\b', self.text))


_FIELD = re.compile(
    r'(?<![\w:])(-?)(' + "|".join(FIELD_NAMES) + r')\s*:\s*("[^"]*"?|\[[^\]]*\]?|\S+)', re.IGNORECASE
)
_OTHER_FIELD = re.compile(r"(?<![\w:])([A-Za-z_]\w*):(?=\S)")
_BARE_RANGE = re.compile(r"\[\s*(\d{4})?\s+TO\s+(\d{4})?\s*\]", re.IGNORECASE)
_DECADE = re.compile(r"\b(?:in\s+the\s+|during\s+the\s+|the\s+)?((?:1[89]|20)\d)0'?s\b", re.IGNORECASE)
_SINCE = re.compile(r"\b(since|from|after|depuis|apres)\s+((?:1[89]|20)\d\d)\b", re.IGNORECASE)
_BEFORE = re.compile(r"\b(before|until|up to|avant|jusqu'en)\s+((?:1[89]|20)\d\d)\b", re.IGNORECASE)
_RANGE = re.compile(
    r"\b(?:(?:between|from|de|entre)\s+)?((?:1[89]|20)\d\d)\s*(?:-|–|\.\.|\bto\b|\band\b|\bà\b|\bet\b)\s*((?:1[89]|20)\d\d)\b",
    re.IGNORECASE,
)
_IN_YEAR = re.compile(r"\b(?:in|en|during)\s+((?:1[89]|20)\d\d)\b", re.IGNORECASE)


def parse_year_value(value: str) -> tuple[int, int]:
    """(from, to) of a year filter value: "2008", "2008..2010", "[2008 TO 2010]", "2008-2010"."""
    v = value.strip().strip('"').strip()
    m = re.fullmatch(r"\[?\s*(\d{4})?\s*(?:\.\.|TO|to|-|–)\s*(\d{4})?\s*\]?", v)
    if m and (m.group(1) or m.group(2)):
        a = int(m.group(1)) if m.group(1) else YEAR_MIN
        b = int(m.group(2)) if m.group(2) else YEAR_MAX
    elif re.fullmatch(r"\d{4}", v):
        a = b = int(v)
    else:
        raise BadRequest(msg("year must be a year such as 2008 or a range such as 2008..2010, not '{value}'", value=value[:40]))
    if a > b:
        raise BadRequest(msg("year range {a}..{b} is empty: the first year is after the last", a=a, b=b))
    return a, b


#: what a range of a fact may hold: a population (up to 100 million) or a year
FACT_LIMITS = {"population": (0, 100_000_000), "member_since": (YEAR_MIN, YEAR_MAX),
               "committee_since": (YEAR_MIN, YEAR_MAX)}


def parse_range(name: str, value: str) -> tuple[int | None, int | None]:
    """(from, to) of a fact's range, either end open: "100000..", "..2000", "1995..2005", "1995",
    "[100,000 TO *]". ``parse_range("population", "100 000..") == (100000, None)``; a value that is not
    a range is a BadRequest with an example."""
    v = value.strip().strip('"').strip()
    num = r"(\d[\d,.\u00a0\u202f ]*)?"
    m = re.fullmatch(r"\[?\s*" + num + r"\s*(?:\.\.|\s+TO\s+|–|-)\s*(?:\*\s*)?" + num + r"\s*\]?", v, re.I) or \
        re.fullmatch(r"\[?\s*\*\s+TO\s+" + num + r"\s*\]?", v, re.I)
    low, high = FACT_LIMITS.get(name, (0, 10**9))
    example = "100000.., ..250000 or 50000..100000" if name == "population" else "..2000, 1995..2005 or 2010.."

    def number(text: str | None) -> int | None:
        if not text or not text.strip():
            return None
        n = int(re.sub(r"[^\d]", "", text))
        if not low <= n <= high:
            raise BadRequest(msg("{name} must lie between {low} and {high}, not {n}", name=name, low=low, high=high, n=n))
        return n

    if m and len(m.groups()) == 2 and (m.group(1) or m.group(2)):
        a, b = number(m.group(1)), number(m.group(2))
    elif m and len(m.groups()) == 1 and m.group(1):
        a, b = None, number(m.group(1))
    elif re.fullmatch(r"\d[\d,.\u00a0\u202f ]*", v):
        a = b = number(v)
    else:
        raise BadRequest(msg("{name} must be a range such as {example}, not '{value}'", name=name, example=example,
                             value=value[:40]))
    if a is not None and b is not None and a > b:
        raise BadRequest(msg("{name} range {a}..{b} is empty: the first value is after the last", name=name, a=a, b=b))
    return a, b


def plan_query(q: str) -> QueryPlan:
    """Split a query string into searchable text and filters.

    ``plan_query("CCTV city:Amiens since 2008").filters == {"city": ("Amiens",)}``
    """
    if q is None:
        q = ""
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(query_too_long(len(q)))
    text = re.sub(r"[\x00-\x1f\x7f]", " ", q)
    filters: dict[str, list[str]] = {}
    excluded: dict[str, list[str]] = {}
    notes: list[str] = []
    year_from = year_to = None

    def narrow(a: int | None, b: int | None) -> None:
        nonlocal year_from, year_to
        if a is not None:
            year_from = a if year_from is None else max(year_from, a)
        if b is not None:
            year_to = b if year_to is None else min(year_to, b)

    def take_field(m: re.Match) -> str:
        neg, name, value = m.group(1), m.group(2).lower(), m.group(3)
        value = value.strip()
        if value.startswith('"'):
            value = value.strip('"')
        value = value.strip()
        if not value:
            return " "
        if name == "year":
            a, b = parse_year_value(value)
            if neg:
                notes.append(msg("-year:{value} is not supported; ignored", value=value))
                return " "
            narrow(a, b)
            notes.append(msg("year:{value} → years {a}–{b}", value=value, a=a, b=b) if a != b
                         else msg("year:{value} → year {a}", value=value, a=a))
            return " "
        (excluded if neg else filters).setdefault(name, []).append(value)
        return " "

    text = _FIELD.sub(take_field, text)

    def bare_range(m: re.Match) -> str:
        a = int(m.group(1)) if m.group(1) else YEAR_MIN
        b = int(m.group(2)) if m.group(2) else YEAR_MAX
        if a > b:
            raise BadRequest(msg("year range {a}..{b} is empty: the first year is after the last", a=a, b=b))
        narrow(a, b)
        notes.append(msg("{words} → years {a}–{b}", words=m.group(0).strip(), a=a, b=b))
        return " "

    text = _BARE_RANGE.sub(bare_range, text)
    if '"' not in text:
        text = _year_words(text, narrow, notes)
    # a field name we do not know is searched as plain words
    text = _OTHER_FIELD.sub(lambda m: m.group(1) + " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return QueryPlan(
        text=text,
        filters={k: tuple(v) for k, v in filters.items()},
        excluded={k: tuple(v) for k, v in excluded.items()},
        year_from=year_from,
        year_to=year_to,
        notes=tuple(notes),
    )


def _year_words(text: str, narrow, notes: list[str]) -> str:
    def decade(m: re.Match) -> str:
        a = int(m.group(1)) * 10
        narrow(a, a + 9)
        notes.append(msg("“{words}” → years {a}–{b}", words=m.group(0).strip(), a=a, b=a + 9))
        return " "

    def since(m: re.Match) -> str:
        y = int(m.group(2))
        word = fold(m.group(1)).lower()
        a = y + 1 if word in ("after", "apres") else y
        narrow(a, None)
        notes.append(msg("“{words}” → years from {a}", words=m.group(0).strip(), a=a))
        return " "

    def before(m: re.Match) -> str:
        y = int(m.group(2))
        word = m.group(1).lower()
        b = y - 1 if word in ("before", "avant") else y
        narrow(None, b)
        notes.append(msg("“{words}” → years up to {b}", words=m.group(0).strip(), b=b))
        return " "

    def span(m: re.Match) -> str:
        a, b = int(m.group(1)), int(m.group(2))
        if a > b:
            return m.group(0)
        narrow(a, b)
        notes.append(msg("“{words}” → years {a}–{b}", words=m.group(0).strip(), a=a, b=b))
        return " "

    def in_year(m: re.Match) -> str:
        y = int(m.group(1))
        narrow(y, y)
        notes.append(msg("“{words}” → year {y}", words=m.group(0).strip(), y=y))
        return " "

    text = _DECADE.sub(decade, text)
    text = _RANGE.sub(span, text)
    text = _SINCE.sub(since, text)
    text = _BEFORE.sub(before, text)
    text = _IN_YEAR.sub(in_year, text)
    return text

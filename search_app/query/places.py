"""Places named in a query's words: a country of the index is the cities' country, not only a word.

"drug prevention Portugal" should find the drug-prevention passages of Portuguese cities even when
they do not say "Portugal". A clause of the query whose words (or one of its alternatives:
"Allemagne", "Deutschland") name a country the index holds is read as that country too.
Cities need no such step: every passage already carries its city's name in a searched field.

``place_of("(germany OR allemagne OR deutschland)", ("Germany", "France")) == "Germany"``
"""

from __future__ import annotations

import re

from indexer.networks import NETWORK_ALIASES, network_name
from indexer.places import COUNTRIES, country_from_adjective
from indexer.values import fold


def place_of(clause: str, countries: tuple[str, ...]) -> str | None:
    """The country of `countries` that a query clause names (by name, alias or adjective), or None."""
    if not countries:
        return None
    known = {fold(c): c for c in countries}
    for alt in re.split(r"\s+OR\s+", clause.strip("() ")):
        words = " ".join(re.findall(r"[\w'’-]+", re.sub(r"\^[\d.]+$", "", alt.strip().strip('"'))))
        key = fold(words).strip()
        if not key:
            continue
        name = COUNTRIES.get(key) or (country_from_adjective(words) if len(words.split()) == 1 else None)
        if name and fold(name) in known:
            return known[fold(name)]
    return None


def network_of(clause: str, networks: tuple[str, ...]) -> str | None:
    """The network of `networks` that a query clause names (its short name, its name in English or French):
    ``network_of("(ffsu OR \"french forum for urban security\")", ("Efus", "FFSU")) == "FFSU"``."""
    if not networks:
        return None
    for alt in re.split(r"\s+OR\s+", clause.strip("() ")):
        words = " ".join(re.findall(r"[\w'’-]+", re.sub(r"\^[\d.]+$", "", alt.strip().strip('"'))))
        name = network_name(words) if words else None
        if name in networks and _names_only(words, name):
            return name
    return None


def _names_only(words: str, network: str) -> bool:
    """Whether the words are the network's name itself, not a sentence that mentions it."""
    return len(words.split()) <= 8


def typed_network(q: str, network: str) -> str | None:
    """The word(s) of a query that named a network: ``typed_network("FFSU 2010", "FFSU") == "FFSU"``."""
    tokens = re.findall(r"[\w'’-]+", q)
    for size in range(min(8, len(tokens)), 0, -1):
        for i in range(len(tokens) - size + 1):
            words = " ".join(tokens[i:i + size])
            if network_name(words) == network and re.sub(r"[\s-]+", " ", fold(words).lower()) in NETWORK_ALIASES:
                return words
    return None


def without_place(q: str, word: str) -> str:
    """The query with a place word quoted, so it is searched as a word of the passages only.

    ``without_place("drug prevention Portugal", "Portugal") == 'drug prevention "Portugal"'``
    """
    return re.sub(rf"(?<![\w\"]){re.escape(word)}(?![\w\"])", f'"{word}"', q, count=1)


def typed_word(q: str, country: str) -> str | None:
    """The word(s) of a query that named a country: ``typed_word("cctv Allemagne", "Germany") == "Allemagne"``."""
    tokens = re.findall(r"[\w'’-]+", q)
    for size in (3, 2, 1):
        for i in range(len(tokens) - size + 1):
            words = " ".join(tokens[i:i + size])
            name = COUNTRIES.get(fold(words)) or (country_from_adjective(words) if size == 1 else None)
            if name == country:
                return words
    return None

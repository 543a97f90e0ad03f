"""Text analysis, shared by indexing and querying on every backend: words (\\w+), lowercase, accent
folding, stop words, NLTK Snowball stemmers and word families, joined compounds split.

One analysis per language (English and French), plus names (no stemming, no stop words) for city
names and the corpus's own words. The same functions analyse the query, so "securite" meets
"sécurité" and "prevent" meets "prevention". Pure Python: each engine wraps them in its own
analyser objects (the embedded index: :mod:`indexer.whoosh.analyzers`).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from .values import fold
from .wordforms import COMPOUNDS, family_stem, split_compound

ANALYSIS_VERSION = 2
LANGS = ("en", "fr")
TOKEN_PATTERN = r"\w+"


@functools.cache
def stopwords(lang: str) -> frozenset[str]:
    """The shipped stop-word list of a language, folded: ``"the" in stopwords("en")``."""
    text = resources.files("indexer").joinpath(f"data/stopwords_{lang}.txt").read_text("utf-8")
    return frozenset(fold(w.strip()) for w in text.splitlines() if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Index term of a folded word: Snowball, then its derivational family (:mod:`indexer.wordforms`).

    ``stem("prevention", "en") == stem("preventing", "en")``; ``stem("safer", "en") == stem("safety", "en")``
    """
    return family_stem(word, lang)


_CACHE_MAX = 500_000
_FOLDED: dict[str, str] = {}
_TERMS: dict[str, dict[str, tuple[str, str | None]]] = {}


def _fold_lower(text: str) -> str:
    folded = fold(text.lower())
    if len(_FOLDED) < _CACHE_MAX:
        _FOLDED[text] = folded
    return folded


def _term_cache(lang: str) -> dict[str, tuple[str, str | None]]:
    cache = _TERMS.get(lang)
    if cache is None:
        cache = _TERMS[lang] = {}
    return cache


def _term_entry(text: str, lang: str) -> tuple[str, str | None]:
    """(folded word, index term or None for a stop word) of one raw token."""
    folded = _FOLDED.get(text) or _fold_lower(text)
    if folded in stopwords(lang):
        return folded, None
    return folded, stem(folded, lang)


def _parts(folded: str, lang: str) -> tuple[str, ...]:
    """The index terms of a joined compound's parts ("nighttime" → the terms of "night", "time")."""
    return tuple(stem(p, lang) for p in split_compound(folded) or (folded,))


_COMPOUND_WORDS = frozenset(COMPOUNDS)


def folded_word(raw: str) -> str:
    """A raw token lowercased and folded, memoised: ``folded_word("Liège") == "liege"``."""
    return _FOLDED.get(raw) or _fold_lower(raw)


def word_terms(raw: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """(folded word, its index terms) of one raw token in a language, memoised: no term for a stop
    word, each part's for a joined compound. ``word_terms("Nighttime", "en") == ("nighttime", ("night", "time"))``
    """
    cache = _term_cache(lang)
    entry = cache.get(raw)
    if entry is None:
        entry = _term_entry(raw, lang)
        if len(cache) < _CACHE_MAX:
            cache[raw] = entry
    folded, term = entry
    if term is None:
        return folded, ()
    return folded, (_parts(folded, lang) if folded in _COMPOUND_WORDS else (term,))


_WORDS = re.compile(TOKEN_PATTERN)


def index_terms(text: str, lang: str | None) -> list[str]:
    """The terms the index holds for a text, in order, for a language (None: names, folded words
    only) — the indexer analyses every passage, so this is the build's hottest loop.

    ``index_terms("Preventing crime in Liège", "en") == ["prevent", "crime", "liege"]``
    """
    words = _WORDS.findall(text)
    if lang is None:
        folded = _FOLDED
        return [folded.get(w) or _fold_lower(w) for w in words]
    cache = _term_cache(lang)
    out: list[str] = []
    append = out.append
    for w in words:
        entry = cache.get(w)
        if entry is None:
            entry = _term_entry(w, lang)
            if len(cache) < _CACHE_MAX:
                cache[w] = entry
        term = entry[1]
        if term is None:
            continue
        if entry[0] in _COMPOUND_WORDS:
            out.extend(_parts(entry[0], lang))
        else:
            append(term)
    return out


def tokens_with_offsets(text: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """(term, start, end) for each indexed word of text, as the language's analyser gives them with
    character offsets (a joined compound gives each part the word's offsets); used to mark matches
    in snippets: ``tokens_with_offsets("Crime in Liège", "fr")[0] == ("crim", 0, 5)``."""
    cache = _term_cache(lang)
    out: list[tuple[str, int, int]] = []
    append = out.append
    for m in _WORDS.finditer(text):
        w = m.group()
        entry = cache.get(w)
        if entry is None:
            entry = _term_entry(w, lang)
            if len(cache) < _CACHE_MAX:
                cache[w] = entry
        if entry[1] is None:
            continue
        start, end = m.span()
        if entry[0] in _COMPOUND_WORDS:
            out.extend((part, start, end) for part in _parts(entry[0], lang))
        else:
            append((entry[1], start, end))
    return out


def terms(text: str, lang: str = "en") -> list[str]:
    """The index terms of a text in a language: ``terms("Crime prevention in Liège") == ["crime", "prevent", "liege"]``."""
    return index_terms(text, lang)

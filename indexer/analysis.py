"""Text analysis: tokenizer | lowercase | accent folding | stop words | NLTK Snowball stemmer.

One chain per language (English and French), plus a "name" chain (no stemming, no stop words)
for city names and headings. The same chains analyse the query, so "securite" meets "sécurité"
and "prevent" meets "prevention".
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter

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


class FoldFilter(Filter):
    """Strips accents and folds ligatures: "Liège" → "liege", "Köln" → "koln"."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Index term of a folded word: Snowball, then its derivational family (:mod:`indexer.wordforms`).

    ``stem("prevention", "en") == stem("preventing", "en")``; ``stem("safer", "en") == stem("safety", "en")``
    """
    return family_stem(word, lang)


class FoldLowerFilter(Filter):
    """Lowercase and fold in one step, memoised per raw token: "Liège" → "liege".

    Same output as ``LowercaseFilter() | FoldFilter()``; tokens repeat a lot, so the cache
    turns the Unicode normalisation into one dict lookup per token.
    """

    def __call__(self, tokens):
        cache = _FOLDED
        for t in tokens:
            text = t.text
            folded = cache.get(text)
            if folded is None:
                folded = _fold_lower(text)
            t.text = folded
            yield t


class TermFilter(Filter):
    """Lowercase, fold, stop words and Snowball stem in one pass, memoised per raw token.

    Exactly ``LowercaseFilter() | FoldFilter() | StopFilter(stoplist, minsize=1) | SnowballFilter(lang)``
    (stop words renumbered the same way), at a fraction of the cost:
    ``[t.text for t in (RegexTokenizer() | TermFilter("en"))("Preventing crime")] == ["prevent", "crime"]``
    """

    def __init__(self, lang: str):
        self.lang = lang

    def __eq__(self, other):
        return isinstance(other, TermFilter) and other.lang == self.lang

    def __getstate__(self):
        return {"lang": self.lang}

    def __setstate__(self, state):
        self.lang = state["lang"]

    def __call__(self, tokens):
        cache = _term_cache(self.lang)
        pos = None
        for t in tokens:
            text = t.text
            entry = cache.get(text)
            if entry is None:
                entry = _term_entry(text, self.lang)
                if len(cache) < _CACHE_MAX:
                    cache[text] = entry
            folded, term = entry
            if term is not None:
                parts = _parts(folded, self.lang) if folded in _COMPOUND_WORDS else (term,)
                for part in parts:
                    if t.positions:
                        if pos is None:
                            pos = t.pos
                        else:
                            pos += 1
                            t.pos = pos
                    t.text = part
                    t.stopped = False
                    yield t
            elif not t.removestops:
                t.text = folded
                t.stopped = True
                yield t


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


class SnowballFilter(Filter):
    """NLTK's Snowball stemmer for one language (needs no NLTK data download)."""

    def __init__(self, lang: str):
        self.lang = lang

    def __eq__(self, other):
        return isinstance(other, SnowballFilter) and other.lang == self.lang

    def __call__(self, tokens):
        lang = self.lang
        for t in tokens:
            if not t.stopped:
                t.text = stem(t.text, lang)
            yield t


def text_analyzer(lang: str):
    """Analysis chain for running text in a language ("en" or "fr"): ``text_analyzer("fr")``.

    tokenizer | lowercase | fold | stop words | Snowball stemmer, fused into :class:`TermFilter`.
    """
    return RegexTokenizer(TOKEN_PATTERN) | TermFilter(lang)


def reference_text_analyzer(lang: str):
    """The same chain as separate Whoosh filters; slower, kept to check :class:`TermFilter` against.

    ``[t.text for t in reference_text_analyzer("en")("Crime prevention")] == ["crime", "prevent"]``
    """
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=stopwords(lang), minsize=1)
        | SnowballFilter(lang)
    )


def name_analyzer():
    """Analysis chain for names (cities, networks): folded words, no stemming, no stop words.

    ``[t.text for t in name_analyzer()("Liège")] == ["liege"]``
    """
    return RegexTokenizer(TOKEN_PATTERN) | FoldLowerFilter()


@functools.cache
def cached_text_analyzer(lang: str):
    return text_analyzer(lang)


def terms(text: str, lang: str = "en") -> list[str]:
    """The index terms of a text: ``terms("Crime prevention in Liège") == ["crime", "prevent", "liege"]``."""
    return [t.text for t in cached_text_analyzer(lang)(text)]


_WORDS = re.compile(TOKEN_PATTERN)


def index_terms(text: str, lang: str | None) -> list[str]:
    """The terms the index holds for a text, in order: exactly what :func:`text_analyzer` (a
    language) or :func:`name_analyzer` (None) yields, without a token object per word — the
    indexer analyses every passage, so this is the build's hottest loop.

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

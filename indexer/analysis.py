"""Text analysis: tokenizer | lowercase | accent folding | stop words | NLTK Snowball stemmer.

One chain per language (English and French), plus a "name" chain (no stemming, no stop words)
for city names and headings. The same chains analyse the query, so "securite" meets "sécurité"
and "prevent" meets "prevention".
"""

from __future__ import annotations

import functools
from importlib import resources

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter

from .values import fold

ANALYSIS_VERSION = 1
LANGS = ("en", "fr")
_SNOWBALL = {"en": "english", "fr": "french"}
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


@functools.cache
def _stemmer(lang: str):
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(_SNOWBALL[lang])


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Snowball stem of a folded word: ``stem("prevention", "en") == stem("preventing", "en")``."""
    if word.isdigit() or len(word) < 3:
        return word
    return _stemmer(lang).stem(word)


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
    """Analysis chain for running text in a language ("en" or "fr")."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=stopwords(lang), minsize=1)
        | SnowballFilter(lang)
    )


def name_analyzer():
    """Analysis chain for names (cities, networks): folded words, no stemming, no stop words."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | FoldFilter()


@functools.cache
def cached_text_analyzer(lang: str):
    return text_analyzer(lang)


def terms(text: str, lang: str = "en") -> list[str]:
    """The index terms of a text: ``terms("Crime prevention in Liège") == ["crime", "prevent", "liege"]``."""
    return [t.text for t in cached_text_analyzer(lang)(text)]


def tokens_with_offsets(text: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """(term, start, end) for each indexed word of text; used to mark matches in snippets."""
    out = []
    for t in cached_text_analyzer(lang)(text, chars=True, removestops=True):
        out.append((t.text, t.startchar, t.endchar))
    return out

"""The shared analysis (:mod:`indexer.analysis`) as Whoosh analysers, for the embedded index's schema.

``[t.text for t in text_analyzer("en")("Preventing crime")] == ["prevent", "crime"]``
"""

from __future__ import annotations

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter

from ..analysis import TOKEN_PATTERN, folded_word, index_terms, stem, stopwords, word_terms
from ..values import fold


class FoldFilter(Filter):
    """Strips accents and folds ligatures: "Liège" → "liege", "Köln" → "koln"."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class FoldLowerFilter(Filter):
    """Lowercase and fold in one step, memoised per raw token: "Liège" → "liege".

    Same output as ``LowercaseFilter() | FoldFilter()``; tokens repeat a lot, so the cache
    turns the Unicode normalisation into one dict lookup per token.
    """

    def __call__(self, tokens):
        for t in tokens:
            t.text = folded_word(t.text)
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
        lang = self.lang
        pos = None
        for t in tokens:
            folded, parts = word_terms(t.text, lang)
            if parts:
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





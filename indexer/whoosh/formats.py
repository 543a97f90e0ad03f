"""The embedded index's postings formats for text fields: each word with its frequency, and each pair
of adjacent words (see :mod:`indexer.phrases`), no positions.

``WordsAndPairs(terms="en").word_values("crime prevention", None)`` yields the words, then the pair
"""

from __future__ import annotations

from collections import Counter

from whoosh.formats import Frequency, tokens
from whoosh.system import pack_uint

from ..analysis import index_terms
from ..phrases import PAIR_MARK


class WordsAndPairs(Frequency):
    """A text field's postings: each word with its frequency, and each adjacent pair (no positions).

    Weights are what Whoosh's positions format gives (frequency × field boost); the pairs count
    nothing towards the field's length, so BM25 sees the same lengths as for the words alone.
    `terms` names the field's analysis for :func:`indexer.analysis.index_terms` ("en", "fr", or
    "name"), which yields the analyser's very terms without a token object per word.
    """

    posting_size = 0  # no per-posting value: the weight carries the frequency

    def __init__(self, field_boost: float = 1.0, terms: str | None = None, **options):
        super().__init__(field_boost=field_boost, **options)
        self.terms = terms

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        words = _words(value, analyzer, getattr(self, "terms", None), kwargs)
        freqs = Counter(words)
        for word, n in freqs.items():
            yield word, n, n * fb, b""
        if len(words) > 1:
            pairs = Counter(map(_PAIR.format, words, words[1:]))
            for pair, n in pairs.items():
                yield pair, 0, n * fb, b""


class Words(Frequency):
    """Words and their frequencies (Whoosh's frequency format), analysed as :class:`WordsAndPairs` does."""

    def __init__(self, field_boost: float = 1.0, terms: str | None = None, **options):
        super().__init__(field_boost=field_boost, **options)
        self.terms = terms

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        for word, n in Counter(_words(value, analyzer, getattr(self, "terms", None), kwargs)).items():
            yield word, n, n * fb, pack_uint(n)


_PAIR = PAIR_MARK + "{} {}"


def _words(value, analyzer, terms: str | None, kwargs) -> list[str]:
    if terms is not None and isinstance(value, str):
        return index_terms(value, None if terms == "name" else terms)
    kwargs.pop("boosts", None)
    return [t.text for t in tokens(value, analyzer, kwargs)]

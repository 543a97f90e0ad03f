"""Adjacent word pairs, indexed beside the words so a phrase is a term lookup, not a position check
(the embedded index's postings formats: :mod:`indexer.whoosh.formats`).

Each text field holds, besides its words, one term per pair of adjacent words (after stop words
are dropped, as the phrase query drops them): "crime prevention in Amiens" gives the words
``crime``, ``prevent``, ``amien`` and the pairs ``crime prevent``, ``prevent amien``. A two-word phrase
is then one posting list; a longer one is the documents holding all its pairs, proven by the pairs'
frequencies where they can be, else checked on the field's terms in order, which the embedded index
keeps as a column (:func:`terms_column`). Positions are not stored in the postings at all, which keeps
them small and quick to read.

``pair_term("prevent", "crime") == "\\x02prevent crime"``
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

#: starts every pair term: never the first character of a word, so prefixes never reach pairs
PAIR_MARK = "\x02"


def pair_term(a: str, b: str) -> str:
    """The index term of two adjacent words: ``pair_term("night", "economi") == "\\x02night economi"``."""
    return f"{PAIR_MARK}{a} {b}"


def is_pair_term(text) -> bool:
    """True for a pair term (str or bytes), which wildcard expansions must skip."""
    if isinstance(text, bytes):
        return text[:1] == PAIR_MARK.encode()
    return text[:1] == PAIR_MARK


def adjacent_pairs(words: list[str]) -> list[str]:
    """The pair terms of a sequence of index terms: ``adjacent_pairs(["a", "b", "c"]) == [pair_term("a", "b"), pair_term("b", "c")]``."""
    return [pair_term(a, b) for a, b in zip(words, words[1:])]


def terms_column(terms: list[str]) -> bytes:
    """A text field's analysed terms in order, as the embedded index keeps them beside its postings to
    check a phrase without analysing the passage again: space-separated, framed by spaces (terms hold no
    spaces). ``terms_column(["crime", "prevent"]) == b" crime prevent "``"""
    return (" " + " ".join(terms) + " ").encode("utf-8") if terms else b""


def columns_holding_phrase(columns: list[bytes], words: list[str], slop: int = 1) -> list[int]:
    """The indexes of the :func:`terms_column` values that hold the phrase, found in one scan of them all
    (a line each): ``columns_holding_phrase([b" a b ", b" b a "], ["a", "b"]) == [0]``"""
    if not words:
        return []
    text = b"\n".join(columns)
    starts = list(itertools.accumulate((len(c) + 1 for c in columns[:-1]), initial=0))
    found: list[int] = []
    for m in phrase_pattern(words, slop).finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if not found or found[-1] != i:
            found.append(i)
    return found


@functools.lru_cache(maxsize=1024)
def _pattern(words: tuple[str, ...], slop: int) -> "re.Pattern[bytes]":
    gap = b"" if slop == 1 else b"(?:[^ \n]+ ){0,%d}" % (slop - 1)  # at most slop - 1 terms between two words
    return re.compile(b" " + gap.join(re.escape(w.encode("utf-8")) + b" " for w in words))


def phrase_pattern(words: list[str], slop: int = 1) -> "re.Pattern[bytes]":
    """The regular expression of a phrase over terms columns: its words in order, framed by spaces, with up
    to slop - 1 other terms between each two."""
    return _pattern(tuple(words), slop)

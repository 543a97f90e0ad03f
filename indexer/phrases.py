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


def column_holds_phrase(column: bytes, words: list[str], slop: int = 1) -> bool:
    """True when `words` stand in a :func:`terms_column` value in order, each within `slop` positions of
    the one before; words side by side are one substring search.

    ``column_holds_phrase(b" a b c ", ["b", "c"]) is True``
    """
    if not words or not column:
        return False
    if slop == 1:
        return (" " + " ".join(words) + " ").encode("utf-8") in column
    # each word's positions, found as substrings (a position is the number of spaces before it)
    reach = _positions(column, words[0])
    for w in words[1:]:
        if not reach:
            return False
        reach = [p for p in _positions(column, w) if any(0 < p - r <= slop for r in reach)]
    return bool(reach)


def _positions(column: bytes, word: str) -> list[int]:
    needle = (" " + word + " ").encode("utf-8")
    out = []
    i = column.find(needle)
    while i >= 0:
        out.append(column.count(b" ", 0, i))
        i = column.find(needle, i + 1)
    return out

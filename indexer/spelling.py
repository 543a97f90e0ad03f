"""Misspelled label words ("Populaton", "Menber since"): corrected against the words labels are made of.

``correct_words("menber since 2003") == "member since 2003"``
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .folding import fold


LABEL_WORDS = frozenset({
    "information", "informations", "generales", "general", "population", "location",
    "localisation", "inhabitants", "habitants", "twinned", "jumelee", "website", "official", "network",
    "networks", "reseau", "member", "membre", "members", "executive", "committee", "comite", "further",
    "project", "projects", "participated", "attended", "contract", "safety", "security", "exécutif",
    "executif", "depuis", "mayor", "maire",
})


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from a to b, capped at limit + 1.

    ``edit_distance("netwrok", "network") == 1``
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


#: the words that may be corrected: runs of six letters or more (shorter words are never changed)
_LONG_WORD = re.compile(r"[a-z]{6,}")


def correct_words(text: str, vocabulary: frozenset[str] = LABEL_WORDS) -> str:
    """Folded text with near-misses of label words corrected: ``correct_words("menber since") == "member since"``.

    Words of six letters or more are corrected when one edit (two from nine letters) away from
    exactly one vocabulary word; shorter words are left alone ("major" stays "major").
    """
    folded = fold(text)
    words = _LONG_WORD.findall(folded)
    fixed = [_correct_word(w, vocabulary) for w in words]
    if fixed == words:
        return folded  # the usual case: nothing to correct
    corrections = iter(fixed)
    return _LONG_WORD.sub(lambda m: next(corrections), folded)


@lru_cache(maxsize=50_000)
def _correct_word(word: str, vocabulary: frozenset[str]) -> str:
    if len(word) < 6 or word in vocabulary:
        return word
    limit = 2 if len(word) >= 9 else 1
    letters = Counter(word)
    near = []  # (edits, vocabulary word) within the limit
    for v, v_letters in _letter_counts(vocabulary):
        if _may_be_near(word, letters, v, v_letters, limit):
            d = edit_distance(word, v, limit)
            if d <= limit:
                near.append((d, v))
    near.sort()
    best = [v for d, v in near if d == near[0][0]]
    return best[0] if len(best) == 1 else word


@lru_cache(maxsize=8)
def _letter_counts(vocabulary: frozenset[str]) -> tuple[tuple[str, Counter[str]], ...]:
    return tuple((v, Counter(v)) for v in vocabulary)


def _may_be_near(word: str, letters: Counter[str], v: str, v_letters: Counter[str], limit: int) -> bool:
    """False when word cannot be within limit edits of v: a cheap, exact pre-check for :func:`edit_distance`.

    An edit changes the length by at most one, and removes at most one letter that v has fewer of
    (a swap removes none), so more than limit such letters means more than limit edits.
    """
    if abs(len(word) - len(v)) > limit:
        return False
    surplus = 0
    for c, n in letters.items():
        if n > v_letters[c]:
            surplus += n - v_letters[c]
            if surplus > limit:
                return False
    return True

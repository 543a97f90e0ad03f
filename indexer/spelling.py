"""Misspelled label words ("Populaton", "Menber since"): corrected against the words labels are made of.

``correct_words("menber since 2003") == "member since 2003"``
"""

from __future__ import annotations

import re
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


def correct_words(text: str, vocabulary: frozenset[str] = LABEL_WORDS) -> str:
    """Folded text with near-misses of label words corrected: ``correct_words("menber since") == "member since"``.

    Words of six letters or more are corrected when one edit (two from nine letters) away from
    exactly one vocabulary word; shorter words are left alone ("major" stays "major").
    """
    return re.sub(r"[a-z]+", lambda m: _correct_word(m.group(0), vocabulary), fold(text))


@lru_cache(maxsize=50_000)
def _correct_word(word: str, vocabulary: frozenset[str]) -> str:
    if len(word) < 6 or word in vocabulary:
        return word
    limit = 2 if len(word) >= 9 else 1
    scored = sorted((edit_distance(word, v, limit), v) for v in vocabulary)
    best = [v for d, v in scored if d == scored[0][0] and d <= limit]
    return best[0] if len(best) == 1 else word

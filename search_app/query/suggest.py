""""Did you mean": one rule on every engine, from the candidates an engine finds in its corpus.

Each word of four letters or more that the corpus does not know is replaced by the corpus word
nearest to it: within one edit (insertion, deletion, substitution or swap of two neighbours) for a
word of up to six letters, two beyond, sharing its first letter; among those, the word the most
profiles use, then the first alphabetically.

``corrected_query("survelliance", {"survelliance": (("surveillance", 40),)}) == "surveillance"``
"""

from __future__ import annotations

import re
from typing import Mapping

from indexer.values import fold

MIN_LETTERS = 4


def words_to_check(words: tuple[str, ...]) -> tuple[str, ...]:
    """The folded query words "did you mean" looks at: ``words_to_check(("CCTV", "in", "2008")) == ("cctv",)``."""
    out = []
    for word in words:
        w = fold(word)
        if len(w) >= MIN_LETTERS and not w.isdigit() and w not in out:
            out.append(w)
    return tuple(out)


def max_edits(word: str) -> int:
    return 1 if len(word) <= 6 else 2


def corrected_query(q: str, candidates: Mapping[str, tuple[tuple[str, int], ...]]) -> str | None:
    """The query with each unknown word (a key of `candidates`: the corpus words near it, with how
    many profiles use each) replaced by the best of them; None when nothing changed."""
    new_q = q
    changed = False
    for word, found in candidates.items():
        limit = max_edits(word)
        near = [(-n, c) for c, n in found if c != word and edit_distance(word, c, limit) <= limit]
        if not near:
            continue
        best = min(near)[1]
        for typed in re.findall(r"[\w'’-]+", new_q):
            if fold(typed) == word:
                new_q = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", best, new_q, count=1)
                changed = True
                break
    return new_q if changed else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (with swaps of neighbours) from a to b, stopping early past `limit`:
    ``edit_distance("teh", "the", 1) == 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2 = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]

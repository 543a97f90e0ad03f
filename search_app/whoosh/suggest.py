""""Did you mean": a word of the corpus close to a query word the corpus does not know.
"""

from __future__ import annotations

import re

from indexer.values import fold


def suggest(searcher, q: str, words: tuple[str, ...]) -> str | None:
    """A corrected query from the corpus's own words: "survelliance" → "surveillance"."""
    reader = searcher.reader()
    if "spell" not in reader.indexed_field_names():
        return None
    corrector = searcher.corrector("spell")
    new_q = q
    changed = False
    for word in words:
        w = fold(word)
        if len(w) < 4 or w.isdigit() or reader.doc_frequency("spell", w) > 0:
            continue
        sug = corrector.suggest(w, limit=1, maxdist=1 if len(w) <= 6 else 2, prefix=1)
        if sug and sug[0] != w:
            new_q = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", sug[0], new_q, count=1)
            changed = True
    return new_q if changed else None

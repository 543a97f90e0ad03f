""""Did you mean": a word of the corpus close to a query word the corpus does not know.
"""

from __future__ import annotations

from ..query import corrected_query


def suggest(searcher, q: str, words: tuple[str, ...]) -> str | None:
    """A corrected query from the corpus's own words: "survelliance" → "surveillance"."""
    reader = searcher.reader()
    if "spell" not in reader.indexed_field_names():
        return None
    corrector = searcher.corrector("spell")

    def closest(word: str, maxdist: int) -> str | None:
        found = corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1)
        return found[0] if found else None

    return corrected_query(q, words, lambda w: reader.doc_frequency("spell", w) > 0, closest)

"""The embedded index's term dictionary, as query understanding asks for it (see
:class:`search_app.query.TermDictionary`): prefixes, words near a misspelling, document frequencies.

``WhooshDictionary(reader).prefixed("text_en", "surveil", 10)`` → ``["surveil", "surveillance"]``
"""

from __future__ import annotations

import itertools

from indexer.phrases import is_pair_term


def _text(t) -> str:
    return t.decode("utf-8") if isinstance(t, bytes) else t


class WhooshDictionary:
    """Term look-ups on one open reader (one commit): nothing to prepare, every answer is local."""

    def __init__(self, reader):
        self.reader = reader

    def prepare(self, prefixes, fuzzy) -> None:
        return None

    def prefixed(self, field: str, prefix: str, limit: int) -> list[str]:
        out: list[str] = []
        try:
            found = self.reader.expand_prefix(field, prefix)
            for t in found:
                if is_pair_term(t):
                    continue
                out.append(_text(t))
                if len(out) >= limit:
                    break
        except KeyError:  # a field this index does not have
            return []
        return out

    def near(self, word: str, maxdist: int, limit: int) -> list[str]:
        try:
            return [_text(t) for t in itertools.islice(self.reader.terms_within("spell", word, maxdist, prefix=1), limit)]
        except Exception:  # no spell field in this index
            return []

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        return {t: self.reader.doc_frequency(field, t) for t in terms}

    def frequencies(self, fields: tuple[str, ...], terms: list[str]) -> dict[str, dict[str, int]]:
        return {f: self.doc_frequencies(f, terms) if f in self.reader.indexed_field_names() else {} for f in fields}

    def known(self, word: str) -> bool:
        return self.reader.doc_frequency("spell", word) > 0

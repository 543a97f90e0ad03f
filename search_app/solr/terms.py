"""The corpus's terms from Solr's terms component, as query understanding asks for them (see
:class:`search_app.query.TermDictionary`): every prefix and fuzzy word of a query in one request.

``SolrDictionary(http, "profiles_2026").prefixed("text_en", "surveil", 10)``
"""

from __future__ import annotations

import re
import urllib.parse

from ..query.suggest import edit_distance
from .http import SolrError, SolrHttp

#: terms fetched at most per field and request (a prefix keeps at most a few hundred of them)
LIMIT = 20000


def _pairs(flat) -> list[tuple[str, int]]:
    if isinstance(flat, dict):
        return [(t, int(n)) for t, n in flat.items()]
    return [(t, int(n)) for t, n in zip(flat[0::2], flat[1::2])]


class SolrDictionary:
    """Term look-ups on one collection for one request (the frequencies found, in `counts`, may be shared
    by the collection's requests)."""

    def __init__(self, http: SolrHttp, collection: str, counts: dict | None = None):
        self.http = http
        self.collection = collection
        self._prepared: dict[str, list[tuple[str, int]]] = {}  # field → terms the prepared look-up found
        self._df: dict[tuple[str, str], int] = {} if counts is None else counts

    def _terms(self, fields: list[str], params: dict) -> dict[str, list[tuple[str, int]]]:
        body = [("terms.fl", f) for f in fields] + [("terms.limit", str(LIMIT)), ("terms.sort", "index")]
        body += list(params.items())
        r = self.http.post_bytes(f"/{self.collection}/terms", urllib.parse.urlencode(body).encode("utf-8"),
                                 "application/x-www-form-urlencoded")
        out = {f: _pairs(r.get("terms", {}).get(f, [])) for f in fields}
        for f, pairs in out.items():
            self._df.update(((f, t), n) for t, n in pairs)
        return out

    def prepare(self, prefixes: list[tuple[str, str]], fuzzy: list[tuple[str, int]]) -> None:
        """One request for every prefix (in its fields) and every fuzzy word's candidates (in `spell`)."""
        patterns = [re.escape(p) + ".*" for _, p in prefixes]
        patterns += [re.escape(w[0]) + f".{{{max(0, len(w) - 1 - d)},{len(w) - 1 + d}}}" for w, d in fuzzy if w]
        fields = sorted({f for f, _ in prefixes} | ({"spell"} if fuzzy else set()))
        if not patterns or not fields:
            return
        self._prepared = self._terms(fields, {"terms.regex": "(?:" + "|".join(patterns) + ")"})

    def prefixed(self, field: str, prefix: str, limit: int) -> list[str]:
        found = self._prepared.get(field)
        if found is None:
            found = self._terms([field], {"terms.prefix": prefix})[field]
        out = [t for t, _ in found if t.startswith(prefix) and not t.startswith("\x02")]
        return out[:limit]

    def near(self, word: str, maxdist: int, limit: int) -> list[str]:
        found = self._prepared.get("spell")
        if found is None:
            found = self._terms(["spell"], {"terms.prefix": word[:1]})["spell"]
        out = [t for t, _ in found if t[:1] == word[:1] and edit_distance(word, t, maxdist) <= maxdist]
        return out[:limit]

    def frequencies(self, fields: tuple[str, ...], terms: list[str]) -> dict[str, dict[str, int]]:
        """Every field's frequencies of the terms, in one request per 500 terms."""
        todo = [t for t in dict.fromkeys(terms) if any((f, t) not in self._df for f in fields)]
        for i in range(0, len(todo), 500):
            chunk = todo[i:i + 500]
            self._df.update(((f, t), 0) for f in fields for t in chunk)
            try:
                self._terms(list(fields), {"terms.list": ",".join(chunk), "terms.mincount": "1"})
            except SolrError:  # not known, not zero: asked again next time
                for f in fields:
                    for t in chunk:
                        self._df.pop((f, t), None)
        return {f: {t: self._df.get((f, t), 0) for t in terms} for f in fields}

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        return self.frequencies((field,), terms)[field]

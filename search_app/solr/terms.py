"""The corpus's own words, read from Solr's terms component: what query parsing needs of an index reader
(prefix and fuzzy expansion, document frequencies), and "did you mean".

``TermsReader(http, "profiles_2026").doc_frequency("spell", "cctv")``
"""

from __future__ import annotations

import time
import urllib.parse

from indexer.schema import build_schema

from ..query import corrected_query
from ..whoosh.querybuild import PREFIX_CAP
from .http import SolrHttp


def _text(t) -> str:
    return t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions, stopping early past `limit`."""
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


class TermsReader:
    """The few index-reader calls that query parsing makes, answered by Solr's terms component.

    Cached for a short while per collection (terms change only when the index does).
    """

    TTL = 10.0

    def __init__(self, http: SolrHttp, collection: str):
        self.http = http
        self.collection = collection
        self.schema = build_schema()
        self._df: dict[tuple[str, str], int] = {}
        self._lists: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self.created = time.monotonic()

    @property
    def stale(self) -> bool:
        return time.monotonic() - self.created > self.TTL

    def _terms(self, field: str, params: dict) -> list[tuple[str, int]]:
        body = {"terms.fl": field, "terms.limit": "-1", "terms.sort": "index", **params}
        r = self.http.get(f"/{self.collection}/terms", body)
        flat = r.get("terms", {}).get(field, [])
        if isinstance(flat, dict):
            pairs = list(flat.items())
        else:
            pairs = list(zip(flat[0::2], flat[1::2]))
        for t, n in pairs:
            self._df[(field, t)] = int(n)
        return [(t, int(n)) for t, n in pairs]

    def indexed_field_names(self):
        return list(self.schema.names())

    def doc_count_all(self) -> int:
        return 1

    def expand_prefix(self, fieldname: str, prefix):
        prefix = _text(prefix)
        key = (fieldname, "p:" + prefix)
        if key not in self._lists:
            self._lists[key] = self._terms(fieldname, {"terms.prefix": prefix, "terms.limit": str(PREFIX_CAP * 4 + 1)})
        for t, _ in self._lists[key]:
            yield t.encode("utf-8")

    def lexicon(self, fieldname: str):
        key = (fieldname, "all")
        if key not in self._lists:
            self._lists[key] = self._terms(fieldname, {"terms.limit": "20000"})
        for t, _ in self._lists[key]:
            yield t.encode("utf-8")

    def doc_frequency(self, fieldname: str, text) -> int:
        text = _text(text)
        key = (fieldname, text)
        if key not in self._df:
            self.prefetch(fieldname, [text])
        return self._df.get(key, 0)

    frequency = doc_frequency

    def prefetch(self, fieldname: str, words) -> None:
        """Document frequencies of many terms in one request per few hundred."""
        todo = [w for w in dict.fromkeys(words) if (fieldname, w) not in self._df]
        for i in range(0, len(todo), 200):
            chunk = todo[i:i + 200]
            for w in chunk:
                self._df[(fieldname, w)] = 0
            try:
                r = self.http.post_bytes(f"/{self.collection}/terms",
                                         _form({"terms.fl": fieldname, "terms.list": ",".join(chunk), "terms.limit": "-1",
                                                "terms.mincount": "1"}),
                                         "application/x-www-form-urlencoded")
            except Exception:
                continue
            flat = r.get("terms", {}).get(fieldname, [])
            pairs = list(flat.items()) if isinstance(flat, dict) else list(zip(flat[0::2], flat[1::2]))
            for t, n in pairs:
                self._df[(fieldname, t)] = int(n)

    def terms_within(self, fieldname: str, text, maxdist: int, prefix: int = 0):
        text = _text(text)
        head = text[:prefix]
        key = (fieldname, "p:" + head)
        if key not in self._lists:
            self._lists[key] = self._terms(fieldname, {"terms.prefix": head} if head else {})
        for t, _ in self._lists[key]:
            if damerau_levenshtein(text, t, maxdist) <= maxdist:
                yield t


def _form(params: dict) -> bytes:
    return urllib.parse.urlencode(params).encode("utf-8")


def suggest(reader: TermsReader, q: str, words: tuple[str, ...]) -> str | None:
    """A corrected query from the corpus's own words, as the embedded backend makes it."""

    def closest(word: str, maxdist: int) -> str | None:
        best = None
        for t in reader.terms_within("spell", word, maxdist, prefix=1):
            if t == word:
                continue
            key = (-(reader.doc_frequency("spell", t) or 1), t)
            if best is None or key < best[0]:
                best = (key, t)
        return best[1] if best else None

    return corrected_query(q, words, lambda w: reader.doc_frequency("spell", w) > 0, closest)

"""The parsed query → Solr: the same parse as the embedded backend, translated term for term.

The text of a request is parsed by the same code as the embedded index (synonyms, fuzzy and prefix
expansion against the corpus's own words, stop words, the relaxed AND fallback); this module then
writes that query tree in Lucene syntax with every field named, so the analysed terms are searched
as they are (the configset's query analysers only split on whitespace).

``to_lucene(Term("text_en", "prevent"))`` → ``'text_en:prevent'``
"""

from __future__ import annotations

import functools
import re
import time

from whoosh import query as wq

from indexer.schema import TEXT_FIELDS, build_schema
from indexer.values import fold

from .http import SolrHttp

#: the embedded backend's query building, shared so both backends parse queries identically
from ..engine import FEW_HITS, PREFIX_CAP, Highlight, TextQuery, _highlight_terms, build_text_query  # noqa: F401

NOTHING = "(-*:*)"
_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/\s])')


@functools.cache
def schema():
    return build_schema()


def escape_term(text: str) -> str:
    """A term as one Lucene token: ``escape_term("a:b") == "a\\\\:b"``."""
    return _SPECIAL.sub(r"\\\1", text)


def quote_value(value: str) -> str:
    """A keyword value in double quotes: ``quote_value('say "hi"') == '"say \\\\"hi\\\\""'``."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(t) -> str:
    return t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)


def _boost(field: str) -> str:
    b = TEXT_FIELDS.get(field, 1.0)
    return "" if b == 1.0 else f"^{b:g}"


def to_lucene(q) -> str | None:
    """Lucene syntax for a Whoosh query tree of analysed terms; None when it can match nothing useful."""
    if q is None or q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return None
    if isinstance(q, wq.Term):
        text = _text(q.text)
        if not text:
            return None
        return f"{q.fieldname}:{escape_term(text)}{_boost(q.fieldname)}"
    if isinstance(q, wq.Phrase):
        words = [_text(w) for w in q.words if _text(w)]
        if not words:
            return None
        if len(words) == 1:
            return f"{q.fieldname}:{escape_term(words[0])}{_boost(q.fieldname)}"
        inner = " ".join(w.replace("\\", "\\\\").replace('"', '\\"') for w in words)
        return f'{q.fieldname}:"{inner}"{_boost(q.fieldname)}'
    if isinstance(q, wq.Prefix):
        return f"{q.fieldname}:{escape_term(fold(_text(q.text)))}*"
    if isinstance(q, wq.Wildcard):
        text = fold(_text(q.text))
        return f"{q.fieldname}:" + re.sub(r"([+\-&|!(){}\[\]^\"~:\\/\s])", r"\\\1", text)
    if isinstance(q, wq.FuzzyTerm):
        return f"{q.fieldname}:{escape_term(fold(_text(q.text)))}~{min(int(q.maxdist), 2)}"
    if isinstance(q, wq.Every):
        return "*:*"
    if isinstance(q, wq.Not):
        inner = to_lucene(q.query)
        return "*:*" if inner is None else f"(*:* -{inner})"
    if isinstance(q, wq.AndNot):
        a, b = to_lucene(q.a), to_lucene(q.b)
        if a is None:
            return None
        return a if b is None else f"(+{a} -{b})"
    if isinstance(q, wq.AndMaybe):
        a, b = to_lucene(q.a), to_lucene(q.b)
        if a is None:
            return None
        return f"(+{a})" if b is None else f"(+{a} {b})"
    if isinstance(q, wq.Require):
        a, b = to_lucene(q.a), to_lucene(q.b)
        if a is None or b is None:
            return None
        return f"(+{a} +{b})"
    if isinstance(q, wq.And):
        must, must_not = [], []
        for child in q.subqueries:
            if isinstance(child, wq.Not):
                inner = to_lucene(child.query)
                if inner is not None:
                    must_not.append(inner)
                continue
            s = to_lucene(child)
            if s is None:
                return NOTHING  # a required part that can match nothing
            must.append(s)
        parts = [f"+{s}" for s in must] + [f"-{s}" for s in must_not]
        if not must:
            parts.insert(0, "*:*")
        return "(" + " ".join(parts) + ")"
    if isinstance(q, (wq.Or, wq.DisjunctionMax)):
        parts = [s for s in (to_lucene(c) for c in q.subqueries) if s is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else "(" + " ".join(parts) + ")"
    if hasattr(q, "subqueries"):
        parts = [s for s in (to_lucene(c) for c in q.subqueries) if s is not None]
        return "(" + " ".join(f"+{p}" for p in parts) + ")" if parts else None
    raise ValueError(f"cannot translate {type(q).__name__} to Solr")


# ---------------------------------------------------------------------------------------------
# the corpus's own words, read from Solr's terms component (what the parse needs of an index reader)


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
        self.schema = schema()
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
    import urllib.parse

    return urllib.parse.urlencode(params).encode("utf-8")


def suggest(reader: TermsReader, q: str, words: tuple[str, ...]) -> str | None:
    """A corrected query from the corpus's own words, as the embedded backend makes it."""
    new_q = q
    changed = False
    for word in words:
        w = fold(word)
        if len(w) < 4 or w.isdigit() or reader.doc_frequency("spell", w) > 0:
            continue
        maxdist = 1 if len(w) <= 6 else 2
        best = None
        for t in reader.terms_within("spell", w, maxdist, prefix=1):
            if t == w:
                continue
            f = reader.doc_frequency("spell", t) or 1
            key = (-f, t)
            if best is None or key < best[0]:
                best = (key, t)
        if best is not None:
            new_q = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", best[1], new_q, count=1)
            changed = True
    return new_q if changed else None

"""A parsed query tree written in Lucene syntax, for the SolrCloud backend: the same parse on both backends.

Every field is named and every term is the analysed one, so Solr searches exactly the terms this
backend would (the Solr configset's query analysers only split on whitespace). String fields
(country, from a place name in the query) are searched as their values.

``to_lucene(Term("text_en", "prevent"))`` → ``'text_en:prevent'``
"""

from __future__ import annotations

import re

from whoosh import query as wq

from indexer.schema import TEXT_FIELDS
from indexer.values import fold

NOTHING = "(-*:*)"
_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/\s])')


def escape_term(text: str) -> str:
    """A term as one Lucene token: ``escape_term("a:b") == "a\\\\:b"``."""
    return _SPECIAL.sub(r"\\\1", text)


def _boost(field: str, boost: float = 1.0) -> str:
    b = TEXT_FIELDS.get(field, 1.0) * boost
    return "" if b == 1.0 else f"^{b:g}"


def _text(t) -> str:
    return t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)


def to_lucene(q) -> str | None:
    """Lucene syntax for a Whoosh query tree of analysed terms; None when it can match nothing useful."""
    if q is None or q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return None
    if isinstance(q, wq.Term):
        text = _text(q.text)
        if not text:
            return None
        return f"{q.fieldname}:{escape_term(text)}{_boost(q.fieldname, q.boost)}"
    if isinstance(q, wq.Phrase):
        words = [_text(w) for w in q.words if _text(w)]
        if not words:
            return None
        if len(words) == 1:
            return f"{q.fieldname}:{escape_term(words[0])}{_boost(q.fieldname, q.boost)}"
        inner = " ".join(w.replace("\\", "\\\\").replace('"', '\\"') for w in words)
        return f'{q.fieldname}:"{inner}"{_boost(q.fieldname, q.boost)}'
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

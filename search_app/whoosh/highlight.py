"""What to mark in passages for an executed query: its terms and phrases per passage language.
"""

from __future__ import annotations

from whoosh import query as wq

from indexer.analysis import terms as analyse_terms
from indexer.phrases import is_pair_term

from ..query import BadRequest, plan_query
from ..snippets import Highlight
from .handle import Session
from .querybuild import build_text_query


def highlight_terms(q, reader) -> dict[str, Highlight]:
    """Terms and phrases of the executed query, per passage language (negated parts left out)."""
    if q is None:
        return {}
    singles: dict[str, set[str]] = {"en": set(), "fr": set()}
    phrases: dict[str, set[tuple[str, ...]]] = {"en": set(), "fr": set()}

    def add(fieldname: str, words: tuple[str, ...]) -> None:
        if fieldname in ("text_en", "text_fr"):
            langs = [fieldname[-2:]]
        elif fieldname in ("city_text", "heading_text"):
            langs = ["en", "fr"]
        else:
            return
        for lang in langs:
            seq = tuple(t for w in words for t in (analyse_terms(w, lang) if fieldname in ("city_text", "heading_text") else [w]))
            if len(seq) == 1:
                singles[lang].add(seq[0])
            elif seq:
                phrases[lang].add(seq)

    def walk(node) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Phrase):
            add(node.fieldname, tuple(node.words))
            return
        if isinstance(node, wq.Term):
            text = node.text.decode("utf-8", "replace") if isinstance(node.text, bytes) else node.text
            add(node.fieldname, (text,))
            return
        if isinstance(node, (wq.FuzzyTerm, wq.Prefix, wq.Wildcard)) or (node.is_leaf() and hasattr(node, "expanded_terms")):
            try:
                for fieldname, text in node.expanded_terms(reader):
                    if is_pair_term(text):
                        continue
                    add(fieldname, (text.decode("utf-8", "replace") if isinstance(text, bytes) else text,))
            except Exception:
                pass
            return
        for child in node.children():
            walk(child)

    walk(q)
    return {lang: Highlight(frozenset(singles[lang]), tuple(sorted(phrases[lang]))) for lang in ("en", "fr")}


def highlight_for(session: Session, q: str) -> dict[str, Highlight]:
    """What to mark for a query string (empty when the query cannot be read)."""
    if not q or not q.strip():
        return {}
    try:
        plan = plan_query(q)
        tq = build_text_query(plan.text, session.searcher.schema, session.searcher.reader())
    except BadRequest:
        return {}
    if tq is None:
        return {}
    return highlight_terms(tq.relaxed[-1] if tq.relaxed else tq.strict, session.searcher.reader())

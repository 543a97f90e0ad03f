"""What to mark in passages for a query tree: its terms and phrases, per passage language.

``highlight_terms(understand("cctv", d).strict)["en"].terms`` ⊇ ``{"cctv"}``
"""

from __future__ import annotations

from indexer.analysis import terms as analyse_terms

from ..snippets import Highlight
from .tree import And, AndNot, Node, Or, Phrase, Term

_LANGS = ("en", "fr")


def highlight_terms(q: Node | None) -> dict[str, Highlight]:
    """Terms and phrases of a query tree, per passage language (excluded parts left out)."""
    if q is None:
        return {}
    singles: dict[str, set[str]] = {lang: set() for lang in _LANGS}
    phrases: dict[str, set[tuple[str, ...]]] = {lang: set() for lang in _LANGS}

    def add(field: str, words: tuple[str, ...]) -> None:
        if field in ("text_en", "text_fr"):
            langs, names = (field[-2:],), False
        elif field in ("city_text", "heading_text"):
            langs, names = _LANGS, True
        else:
            return
        for lang in langs:
            seq = tuple(t for w in words for t in (analyse_terms(w, lang) if names else [w]))
            if len(seq) == 1:
                singles[lang].add(seq[0])
            elif seq:
                phrases[lang].add(seq)

    def walk(node) -> None:
        if isinstance(node, AndNot):
            walk(node.positive)
        elif isinstance(node, Phrase):
            add(node.field, node.words)
        elif isinstance(node, Term):
            add(node.field, (node.text,))
        elif isinstance(node, (And, Or)):
            for child in node.children:
                walk(child)

    walk(q)
    return {lang: Highlight(frozenset(singles[lang]), tuple(sorted(phrases[lang]))) for lang in _LANGS}

"""The neutral query tree: what a search asks of an engine, in no engine's types.

Leaves name an index field and its analysed terms (:class:`Term`, :class:`Phrase`); branches combine
them (:class:`And`, :class:`Or`, :class:`AndNot`); :data:`EVERY` matches every passage
and :data:`NOTHING` none. Every engine compiles this tree (the embedded index evaluates it over its
postings, SolrCloud receives it as Lucene syntax); none of them builds it.

Scores follow one rule on every engine: a term scores BM25F; an OR or an AND adds its children's
scores, times its boost; what a query excludes scores nothing; a phrase scores its words
(see docs/RELEVANCE.md).

``normalized(Or((Term("text_en", "cctv"), Or((Term("text_fr", "cctv"),)))))``
→ ``Or((Term("text_en", "cctv"), Term("text_fr", "cctv")))``
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Union


@dataclass(frozen=True)
class Term:
    """One analysed term of one field (a keyword field's whole value, for facet fields)."""

    field: str
    text: str
    boost: float = 1.0

    def __str__(self) -> str:
        return f"{self.field}:{self.text}" + _boost(self.boost)


@dataclass(frozen=True)
class Phrase:
    """Analysed words of one field in order, each within `slop` positions of the one before."""

    field: str
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0

    def __str__(self) -> str:
        return f'{self.field}:"{" ".join(self.words)}"' + (f"~{self.slop}" if self.slop != 1 else "") + _boost(self.boost)


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]
    boost: float = 1.0

    def __str__(self) -> str:
        return "(" + " AND ".join(str(c) for c in self.children) + ")" + _boost(self.boost)


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]
    boost: float = 1.0

    def __str__(self) -> str:
        return "(" + " OR ".join(str(c) for c in self.children) + ")" + _boost(self.boost)


@dataclass(frozen=True)
class AndNot:
    """Passages of `positive` without those of `negative`, scored as `positive`."""

    positive: "Node"
    negative: "Node"

    def __str__(self) -> str:
        return f"({self.positive} ANDNOT {self.negative})"


@dataclass(frozen=True)
class Every:
    """Every passage (a query of only `*`, or the positive side of a query of only exclusions)."""

    def __str__(self) -> str:
        return "*"


@dataclass(frozen=True)
class Nothing:
    """No passage: a part of a query that can match nothing (only stop words, an unknown prefix)."""

    def __str__(self) -> str:
        return "NOTHING"


Node = Union[Term, Phrase, And, Or, AndNot, Every, Nothing]
EVERY = Every()
NOTHING = Nothing()


def _boost(b: float) -> str:
    return "" if b == 1.0 else f"^{b:g}"


def is_nothing(node) -> bool:
    return node is None or isinstance(node, Nothing)


def with_boost(node: Node, boost: float) -> Node:
    """A copy of `node` with its boost set (a node without a boost of its own is returned as is)."""
    if isinstance(node, (Term, Phrase, And, Or)):
        return replace(node, boost=boost)
    if isinstance(node, AndNot):
        return AndNot(with_boost(node.positive, boost), node.negative)
    return node


def boost_of(node: Node) -> float:
    return getattr(node, "boost", 1.0)


def normalized(node: Node) -> Node:
    """The tree simplified without changing what it matches or how it scores: nested ORs (ANDs) of an
    OR (AND) merged, their boosts carried down; repeated children and NOTHING dropped; a branch of
    one child replaced by the child (boosts multiplied).
    """
    if isinstance(node, (And, Or)):
        kids: list[Node] = []
        for child in node.children:
            child = normalized(child)
            if type(child) is type(node):
                kids.extend(with_boost(g, boost_of(g) * child.boost) for g in child.children)
            else:
                kids.append(child)
        seen: set = set()
        unique: list[Node] = []
        for k in kids:
            if isinstance(k, Nothing) or k in seen:
                continue
            seen.add(k)
            unique.append(k)
        if not unique:
            return NOTHING
        if len(unique) == 1:
            only = unique[0]
            if node.boost != 1.0 or boost_of(only) != 1.0:
                only = with_boost(only, boost_of(only) * node.boost)
            return only
        return type(node)(tuple(unique), node.boost)
    if isinstance(node, AndNot):
        pos, neg = normalized(node.positive), normalized(node.negative)
        if isinstance(pos, Nothing):
            return NOTHING
        return pos if isinstance(neg, Nothing) else AndNot(pos, neg)
    return node


def leaves(node: Node, *, positive_only: bool = False):
    """Every Term and Phrase of a tree (with `positive_only`, not those it excludes)."""
    if isinstance(node, (Term, Phrase)):
        yield node
    elif isinstance(node, (And, Or)):
        for c in node.children:
            yield from leaves(c, positive_only=positive_only)
    elif isinstance(node, AndNot):
        yield from leaves(node.positive, positive_only=positive_only)
        if not positive_only:
            yield from leaves(node.negative)


def scoring_terms(node: Node | None) -> dict[tuple[str, str], float]:
    """(field, term) → summed boost of every term that scores in a tree, by the ranking rule every engine
    follows (docs/RELEVANCE.md): not under a NOT; a term under ORs and ANDs by its boost times theirs; a
    phrase's words a fifth more. ``scoring_terms(Or((Term("text_en", "cctv"), Term("text_en", "cctv", 2.0))))
    == {("text_en", "cctv"): 3.0}``"""
    out: dict[tuple[str, str], float] = {}

    def walk(q, boost: float) -> None:
        if isinstance(q, Term) and q.text:
            out[(q.field, q.text)] = out.get((q.field, q.text), 0.0) + boost * q.boost
        elif isinstance(q, Phrase):
            for w in q.words:
                out[(q.field, w)] = out.get((q.field, w), 0.0) + boost * q.boost * 1.2
        elif isinstance(q, (And, Or)):
            for child in q.children:
                walk(child, boost * q.boost)
        elif isinstance(q, AndNot):
            walk(q.positive, boost)

    walk(node, 1.0)
    return out

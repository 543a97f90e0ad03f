"""The text part of the query language → syntax nodes, before any analysis. Pure.

    word  prefix*  wild?card  fuzzy~  fuzzy~2  word^2  "a phrase"  "a phrase"~3  "a phrase"^0.5
    (a group)^2  a OR b  a AND b  NOT a  -a  +a  a ANDNOT b

Words side by side are all required (AND); OR binds tighter than AND ("a OR b c" is "(a OR b) AND
c"); NOT, `-` and `+` apply to the next word, phrase or group (`+` only insists: every word is
required anyway). A dangling operator, an unclosed bracket or quote is read as if it were closed or
absent: the parser never fails.

``parse_syntax('cctv OR "video surveillance"')`` →
``Seq((OrSyn((WordSyn("cctv"), QuotedSyn("video surveillance"))),))``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class WordSyn:
    """A bare token: `text` as typed (without its `*`, `~N`, `^N` marks)."""

    text: str
    boost: float = 1.0
    prefix: bool = False  # ended with *: every term starting with `text`
    wildcard: bool = False  # holds * or ? elsewhere: `text` is the pattern
    fuzzy: int | None = None  # ended with ~ (None: not fuzzy; 0: the default distance) or ~N


@dataclass(frozen=True)
class QuotedSyn:
    text: str
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class NotSyn:
    item: "Syn"


@dataclass(frozen=True)
class OrSyn:
    items: tuple["Syn", ...]


@dataclass(frozen=True)
class Seq:
    """Items that must all match (words side by side, or joined by AND)."""

    items: tuple["Syn", ...]
    boost: float = 1.0


Syn = Union[WordSyn, QuotedSyn, NotSyn, OrSyn, Seq]

OPERATORS = ("AND", "OR", "NOT", "ANDNOT")
#: brackets nested deeper than this are read as if absent
MAX_DEPTH = 16
_TOKEN = re.compile(r'\s+|\(|\)|"[^"]*"?(?:~\d+)?(?:\^\d+(?:\.\d+)?)?|[^\s()"]+')
_BOOST = re.compile(r"\^(\d+(?:\.\d+)?)$")
_FUZZY = re.compile(r"~(\d*)$")


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if t and not t.isspace()]


def parse_syntax(text: str) -> Seq:
    """The syntax of a query's text part (never raises): ``parse_syntax("a b").items == (WordSyn("a"), WordSyn("b"))``."""
    tokens = _tokens(text)
    seq, _ = _parse_seq(tokens, 0, depth=0)
    return seq


def _parse_seq(tokens: list[str], i: int, depth: int) -> tuple[Seq, int]:
    items: list[Syn] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok == ")":
            if depth:
                return Seq(tuple(items)), i + 1
            i += 1  # a stray closing bracket
            continue
        if tok == "AND":
            i += 1
            continue
        if tok == "ANDNOT":
            item, i = _parse_unary(tokens, i + 1, depth)
            if item is not None:
                items.append(NotSyn(item))
            continue
        if tok == "OR":  # a leading or repeated OR: nothing to join
            i += 1
            continue
        item, i = _parse_or(tokens, i, depth)
        if item is not None:
            items.append(item)
    return Seq(tuple(items)), i


def _parse_or(tokens: list[str], i: int, depth: int) -> tuple[Syn | None, int]:
    first, i = _parse_unary(tokens, i, depth)
    alts = [first] if first is not None else []
    while i < len(tokens) and tokens[i] == "OR":
        nxt, j = _parse_unary(tokens, i + 1, depth)
        if nxt is None:
            return (_or(alts), j)
        alts.append(nxt)
        i = j
    return _or(alts), i


def _or(alts: list[Syn]) -> Syn | None:
    if not alts:
        return None
    return alts[0] if len(alts) == 1 else OrSyn(tuple(alts))


def _parse_unary(tokens: list[str], i: int, depth: int) -> tuple[Syn | None, int]:
    """NOT x, -x, +x or a primary; None when nothing follows."""
    negate = False
    while i < len(tokens):
        tok = tokens[i]
        if tok == "NOT":
            negate, i = not negate, i + 1
            continue
        if tok in ("-", "+"):  # a sign before a bracket or a quote
            if tok == "-":
                negate = not negate
            i += 1
            continue
        if tok[0] in "-+" and len(tok) > 1 and tok not in OPERATORS:
            if tok[0] == "-":
                negate = not negate
            tokens[i] = tok[1:]
            continue
        break
    if i >= len(tokens) or tokens[i] in (")", "OR", "AND", "ANDNOT"):
        return None, i
    item, i = _parse_primary(tokens, i, depth)
    if item is None:
        return None, i
    return (NotSyn(item) if negate else item), i


def _parse_primary(tokens: list[str], i: int, depth: int) -> tuple[Syn | None, int]:
    tok = tokens[i]
    if tok == "(" and depth >= MAX_DEPTH:  # brackets nested deeper only group what they already group
        return None, i + 1
    if tok == "(":
        inner, i = _parse_seq(tokens, i + 1, depth + 1)
        boost = 1.0
        if i < len(tokens) and _BOOST.fullmatch(tokens[i]):  # "(a b)^2" arrives as ")" then "^2"
            boost, i = float(_BOOST.fullmatch(tokens[i]).group(1)), i + 1
        if not inner.items:
            return None, i
        return Seq(inner.items, boost), i
    if tok.startswith('"'):
        return _quoted(tok), i + 1
    return _word(tok), i + 1


def _quoted(tok: str) -> QuotedSyn | None:
    m = re.fullmatch(r'"([^"]*)"?(?:~(\d+))?(?:\^(\d+(?:\.\d+)?))?', tok)
    text = m.group(1).strip()
    if not text:
        return None
    slop = max(1, int(m.group(2))) if m.group(2) else 1
    return QuotedSyn(text, slop, float(m.group(3)) if m.group(3) else 1.0)


def _word(tok: str) -> WordSyn | None:
    boost = 1.0
    m = _BOOST.search(tok)
    if m and m.start() > 0:
        boost, tok = float(m.group(1)), tok[:m.start()]
    fuzzy = None
    m = _FUZZY.search(tok)
    if m and m.start() > 0 and "*" not in tok and "?" not in tok:
        fuzzy, tok = int(m.group(1) or 0), tok[:m.start()]
    if not tok or not re.search(r"[\w*?]", tok):
        return None
    body = tok.rstrip("*")
    if "*" not in body and "?" not in body and tok.endswith("*"):
        return WordSyn(body, boost, prefix=True)
    if "*" in tok or "?" in tok:
        return WordSyn(tok, boost, wildcard=True)
    return WordSyn(tok, boost, fuzzy=fuzzy)

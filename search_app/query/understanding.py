"""Query understanding: the text part of a plan → the neutral query tree, for every engine.

Each word is searched in every text field, analysed as that field is (stems per language, folded
names); synonyms and acronyms join a word as alternatives of equal weight, a theme's other names at a
lower weight; a country named among several words also finds its cities' passages; `prefix*`,
`wild?card` and `fuzzy~` words become the corpus's own words, looked up in the term dictionary the
engine lends. A plain query of several words also gets its looser forms (most words, then fewer),
used when too few passages hold them all (see :mod:`search_app.pipeline`).

``understand("cctv paris", dictionary).strict`` → ``And((Or(…cctv, "video surveillance"…), Or(…paris…)))``
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace
from typing import Protocol

from indexer.analysis import folded_word, index_terms, stopwords, word_terms
from indexer.fields import FIELD_LANG, NAMES_FIELD, SPELL_FIELD, TEXT_FIELDS
from indexer.values import fold

from ..messages import msg
from .plan import BadRequest, QueryPlan
from .places import network_of, place_of
from .synonyms import expand_synonyms, split_clauses
from .syntax import NotSyn, OrSyn, QuotedSyn, Seq, WordSyn, parse_syntax
from .tree import (EVERY, NOTHING, And, AndNot, Node, Or, Phrase, Term, boost_of, is_nothing, normalized,
                   with_boost)

ONLY_COMMON_WORDS = msg("the query holds only very common words (such as “the” or “of”); add a more specific word")
PREFIX_CAP = 200
FUZZY_CAP = 30
#: how much more a passage of the country a query names weighs than one that only mentions it
PLACE_BOOST = 1.5
#: what a passage writing a typed word as a proper name (unstemmed) adds: its idf, once
NAME_BOOST = 3.0
#: the fields a theme's other names are searched in (the words typed are also searched in city names)
EXPANSION_FIELDS = ("text_en", "text_fr", "heading_text")
_FIELDS = tuple(f.name for f in TEXT_FIELDS)
_FUZZY = re.compile(r"(?<![\w\"~*])([^\W\d_][\w'’-]*)~([12])?(?![\w~*])")


class TermDictionary(Protocol):
    """The corpus's terms, as an engine lends them to query understanding."""

    def prepare(self, prefixes: list[tuple[str, str]], fuzzy: list[tuple[str, int]]) -> None:
        """A hint of the look-ups to come (an engine may fetch them all at once)."""

    def prefixed(self, field: str, prefix: str, limit: int) -> list[str]:
        """Terms of `field` starting with `prefix`, in index order, at most `limit` (no word-pair terms)."""

    def near(self, word: str, maxdist: int, limit: int) -> list[str]:
        """Words of the corpus within `maxdist` edits of `word` sharing its first letter, in index order."""

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        """How many passages hold each term in `field`."""

    def frequencies(self, fields: tuple[str, ...], terms: list[str]) -> dict[str, dict[str, int]]:
        """field → term → passages holding it, for several fields at once (one look-up)."""


@dataclass(frozen=True)
class TextQuery:
    strict: Node  # all words (or the explicit query)
    relaxed: tuple[Node, ...]  # looser forms, most words first: n-1 of n words, n-2 of n, … any word
    words: tuple[str, ...]  # the words typed (for "did you mean")
    notes: tuple[str, ...]
    clauses: tuple[Node, ...] = ()  # the word clauses of a plain query (passages are ranked by how many they hold)
    places: tuple[tuple[str, str, str], ...] = ()  # (clause, field, value): words read as a country or a network


def analysed(field: str, text: str) -> list[str]:
    """A field's terms for a piece of text: ``analysed("text_en", "Preventing") == ["prevent"]``."""
    return index_terms(text, FIELD_LANG[field])


def understand(text: str, dictionary: TermDictionary, countries: tuple[str, ...] = (),
               networks: tuple[str, ...] = (), cities: tuple[str, ...] = ()) -> TextQuery | None:
    """The neutral query for the text part of a plan; None when there is no text to search (every passage).

    In a plain query of several words, a word naming one of `countries` (the index's) also matches
    every passage of that country's cities (see :func:`search_app.query.places.place_of`), and words
    naming one of `networks` every passage of that network. A word that may be a proper name also scores
    where a passage writes it as typed, unless it names one of `cities` (all of whose passages are its own).
    """
    if not text.strip() or text.strip() in ("*", "*:*"):
        return None
    if not re.search(r"\w", text):
        raise BadRequest(msg("the query has no words to search; type a word, or use only filters"))
    plan_words = tuple(
        w for w in re.findall(r"(?<![\w*~])[\w'’-]+(?![\w*~])", re.sub(r'"[^"]*"?', " ", text))
        if w not in ("AND", "OR", "NOT", "ANDNOT") and not w.startswith("-")
    )
    notes: list[str] = []
    if not QueryPlan(text).explicit:
        return _plain(text, dictionary, countries, networks, plan_words, notes, city_words(cities))
    _prepare(text, dictionary)
    text = expand_fuzzy(text, dictionary)
    expanded = expand_synonyms(text)
    if all(_only_stopwords(w) for w in re.findall(r"[\w'’]+", text) if w not in ("AND", "OR", "NOT", "ANDNOT")):
        raise BadRequest(ONLY_COMMON_WORDS)
    q = normalized(_seq(parse_syntax(expanded), dictionary, notes))
    if is_nothing(q):
        if re.fullmatch(r"\s*[*?]+\s*", text):
            return None
        raise BadRequest(msg("the query holds only very common words or operators; add a more specific word"))
    return TextQuery(q, (), plan_words, tuple(notes))


def _plain(text: str, dictionary: TermDictionary, countries, networks, plan_words, notes: list[str],
           cities: frozenset[str] = frozenset()) -> TextQuery:
    clauses = [c for c in split_clauses(text) if not _only_stopwords(c)]
    _prepare(" ".join(clauses), dictionary)
    subqueries: list[Node] = []
    places: list[tuple[str, str]] = []
    names = proper_names(dictionary, clauses, cities)
    for clause in clauses:
        sq = clause_query(clause)
        if sq is None:  # holds a prefix or a wildcard: looked up in the dictionary every time
            sq = normalized(_seq(parse_syntax(clause), dictionary, notes))
        sq = _with_name(_text_only_expansions(sq), clause, names)
        if len(clauses) > 1:
            for field, value in (("country", place_of(clause, countries)), ("network", network_of(clause, networks))):
                if value:
                    sq = Or((sq, Term(field, value, PLACE_BOOST)))
                    places.append((clause, field, value))
                    break
        if not is_nothing(sq):
            subqueries.append(sq)
    if not subqueries:
        raise BadRequest(ONLY_COMMON_WORDS)
    strict = subqueries[0] if len(subqueries) == 1 else And(tuple(subqueries))
    relaxed: list[Node] = []
    n = len(subqueries)
    if 2 <= n <= 6:
        for k in range(n - 1, 0, -1):
            combos = [And(c) if k > 1 else c[0] for c in itertools.combinations(subqueries, k)]
            relaxed.append(Or(tuple(combos)))
    elif n > 6:
        relaxed.append(Or(tuple(subqueries)))
    return TextQuery(strict, tuple(relaxed), plan_words, tuple(notes), tuple(subqueries), tuple(places))


def literal(text: str, dictionary: TermDictionary | None = None) -> Node:
    """The tree of query-language text with its words as typed (no synonyms, themes or places):
    ``literal("cctv -paris")`` → ``AndNot(Or(…cctv…), Or(…pari…))``."""
    notes: list[str] = []
    return normalized(_seq(parse_syntax(text), dictionary, notes))


@functools.lru_cache(maxsize=4096)
def clause_query(clause: str) -> Node | None:
    """A plain clause's tree, built once (clauses repeat across searches); None when it needs the
    term dictionary (a prefix or a wildcard)."""
    syntax = parse_syntax(clause)
    if _needs_dictionary(syntax):
        return None
    return normalized(_seq(syntax, None, []))


def _needs_dictionary(node) -> bool:
    if isinstance(node, WordSyn):
        return node.prefix or node.wildcard
    if isinstance(node, (Seq, OrSyn)):
        return any(_needs_dictionary(i) for i in node.items)
    if isinstance(node, NotSyn):
        return _needs_dictionary(node.item)
    return False


@functools.lru_cache(maxsize=4)
def city_words(cities: tuple[str, ...]) -> frozenset[str]:
    """The folded words of the corpus's city names: ``city_words(("Saint-Morand",)) == {"saint", "morand"}``."""
    return frozenset(w for c in cities for w in re.findall(r"[^\W_]+", fold(c).lower()))


def proper_names(dictionary: TermDictionary, clauses: list[str], cities: frozenset[str]) -> frozenset[str]:
    """The one-word clauses that are proper names of the corpus (a place, a twin town): words it writes
    capitalised inside a sentence (the `names` field) in at least half as many passages as profiles use
    them at all — "Angers", "Tours", not "mayor" ("Deputy Mayor") — and that name no city of the corpus
    (every passage of a city's profile is about it, those that write its name no more)."""
    words = []
    for clause in clauses:
        word = fold(clause).lower()
        if (re.fullmatch(r"[^\W\d_][\w'’-]{2,}", word) and word not in stopwords("en")
                and word not in stopwords("fr") and word not in cities):
            words.append(word)
    if not words:
        return frozenset()
    freq = dictionary.frequencies((NAMES_FIELD.name, SPELL_FIELD.name), words)
    named, used = freq.get(NAMES_FIELD.name, {}), freq.get(SPELL_FIELD.name, {})
    return frozenset(w for w in words if named.get(w, 0) and 2 * named[w] >= used.get(w, 0))


def _with_name(sq: Node, clause: str, names: frozenset[str]) -> Node:
    """A proper name of the corpus (see :func:`proper_names`) also scores where the passage writes it as
    typed, unstemmed (the `names` field): "Nantes" ranks above passages that only say "Nant"."""
    word = fold(clause).lower()
    if word not in names:
        return sq
    return Or((sq, Term(NAMES_FIELD.name, word, NAME_BOOST)))


def _only_stopwords(clause: str) -> bool:
    words = re.findall(r"\w+", fold(clause))
    common = stopwords("en") | stopwords("fr")
    return bool(words) and all(w in common for w in words)


# ---------------------------------------------------------------------------------------------
# syntax → tree


def _seq(seq: Seq, dictionary, notes: list[str]) -> Node:
    """Items that must all match; exclusions only narrow (a query of only exclusions: every passage but those)."""
    must: list[Node] = []
    must_not: list[Node] = []
    for item in seq.items:
        if isinstance(item, NotSyn):
            node = _node(item.item, dictionary, notes)
            if not is_nothing(node):
                must_not.append(node)
            continue
        must.append(_node(item, dictionary, notes))
    if not must:
        positive: Node = EVERY if must_not else NOTHING
    elif len(must) == 1 and seq.boost == 1.0:
        positive = must[0]
    else:
        positive = And(tuple(must), seq.boost) if len(must) > 1 else with_boost(must[0], boost_of(must[0]) * seq.boost)
    if not must_not:
        return positive
    negative = must_not[0] if len(must_not) == 1 else Or(tuple(must_not))
    return AndNot(positive, negative)


def _node(item, dictionary, notes: list[str]) -> Node:
    if isinstance(item, Seq):
        return _seq(item, dictionary, notes)
    if isinstance(item, OrSyn):
        # a boost on the first alternative weighs the whole group (as the query language always has)
        first, boost = item.items[0], getattr(item.items[0], "boost", 1.0)
        items = ((replace(first, boost=1.0),) + item.items[1:]) if boost != 1.0 else item.items
        return Or(tuple(_node(i, dictionary, notes) for i in items), boost)
    if isinstance(item, NotSyn):
        return AndNot(EVERY, _node(item.item, dictionary, notes))
    if isinstance(item, QuotedSyn):
        return _phrase(item)
    if item.prefix or item.wildcard:
        return _multiterm(item, dictionary, notes)
    return _word(item.text, item.boost)


def _word(text: str, boost: float = 1.0) -> Node:
    """A word in every text field: a term per field (an AND of terms where the field's analysis splits it)."""
    per_field: list[Node] = []
    for field in _FIELDS:
        terms = analysed(field, text)
        if len(terms) == 1:
            per_field.append(Term(field, terms[0]))
        elif terms:
            per_field.append(And(tuple(Term(field, t) for t in terms)))
    return Or(tuple(per_field), boost) if per_field else NOTHING


def _phrase(item: QuotedSyn) -> Node:
    """A phrase in every text field (a field where it is one word: a term)."""
    per_field: list[Node] = []
    for field in _FIELDS:
        words = analysed(field, item.text)
        if len(words) == 1:
            per_field.append(Term(field, words[0]))
        elif words:
            per_field.append(Phrase(field, tuple(words), item.slop))
    return Or(tuple(per_field), item.boost) if per_field else NOTHING


def _multiterm(item: WordSyn, dictionary, notes: list[str]) -> Node:
    """`prefix*` or `wild?card` → the terms of each field it names, the most common first beyond PREFIX_CAP.
    A prefix is analysed as the field analyses words (stemmed, stop words kept), so "preventions*"
    searches the stem "prevent*"; a wildcard pattern is only folded."""
    per_field: list[Node] = []
    for field, heads in multiterm_heads(item).items():
        parts = [_expanded(item, field, head, dictionary, notes) for head in heads]
        if any(is_nothing(p) for p in parts):
            continue
        per_field.append(parts[0] if len(parts) == 1 else And(tuple(parts)))
    return Or(tuple(per_field)) if per_field else NOTHING


def multiterm_heads(item: WordSyn) -> dict[str, list[str]]:
    """field → the prefixes (or the wildcard pattern) a `prefix*` or `wild?card` word searches in it."""
    if item.wildcard:
        text = fold(item.text)
        return {f: [text] for f in _FIELDS} if re.search(r"\w", text) else {}
    out: dict[str, list[str]] = {}
    for field in _FIELDS:
        lang = FIELD_LANG[field]
        heads: list[str] = []
        for raw in re.findall(r"\w+", item.text):
            if lang is None:
                heads.append(folded_word(raw))
                continue
            folded, terms = word_terms(raw, lang)
            heads.extend(terms or (folded,))
        if heads:
            out[field] = heads
    return out


def _expanded(item: WordSyn, field: str, head: str, dictionary, notes: list[str]) -> Node:
    if item.wildcard:
        pattern = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in head) + r"\Z")
        start = re.split(r"[*?]", head, 1)[0]
        terms = [t for t in dictionary.prefixed(field, start, PREFIX_CAP * 4 + 1) if pattern.match(t)]
    else:
        terms = dictionary.prefixed(field, head, PREFIX_CAP * 4 + 1)
    if len(terms) > PREFIX_CAP:
        df = dictionary.doc_frequencies(field, terms)
        terms = sorted(terms, key=lambda t: -df.get(t, 0))[:PREFIX_CAP]
        note = msg("“{pattern}” matches many words; searched the {n} most common",
                   pattern=head + ("" if item.wildcard else "*"), n=PREFIX_CAP)
        if note not in notes:
            notes.append(note)
    return Or(tuple(Term(field, t) for t in terms), item.boost) if terms else NOTHING


def _text_only_expansions(q: Node) -> Node:
    """A clause whose lower-weighted alternatives (themes) search the passage text and heading, not the
    city name: fewer postings to read, and a theme word is never a city's name."""
    if not isinstance(q, (Or, And)):
        return q
    kids = []
    for child in q.children:
        if boost_of(child) < 1.0:
            child = _only_fields(child, EXPANSION_FIELDS)
            if child is None:
                continue
        kids.append(child)
    return type(q)(tuple(kids), q.boost)


def _only_fields(q: Node, fields: tuple[str, ...]) -> Node | None:
    if isinstance(q, (Or, And)):
        kids = [k for k in (_only_fields(c, fields) for c in q.children) if k is not None]
        return type(q)(tuple(kids), q.boost) if kids else None
    name = getattr(q, "field", None)
    return q if name is None or name in fields else None


# ---------------------------------------------------------------------------------------------
# words looked up in the dictionary


def _prepare(text: str, dictionary) -> None:
    """Tell the dictionary every prefix, wildcard and fuzzy word of the text at once."""
    heads: list[tuple[str, str]] = []

    def walk(node) -> None:
        if isinstance(node, WordSyn) and (node.prefix or node.wildcard):
            for field, hs in multiterm_heads(node).items():
                heads.extend((field, re.split(r"[*?]", h, 1)[0]) for h in hs)
        elif isinstance(node, (Seq, OrSyn)):
            for i in node.items:
                walk(i)
        elif isinstance(node, NotSyn):
            walk(node.item)

    walk(parse_syntax(text))
    fuzzy = [(fold(m.group(1)).lower(), _maxdist(m)) for m in _FUZZY.finditer(text)]
    if heads or fuzzy:
        dictionary.prepare(list(dict.fromkeys(heads)), fuzzy)


def _maxdist(m: re.Match) -> int:
    word = fold(m.group(1)).lower()
    return int(m.group(2) or (1 if len(word) <= 5 else 2))


def expand_fuzzy(text: str, dictionary) -> str:
    """`word~` (one edit for short words, two for longer ones), `word~1` and `word~2` become an OR of the
    corpus's own words that close, the most common first, so the stemmers then apply as for typed words.

    ``expand_fuzzy("discrimation~", dictionary) == "(discrimation OR discrimination)"`` on the seed corpus
    """

    def sub(m: re.Match) -> str:
        word = fold(m.group(1)).lower()
        near = dictionary.near(word, _maxdist(m), FUZZY_CAP * 4)
        df = dictionary.doc_frequencies("spell", near) if near else {}
        near = sorted(dict.fromkeys(near), key=lambda t: -df.get(t, 0))[:FUZZY_CAP]
        if word not in near:
            near.insert(0, word)
        return "(" + " OR ".join(near) + ")"

    return _FUZZY.sub(sub, text)

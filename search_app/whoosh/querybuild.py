"""The query language to a Whoosh query: fields, synonyms, fuzzy words, accent folding, relaxed fallbacks.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import AndGroup, MultifieldParser, plugins

from indexer.analysis import stopwords
from indexer.phrases import is_pair_term
from indexer.schema import TEXT_FIELDS
from indexer.values import fold

from ..query import BadRequest, QueryPlan
from ..places import place_of
from ..synonyms import expand_synonyms, split_clauses

PREFIX_CAP = 200
#: how much more a passage of the country a query names weighs than one that only mentions it
PLACE_BOOST = 1.5

FUZZY_CAP = 30
_FUZZY = re.compile(r"(?<![\w\"~*])([^\W\d_][\w'’-]*)~([12])?(?![\w~*])")


def expand_fuzzy(text: str, reader) -> str:
    """`word~` (one edit for short words, two for longer ones), `word~1` and `word~2` become an OR of the corpus's own words that
    close (from the unstemmed `spell` field), so the stemmers then apply as for typed words.

    ``expand_fuzzy("discrimation~", reader) == "(discrimation OR discrimination)"`` on the seed corpus
    """

    def sub(m: re.Match) -> str:
        word = fold(m.group(1)).lower()
        maxdist = int(m.group(2) or (1 if len(word) <= 5 else 2))
        try:
            near = list(itertools.islice(reader.terms_within("spell", word, maxdist, prefix=1), FUZZY_CAP * 4))
        except Exception:  # no spell field in an old index
            near = []
        near = sorted(set(near), key=lambda t: -reader.doc_frequency("spell", t))[:FUZZY_CAP]
        if word not in near:
            near.insert(0, word)
        return "(" + " OR ".join(near) + ")"

    return _FUZZY.sub(sub, text)


# ---------------------------------------------------------------------------------------------
# building Whoosh queries


def _parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
    parser.remove_plugin_class(plugins.FieldsPlugin)
    parser.remove_plugin_class(plugins.RangePlugin)
    parser.add_plugin(plugins.FuzzyTermPlugin())
    parser.add_plugin(plugins.PlusMinusPlugin())
    return parser


def _fold_multiterms(q, reader, notes: list[str]):
    """Fold prefix/wildcard/fuzzy text like the analyser does, and cap prefix expansion."""

    def fix(node):
        if isinstance(node, wq.FuzzyTerm):
            return wq.FuzzyTerm(node.fieldname, fold(node.text), boost=node.boost,
                                maxdist=min(node.maxdist, 2), prefixlength=1)
        if isinstance(node, (wq.Prefix, wq.Wildcard)):
            text = fold(node.text)
            if isinstance(node, wq.Prefix) and not text:
                return wq.NullQuery
            cls = type(node)
            new = cls(node.fieldname, text, boost=node.boost)
            terms = []
            for _, t in new.expanded_terms(reader):
                if is_pair_term(t):
                    continue
                terms.append(t)
                if len(terms) > PREFIX_CAP * 4:
                    break
            if len(terms) > PREFIX_CAP:
                terms.sort(key=lambda t: -reader.doc_frequency(node.fieldname, t))
                terms = terms[:PREFIX_CAP]
                notes.append(f"“{node.text}*” matches many words; searched the {PREFIX_CAP} most common")
            if not terms:
                return wq.NullQuery
            return wq.Or([wq.Term(node.fieldname, t) for t in terms], boost=node.boost)
        return node.apply(fix) if node.is_leaf() is False else node

    return fix(q)


def _only_stopwords(clause: str) -> bool:
    words = re.findall(r"\w+", fold(clause))
    common = stopwords("en") | stopwords("fr")
    return bool(words) and all(w in common for w in words)


def is_null(q) -> bool:
    return q is None or q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__)


@dataclass(frozen=True)
class TextQuery:
    strict: object  # all words (or the explicit query)
    relaxed: tuple  # fallbacks, most words first: n-1 of n words, n-2 of n, … any word
    words: tuple[str, ...]
    notes: tuple[str, ...]
    clauses: tuple = ()  # the word clauses of a plain query (to rank relaxed matches by how many they hold)
    places: tuple = ()  # (clause, country) for words read as the cities' country


#: the fields a theme's other names are searched in (the words typed are also searched in city names)
_EXPANSION_FIELDS = ("text_en", "text_fr", "heading_text")


def _text_only_expansions(q):
    """A clause whose lower-weighted alternatives (themes) search the passage text and heading, not the
    city name: fewer postings to read, and a theme word is never a city's name."""
    if not isinstance(q, (wq.Or, wq.And)):
        return q
    kids = []
    for child in q.subqueries:
        if getattr(child, "boost", 1.0) < 1.0:
            child = _only_fields(child, _EXPANSION_FIELDS)
            if child is None:
                continue
        kids.append(child)
    return q.__class__(kids, boost=q.boost)


def _only_fields(q, fields: tuple[str, ...]):
    if isinstance(q, (wq.Or, wq.And)):
        kids = [k for k in (_only_fields(c, fields) for c in q.subqueries) if k is not None]
        return q.__class__(kids, boost=q.boost) if kids else None
    name = getattr(q, "fieldname", None)
    return q if name is None or name in fields else None


@functools.lru_cache(maxsize=4096)
def _parsed(clause: str, schema_version: tuple, schema_ref: "_SchemaRef") -> object:
    try:
        return _parser(schema_ref.schema).parse(clause)
    except Exception:
        return wq.NullQuery


class _SchemaRef:
    """Hashable by the schema's field names only: every index of one schema version parses alike."""

    def __init__(self, schema):
        self.schema = schema
        self.key = tuple(schema.names())

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return isinstance(other, _SchemaRef) and other.key == self.key


def _parse_clause(clause: str, schema):
    """A plain clause parsed once per schema (clauses repeat across searches; the steps that follow
    build new queries and never change a parsed one in place)."""
    ref = _SchemaRef(schema)
    return _parsed(clause, ref.key, ref)


def build_text_query(text: str, schema, reader, countries: tuple[str, ...] = ()) -> TextQuery | None:
    """The Whoosh query for the text part of a plan; None when there is no text to search.

    In a plain query of several words, a word naming one of `countries` (the index's) also
    matches every passage of that country's cities (see :func:`search_app.places.place_of`).
    """
    if not text.strip() or text.strip() in ("*", "*:*"):
        return None
    notes: list[str] = []
    parser = _parser(schema)
    plan_words = tuple(
        w for w in re.findall(r"(?<![\w*~])[\w'’-]+(?![\w*~])", re.sub(r'"[^"]*"?', " ", text))
        if w not in ("AND", "OR", "NOT", "ANDNOT") and not w.startswith("-")
    )
    if not re.search(r"\w", text):
        raise BadRequest("the query has no words to search; type a word, or use only filters")
    explicit = QueryPlan(text).explicit
    if not explicit:
        clauses = [c for c in split_clauses(text) if not _only_stopwords(c)]
        subqueries = []
        places: list[tuple[str, str]] = []
        for clause in clauses:
            sq = _parse_clause(clause, schema)
            sq = _text_only_expansions(_fold_multiterms(sq, reader, notes).normalize())
            place = place_of(clause, countries) if len(clauses) > 1 else None
            if place:
                sq = wq.Or([sq, wq.Term("country", place, boost=PLACE_BOOST)])
                places.append((clause, place))
            if not is_null(sq):
                subqueries.append(sq)
        if not subqueries:
            raise BadRequest("the query holds only very common words (such as “the” or “of”); add a more specific word")
        strict = subqueries[0] if len(subqueries) == 1 else wq.And(subqueries)
        relaxed = []
        n = len(subqueries)
        if 2 <= n <= 6:
            for k in range(n - 1, 0, -1):
                combos = [wq.And(list(c)) if k > 1 else c[0] for c in itertools.combinations(subqueries, k)]
                relaxed.append(wq.Or(combos, scale=0.9))
        elif n > 6:
            relaxed.append(wq.Or(subqueries, scale=0.9))
        return TextQuery(strict, tuple(relaxed), plan_words, tuple(notes), tuple(subqueries), tuple(places))
    text = expand_fuzzy(text, reader)
    expanded = expand_synonyms(text)
    if all(_only_stopwords(w) for w in re.findall(r"[\w'’]+", text) if w not in ("AND", "OR", "NOT", "ANDNOT")):
        raise BadRequest("the query holds only very common words (such as “the” or “of”); add a more specific word")
    try:
        q = parser.parse(expanded)
    except Exception:
        q = parser.parse(re.sub(r"[\"()*~^+\-]", " ", text))
        notes.append("the query's operators could not be read; searched its words")
    q = _fold_multiterms(q, reader, notes).normalize()
    if is_null(q):
        if re.fullmatch(r"\s*[*?]+\s*", text):
            return None
        raise BadRequest("the query holds only very common words or operators; add a more specific word")
    return TextQuery(q, (), plan_words, tuple(notes))

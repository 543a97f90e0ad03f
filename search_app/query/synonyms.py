"""Synonyms, acronyms and themes, read from ``data/synonyms.txt`` and ``data/themes.txt`` at query time.

Backend-neutral: a query's plain clauses with their alternatives ORed in, as query-language text.
Synonyms (acronyms, translations, spellings) weigh as much as the words typed; themes (the same
subject under its other names: nightlife ↔ night-time economy, addiction ↔ drugs) weigh
``THEME_WEIGHT``, so passages using the user's own words rank first.

``expand_synonyms("cctv")`` → ``(cctv OR "video surveillance" OR …)``
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from indexer.analysis import stem, stopwords
from indexer.networks import NETWORK_ALIASES
from indexer.values import fold
from indexer.wordforms import split_compound

#: the weight of a theme's other names against the words typed (1.0)
THEME_WEIGHT = 0.4


def _groups(filename: str) -> tuple[tuple[str, ...], ...]:
    text = resources.files("search_app").joinpath(f"data/{filename}").read_text("utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            exprs = tuple(e.strip() for e in line.split("|") if e.strip())
            if exprs:
                out.append(exprs)
    return tuple(out)


def _by_expression(groups) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    out = []
    for exprs in groups:
        for e in exprs:
            words = tuple(re.findall(r"\w+", fold(e)))
            if words:
                out.append((words, exprs))
    out.sort(key=lambda it: -len(it[0]))
    return tuple(out)


def _stamp() -> tuple:
    """When the two data files last changed: an edited file is read again by the next query."""
    out = []
    for name in ("synonyms.txt", "themes.txt"):
        try:
            out.append(resources.files("search_app").joinpath(f"data/{name}").stat().st_mtime_ns)
        except (OSError, AttributeError):
            out.append(0)
    return tuple(out)


def synonym_groups() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(folded words of an expression, the group's expressions) for every expression in synonyms.txt."""
    return _synonym_groups(_stamp())


def theme_groups() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(folded words of an expression, the group's expressions) for every expression in themes.txt."""
    return _theme_groups(_stamp())


@functools.lru_cache(maxsize=2)
def _synonym_groups(stamp: tuple):
    return _by_expression(_groups("synonyms.txt") + network_groups())


def network_groups() -> tuple[tuple[str, ...], ...]:
    """Each network's names as one group: its short name and its names in the languages the parser
    knows (the parser's own list), so "Italian forum" is one clause that names the FISU."""
    names: dict[str, list[str]] = {}
    for alias, short in NETWORK_ALIASES.items():
        if re.fullmatch(r"[\w ]+", alias):
            names.setdefault(short, [short.lower()]).append(alias)
    return tuple(tuple(dict.fromkeys(v)) for v in names.values())


@functools.lru_cache(maxsize=2)
def _theme_groups(stamp: tuple):
    return _by_expression(_groups("themes.txt"))


def alternatives(themes: bool = True) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, float], ...]], ...]:
    """(folded words of an expression, its alternatives as (query text, weight)), longest expressions first.

    The expression itself and its synonyms weigh 1.0, its themes' other names ``THEME_WEIGHT``.
    Read again when either data file changes.
    """
    return _alternatives(themes, _stamp())


@functools.lru_cache(maxsize=4)
def _alternatives(themes: bool, stamp: tuple):
    table: dict[tuple[str, ...], dict[str, float]] = {}
    exact = {_stems(words) for words, _ in synonym_groups()}
    for weight, groups in ((1.0, synonym_groups()), (THEME_WEIGHT, theme_groups() if themes else ())):
        for words, exprs in groups:
            key = _stems(words)
            alts = table.setdefault(key, {})
            for e in exprs:
                own = _stems(tuple(re.findall(r"\w+", fold(e)))) == key
                # typed words that only a theme names keep their plain meaning (all of them, anywhere
                # in the passage: "crime prevention" is not narrowed to the phrase); a synonym's
                # expressions, and a theme's other names, are phrases
                q = _own_query_text(e) if own and key not in exact else _expr_query_text(e)
                alts[q] = max(alts.get(q, 0.0), 1.0 if own else weight)
    return tuple(sorted(((w, tuple(a.items())) for w, a in table.items()), key=lambda it: -len(it[0])))


def _alternatives_by_first_word(themes: bool) -> dict[str, tuple]:
    """:func:`alternatives` grouped by their expression's first word (same order within a word),
    so a query word is compared with the few expressions it can start."""
    return _by_first_word(themes, _stamp())


@functools.lru_cache(maxsize=4)
def _by_first_word(themes: bool, stamp: tuple) -> dict[str, tuple]:
    grouped: dict[str, list] = {}
    for expr_words, exprs in _alternatives(themes, stamp):
        if expr_words:  # an expression without words names nothing
            grouped.setdefault(expr_words[0], []).append((expr_words, exprs))
    return {word: tuple(items) for word, items in grouped.items()}


def _stems(words) -> tuple[str, ...]:
    """Expressions match on their words' stems, so "drug" finds the group of "drugs"."""
    return tuple(stem(w, "en") for w in words)


def _own_query_text(expr: str) -> str:
    """The typed expression itself: its words ANDed, ``"(crime prevention)"``; one word as is."""
    words = re.findall(r"\w+", expr)
    # "de", "la" of "prévention de la délinquance": small words of either language are not required
    kept = [w for w in words if fold(w).lower() not in stopwords("en") and fold(w).lower() not in stopwords("fr")]
    words = kept or words
    if len(words) == 1:
        return _expr_query_text(words[0])
    return "(" + " ".join(words) + ")"


def _expr_query_text(expr: str) -> str:
    words = re.findall(r"\w+", expr)
    if len(words) == 1:
        parts = split_compound(fold(words[0]).lower())
        return '"' + " ".join(parts) + '"' if parts else words[0]  # "vidéoprotection" → "video protection"
    return '"' + " ".join(words) + '"'


_PLAIN_TOKEN = re.compile(r"^[\w'’.-]+$")


def split_clauses(text: str, themes: bool = True) -> list[str]:
    """Top-level clauses of a plain query, alternatives grouped: "cctv paris" → ["(cctv OR …)", "paris"].

    With `themes`, a theme's other names join the alternatives at their lower weight (``word^0.4``).
    """
    tokens = text.split()
    # a joined compound matches as its parts: "nighttime" is "night time"
    words = [list(_stems(split_compound(fold(t).lower()) or re.findall(r"\w+", fold(t)))) for t in tokens]
    out: list[str] = []
    i = 0
    groups = _alternatives_by_first_word(themes)
    while i < len(tokens):
        matched = False
        if _PLAIN_TOKEN.match(tokens[i]) and not tokens[i].startswith(("-", "+")):
            flat: list[tuple[int, str]] = []
            for j in range(i, min(len(tokens), i + 6)):
                if not _PLAIN_TOKEN.match(tokens[j]) or tokens[j].startswith(("-", "+")):
                    break
                flat.extend((j, w) for w in words[j])
            seq = [w for _, w in flat]
            for expr_words, exprs in groups.get(seq[0], ()) if seq else ():
                n = len(expr_words)
                if tuple(seq[:n]) == expr_words and (n == len(seq) or flat[n][0] != flat[n - 1][0]):
                    end_token = flat[n - 1][0]
                    alts = " OR ".join(q if w >= 1.0 else f"{q}^{w:g}" for q, w in exprs)
                    out.append(f"({alts})")
                    i = end_token + 1
                    matched = True
                    break
        if not matched:
            parts = split_compound(fold(tokens[i]).lower()) if _PLAIN_TOKEN.match(tokens[i]) else None
            out.append('"' + " ".join(parts) + '"' if parts and not tokens[i].startswith(("-", "+")) else tokens[i])
            i += 1
    return out


def expand_synonyms(text: str) -> str:
    """Plain words that name a synonym group become an OR of the group (quoted phrases are left alone)."""
    parts = re.split(r'("[^"]*"?)', text)
    out = []
    for part in parts:
        if part.startswith('"'):
            out.append(part)
        else:
            chunks = re.split(r"(\s+(?:AND|OR|NOT|ANDNOT)\s+|[()])", part)
            for c in chunks:
                if not c or c.strip() in ("AND", "OR", "NOT", "ANDNOT", "(", ")") or not c.strip():
                    out.append(c)
                else:
                    lead = c[: len(c) - len(c.lstrip())]
                    trail = c[len(c.rstrip()):]
                    out.append(lead + " ".join(
                        cl if cl.startswith(("-", "+")) else cl for cl in split_clauses(c.strip(), themes=False)
                    ) + trail)
    return "".join(out)

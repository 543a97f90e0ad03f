"""Domain synonyms and acronyms, read from ``data/synonyms.txt`` at query time (editable without re-indexing).

Backend-neutral: a query's plain clauses with their synonyms ORed in, as query-language text.

``expand_synonyms("cctv")`` → ``(cctv OR "video surveillance" OR …)``
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from indexer.values import fold


@functools.cache
def synonym_groups() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(folded words of an expression, the group's expressions) for every expression in the data file."""
    text = resources.files("search_app").joinpath("data/synonyms.txt").read_text("utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exprs = tuple(e.strip() for e in line.split("|") if e.strip())
        for e in exprs:
            words = tuple(re.findall(r"\w+", fold(e)))
            if words:
                out.append((words, exprs))
    out.sort(key=lambda it: -len(it[0]))
    return tuple(out)


def _expr_query_text(expr: str) -> str:
    words = re.findall(r"\w+", expr)
    return words[0] if len(words) == 1 else '"' + " ".join(words) + '"'


_PLAIN_TOKEN = re.compile(r"^[\w'’.-]+$")


def split_clauses(text: str) -> list[str]:
    """Top-level clauses of a plain query, synonyms grouped: "cctv paris" → ["(cctv OR …)", "paris"]."""
    tokens = text.split()
    words = [re.findall(r"\w+", fold(t)) for t in tokens]
    out: list[str] = []
    i = 0
    groups = synonym_groups()
    while i < len(tokens):
        matched = False
        if _PLAIN_TOKEN.match(tokens[i]) and not tokens[i].startswith(("-", "+")):
            flat: list[tuple[int, str]] = []
            for j in range(i, min(len(tokens), i + 6)):
                if not _PLAIN_TOKEN.match(tokens[j]) or tokens[j].startswith(("-", "+")):
                    break
                flat.extend((j, w) for w in words[j])
            seq = [w for _, w in flat]
            for expr_words, exprs in groups:
                n = len(expr_words)
                if tuple(seq[:n]) == expr_words and (n == len(seq) or flat[n][0] != flat[n - 1][0]):
                    end_token = flat[n - 1][0]
                    alts = " OR ".join(dict.fromkeys(_expr_query_text(e) for e in exprs))
                    out.append(f"({alts})")
                    i = end_token + 1
                    matched = True
                    break
        if not matched:
            out.append(tokens[i])
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
                        cl if cl.startswith(("-", "+")) else cl for cl in split_clauses(c.strip())
                    ) + trail)
    return "".join(out)

"""Highlighted snippets: fragments cut at sentence or word boundaries, matches in <mark>.

The HTML is built only from escaped text plus the <mark> tags, so nothing in a profile can
become markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from indexer.analysis import tokens_with_offsets


@dataclass(frozen=True)
class Highlight:
    """What to mark in a passage of one language: single terms and phrases (term sequences)."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

FRAGMENT_CHARS = 200
MAX_FRAGMENTS = 3
WHOLE_BELOW = 320
ELLIPSIS = "…"


def match_spans(text: str, lang: str, highlight) -> list[tuple[int, int]]:
    """Character spans of the words of text matched by a highlight's terms or phrases."""
    if not highlight.terms and not highlight.phrases:
        return []
    tokens = tokens_with_offsets(text, lang)
    spans = {(s, e) for term, s, e in tokens if term in highlight.terms}
    for phrase in highlight.phrases:
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if tuple(t[0] for t in tokens[i:i + n]) == phrase:
                spans.update((t[1], t[2]) for t in tokens[i:i + n])
    return sorted(spans)


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """Escaped text with each span wrapped in <mark>: ``mark("a<b", [(0, 1)]) == "<mark>a</mark>&lt;b"``."""
    out: list[str] = []
    pos = 0
    for s, e in sorted(spans):
        if s < pos:
            continue
        out.append(escape(text[pos:s], quote=False))
        out.append("<mark>" + escape(text[s:e], quote=False) + "</mark>")
        pos = e
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


def _window(text: str, centre: int, size: int) -> tuple[int, int]:
    """A window of about `size` chars around `centre`, snapped to sentence or word boundaries."""
    n = len(text)
    start = max(0, centre - size // 3)
    end = min(n, start + size)
    start = max(0, min(start, end - size))
    if start > 0:
        # prefer a sentence start within 60 chars before the window start
        sent = max(text.rfind(". ", max(0, start - 60), start + 20), text.rfind("\n", max(0, start - 60), start + 20))
        if sent != -1 and sent + 2 <= centre:
            start = sent + 2 if text[sent] == "." else sent + 1
        else:
            sp = text.rfind(" ", 0, start + 1)
            start = sp + 1 if sp != -1 and sp + 1 <= centre else start
    if end < n:
        sent = text.find(". ", end - 40, end + 40)
        if sent != -1 and sent + 1 > centre:
            end = sent + 1
        else:
            sp = text.find(" ", end)
            end = sp if sp != -1 and sp - end < 30 else end
            if end < n and text[end - 1].isalnum() and text[end].isalnum():
                sp = text.rfind(" ", centre, end)
                end = sp if sp != -1 else end
    return start, end


def snippet(text: str, lang: str, highlight, *, size: int = FRAGMENT_CHARS,
            fragments: int = MAX_FRAGMENTS) -> str:
    """Up to `fragments` highlighted pieces of text (whole when short), joined by " … "."""
    text = text.replace("\n", " ")
    spans = match_spans(text, lang, highlight)
    if len(text) <= WHOLE_BELOW:
        return mark(text, spans)
    if not spans:
        s, e = _window(text, 0, size)
        return mark(text[s:e], []) + (" " + ELLIPSIS if e < len(text) else "")
    # pick windows greedily: the first match, then the next match outside the chosen windows
    windows: list[tuple[int, int]] = []
    seen_terms: set[str] = set()
    ordered = sorted(spans, key=lambda sp: sp[0])
    # favour windows that show words not shown yet
    by_word: dict[str, tuple[int, int]] = {}
    for s, e in ordered:
        by_word.setdefault(text[s:e].lower(), (s, e))
    candidates = list(by_word.values()) + ordered
    for s, e in candidates:
        if len(windows) >= fragments:
            break
        if any(ws <= s and e <= we for ws, we in windows):
            continue
        ws, we = _window(text, s, size)
        windows.append((ws, we))
        seen_terms.add(text[s:e].lower())
    windows.sort()
    merged: list[tuple[int, int]] = []
    for ws, we in windows:
        if merged and ws <= merged[-1][1] + 20:
            merged[-1] = (merged[-1][0], max(merged[-1][1], we))
        else:
            merged.append((ws, we))
    parts = []
    for ws, we in merged:
        local = [(s - ws, e - ws) for s, e in spans if s >= ws and e <= we]
        parts.append(mark(text[ws:we].strip(), _shift_for_strip(text[ws:we], local)))
    out = (" " + ELLIPSIS + " ").join(parts)
    if merged[0][0] > 0:
        out = ELLIPSIS + " " + out
    if merged[-1][1] < len(text):
        out = out + " " + ELLIPSIS
    return out


def _shift_for_strip(piece: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    lead = len(piece) - len(piece.lstrip())
    return [(s - lead, e - lead) for s, e in spans]


def plain(html_snippet: str) -> str:
    """A snippet without its <mark> tags, unescaped (for CSV and terminals)."""
    from html import unescape

    return unescape(re.sub(r"</?mark>", "", html_snippet))

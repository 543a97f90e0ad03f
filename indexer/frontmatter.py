"""Profiles written by ``profile-search fetch``: each language's text under a small header saying
where it came from. Plain text, readable and diffable; the reader (:mod:`indexer.read`) understands it.

A file holds one part per language of the same page, the first being the profile's own text::

    ---
    source: https://example.org/en/members/valmont/
    lang: en
    title: Valmont
    fetched: 2025-03-01T10:00:00Z
    ---
    1. General information
    …

    ---
    source: https://example.org/fr/membres/valmont/
    lang: fr
    title: Valmont
    fetched: 2025-03-01T10:00:02Z
    ---
    1. Informations générales
    …

A header is a line ``---``, then ``key: value`` lines (keys from :data:`KEYS`, ``source`` always
there), then ``---``. ``gone: 2025-04-01T…Z (410 Gone)`` marks a page the site no longer has.
Validators (ETag, Last-Modified) live in the fetcher's sidecar, not here: a new ETag for the same
text must not change the file, or the next index run would re-index a profile that did not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

FENCE = "---"
KEYS = ("source", "lang", "title", "fetched", "gone")
_KEY_LINE = re.compile(r"^(%s):[ \t]?(.*)$" % "|".join(KEYS))
_MAX_HEADER_LINES = 12


@dataclass(frozen=True)
class Part:
    """One language's text of a fetched profile, with where and when it was fetched."""

    body: str
    source: str | None = None
    lang: str | None = None
    title: str | None = None
    fetched: str | None = None
    gone: str | None = None

    def header(self) -> dict[str, str]:
        """The header's keys with a value, in :data:`KEYS` order: ``Part("x", source="u").header() == {"source": "u"}``"""
        return {k: getattr(self, k) for k in KEYS if getattr(self, k)}


def _header_at(lines: list[str], i: int) -> tuple[dict[str, str], int] | None:
    """The header starting at line i (a fence), and the index of the line after its closing fence."""
    if i >= len(lines) or lines[i].rstrip() != FENCE:
        return None
    found: dict[str, str] = {}
    for j in range(i + 1, min(len(lines), i + 2 + _MAX_HEADER_LINES)):
        line = lines[j].rstrip("\r")
        if line.rstrip() == FENCE:
            return (found, j + 1) if "source" in found else None
        m = _KEY_LINE.match(line)
        if not m:
            return None
        found[m.group(1)] = m.group(2).strip()
    return None


def split_parts(text: str) -> list[Part] | None:
    """The parts of a fetched profile, or None when the text has no front matter (an ordinary profile).

    ``split_parts("---\\nsource: https://x.test/a\\n---\\nHello\\n")[0].body == "Hello\\n"``
    """
    lines = text.split("\n")
    head = _header_at(lines, 0)
    if head is None:
        return None
    parts: list[Part] = []
    while head is not None:
        meta, start = head
        end, head = start, None
        while end < len(lines):
            head = _header_at(lines, end)
            if head is not None:
                break
            end += 1
        body = "\n".join(lines[start:end]).strip("\n")
        parts.append(Part(body + "\n" if body else "", **meta))
    return parts


def _escape_body(body: str) -> str:
    """A body never holds a bare fence line, so it cannot be mistaken for the next header."""
    return "\n".join("- - -" if line.rstrip() == FENCE else line for line in body.strip("\n").split("\n"))


def render_parts(parts: Sequence[Part]) -> str:
    """The file text of a fetched profile (inverse of :func:`split_parts`).

    ``split_parts(render_parts([Part("Hi\\n", source="https://x.test/")]))[0].source == "https://x.test/"``
    """
    out: list[str] = []
    for part in parts:
        out.append(FENCE)
        for key, value in part.header().items():
            out.append(f"{key}: {' '.join(str(value).split())}")
        out.append(FENCE)
        out.append(_escape_body(part.body))
        out.append("")
    return "\n".join(out)


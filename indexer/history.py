"""When each passage was first indexed and last changed, kept across index runs.

A passage keeps its times while its profile holds the same text: an incremental run that
rewrites a changed profile, or a full rebuild, carries the times of unchanged passages over
from the live index and stamps only new or edited passages with the time of the run. Times are
milliseconds since the epoch (UTC), so two runs a moment apart still order their passages.

``stamp([("amiens", "Member since 2000")], {}, now=1)  == [(1, 1)]``
"""

from __future__ import annotations

import hashlib
import time
from typing import Iterable

#: profile slug → passage text key → (first indexed, last changed)
Times = dict[str, dict[str, tuple[int, int]]]


def now_ms() -> int:
    """The time of this run, in milliseconds since the epoch."""
    return int(time.time() * 1000)


def text_key(text: str) -> str:
    """A short stable key of a passage's text: ``text_key("a") == text_key("a")``."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def encode(profile: str, text: str, first: int, changed: int) -> bytes:
    """The per-passage history column value."""
    return f"{profile}\t{text_key(text)}\t{first}\t{changed}".encode("utf-8")


def decode(raw: bytes) -> tuple[str, str, int, int] | None:
    """(profile, text key, first, changed) from a column value, or None for an empty/old one."""
    try:
        profile, key, first, changed = raw.decode("utf-8").split("\t")
        return profile, key, int(first), int(changed)
    except (ValueError, UnicodeDecodeError):
        return None


def collect(raws: Iterable[bytes | str], into: Times | None = None) -> Times:
    """The times held by passages' column values (empty or old ones skipped), added to `into`.

    ``collect([encode("amiens", "a", 1, 2)]) == {"amiens": {text_key("a"): (1, 2)}}``
    """
    out: Times = {} if into is None else into
    for raw in raws:
        entry = decode(raw.encode("utf-8") if isinstance(raw, str) else raw)
        if entry is not None:
            out.setdefault(entry[0], {})[entry[1]] = (entry[2], entry[3])
    return out


def stamp(passages: list[tuple[str, str]], previous: Times, now: int) -> list[tuple[int, int]]:
    """(first indexed, last changed) for each (profile, text): carried over when the text was there before.

    ``stamp([("bagneux", "new text")], {}, now=5) == [(5, 5)]``
    """
    out = []
    for profile, text in passages:
        known = previous.get(profile, {}).get(text_key(text))
        out.append(known if known is not None else (now, now))
    return out

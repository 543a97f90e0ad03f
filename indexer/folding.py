"""Folding text for matching (case, accents, apostrophes) and slugs for ids and URLs.

``fold("Liège") == "liege"``; ``slugify("Saint-Étienne") == "saint-etienne"``
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Lowercase and strip accents: ``fold("Liège") == "liege"``."""
    if text.isascii():
        return text.lower()
    text = text.replace("ß", "ss").replace("æ", "ae").replace("Æ", "ae").replace("œ", "oe")
    text = text.replace("Œ", "oe").replace("ø", "o").replace("Ø", "o").replace("ł", "l")
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not decomposed.isascii():  # marks of other scripts: check only the characters beyond ASCII
        marks = {ord(c): None for c in set(_BEYOND_ASCII.findall(decomposed)) if unicodedata.combining(c)}
        if marks:
            decomposed = decomposed.translate(marks)
    return decomposed.lower()


#: the combining marks of Latin letters' accents (U+0300–U+036F with a non-zero combining class)
_LATIN_MARKS = re.compile("[" + "".join(
    f"{chr(a)}-{chr(b)}" for a, b in ((0x300, 0x34E), (0x350, 0x36F))) + "]+")
_BEYOND_ASCII = re.compile("[^\x00-\x7f]")


def fold_same_length(text: str) -> str:
    """Like :func:`fold` but one character out per character in, so match offsets stay valid."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(c) for c in text)


@lru_cache(maxsize=4096)
def fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base[:1].lower() if len(base) >= 1 else c


def slugify(text: str) -> str:
    """A stable id from a city name: ``slugify("Issy-les-Moulineaux") == "issy-les-moulineaux"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug or "profile"

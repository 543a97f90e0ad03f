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
    if len(text) <= _REMEMBERED_LEN:
        return _fold_line(text)
    return _fold_accented(text)


def _fold_accented(text: str) -> str:
    text = text.replace("ß", "ss").replace("æ", "ae").replace("Æ", "ae").replace("œ", "oe")
    text = text.replace("Œ", "oe").replace("ø", "o").replace("Ø", "o").replace("ł", "l")
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not decomposed.isascii():  # marks of other scripts: check only the characters beyond ASCII
        marks = {ord(c): None for c in set(decomposed) if c > "\x7f" and unicodedata.combining(c)}
        if marks:
            decomposed = decomposed.translate(marks)
    return decomposed.lower()


#: the combining marks of Latin letters' accents (U+0300–U+036F with a non-zero combining class)
_LATIN_MARKS = re.compile("[" + "".join(
    f"{chr(a)}-{chr(b)}" for a, b in ((0x300, 0x34E), (0x350, 0x36F))) + "]+")

#: texts up to this length (a profile's lines, labels, names) are folded once and remembered: the
#: parser folds each line several times
_REMEMBERED_LEN = 400
_fold_line = lru_cache(maxsize=16_384)(_fold_accented)


def fold_same_length(text: str) -> str:
    """Like :func:`fold` but one character out per character in, so match offsets stay valid."""
    if text.isascii():
        return text.lower()
    if len(text) <= _REMEMBERED_LEN:
        return _fold_line_same_length(text)
    return _fold_each_char(text)


def _fold_each_char(text: str) -> str:
    return text.translate(_FOLD_EACH_CHAR)


_fold_line_same_length = lru_cache(maxsize=16_384)(_fold_each_char)


class _FoldTable(dict):
    """:func:`fold_char` of each character, as a ``str.translate`` table filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if len(self) < 65_536:
            self[code] = folded
        return folded


_FOLD_EACH_CHAR = _FoldTable()


@lru_cache(maxsize=4096)
def fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base[:1].lower() if len(base) >= 1 else c


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A stable id from a city name: ``slugify("Issy-les-Moulineaux") == "issy-les-moulineaux"``."""
    slug = _NOT_SLUG.sub("-", fold(text)).strip("-")
    return slug or "profile"

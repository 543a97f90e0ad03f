"""A read file → its :class:`Profile`: the facts of the file's own text, where a fetched page came
from, and the page's other languages as translations (searched, but never counted as facts twice)."""

from __future__ import annotations

import logging
from dataclasses import replace

from .errors import ParseError
from .models import Profile, Source, Translation
from .parse import parse_profile
from .read import SourceText

log = logging.getLogger(__name__)


def profile_of(src: SourceText, rel: str) -> Profile:
    """Parse what :func:`indexer.read.read_file` read; `rel` is the file's path in the corpus.

    ``profile_of(read_file("corpus/amiens.txt"), "amiens.txt").slug == "amiens"``
    """
    profile = parse_profile(src.text, path=rel, title=src.title, source_hash=src.hash)
    if src.warnings:
        profile = replace(profile, warnings=tuple(src.warnings) + profile.warnings)
    if src.origin is None:
        return profile
    source = Source(rel, src.hash, src.origin.source, src.origin.fetched, src.origin.gone)
    translations = []
    for part in src.translations:
        try:
            other = parse_profile(part.body, path=rel, title=part.title or src.title)
        except ParseError:
            log.info("%s: the %s text holds nothing to index", rel, part.lang or "other")
            continue
        translations.append(Translation(other.lang if part.lang is None else _lang(part.lang, other.lang),
                                        part.source, part.fetched, other.sections, other.blocks))
    return replace(profile, source=source, translations=tuple(translations))


def _lang(declared: str, detected: str) -> str:
    """The page's declared language ("fr-FR" → "fr") when it is one the analysers know, else the detected one."""
    short = declared.split("-")[0].lower()
    return short if short in ("en", "fr") else detected

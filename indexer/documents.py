"""A parsed profile → the documents of its passages, as every backend's sink receives them (the head
passage also carries the manifest: source path, content hash, passage count, the parsed profile).

``next(documents(parsed, {}, now=1))["head"] == "1"``
"""

from __future__ import annotations

import json
import re
from typing import Iterable

from . import history
from .analysis import ANALYSIS_VERSION
from .corpus import Parsed, profile_json
from .fields import decade, population_band
from .networks import NETWORK_RE, with_short_names

#: the shape of a passage document; with the analysis and the parser, what forces a full rebuild
DOCUMENT_VERSION = 4
#: a quick test before the full one: text that may name a network by its long name
_NETWORK_WORDS = re.compile(r"forum|foro|fórum|forums", re.IGNORECASE)
#: a capitalised word not opening a sentence: a proper name as written
_NAME = re.compile(r"(?<![.!?:;\n]\s)(?<![.!?:;\n])(?<=\s|[(\"“«'])([A-ZÀ-ÖØ-Þ][\w'’-]*)")


def versions() -> dict[str, int]:
    """Everything of the indexer that, when it changes, forces a full rebuild (each sink adds its own)."""
    from .parse import PARSER_VERSION

    return {"documents": DOCUMENT_VERSION, "analysis": ANALYSIS_VERSION, "parser": PARSER_VERSION}


def heading_words(heading: str) -> str:
    """A network section's heading as searched: the network by its short name, so the words of its long name
    ("urban security", "sécurité urbaine") do not make every passage of the section match them:
    ``heading_words("The city and the French Forum for Urban Security") == "the city and the FFSU"``."""
    return with_short_names(heading)


def passage_document(p, source: str, order: int) -> dict:
    """The document of one passage: its fields, its text under its language's field, its years."""
    doc = {
        "id": p.id,
        "profile": p.profile,
        "source": source,
        "city": p.city,
        "section": p.section,
        "kind": p.kind,
        "years": list(p.years),
        "order": order,
        "heading": p.heading,
        "lang": p.lang,
        "text": p.text,
        "city_text": p.city,
    }
    doc["text_fr" if p.lang == "fr" else "text_en"] = with_short_names(p.text) if _NETWORK_WORDS.search(p.text) else p.text
    if p.heading:
        doc["heading_text"] = heading_words(p.heading) if p.network else p.heading
    if p.country:
        doc["country"] = p.country
    if p.network:
        doc["network"] = p.network
    if p.years:
        doc["year"] = " ".join(str(y) for y in p.years)
    return doc




def facts_document(profile) -> dict:
    """What every passage carries of its city's facts: population (and its band), member-since and
    Executive Committee years per network ("NET:YEAR") and their decades ("NET:1990..1999", and
    "*:1990..1999" for any network). Space-separated values (one word each)."""
    out: dict = {}
    if profile.population:
        out["population"] = profile.population
        out["population_band"] = population_band(profile.population)
    for since, years_field, decades_field in (("member_since", "membership", "member_decade"),
                                              ("executive_committee_since", "committee", "committee_decade")):
        pairs = sorted({(m.network.replace(" ", "_"), getattr(m, since)) for m in profile.memberships
                        if m.network and getattr(m, since)})
        if pairs:
            out[years_field] = " ".join(f"{net}:{year}" for net, year in pairs)
            out[decades_field] = " ".join(dict.fromkeys(
                [f"{net}:{decade(year)}" for net, year in pairs] + [f"*:{decade(year)}" for _, year in pairs]))
    return out


def proper_names(text: str) -> str:
    """The capitalised words of a text that do not open a sentence: ``proper_names("In Lille, Nantes met x.")
    == "Lille Nantes"``."""
    return " ".join(_NAME.findall(text))


def documents(parsed: Parsed, previous: history.Times, now: int) -> Iterable[dict]:
    """One document per passage, in order; `previous` carries passage times over from the index
    being replaced or updated (see :mod:`indexer.history`), `now` stamps new and changed ones."""
    times = history.stamp([(p.profile, p.text) for p in parsed.passages], previous, now)
    facts = facts_document(parsed.profile)
    for n, p in enumerate(parsed.passages):
        doc = passage_document(p, parsed.source, n + 1)
        doc.update(facts)
        names = proper_names(p.text)
        if names:
            doc["names"] = names
        first, changed = times[n]
        doc.update(first_indexed=first, changed=changed, history=history.encode(p.profile, p.text, first, changed))
        if n == 0:
            doc.update(
                head="1",
                spell="\n".join(q.text for q in parsed.passages),
                spell_en="\n".join(q.text for q in parsed.passages if q.lang != "fr"),
                spell_fr="\n".join(q.text for q in parsed.passages if q.lang == "fr"),
                source_hash=parsed.hash,
                passage_count=len(parsed.passages),
                manifest=json.dumps({"source": parsed.source, "hash": parsed.hash, "slug": parsed.profile.slug,
                                     "city": parsed.profile.city, "passages": len(parsed.passages)}).encode("utf-8"),
                profile_json=parsed.profile_json or profile_json(parsed.profile),
            )
        yield doc

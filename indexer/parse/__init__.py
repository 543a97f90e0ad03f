"""Text → :class:`Profile`. Pure functions: no file access, no index, no Flask.

The parser recognises the parts of a profile by meaning, not by exact wording: headings with or
without numbers and colons, English and French labels, network blocks named by acronym or in
words, bulleted or bare event lists, captions and CMS shortcodes. Its steps, each in its room:

1. ``lines``     normalise the text into lines (markup, shortcodes, captions, chrome, bullets)
2. ``labels``    read the labelled facts first: the country decides what "the National Forum" is
3. ``lang``      tell English from French
4. ``walk``      walk the lines once: ``headings`` open sections and network blocks, ``clues`` say
                 what a line in a block is (membership, committee, role, event, place)
5. resolve the country and the national forum, check for a cut-off page
6. ``city``      name the city from every clue the profile gives
7. assemble the :class:`Profile`
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import values as V
from ..errors import ParseError
from ..models import GENERAL, Membership, Profile, Section, Source
from .city import NAME, city_from_filename, city_in_title, is_generic_title, name_city  # noqa: F401
from .clues import event_kind, event_place  # noqa: F401
from .headings import NATIONAL, heading_key, network_block, section_of  # noqa: F401
from .labels import clean_value, label_of, location, parse_population, parse_twins, population, read_facts  # noqa: F401
from .lang import detect_lang
from .lines import SPACES, Line, Normalised, normalise  # noqa: F401
from .walk import Walker

PARSER_VERSION = 8


def parse_profile(text: str, *, path: str | None = None, title: str | None = None,
                  source_hash: str | None = None) -> Profile:
    """Parse one profile's text. Raises :class:`ParseError` only when there is no text at all.

    ``parse_profile(open("corpus/amiens.txt").read(), path="amiens.txt").city == "Amiens"``
    """
    title = SPACES.sub(" ", title or "").strip() or None
    norm = normalise(text)
    if not norm.lines:
        raise ParseError("the file holds no text that could be a profile")
    lines = list(norm.lines)
    facts = read_facts(lines)
    country, region = location(facts)
    lang = detect_lang(norm.text)
    walk = Walker(lines, country).run()
    warnings = walk.warnings
    if walk.state.explicit_sections == 0:
        warnings.append("no section headings found; sections were inferred")
    last = lines[-1].text
    if len(last) > 30 and not re.search(r"(?:[.!?:;”\"»)\]…]|\b(?:1[89]|20)\d\d)$", last):
        warnings.append(f"the text looks cut off after: …{last[-60:]}")
    country = _country(country, walk)
    _resolve_national(walk, country)
    overviews = [b.text for b in walk.blocks
                 if b.kind == "overview" or (b.kind == "membership" and b.section == GENERAL and len(b.text) > 40)]
    city, city_source = name_city(overviews, norm.text, title, path, norm.file_lines, norm.captions,
                                  [b.text for b in walk.blocks])
    if city_source == "filename":
        warnings.append("no city name found in the text; taken from the file name")
    pop, pop_year = population(facts, overviews, warnings)
    return Profile(
        slug=V.slugify(city),
        city=city,
        city_source=city_source,
        country=country,
        region=region,
        population=pop,
        population_year=pop_year,
        website=clean_value(facts.get("website")),
        mayor=clean_value(facts.get("mayor")),
        safety_contract=clean_value(facts.get("safety_contract")),
        twinned_with=tuple(parse_twins(facts.get("twinned_with", ""))),
        memberships=tuple(Membership(d.network, d.member_since, d.executive_committee_since, tuple(d.roles))
                          for d in walk.memberships.values()),
        events=tuple(walk.events),
        quotes=tuple(walk.quotes),
        sections=tuple(Section(n, h, tuple(ls)) for n, h, ls in walk.sections),
        lang=lang,
        warnings=tuple(warnings),
        source=Source(path, source_hash or "") if path else None,
        blocks=tuple(walk.blocks),
    )


def _country(country: str | None, walk: Walker) -> str | None:
    """The country from Location, else from a national forum's membership, else named in the overview."""
    if country is None:
        for m in walk.memberships:
            info = V.NETWORKS.get(m)
            if info and info.country:
                return info.country
        overview = " ".join(b.text for b in walk.blocks if b.kind == "overview")[:2000]
        country = V.country_name(overview) or V.country_from_adjective(overview[:400])
    return country


def _resolve_national(walk: Walker, country: str | None) -> None:
    """"The National Forum" without an acronym, resolved now the country is known."""
    if NATIONAL not in walk.memberships:
        return
    real = V.national_forum(country) or "National forum"
    walk.memberships[NATIONAL].network = real
    walk.memberships = {(real if k == NATIONAL else k): v for k, v in walk.memberships.items()}
    walk.events = [replace(e, network=real) if e.network == NATIONAL else e for e in walk.events]
    walk.blocks = [replace(b, network=real) if b.network == NATIONAL else b for b in walk.blocks]

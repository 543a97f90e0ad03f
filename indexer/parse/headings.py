"""Recognising headings: the four main sections in their many wordings, and the blocks of each network.

``section_of("2. The city in our network:") == "In the network"``; ``network_block("The city and Efus", None) == "Efus"``
"""

from __future__ import annotations

import functools
import re

from .. import values as V
from ..models import FURTHER, GENERAL, NETWORK, PROJECTS


EVENT_LABEL = re.compile(
    r"^(?:(?:has |have )?(?:participated|participates|took part|takes part|taken part|attended|attends|hosted|hosts|has hosted|organi[sz]ed|co-organi[sz]ed|contributed|involved|involvement)(?: (?:in|to|at|the following))?(?: (?:events?|activities|trainings?|projects?))?|participations?(?: (?:in|to|a|aux?))?|(?:a |ont )?(?:participe|accueilli|organise)(?: (?:a|aux?|en))?|accueil|events?|activities|activites|evenements|manifestations|trainings?|formations?|conferences?|projects?(?: and activities)?|projets?|missions?|studies|etudes|working groups?|groupes? de travail|general assemblies|assemblees generales|lunch-debates?)\s*:?\s*(.*)$"
)
NATIONAL = "\x00national"  # a "National Forum" block whose acronym depends on the country


_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_NATIONAL = re.compile(r"\b(national|nationale|nazionale|nacional)\b")
_MEMBERSHIP_AFTER = re.compile(r"\b(?:membership|adhesion)\s*:?\s*$")
_MEMBERSHIP_BEFORE = re.compile(r"^\s*(?:membership (?:of|in|to)|adhesion (?:a|au|a l'))\s")
_FORUM_WORD = re.compile(r"\b(?:forum|foro|forums|network|reseau|netzwerk|rete|red)\b")
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z\-]{2,9})\)")
_NUMBERING = re.compile(r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4}|[A-Da-d])\s*[.)\-–:](?!\d)\s*|\d{1,2}(?:\.\d{1,2})*\s+(?=[A-Za-zÀ-ÿ]))")
_SECTION_PATTERNS = [
    (GENERAL, re.compile(r"^(?:general(?:ities)?(?: informations?| info| data| facts)?(?: (?:about|on|of) the (?:city|town|municipality))?|presentation of the (?:city|town|municipality)|generalites|informations? generales?|donnees generales|overview|presentation(?: de la ville)?|about the (?:city|town)|the (?:city|town) in brief|key facts|informazioni generali|datos generales|allgemeine informationen|informacoes gerais)$")),
    (NETWORK, re.compile(r"^(?:the |la |le |our )?(?:city|town|municipality|local authority|region|ville|commune|collectivite|municipalite)?\s*(?:in|within|and|dans|et)\s+(?:our|the|notre|le|les|nos)\s+(?:networks?|forums?|reseaux?)$|^(?:in the network|network|networks|membership|memberships? (?:in|of|to) (?:our |the )?networks?|memberships|network membership|networks? and memberships?|reseaux?|notre reseau|participation (?:in|to) the networks?|la ville dans le reseau)$")),
    (PROJECTS, re.compile(r"^(?:projects? files?|projects?|best practices?|best practice forms?|fiches?(?: de)? projets?|projets?|bonnes pratiques|fiches? de bonnes pratiques|fiches? pratiques?|practices?)(?:\s*[(\[].*[)\]])?$")),
    (FURTHER, re.compile(r"^(?:further|more|additional|other|complementary) (?:information|info|informations|details)|^(?:pour )?en savoir plus$|^informations? (?:complementaires?|supplementaires?)$|^plus d'informations?$|^autres informations$|^further reading$|^(?:useful )?links$|^ulteriori informazioni$|^mas informacion$|^weitere informationen$")),
]


@functools.lru_cache(maxsize=8192)
def heading_key(line: str) -> str:
    """A line reduced for heading matching: numbering, trailing colon and accents gone."""
    t = _NUMBERING.sub("", line.strip())
    t = t.strip().rstrip(":：.").strip()
    t = V.fold(t).replace("’", "'")
    return _SPACES.sub(" ", t)


@functools.lru_cache(maxsize=8192)
def section_of(line: str) -> str | None:
    """Canonical section a heading line opens, or None: ``section_of("2. The City in our Network:") == "In the network"``.

    Remembered per line: every line is asked several times (as itself, as the next line, when rejoining lines).
    """
    if len(line) > 90:
        return None
    key = heading_key(line)
    for candidate in (key, None):
        if candidate is None:
            candidate = V.correct_words(key)  # "General Infomation", "The city in our netwrok"
            if candidate == key:
                break
        for name, pattern in _SECTION_PATTERNS:
            if pattern.match(candidate):
                return name
    if _CITY_IN.match(key) and len(set(V.network_names(key))) >= 2:
        return NETWORK  # "The city in Efus and the FFSU"
    return None


_CITY_IN = re.compile(r"^(?:the |la |le |our )?(?:city|town|municipality|ville|commune) (?:in|within|and|dans|et) ")


BLOCK_RE = re.compile(
    r"^(?:the |la |le |l'|our |die |a )?(?:city|town|municipality|municipalite|local authority|region|ville|commune|collectivite|stadt|citta|ciudad|cidade)\s+(?:and|et|und|e|y|in|within|dans)\s+(.+)$"
)


@functools.lru_cache(maxsize=8192)
def network_block(line: str, country: str | None) -> str | None:
    """Network whose block a heading line opens: ``network_block("The city and Efus", None) == "Efus"``."""
    if len(line) > 120 or line.rstrip().endswith((".", ";")) and len(line) > 60:
        return None
    key = heading_key(line)
    m = BLOCK_RE.match(key)
    if m:
        name = V.network_name(line, country) or _unknown_network(line)
        if name is None and _NATIONAL.search(key):
            return NATIONAL
        return name
    stripped = key.strip(" ()")
    if len(stripped) <= 70 and not _DIGIT.search(stripped):
        name = V.network_name(line, country)
        outside = V.NETWORK_RE.sub(" ", V.fold(stripped))  # "Le Forum belge pour la prévention et la …"
        if name and (len(stripped.split()) <= 8 or len(outside.split()) <= 3) and not EVENT_LABEL.match(key):
            # a line that is only a network's name ("Efus", "French Forum for Urban Security (FFSU)")
            rest = _MEMBERSHIP_AFTER.sub("", V.fold(line))  # "Efus membership"
            rest = _MEMBERSHIP_BEFORE.sub("", rest)  # "Membership of Efus"
            for word in ("member", "membre", "since", "depuis", "participat", "attend", "training", "conference"):
                if word in rest:
                    return None
            return name
    return None


def _unknown_network(line: str) -> str | None:
    """The acronym of a forum the network does not list: "the Dutch Forum (DFUS)" → "DFUS"."""
    if not _FORUM_WORD.search(V.fold(line)):
        return None  # "The town and its young people (CLSPD)" names no network
    m = _ACRONYM_IN_PARENS.search(line)
    return m.group(1) if m else None

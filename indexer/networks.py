"""The European forum and the national forums: canonical short names from names and acronyms in any language.

``network_name("Forum Français pour la Sécurité Urbaine") == "FFSU"``
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .folding import fold


@dataclass(frozen=True)
class NetworkInfo:
    short: str
    name: str
    country: str | None


NETWORKS: dict[str, NetworkInfo] = {
    "Efus": NetworkInfo("Efus", "European Forum for Urban Security", None),
    "FFSU": NetworkInfo("FFSU", "French Forum for Urban Security", "France"),
    "DEFUS": NetworkInfo("DEFUS", "German-European Forum for Urban Security", "Germany"),
    "FISU": NetworkInfo("FISU", "Italian Forum for Urban Security", "Italy"),
    "FESU": NetworkInfo("FESU", "Spanish Forum for Urban Security", "Spain"),
    "FBPSU": NetworkInfo("FBPSU", "Belgian Forum for Prevention and Urban Security", "Belgium"),
    "FPSU": NetworkInfo("FPSU", "Portuguese Forum for Urban Security", "Portugal"),
    "FLSU": NetworkInfo("FLSU", "Luxembourg Forum for Urban Security", "Luxembourg"),
}

#: folded phrases → canonical short name, longest first when matching
NETWORK_ALIASES = {
    "efus": "Efus", "fesu": "FESU", "ffsu": "FFSU", "defus": "DEFUS", "defus e.v.": "DEFUS",
    "fisu": "FISU", "fbpsu": "FBPSU", "bfpvs": "FBPSU", "fpsu": "FPSU", "flsu": "FLSU",
    "european forum for urban security": "Efus", "european forum for urban safety": "Efus",
    "forum europeen pour la securite urbaine": "Efus", "forum europeen de securite urbaine": "Efus",
    "european forum": "Efus", "forum europeen": "Efus",
    "french forum for urban security": "FFSU", "french forum for urban safety": "FFSU",
    "forum francais pour la securite urbaine": "FFSU", "forum francais de securite urbaine": "FFSU",
    "french forum": "FFSU", "forum francais": "FFSU", "french national forum": "FFSU",
    "german-european forum for urban security": "DEFUS", "german european forum for urban security": "DEFUS",
    "german forum for urban security": "DEFUS", "deutsch-europaisches forum fur urbane sicherheit": "DEFUS",
    "deutsch-europaische forum fur urbane sicherheit": "DEFUS", "german-european forum": "DEFUS",
    "german forum": "DEFUS", "german national forum": "DEFUS",
    "italian forum for urban security": "FISU", "forum italiano per la sicurezza urbana": "FISU",
    "forum italiano sicurezza urbana": "FISU", "italian forum": "FISU", "italian national forum": "FISU",
    "spanish forum for urban security": "FESU", "foro espanol para la seguridad urbana": "FESU",
    "foro espanol de seguridad urbana": "FESU", "spanish forum": "FESU", "forum espagnol": "FESU",
    "belgian forum for prevention and urban security": "FBPSU", "belgian forum for urban security": "FBPSU",
    "forum belge pour la prevention et la securite urbaine": "FBPSU", "belgian forum": "FBPSU",
    "forum belge": "FBPSU", "belgisch forum": "FBPSU",
    "portuguese forum for urban security": "FPSU", "forum portugues para a seguranca urbana": "FPSU",
    "portuguese forum": "FPSU", "forum portugais": "FPSU",
    "luxembourg forum for urban security": "FLSU", "luxembourgish forum": "FLSU",
    # French, Italian, Spanish and German wordings of the forums
    "forum allemand": "DEFUS", "forum allemand pour la securite urbaine": "DEFUS",
    "forum germano-europeen pour la securite urbaine": "DEFUS", "forum germano-europeen": "DEFUS",
    "deutsches forum": "DEFUS",
    "forum italien": "FISU", "forum italien pour la securite urbaine": "FISU", "forum italiano": "FISU",
    "forum espagnol pour la securite urbaine": "FESU", "foro espanol": "FESU",
    "forum portugais pour la securite urbaine": "FPSU", "forum portugues": "FPSU",
    "forum luxembourgeois": "FLSU", "foro europeo para la seguridad urbana": "Efus",
    "forum europeo per la sicurezza urbana": "Efus", "europaisches forum fur urbane sicherheit": "Efus",
    # the forums' acronyms and names in their own languages
    "fepsu": "FESU", "foro espanol para la prevencion y la seguridad urbana": "FESU",
    "fppsu": "FPSU", "forum portugues para a prevencao e seguranca urbana": "FPSU",
    "forum europeu para a seguranca urbana": "Efus", "forum europeu": "Efus", "foro europeo": "Efus",
    "forum europeo": "Efus", "europaisches forum": "Efus", "europees forum voor stedelijke veiligheid": "Efus",
    "europees forum": "Efus", "forum italiano per la sicurezza urbana e la prevenzione": "FISU",
    "belgisch forum voor preventie en veiligheid in de steden": "FBPSU",
}
# "Deutsch Europäisches Forum", "forum-francais pour …": a space for a hyphen and a hyphen for a space
NETWORK_ALIASES = {re.sub(r"[\s-]+", " ", k): v for k, v in NETWORK_ALIASES.items()}
NETWORK_RE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(k).replace(r"\ ", r"[\s-]+")
                              for k in sorted(NETWORK_ALIASES, key=len, reverse=True)) + r")(?![\w])"
)


#: a word that every name of a network has (its acronym, or "forum"): a quick look before NETWORK_RE's
_NETWORK_HINT = re.compile("|".join(sorted({"forum", "foro"} | {re.escape(alias.split()[0]) for alias in NETWORK_ALIASES
                                                                 if "forum" not in alias and "foro" not in alias})))


def alias_of(matched: str) -> str:
    """The alias key of a matched name: ``alias_of("deutsch-europaisches  forum") == "deutsch europaisches forum"``."""
    return re.sub(r"[\s-]+", " ", matched)
ACRONYM_IN_PARENS = re.compile(r"\(\s*([A-Z][A-Za-z\-]{2,9})\s*\)")
NATIONAL_FORUMS = re.compile(r"\b(national|nationale|nazionale|nacional)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def network_name(text: str, country: str | None = None) -> str | None:
    """Canonical short network name mentioned in text, or None.

    ``network_name("the National Forum (FFSU)") == "FFSU"``; a forum named only in words maps
    to its acronym; "the National Forum" alone maps through the city's country.
    """
    folded = fold(text)
    m = ACRONYM_IN_PARENS.search(text)
    if m:
        key = fold(m.group(1))
        if key in NETWORK_ALIASES:
            return _acronym(key, folded, country)
    m = NETWORK_RE.search(folded)
    if m:
        return _acronym(alias_of(m.group(1)), folded, country)
    if m is None:
        acr = ACRONYM_IN_PARENS.search(text)
        if acr and ("forum" in folded or "network" in folded or "reseau" in folded):
            return acr.group(1)
    if NATIONAL_FORUMS.search(text) and ("forum" in folded or "network" in folded or "reseau" in folded):
        return national_forum(country)
    return None


def _acronym(key: str, folded: str, country: str | None) -> str:
    """The network an alias names. "FESU" is the Spanish forum's acronym, and also the European
    forum's in French and Italian (Forum européen / Forum europeo …): read as Efus when the text
    says "European", or when the profile is not Spanish and does not say "Spanish"."""
    name = NETWORK_ALIASES[key]
    if key == "fesu":
        spanish = re.search(r"\b(?:espan|espagn|spanish|spagnol)", folded) is not None
        if re.search(r"\beurop", folded) and not spanish:
            return "Efus"
        national = re.search(r"\b(?:national|nacional)", folded) is not None  # "the National Forum (FESU)"
        if country is not None and country != "Spain" and not spanish and not national:
            return "Efus"
    return name


def network_names(text: str, country: str | None = None) -> list[str]:
    """Every network named in text, in order: ``network_names("Efus and the FFSU") == ["Efus", "FFSU"]``."""
    return list(_network_names(text, country))


@functools.lru_cache(maxsize=8192)
def _network_names(text: str, country: str | None) -> tuple[str, ...]:
    """:func:`network_names`, remembered per text (as a tuple: callers get a list of their own)."""
    folded = fold(text)
    if not _NETWORK_HINT.search(folded):
        return ()
    return tuple(_acronym(alias_of(m.group(1)), folded, country) for m in NETWORK_RE.finditer(folded))


def with_short_names(text: str, country: str | None = None) -> str:
    """The text folded, each network named in it by its short name:
    ``with_short_names("La ville et le Forum français pour la sécurité urbaine") == "la ville et le FFSU"``."""
    folded = fold(text)
    return NETWORK_RE.sub(lambda m: _acronym(alias_of(m.group(1)), folded, country), folded)


def full_name(short: str | None) -> str:
    """A network's full name from its short one: ``full_name("FFSU") == "French Forum for Urban Security"``
    (unknown names come back as given)."""
    info = NETWORKS.get(short or "")
    return info.name if info else (short or "")


def national_forum(country: str | None) -> str | None:
    """The national forum of a country, if the network has one: ``national_forum("France") == "FFSU"``."""
    for info in NETWORKS.values():
        if info.country and info.country == country:
            return info.short
    return None

"""Naming the city: from the page title, the first sentence, a coat of arms, "Mayor of X", or the file name.

``city_in_title("Amiens | Efus") == "Amiens"``
"""

from __future__ import annotations

import functools
import re

from .. import values as V
from ..errors import ParseError
from .headings import section_of
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath


NAME = (r"(?:'s-|(?:St|Ste|Sts|Mt)\. ?)?[A-ZÀ-ÝŒ](?:[\w'’\-]+|(?= [A-ZÀ-Ý]))(?:[ \-](?:(?:sur|sous|les|lès|lez|le|la|de|du|del|della|dei|"
        r"des|en|am|an|der|di|upon|on|im|op|aan|den|y|and|vor|bei|zum|zur|sul|al|nel|da|do|dos|das|dei|delle|degli|"
        r"los|las|sobre|ob|unter)[ \-]|(?:nell|dell|sull|d|l)['’])*"
        r"[A-ZÀ-ÝŒ][\w'’\-]+){0,5}")

_FIRST_SENTENCE = re.compile(
    # an optional leading clause ("Located on the Somme, ", "With 133,000 inhabitants, ")
    r"^(?i:(?:[^,\n]|,(?=\d)){3,80}?, )?(?i:(?:the )?(?:city|town|municipality|commune|ville|municipalite|(?:london |royal |metropolitan |county )?borough) of |la (?:ville|commune) de |(?:il |el |o |a )?(?:comune|citta|città|ciudad|ayuntamiento|municipio|município|cidade|camara municipal|câmara municipal) (?:di |de |do |da )|die stadt )?"
    rf"({NAME})"
    # an optional bracket or apposition ("Amiens, capital of Picardy, is", "X – the capital – is")
    r"(?:\s*\([^)]{1,60}\))?(?:\s*,\s*(?:[^,\n]|,(?=\d)){3,80}?,|\s+[–—-]\s+[^–—\n]{3,80}?\s+[–—-])?"
    r"\s*,?\s+(?i:is|was|has|lies|stands|counts|covers|became|remains|boasts|offers|hosts|enjoys|combines|belongs|"
    r"borders|sits|attracts|includes|forms|est|a|se situe|se trouve|compte|ist|liegt|e|è|es|fica|constitue|devient|reste|"
    r"accueille|occupe|regroupe|dispose|s'etend|s’étend|beneficie|bénéficie|possede|possède|abrite|jouit|appartient|"
    r"fait partie|borde|domine)\b"
)
#: the same without a leading clause, for "Brenton, France, is…" where the clause would take the town
_FIRST_SENTENCE_PLAIN = re.compile(_FIRST_SENTENCE.pattern.replace("(?i:(?:[^,\\n]|,(?=\\d)){3,80}?, )?", "", 1))
#: "Brenton’s port is…": a possessive town name opening the text
_POSSESSIVE = re.compile(r"^([A-ZÀ-Ý][\w\-]+(?:[ \-][A-ZÀ-Ý][\w\-]+){0,3})['’]s\s")
#: "Ville de Mérignac, commune de …": a profile opening on the town's name and an apposition
_TOWN_OF = re.compile(rf"^(?i:ville|commune|city|town|municipality|municipalite|comune|citta|città|ciudad|cidade|stadt) (?i:de |d['’]|of |di |do |da )?({NAME})\s*[,.:;(–—-]")
#: "Bexley City Council", "Loures Municipality": the town without its institution
_INSTITUTION = re.compile(r"\s+(?:(?:city|town|borough|county|district|municipal|metropolitan borough) council|council|city hall|town hall|municipality|municipal council|city administration)$", re.IGNORECASE)
_WELCOME = re.compile(rf"^(?i:welcome to|bienvenue (?:a|à)) ({NAME})\s*[!.]?$")
_NOT_A_CITY = {"it", "this", "the", "there", "its", "city", "town", "located", "situated", "capital", "ce", "cette", "elle", "il", "la", "le", "with", "since", "in", "population", "our", "municipality", "commune", "ville"}
_MAYOR_OF = re.compile(r"\b(?:Deputy |Lord |Vice-|First Deputy |Assistant )?(?:Mayor|Maire(?: adjoint)?|Adjointe? au [Mm]aire|Bürgermeister(?:in)?|Sindaco|Alcalde(?:sa)?|Burgemeester|Bourgmestre|Échevin|Councillor)\s+(?:of|de|d’|d'|von|di|del|de la|van)\s*" + f"({NAME})")
_MAYOR_WORD = re.compile(r"Mayor|Maire|Adjoint|Bürgermeister|Sindaco|Alcalde|Burgemeester|Bourgmestre|Échevin|Councillor")
_BLASON = re.compile(r"(?:Blason|Coat[ _]of[ _]arms|Wappen|Stemma|Escudo|Armoiries|Logo|Flag|Drapeau)[ _](?:(?:de[ _]la[ _])?ville[ _]|city[ _]|commune[ _])?(?:(?:fr|de|it|es|be|pt|nl|lu|uk|en)[ _])?(.+?)(?:[ _]\(.*?\))?(?:[ _]\d+)?\.(?:svg|png|jpe?g|gif|webp)", re.IGNORECASE)


_GENERIC_TITLES = re.compile(
    r"^(efus|home|accueil|members?|member cities|city profiles?|profiles?|fiche ville|fiches villes|our members|"
    r"(?:nos |les )?(?:membres|villes membres|villes)|mitglieder|mitgliedsst[aä]dte|membri|soci|citt[aà] associate|"
    r"miembros|socios|membros|(?:our )?(?:network|cities|news)|actualit[ée]s|le r[ée]seau|"
    r"european forum for urban security|forum europ[ée]en pour la s[ée]curit[ée] urbaine|untitled|page)$",
    re.IGNORECASE,
)
_TITLE_AFFIX = re.compile(
    r"^(?:profile of(?: the (?:city|town|municipality) of)?|city profile|profile|fiche ville|fiche|ville de|ville d['’]|commune de|commune d['’]|(?:the )?city of|(?:the )?town of|"
    r"(?:the )?municipality of|(?:the )?(?:london )?borough of|profil de (?:la )?ville|profil|"
    r"citt[aà] di|comune di|ciudad de|ayuntamiento de|cidade de|c[aâ]mara municipal de|munic[ií]pio de|stadt|gemeente|"
    r"welcome to|bienvenue [aà]|member cities|members?)\b\s*[:\-–]?\s*"
    r"|\s*[:\-–]?\s*\b(?:city profile|profile|fiche ville)$",
    re.IGNORECASE,
)
_LOWER_JOINERS = {"sur", "sous", "les", "lès", "le", "la", "de", "du", "des", "en", "am", "an", "der", "di", "del",
                  "upon", "on", "im", "aux", "au", "sul", "al", "nel", "della", "dei", "delle", "degli", "da", "do",
                  "dos", "das", "los", "las", "y", "ob", "bei", "unter", "sobre"}


def is_generic_title(raw: str) -> bool:
    """A page heading that names the site or the page kind, not a town: ``is_generic_title("City profiles")``."""
    return bool(_GENERIC_TITLES.match(raw.strip(" :|–-")))


def city_in_title(raw: str) -> str | None:
    """The city named by a page title, heading or title line, without site names and affixes.

    ``city_in_title("City profile: Saint-Denis, France | Efus") == "Saint-Denis"``
    """
    for part in re.split(r"\s+[|–—:»·-]\s+|\s*\|\s*|(?<=[a-z]):\s+", raw.strip()):
        part = _TITLE_AFFIX.sub("", part.strip()).strip(" -–|:")
        part = re.sub(r"\s*\([^)]*\)\s*$", "", part)  # "Tarnow (Poland)"
        part = _INSTITUTION.sub("", part)  # "Bexley City Council"
        head, comma, tail = part.rpartition(",")
        if comma and head.strip() and V.country_name(tail) and len(tail.split()) <= 3:
            part = head.strip()  # "Tarnow, Poland"
        if part.isupper() and len(part) > 3:
            part = _title_case(part)  # "LA SEYNE-SUR-MER"
        if V.alias_of(V.fold(part)) in V.NETWORK_ALIASES or re.fullmatch(r"(?i)(?:the |le |il |el |o )?\S+ forum .{0,60}|forum .{0,60}", part):
            continue  # "FFSU", "French Forum for Urban Security": the site, not the town
        if 2 <= len(part) <= 60 and not _GENERIC_TITLES.match(part) and not section_of(part):
            return part
    return None


def _title_case(name: str) -> str:
    words = re.split(r"([ \-])", name.lower())
    out = [w if (n and w in _LOWER_JOINERS) else w[:1].upper() + w[1:] for n, w in enumerate(words)]
    return "".join(out)


@dataclass
class _CityVotes:
    found: list[tuple[str, str]] = field(default_factory=list)  # (name, source)

    def add(self, name: str | None, source: str) -> None:
        if not name:
            return
        name = name.strip(" .,;:-–\"“”")
        name = name.rstrip("’'") if name.startswith(("'s-", "’s-")) else name.strip("’'")
        name = re.sub(r"\s+", " ", name)
        name = _INSTITUTION.sub("", name)
        if not name or V.fold(name) in _NOT_A_CITY or len(name) > 60 or len(name) < 2:
            return
        if V.country_name(name) and V.fold(name) in V.COUNTRIES:
            return
        if V.network_name(name) and V.fold(name) in ("efus", "ffsu", "defus", "fisu", "fesu"):
            return
        self.found.append((name, source))

    def best(self) -> tuple[str, str] | None:
        """The name most sources agree on; ties go to the title, then the text, then the file name."""
        if not self.found:
            return None
        counts = Counter(V.slugify(name) for name, _ in self.found)
        order = {"title": 0, "text": 1, "filename": 2}
        _, (name, source) = min(
            enumerate(self.found),
            key=lambda it: (-counts[V.slugify(it[1][0])], order[it[1][1]], it[0]),
        )
        # the text's spelling (capitals, accents) beats the file name's
        for cand, src in self.found:
            if V.slugify(cand) == V.slugify(name) and src != "filename":
                return cand, src
        return name, source


def city_from_filename(path: str | None) -> str | None:
    if not path:
        return None
    stem = PurePath(path).stem
    stem = re.sub(r"^[\d_\- .]+(?=[A-Za-zÀ-ÿ])", "", stem)
    stem = re.sub(r"(?i)^(?:profile|city|fiche|ville)[-_ ]+|[-_ ]+(?:profile|city|en|fr|efus)$", "", stem)
    stem = re.sub(r"[_]+", " ", stem).strip(" -")
    if not stem or not re.search(r"[A-Za-zÀ-ÿ]", stem):
        return None
    if stem.islower():
        stem = "-".join(w[:1].upper() + w[1:] for w in stem.split("-"))
        stem = " ".join(w[:1].upper() + w[1:] for w in stem.split(" "))
    return stem


def name_city(overviews_all: list[str], text: str, title: str | None, path: str | None, file_lines, captions,
              block_texts: list[str]) -> tuple[str, str]:
    """(city, where it came from: "title", "text" or "filename") by votes of every clue the profile gives.

    Raises :class:`ParseError` when nothing names a city.
    """
    votes = _CityVotes()
    if title:
        votes.add(title, "title")
    # a first paragraph that also states a membership ("… a member of Efus since 1995") is still the overview
    overviews = overviews_all[:3]
    for text_ in overviews:
        m = _FIRST_SENTENCE.match(text_)
        if m and V.fold(m.group(1)) in V.COUNTRIES:
            m = _FIRST_SENTENCE_PLAIN.match(text_)  # "Brenton, France, is…"
        if m:
            votes.add(m.group(1), "text")
            break
        m = _TOWN_OF.match(text_)
        if m:
            votes.add(m.group(1), "text")
            break
        m = _POSSESSIVE.match(text_)
        if m and (len(re.findall(rf"\b{re.escape(V.fold(m.group(1)))}\b", V.fold(text))) >= 2
                  or V.slugify(m.group(1)) == V.slugify(city_from_filename(path) or "")):
            votes.add(m.group(1), "text")  # "Pellworth’s history…", when the text or the file name names it again
            break
    for text_ in overviews[:1]:
        m = _WELCOME.match(text_)
        if m:
            votes.add(m.group(1), "text")  # "Welcome to Amiens!"
    _more_votes(votes, overviews, text, path, file_lines, captions, block_texts)
    if title:
        return title.strip(), "title"
    best = votes.best()
    if best is None:
        raise ParseError("no city name in the text and no file name to take it from")
    return best


def _more_votes(votes: "_CityVotes", overviews: list[str], text: str, path: str | None, file_lines, captions,
                block_texts: list[str]) -> None:
    body = functools.lru_cache(maxsize=1)(lambda: V.fold(text))  # the folded text, made only if a check needs it
    first_line = city_in_title(overviews[0]) if overviews and len(overviews[0]) <= 60 else None
    if (first_line and re.fullmatch(NAME, first_line) and len(first_line.split()) <= 4
            and (len(re.findall(rf"\b{re.escape(V.fold(first_line))}\b", body())) >= 2
                 or V.slugify(first_line) == V.slugify(city_from_filename(path) or ""))):
        # a title line before the first heading that the text names again, or that the file is named after
        votes.add(first_line, "text")
    for f in file_lines:
        bm = _BLASON.search(f)
        if bm:
            votes.add(bm.group(1).replace("_", " "), "text")
    for cap in captions:
        parts = re.split(r"[-_]", cap)
        # "ClementStengel-Amiens": the town after the person, if the text names it too
        # ("Jean-Marie_Dupont" names only a person)
        if len(parts) >= 2 and parts[-1][:1].isupper() and re.search(rf"\b{re.escape(V.fold(parts[-1]))}\b", body()):
            votes.add(parts[-1], "text")
    for b in block_texts[:80]:
        if not _MAYOR_WORD.search(b):
            continue  # a quick look: _MAYOR_OF needs one of these words
        for mm in _MAYOR_OF.finditer(b):
            votes.add(mm.group(1), "text")
            break
    votes.add(city_from_filename(path), "filename")

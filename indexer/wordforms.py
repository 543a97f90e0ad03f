"""Word forms Snowball leaves apart, brought together at index and query time alike.

Two small, documented steps on top of the Snowball stemmers:

- **Derivational families** (a table): "tourism", "touristic" and "tourist" are one term, as are
  "safety", "safe", "safer" and "safely", "violence" and "violent", "radicalisation",
  "radicalization" and "radical". Each family is listed as words; the first word's stem stands
  for the family. Families are chosen from the vocabulary of urban security, where a user's word
  and a profile's word for the same theme are often siblings.
- **Joined compounds** are split into their parts, as a hyphen already splits them: "nighttime"
  and "night-time" both index "night" + "time"; "videosurveillance", "cyberbullying" likewise.

``family_stem("safer", "en") == family_stem("safety", "en")``; ``split_compound("nighttime") == ("night", "time")``
"""

from __future__ import annotations

import functools

#: word families per language (folded words; the first word names the family)
FAMILIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("tourism", "touristic", "tourist", "tourists", "touristy"),
        ("safety", "safe", "safer", "safest", "safely"),
        ("violence", "violent", "violently"),
        ("radicalisation", "radicalization", "radical", "radicalised", "radicalized", "radicalism", "radicals"),
        ("prevention", "preventive", "preventative", "prevent"),
        ("addiction", "addictive", "addicted", "addict", "addicts"),
        ("security", "secure", "securing"),
        ("insecurity", "insecure"),
        ("victim", "victims", "victimisation", "victimization", "victimised"),
        ("nightlife", "nightclub", "nightclubs"),
        ("juvenile", "juveniles"),
        ("youth", "youths", "young"),
        ("delinquency", "delinquent", "delinquents"),
        ("vandalism", "vandal", "vandals"),
        ("mediation", "mediator", "mediators"),
        ("polarisation", "polarization", "polarised", "polarized"),
        ("extremism", "extremist", "extremists"),
        ("discrimination", "discriminatory", "discriminated"),
        ("homelessness", "homeless"),
        ("urbanism", "urban", "urbanisation", "urbanization"),
    ),
    "fr": (
        ("tourisme", "touristique", "touristes", "touriste"),
        ("securite", "securitaire", "securiser"),
        ("insecurite", "insecure"),
        ("violence", "violences", "violent", "violente", "violents"),
        ("radicalisation", "radical", "radicalise", "radicalises", "radicalisme"),
        ("prevention", "preventif", "preventive", "preventifs"),
        ("toxicomanie", "toxicomane", "toxicomanes", "addiction", "addictions", "addictif"),
        ("victime", "victimes", "victimisation"),
        ("mediation", "mediateur", "mediateurs", "mediatrice"),
        ("jeunesse", "jeune", "jeunes"),
        ("delinquance", "delinquant", "delinquants"),
        ("extremisme", "extremiste", "extremistes"),
        ("discrimination", "discriminations", "discriminatoire"),
    ),
}

#: joined compounds → their parts, as the hyphenated and spaced spellings index them
COMPOUNDS: dict[str, tuple[str, ...]] = {
    "nighttime": ("night", "time"),
    "daytime": ("day", "time"),
    "videosurveillance": ("video", "surveillance"),
    "videoprotection": ("video", "protection"),
    "cyberbullying": ("cyber", "bullying"),
    "cybercrime": ("cyber", "crime"),
    "cybercrimes": ("cyber", "crimes"),
    "cybersecurity": ("cyber", "security"),
    "cyberharassment": ("cyber", "harassment"),
    "streetlighting": ("street", "lighting"),
    "streetworkers": ("street", "workers"),
    "streetworker": ("street", "worker"),
    "peacekeeping": ("peace", "keeping"),
    "policymaking": ("policy", "making"),
    "neighbourhoodwatch": ("neighbourhood", "watch"),
    "antisocial": ("anti", "social"),
    "antiracism": ("anti", "racism"),
    "antiterrorism": ("anti", "terrorism"),
    "cyberharcelement": ("cyber", "harcelement"),
    "cybercriminalite": ("cyber", "criminalite"),
    "videoverbalisation": ("video", "verbalisation"),
}


_SNOWBALL = {"en": "english", "fr": "french"}


@functools.cache
def _stemmer(lang: str):
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(_SNOWBALL[lang])


def snowball(word: str, lang: str) -> str:
    """The plain Snowball stem of a folded word (NLTK's stemmers need no data download)."""
    if word.isdigit() or len(word) < 3:
        return word
    return _stemmer(lang).stem(word)


def split_compound(word: str) -> tuple[str, ...] | None:
    """The parts of a joined compound (a folded word), or None: ``split_compound("cybercrime") == ("cyber", "crime")``."""
    return COMPOUNDS.get(word)


@functools.cache
def _family_map(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for family in FAMILIES.get(lang, ()):
        head = snowball(family[0], lang)
        for w in family:
            out.setdefault(snowball(w, lang), head)
    return out


def family_stem(word: str, lang: str) -> str:
    """The index term of a folded word: its Snowball stem, or its family's when it has one."""
    s = snowball(word, lang)
    return _family_map(lang).get(s, s)

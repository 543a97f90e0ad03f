"""What a profile page shows, from a profile and its stored passages: pure helpers shared by every backend.

``by_section([{"section": "General information", "heading": None, ...}])``
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from indexer.analysis import terms as analyse_terms

from .engine import StoredPassage

#: words every profile uses (months, "city", "member since" …): never what makes two cities alike
_GENERIC_WORDS = (
    "january february march april may june july august september october november december "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "city town ville commune municipality general member membre since depuis participated paris"
).split()


@functools.cache
def _generic_terms() -> frozenset[str]:
    return frozenset(t for lang in ("en", "fr") for w in _GENERIC_WORDS for t in analyse_terms(w, lang))


def distinctive_term_counts(passages: Iterable[StoredPassage]) -> dict[tuple[str, str], int]:
    """(text field, term) → in how many of a city's passages it stands: its words of three letters or
    more, leaving out numbers, its own name's words and words every profile uses."""
    counts: dict[tuple[str, str], int] = {}
    city_terms: set[str] = set()
    for f in passages:
        lang = f.lang or "en"
        city_terms.update(analyse_terms(f.city, lang))
        for t in analyse_terms(f.text, lang):
            if t.isdigit() or len(t) < 3 or t in city_terms or t in _generic_terms():
                continue
            counts[(f"text_{lang}", t)] = counts.get((f"text_{lang}", t), 0) + 1
    return counts


def passage_dict(f: StoredPassage) -> dict:
    """A stored passage as the API shows it."""
    return {
        "id": f.id, "city": f.city, "country": f.country, "section": f.section, "heading": f.heading,
        "network": f.network, "kind": f.kind, "years": list(f.years), "lang": f.lang, "text": f.text,
    }


def marked(passages: Iterable[StoredPassage], hl: dict) -> list[dict]:
    """Passages as the API shows them, plus `html` (escaped text, highlight's words in <mark>) and `matched`.

    ``marked(passages, {"en": Highlight(frozenset({"cctv"}))})[0]["matched"]``
    """
    from .snippets import Highlight, mark, match_spans

    out = []
    for f in passages:
        d = passage_dict(f)
        spans = match_spans(d["text"], d["lang"] or "en", hl.get(d["lang"] or "en", Highlight())) if hl else []
        d["html"] = mark(d["text"], spans)
        d["matched"] = bool(spans)
        out.append(d)
    return out


def by_section(passages: list[dict]) -> list[tuple[str, list[tuple[str | None, list[dict]]]]]:
    """Passages grouped by section, then by heading, keeping profile order."""
    out: list[tuple[str, list[tuple[str | None, list[dict]]]]] = []
    for p in passages:
        if not out or out[-1][0] != p["section"]:
            out.append((p["section"], []))
        heads = out[-1][1]
        if not heads or heads[-1][0] != p["heading"]:
            heads.append((p["heading"], []))
        heads[-1][1].append(p)
    return out


def timeline(profile: dict) -> list[tuple[str, list[dict]]]:
    """The city's network events grouped by (first) year, newest first; undated ones last."""
    groups: dict[str, list[dict]] = {}
    for ev in profile.get("events", []):
        years = ev.get("years") or []
        key = str(years[0]) if years else "Undated"
        label = f"{years[0]}–{years[-1]}" if len(years) > 1 else None
        groups.setdefault(key, []).append({**ev, "span": label})
    for m in profile.get("memberships", []):
        for field_, text in (("member_since", "Became a member"), ("executive_committee_since", "Joined the Executive Committee")):
            if m.get(field_):
                groups.setdefault(str(m[field_]), []).append(
                    {"network": m["network"], "text": text, "kind": "membership",
                     "date": None, "place": None, "span": None})
    keys = sorted((k for k in groups if k != "Undated"), reverse=True) + (["Undated"] if "Undated" in groups else [])
    return [(k, sorted(groups[k], key=lambda e: e.get("date") or "", reverse=True)) for k in keys]

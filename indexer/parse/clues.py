"""What a line inside a network block says: a membership, a committee seat, a role, an event of some kind, its place.

``event_kind("General Assembly, Paris, 2008") == "general_assembly"``
"""

from __future__ import annotations

import functools
import re

from .. import values as V
from dataclasses import dataclass, field

from ..models import Role
from .city import NAME
from .headings import network_block, section_of
from .labels import label_of
from .lines import Line


MEMBER_SINCE = re.compile(r"\b(member since|membre depuis|member from|members? since|membership since|adhesion|adherent depuis|adherente depuis|joined|mitglied seit|socio dal|miembro desde|membro desde|member\s*:|membre\s*:|member in|membre en)\b")
MEMBER_LOOSE = re.compile(r"\b(member|membre|membership|mitglied|socio|miembro|membro)\b")
EXEC_COMMITTEE = re.compile(r"(ex[ec]{1,2}u?t?i?\w*\.?\s+(?:committee|comittee|commitee|comite|board|bureau|council)|comite\s+(?:ex\w*|directeur)|executive(?!\s+(?:director|directeur|secretar|officer|summary|manager|assistant))|exekutiv\w*|vorstand|comitato esecutivo|comite ejecutivo|comissao executiva|executif)")
ROLE_LINE = re.compile(r"\b(presiden\w*|presidence|vice[- ]?presid\w*|chair\w*|co-chair\w*|treasur\w*|tresor\w*|secretar\w*|secretaire\w*|board member|member of the board|bureau|conseil d'administration|board of directors|spokes\w*|porte-parole|administrat\w*|vorsitz\w*|vicepresiden\w*)")

EVENT_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("general_assembly", re.compile(r"\b(general assembl\w*|assemblee generale|assemblees generales|assemblea generale|asamblea general|mitgliederversammlung|annual general meeting|\bAGM\b)")),
    ("lunch_debate", re.compile(r"\b(lunch[- ]debates?|dejeuners?[- ]debats?|breakfast[- ]debates?|petit[- ]dejeuner)")),
    ("working_group", re.compile(r"\b(working groups?|work groups?|workgroups?|groupes? de travail|arbeitsgruppe\w*|gruppo di lavoro|grupo de trabajo|task force|commission)")),
    ("training", re.compile(r"\b(training\w*|formations?|courses?|summer school|e-learning|webinar\w*|masterclass\w*|workshops?|ateliers?)")),
    ("conference", re.compile(r"\b(conferences?|colloques?|colloquium|congress\w*|congres|symposium|seminars?|seminaires?|forum|rencontres?|convention|summit|sommet|biennale|lecture|tagung|konferenz|convegno|jornadas?)")),
    ("mission", re.compile(r"\b(missions?|advice and assistance|support mission|accompagnement|expertise|peer review|audit)")),
    ("study", re.compile(r"\b(stud(?:y|ies)|etudes?|survey|research|enquete|publication|report|guide|diagnos\w*|evaluation)")),
    ("project", re.compile(r"\b(projects?|projets?|programmes?|programs?|scholarship|campaign|campagne|network of|initiative)")),
    ("meeting", re.compile(r"\b(meetings?|reunions?|visits?|visite|exchanges?|echanges?|committee|comite|jury|delegation)")),
)


#: every kind's keywords in one pattern, a named group per kind in EVENT_KEYWORDS order: its leftmost
#: match is the earliest keyword, and where two kinds' keywords start at the same place the first kind wins
_ANY_EVENT_KEYWORD = re.compile("|".join(f"(?P<{kind}>{pattern.pattern})" for kind, pattern in EVENT_KEYWORDS))


@functools.lru_cache(maxsize=8192)
def event_kind(text: str) -> str:
    """Kind of an event line, from the earliest keyword outside quoted titles.

    ``event_kind("Training session “Justice for Minors”, Paris, 24-25 April 2008") == "training"``

    Remembered per text: a line's kind is asked for by several readers of it.
    """
    for scope in (V._outside_quotes(text), text):
        m = _ANY_EVENT_KEYWORD.search(V.fold_same_length(scope))
        if m:
            return m.lastgroup
    return "other"


_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_WHOLE_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
_PLACE_AFTER_IN = re.compile(r"\b(?:in|a|à|en)\s+([A-ZÀ-Ý][\w'’\-]+(?:[ \-][A-ZÀ-Ý][\w'’\-]+)*)")
_PLACE_AFTER_DATE = re.compile(r"\s*[,–-]\s*(?:in |à )?(" + NAME + r")\s*\.?\s*")
_SEGMENT_CUT = re.compile(r",|;|\s[–-]\s")
_PLACE_IN_PROSE = re.compile(
    r"(?<!\w)(?:in|to|at|à)\s+([A-ZÀ-Ý][\w'’\-]+(?:[ \-][A-ZÀ-Ý][\w'’\-]+)*)\s*(?:,|\b(?:in|on)\b|$)")
_PLACE_SEGMENT = re.compile(r"^(?:in |a |en |at )?([A-ZÀ-Ý][\w'’.\-]*(?:[ \-](?:[A-ZÀ-Ý][\w'’.\-]*|sur|sous|les|le|la|de|du|des|en|am|an|der|di|del|upon|on|le|am|im))*)$")
_STOPPLACE = {"ffsu", "efus", "defus", "fisu", "fesu", "fbpsu", "fpsu", "the", "general assembly"}


def event_place(text: str) -> str | None:
    """Place of an event line: ``event_place("General Assembly, Naples, Italy, 7 December 2000") == "Naples, Italy"``."""
    scope = V._outside_quotes(text)
    dates = V.find_dates(scope)
    tail_start = dates[-1].end if dates else len(scope)
    m = _PLACE_AFTER_IN.search(scope[tail_start:])
    if m and not V.country_name(m.group(1)):
        return m.group(1)
    m = _PLACE_AFTER_DATE.fullmatch(scope[tail_start:]) if dates else None
    if m and not V.country_name(m.group(1)) and not V.network_name(m.group(1)):
        return m.group(1)  # "Rencontre, 15-16 mai 2012, Lyon"
    head = scope[: dates[0].start] if dates else scope
    segments = [s.strip(" .;:()") for s in _SEGMENT_CUT.split(head)]
    places: list[str] = []
    for i, seg in enumerate(segments):
        if i == 0 or not seg or len(seg) > 40:
            continue
        if _DIGIT.search(seg) or V.fold(seg) in _STOPPLACE or V.network_name(seg):
            continue
        if event_kind(seg) != "other" and not V.country_name(seg):
            continue
        pm = _PLACE_SEGMENT.match(seg)
        if not pm:
            continue
        if V.fold(seg) in V.COUNTRIES:
            if places:
                places.append(seg)  # "Naples, Italy"
            continue
        if places:
            break
        places.append(pm.group(1))
    if places:
        return ", ".join(places)
    # "… a training seminar organised with Efus in Lisbon, 2014", "a study visit to Barcelona in 2011"
    m = _PLACE_IN_PROSE.search(head)
    if m and not V.country_name(m.group(1)) and not V.network_name(m.group(1)) \
            and V.fold(m.group(1)) not in _STOPPLACE and not V.find_dates(m.group(1)):
        return m.group(1)
    return None


@dataclass
class MembershipDraft:
    network: str
    member_since: int | None = None
    executive_committee_since: int | None = None
    roles: list[Role] = field(default_factory=list)


LIST_LABEL = re.compile(
    r"^(?:has |have )?(?:participated|took part|attended|hosted|organi[sz]ed|co-organi[sz]ed|participations?|"
    r"(?:a |ont )?participe|(?:a |ont )?accueilli|events?|activities|evenements|activites)"
    r"(?: (?:in|to|at|a|aux?|en))?(?: the following(?: events)?)?\s*:"
)
MEMBER_OF = re.compile(r"\b(?:members?|membre|joined|adhere\w*|adherent\w*)\b[^.;]{0,80}?\b(?:since|depuis|in|en|from|seit)\s*:?\s*(?:1[89]|20)\d\d\b")


#: "Efus membership: since 2004", "Networks: Efus (since 2004), FFSU (since 2000)", "Member of Efus: 2004"
MEMBERSHIP_LINE = re.compile(r"^(?:(?:networks?|reseaux?|memberships?|adhesions?)\s*:|(?:member|membre) (?:of|de|du)\b|"
                              r"(?:efus|ffsu|defus|fisu|fesu|fbpsu|fpsu) (?:membership|member since|adhesion)\b)")


def network_segments(folded: str) -> list[tuple[str, str]]:
    """(network, its part of the line) for each network named with a year after it, first mention first."""
    marks = [(m.start(), m.end(), V.NETWORK_ALIASES[V.alias_of(m.group(1))]) for m in V.NETWORK_RE.finditer(folded)]
    out: dict[str, str] = {}
    for n, (start, name_end, net) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(folded)
        seg = folded[start:end]
        if net not in out and _YEAR.search(seg) and event_kind(folded[name_end:end]) == "other":
            out[net] = seg
    return list(out.items())


def record_membership(draft: MembershipDraft, folded: str) -> None:
    """Member and executive-committee years from one line, which may hold both.

    "Member since 2000, Executive Committee since 2007" sets both; a line with only the committee
    sets only that; a line with only membership sets only that.
    """
    em = EXEC_COMMITTEE.search(folded)
    before = folded[: em.start()] if em else folded
    if (MEMBER_SINCE.search(before) or MEMBER_OF.search(before) or not em) and _YEAR.search(before):
        draft.member_since = draft.member_since or V.since_year(before)
    if em:
        # the first year stated wins: "Re-elected to the Executive Committee in 2012" keeps "since 2008"
        draft.executive_committee_since = draft.executive_committee_since or V.since_year(folded[em.start():])


#: "Member since 2004 (founding member of the FFSU)": the block's own membership, another network aside
OWN_MEMBERSHIP = re.compile(r"^(?:member since|membre depuis|member from|mitglied seit|socio dal|miembro desde|membro desde)"
                             r"\s*:?\s*(?:\S+\s+)?(?:1[89]|20)\d\d\b")
_OFFICE_WORDS = re.compile(r"\b(?:members?|membre|since|depuis|seit|elected|elu|re-elected|reelu|dal|desde)\b")
_MEETING_WORDS = re.compile(r"\b(?:meetings?|reunions?|sessions?|seminars?|seminaires?)\b")
#: "since 2012", "(2012", "2012-2014": an office held over a time rather than on a day
_OFFICE_TIME = re.compile(r"\b(?:since|depuis|seit|from|de|dal|desde|until|jusqu)\b|\(\s*(?:1[89]|20)\d\d|(?:1[89]|20)\d\d\s*[-–/]\s*(?:(?:1[89]|20)?\d\d)")


def exec_meeting(folded: str) -> bool:
    """A meeting of the committee ("Executive Committee meeting, Lyon, 12 March 2013") is an event."""
    if _OFFICE_WORDS.search(folded):
        return False
    return bool(_MEETING_WORDS.search(folded)) or any(
        d.iso for d in V.find_dates(folded))


def is_role_line(folded: str) -> bool:
    """An office held ("Presidency from 2012 to 2014", "Elected Vice-President in 2012"), not an event that
    names one ("Meeting with the President of Efus, Lyon, 12 May 2011")."""
    m = ROLE_LINE.search(folded)
    if any(d.iso for d in V.find_dates(folded)):
        return False
    return len(folded[: m.start()].split()) <= 1 or bool(
        _OFFICE_TIME.search(folded))


def cut_at(text: str, positions: list[int]) -> list[str]:
    """Text split at the given character positions, dropping the character at each."""
    out, start = [], 0
    for pos in positions:
        out.append(text[start:pos])
        start = pos + 1
    out.append(text[start:])
    return out


#: web-page leftovers after the last event of a block: contacts, links, "see also"
TRAILER = re.compile(
    r"^(?:contacts?|see also|voir aussi|related\b|more information|more info|for more information|further information|"
    r"pour en savoir plus|pour plus d'informations?|plus d'informations?|en savoir plus|useful links|liens? utiles|links?|liens?|"
    r"source|sources|website|site internet|e-?mail|tel|telephone|phone)\b")
_STATE_VERB = re.compile(r"\b(?:has|have|had|is|was|are|were|remains|est|sont|ont|etait|reste|a ete|ist|war|hat)\b")
_SINCE_WORD = re.compile(r"\b(?:since|depuis|seit|dal|desde|ever since)\b")
_IN_A_PLACE = re.compile(r"\b(?:in|at|a|en|to)\s+(?!the\b|la\b|le\b)[A-ZÀ-Ý]")


def about_the_city(t: str) -> bool:
    """A sentence about the city's involvement, with no event in it ("… very active in the network since 2005.")."""
    if not t.endswith(".") or len(t.split()) < 8 or event_kind(t) != "other" or any(d.iso for d in V.find_dates(t)):
        return False
    folded = V.fold(t)
    if _IN_A_PLACE.search(t[1:]) and "network" not in folded and "reseau" not in folded:
        return False  # "The deputy mayor was a speaker in Lisbon in 2012.": somewhere, something happened
    return bool(_STATE_VERB.search(folded) and _SINCE_WORD.search(folded))


def is_prose(t: str) -> bool:
    """A full sentence rather than an event title: long, ending with a full stop."""
    return len(t.split()) >= 12 and t.endswith((".", "!", "?"))


#: the words of a speaker's role under a quote ("Mayor of Amiens", "adjoint au maire")
_SPEAKER_ROLE = re.compile(r"(mayor|maire|adjoint|deputy|councillor|conseill|president|elu|elected|in charge|responsible|charge|head of|director|directeur|directrice|manager|coordinat|chef|officer|burgermeister|sindaco|alcalde|assessore|minister|city|ville|commissioner|delegate|delegue)")


def is_attribution(line: str, country: str | None) -> bool:
    if len(line) > 260 or section_of(line) or network_block(line, country) or label_of(line):
        return False
    m = ATTRIBUTION.match(line)
    if not m:
        return False
    role = V.fold(m.group(2))
    return bool(_SPEAKER_ROLE.search(role))


def is_subheading(t: str, nxt: Line | None, bullet: bool) -> bool:
    if bullet or len(t) > 80 or nxt is None or section_of(nxt.text):
        return False
    if t.endswith((".", ";", ",", "!", "?", "”", '"')) or _FOUR_DIGITS.search(t):
        return False
    if not t[:1].isupper() and not t[:1].isdigit():
        return False
    words = t.split()
    if len(words) > 10:
        return False
    return t.endswith(":") or len(nxt.text) > len(t) or nxt.bullet


QUOTE_OPEN = ("“", '"', "«", "„", "‘‘", "‟")
#: "“Security, Democracy and Cities”, Saragossa, 2010": an event whose title is quoted, not a quote
TITLE_THEN_DATE = re.compile(r"[”\"»]\s*,\s*[^”\"»“«]{0,80}\b(?:1[89]|20)\d\d\s*\)?\s*\.?\s*$")
QUOTE_CLOSE = re.compile(r"[”\"»“]\s*[.,]?\s*$")
ATTRIBUTION = re.compile(r"^(?:[—–-]\s*)?([A-ZÀ-Ý][\w’'.\-]+(?:\s+(?:[A-ZÀ-Ý][\w’'.\-]+|de|van|von|di|da|del|der|le|la)){0,4})\s*,\s*(.+)$")
#: "“Safer Nightlife Councils” – a training seminar in Lisbon, 2014": a quoted title, then what and when
_TITLE_FIRST = re.compile(r"^[“\"«„‘‟]+\s*[^”\"»“«\n]{2,160}?\s*[”\"»“]\s*(?P<rest>.*)$")


#: "'Agenda 2030' – a conference …", "‘Night mayors’: …": single quotes, closed before what the title was
_LETTER = re.compile(r"[^\W\d_]")
_TITLE_SINGLE = re.compile(r"^(?:'[^'\n]{2,160}?'|‘[^’\n]{2,160}?’)(?=\s*[–—:,(-])(?P<rest>.*)$")


def _title_first(line: str) -> re.Match[str] | None:
    """A quoted title opening the line, with what follows it as ``rest``."""
    return _TITLE_FIRST.match(line) or _TITLE_SINGLE.match(line)


def title_then_year(line: str) -> bool:
    """A line that opens with a quoted title and dates it after the title (an event, not a quote)."""
    m = _title_first(line)
    return bool(m and _WHOLE_YEAR.search(m.group("rest")))


def event_years(line: str) -> tuple[int, ...]:
    """Years of an event line; a year only inside the quoted title that opens it is the title's, not the date.

    ``event_years('"Agenda 2030" – a conference on sustainable cities') == ()``
    """
    m = _title_first(line)
    if m and _LETTER.search(m.group("rest")) and not _WHOLE_YEAR.search(m.group("rest")):
        return ()
    return V.years_in(line)


_DASH_FIRST = re.compile(r"\s*[–—:,-]")


def title_then_description(line: str, country: str | None) -> bool:
    """A line that opens with a short quoted title, then says what it was (an event even when undated).

    ``title_then_description('"Agenda 2030" – a conference on sustainable cities', "France") is True``
    """
    m = _title_first(line)
    if not m:
        return False
    title = line[: m.start("rest")]
    rest = m.group("rest")
    if len(title.split()) > 10 or not _DASH_FIRST.match(rest):
        return False
    rest = rest.lstrip(" –—:,-")
    return event_kind(rest) != "other" and not is_attribution(rest, country)

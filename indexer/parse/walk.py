"""Walking a profile's lines once, in order: each line is a heading, a quote, a fact, a membership, a
role, an event or a passage of prose, read in the context of the section and network block it sits in.

``Walker(normalise(text).lines, country="France").run()`` → blocks, sections, memberships, events, quotes
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import values as V
from ..models import FURTHER, GENERAL, NETWORK, PROJECTS, Block, Event, Quote, Role
from .clues import (
    ATTRIBUTION, EXEC_COMMITTEE, LIST_LABEL, MEMBER_SINCE, MEMBER_LOOSE, MEMBER_OF, MEMBERSHIP_LINE, OWN_MEMBERSHIP,
    QUOTE_CLOSE, QUOTE_OPEN, ROLE_LINE, TITLE_THEN_DATE, TRAILER, about_the_city, cut_at, exec_meeting,
    is_attribution, is_prose, is_role_line, is_subheading, MembershipDraft, network_segments,
    record_membership, title_then_year, event_kind, event_place, event_years,
    title_then_description,
)
from .headings import BLOCK_RE, EVENT_LABEL, heading_key, network_block, section_of
from .labels import fact_years, plausible_value, value_lines, label_of
from .lines import Line

_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
#: where a network heading's own line ends and a membership written on it starts (a colon, a dash, a dated bracket)
_HEADING_TAIL = re.compile(r":|\s[–—-]\s|\((?=[^)]*(?:1[89]|20)\d\d[^)]*\)\s*$)")
_INLINE_ATTRIBUTION = re.compile(r"[”\"»]\s*[.,]?\s*[—–-]?\s*([A-ZÀ-Ý].{3,200})$")
_QUOTE_MARKS = re.compile(r"^[“\"«„‟]+|[”\"»]\s*[.,]?\s*$")
_YEAR_HEADING = re.compile(r"((?:1[89]|20)\d\d)\s*[:：]?")
_SINCE_WORD = re.compile(r"\b(?:since|depuis|seit)\b")
_BARE_SINCE = re.compile(r"(?:since|depuis|seit|dal|desde)\s*:?\s*(?:1[89]|20)\d\d")
_MEMBER_WORD = re.compile(r"(?:member|membre|membership|adhesion|mitglied)\s*:?")
_YEAR_FIRST = re.compile(r"\s*(?:\w+\s+)?(?:1[89]|20)\d\d\b(?![.,]?\d)")
_SEMICOLON = re.compile(";")


@dataclass
class _State:
    section: str = GENERAL
    section_heading: str = ""
    heading: str | None = None
    network: str | None = None
    label: str | None = None  # last fact label seen in General information
    fresh_heading: bool = False  # a sub-heading was just seen, with no content under it yet
    explicit_sections: int = 0


@dataclass
class Walker:
    """The one pass over the lines; each ``_…`` step returns True when it has taken the line."""

    lines: list[Line]
    country: str | None
    blocks: list[Block] = field(default_factory=list)
    sections: list[tuple[str, str, list[str]]] = field(default_factory=list)
    memberships: dict[str, MembershipDraft] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    state: _State = field(default_factory=_State)
    i: int = 0

    def run(self) -> "Walker":
        while self.i < len(self.lines):
            line = self.lines[self.i]
            self.i += 1
            self._step(line)
        return self

    def _step(self, line: Line) -> None:
        t = line.text
        if self._section_heading(line, t) or self._network_heading(line, t):
            return
        self._implicit_network(t)
        if self._quote(t) or self._membership_sentence(t) or self._fact(t):
            return
        if self.state.network is not None:
            self._block_line(line, t)
            return
        if self._subheading(line, t):
            return
        self._prose(t)

    # -- helpers

    def add_block(self, kind: str, text: str, years: tuple[int, ...], network: str | None = None,
                  heading: str | None = None) -> None:
        state = self.state
        self.blocks.append(Block(state.section, heading if heading is not None else state.heading,
                                 network, kind, years, text))
        if not self.sections or self.sections[-1][0] != state.section:
            self.sections.append((state.section, state.section_heading, []))
        self.sections[-1][2].append(text)

    def membership(self, net: str) -> MembershipDraft:
        if net not in self.memberships:
            self.memberships[net] = MembershipDraft(net)
        return self.memberships[net]

    def _next(self) -> Line | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    # -- headings

    def _section_heading(self, line: Line, t: str) -> bool:
        """Main section headings."""
        sec = section_of(t) if not line.bullet or len(t) < 40 else None
        if not sec:
            return False
        state = self.state
        state.section, state.section_heading = sec, t
        state.heading, state.network, state.label = None, None, None
        state.explicit_sections += 1
        if not self.sections or self.sections[-1][0] != sec:
            self.sections.append((sec, t, []))
        return True

    def _network_heading(self, line: Line, t: str) -> bool:
        """Network blocks ("The city and Efus")."""
        state = self.state
        net = network_block(t, self.country) if not line.bullet else None
        if net and state.section in (FURTHER, PROJECTS) and not BLOCK_RE.match(heading_key(t)):
            net = None  # "DEFUS e.V." in Further information names a partner, it opens no block
        if not net:
            return False
        if state.section != NETWORK:
            state.section, state.section_heading = NETWORK, ""
        state.network, state.heading, state.label = net, t, None
        self.membership(net)
        split = _HEADING_TAIL.search(t)
        if split and _YEAR.search(t[split.end():]):
            # "The city and Efus: member since 2003", "… – member since 2003", "The city and the FFSU (since 2000)"
            self.lines.insert(self.i, Line(t[split.end():].strip().rstrip(")").strip()))
            state.heading = t[: split.start()].strip()
        return True

    def _implicit_network(self, t: str) -> None:
        """A network section whose first block has no heading: the profile's own network, Efus."""
        state = self.state
        if not (state.section == NETWORK and state.network is None and not t.startswith(QUOTE_OPEN)):
            return
        folded = V.fold(t).replace("’", "'")
        membership_line = (MEMBER_SINCE.search(folded) or EXEC_COMMITTEE.search(folded)) and _YEAR.search(t)
        if membership_line or (EVENT_LABEL.match(folded) and len(t) < 40):
            named = V.network_names(t)
            implicit = named[0] if named else ("Efus" if "Efus" not in self.memberships else None)
            if implicit:
                state.network = implicit
                self.membership(implicit)
                if not named:
                    self.warnings.append(f"network block without a heading; taken as Efus: {t[:80]}")

    # -- quotes, memberships stated in prose, facts

    def _quote(self, t: str) -> bool:
        """Quotes (any section; usually "In the network"), with the speaker and role when given."""
        if not (t.startswith(QUOTE_OPEN) and len(t) > 40
                and not (self.state.network is not None and (TITLE_THEN_DATE.search(t) or title_then_year(t)
                                                       or title_then_description(t, self.country)))):
            return False
        lines = self.lines
        parts = [t]
        while not QUOTE_CLOSE.search(parts[-1]) and self.i < len(lines) and len(parts) < 12:
            nxt = lines[self.i].text
            if section_of(nxt) or network_block(nxt, self.country) or lines[self.i].bullet:
                break
            parts.append(nxt)
            self.i += 1
        speaker = role = None
        quote_text = "\n".join(parts)
        inline = _INLINE_ATTRIBUTION.search(parts[-1])
        if inline and ATTRIBUTION.match(inline.group(1)):
            am = ATTRIBUTION.match(inline.group(1))
            speaker, role = am.group(1), am.group(2).rstrip(". ")
        elif self.i < len(lines) and is_attribution(lines[self.i].text, self.country):
            am = ATTRIBUTION.match(lines[self.i].text)
            speaker, role = am.group(1), am.group(2).rstrip(". ")
            quote_text += "\n" + lines[self.i].text
            self.i += 1
        body = "\n".join(parts).strip()
        body = _QUOTE_MARKS.sub("", body).strip()
        self.quotes.append(Quote(speaker, role, body))
        self.add_block("quote", quote_text, V.years_in(quote_text), self.state.network)
        return True

    def _membership_sentence(self, t: str) -> bool:
        """"The town has been a member of Efus since 2005." outside any network block."""
        state = self.state
        if not (state.network is None and state.section in (GENERAL, NETWORK) and len(t) < 240):
            return False
        folded = V.fold(t).replace("’", "'")
        nets = V.network_names(t)
        if not (nets and (MEMBER_OF.search(folded) or (MEMBERSHIP_LINE.match(folded) and _YEAR.search(t)))):
            return False
        segments = network_segments(folded)
        if len(segments) >= 2:
            # "Member of Efus since 2004 and of the FFSU since 2000": each network its own year
            for net, seg in segments:
                record_membership(self.membership(net), seg)
        else:
            record_membership(self.membership(nets[0]), folded)
        self.add_block("membership", t, V.years_in(t), nets[0])
        nxt = self._next()
        nxt_folded = V.fold(nxt.text) if nxt else ""
        if (len(t) < 80 and not t.endswith(".") and len(set(nets)) == 1 and nxt is not None
                and (state.section == NETWORK or state.explicit_sections == 0)
                and (nxt.bullet or EVENT_LABEL.match(nxt_folded) or EXEC_COMMITTEE.search(nxt_folded)
                     or _YEAR.search(nxt.text))):
            # "Member of Efus since 2012" as a line of its own opens that network's block
            state.section, state.network, state.heading = NETWORK, nets[0], None
        return True

    def _fact(self, t: str) -> bool:
        """Fact lines ("Population: 133,327 inhabitants (2011)"), the value possibly on the next lines."""
        state = self.state
        lab = label_of(t) if state.network is None else None
        nxt = self._next()
        if lab and not lab[2] and ":" not in t and not (nxt is not None and plausible_value(lab[0], nxt.text)):
            lab = None  # a bare label word ("Population") counts only with its value on the next line
        if not (lab and state.section in (GENERAL, FURTHER) or (lab and state.explicit_sections == 0)):
            return False
        fieldname, label, value = lab
        if not value:
            n = value_lines(self.lines, self.i, fieldname)
            t = "\n".join([t] + [x.text for x in self.lines[self.i: self.i + n]])
            self.i += n
        state.label = label.strip()
        if value or "\n" in t:
            self.add_block("fact", t, fact_years(fieldname, t), None, heading=label.strip())
        return True

    # -- inside a network block

    def _block_line(self, line: Line, t: str) -> None:
        """A line inside a network block: a list label, a year heading, a membership, a role, or an event."""
        read = self._block_label(t)
        if read is None:
            return
        t, folded, listed = read
        if self._committee(t, folded, listed) or self._role(t, folded, listed) or self._member(t, folded):
            return
        if self._member_without_year(t, folded):
            return
        if t.endswith((":", "：")) and not _FOUR_DIGITS.search(t) and len(t) < 80 and not line.bullet:
            self.state.heading = t.rstrip(":： ").strip()  # "Efus events the city took part in:"
            return
        self._event(line, t)

    def _block_label(self, t: str) -> tuple[str, str, bool] | None:
        """(line, folded line, whether it carried its list label); None when the line was only a heading."""
        state = self.state
        listed = False  # the line carried its list label ("Hosted: …"): an event, whatever it names
        folded = V.fold(t).replace("’", "'")
        if len(t) < 100 and not (MEMBER_SINCE.search(folded) or EXEC_COMMITTEE.search(folded)):
            folded = V.correct_words(folded)  # "Menber since: 2003"
        em = EVENT_LABEL.match(folded)
        if em and not _FOUR_DIGITS.search(t) and (len(t) < 60):
            rest = em.group(1).strip()
            state.heading = t.rstrip(":").strip() if not rest else state.heading
            if not rest:
                return None
        elif LIST_LABEL.match(folded) and _FOUR_DIGITS.search(t):
            head, _, t = t.partition(":")  # "Participated in: General Assembly, Paris, 2008"
            state.heading, t = head.strip(), t.strip()
            folded = V.fold(t).replace("’", "'")
            listed = True
        year_heading = _YEAR_HEADING.fullmatch(t)
        if year_heading:  # "2010" above that year's events
            state.heading = year_heading.group(1)
            return None
        return t, folded, listed

    def _committee(self, t: str, folded: str, listed: bool) -> bool:
        """"Member of the Executive Committee since 2008" (and a role given on the same line)."""
        state = self.state
        em_exec = EXEC_COMMITTEE.search(folded)
        if not (em_exec and _FOUR_DIGITS.search(t) and len(t) < 160 and not exec_meeting(folded) and not listed):
            return False
        draft = self.membership(state.network)
        role_after = ROLE_LINE.search(folded, em_exec.end())
        if not ROLE_LINE.search(folded):
            record_membership(draft, folded)
            self.add_block("membership", t, V.years_in(t), state.network, heading=state.heading)
            return True
        # "Member of the Executive Committee since 2008 and Vice-President since 2012",
        # "Member of the Board (Executive Committee) since 2008": the committee year and a role
        scope = folded[: role_after.start()] if role_after else folded
        if _YEAR.search(scope[em_exec.start():]):
            record_membership(draft, scope)
            draft.roles.append(Role(t, V.years_in(t)))
            self.add_block("role", t, V.years_in(t), state.network, heading=state.heading)
            return True
        return False

    def _role(self, t: str, folded: str, listed: bool) -> bool:
        """"Presidency from 2012 to 2014" and other offices in the network."""
        if (ROLE_LINE.search(folded) and len(t) < 160 and event_kind(t) in ("other", "meeting")
                and "general assembl" not in folded and is_role_line(folded) and not listed):
            yrs = V.years_in(t)
            self.membership(self.state.network).roles.append(Role(t, yrs))
            self.add_block("role", t, yrs, self.state.network, heading=self.state.heading)
            return True
        return False

    def _member(self, t: str, folded: str) -> bool:
        """"Member since 2003", or a membership of another network written inside this block."""
        state = self.state
        loose = MEMBER_LOOSE.search(folded) and (len(t) < 50 or (
            self.membership(state.network).member_since and _SINCE_WORD.search(folded)))
        other = [n for n in V.network_names(t) if n != state.network]
        if (other and len(set(other)) == 1 and len(t) < 120 and MEMBER_OF.search(folded) and not EXEC_COMMITTEE.search(folded)
                and event_kind(t) == "other" and not OWN_MEMBERSHIP.match(folded)):
            # "Member of the FFSU since 2001" inside the Efus block is about the FFSU
            record_membership(self.membership(other[0]), folded)
            self.add_block("membership", t, V.years_in(t), other[0], heading=state.heading)
            return True
        bare_since = _BARE_SINCE.fullmatch(folded)  # "(since 2000)"
        if not ((MEMBER_SINCE.search(folded) or loose or bare_since) and len(t) < 160 and _FOUR_DIGITS.search(t)):
            return False
        draft = self.membership(state.network)
        if draft.member_since and not MEMBER_SINCE.search(folded) and not bare_since and (
                len(t) < 50 or _SINCE_WORD.search(folded)):
            # "Member of the Steering Committee since 2008" after "Member since 2005": an office
            yrs = V.years_in(t)
            draft.roles.append(Role(t, yrs))
            self.add_block("role", t, yrs, state.network, heading=state.heading)
            return True
        draft.member_since = V.since_year(t)
        self.add_block("membership", t, V.years_in(t), state.network, heading=state.heading)
        return True

    def _member_without_year(self, t: str, folded: str) -> bool:
        """"Member since :" with the year on the next line, or a membership whose year is missing."""
        state = self.state
        if not ((MEMBER_SINCE.search(folded) or EXEC_COMMITTEE.search(folded)
                 or _MEMBER_WORD.fullmatch(folded))
                and not _FOUR_DIGITS.search(t) and len(t) < 80):
            return False
        nxt = self._next()
        if nxt is not None and len(nxt.text) < 60 and _YEAR_FIRST.match(nxt.text):
            year = int(_YEAR.search(nxt.text).group(0))
            if EXEC_COMMITTEE.search(folded):
                self.membership(state.network).executive_committee_since = year
            else:
                self.membership(state.network).member_since = year
            self.add_block("membership", t + "\n" + nxt.text, (year,), state.network, heading=state.heading)
            self.i += 1
            return True
        if not t.endswith((":", "：")) and len(t.split()) <= 10:
            # "Member since 20" (cut off) or "Member since the beginning": no year to take
            self.warnings.append(f"membership year not understood: {t[:80]}")
            self.add_block("membership", t, (), state.network, heading=state.heading)
            return True
        return False

    def _event(self, line: Line, t: str) -> None:
        """Everything else in a block is an event (training, conference, assembly …), or page furniture."""
        state = self.state
        cuts = [m.start() for m in _SEMICOLON.finditer(V._outside_quotes(t))] if ";" in t else []
        parts = [p.strip() for p in cut_at(t, cuts) if p.strip()]
        if len(parts) >= 2 and all(V.years_in(p) and not is_prose(p) for p in parts):
            self.lines[self.i:self.i] = [Line(p, True) for p in parts]  # "Assembly, Paris, 2008; Training, Lyon, 2009"
            return
        yrs = event_years(t)
        if not yrs and state.heading and _YEAR.fullmatch(state.heading):
            yrs = (int(state.heading),)  # under a year heading
        if not yrs and (line.trailer or TRAILER.match(V.fold(t)) or (state.heading and TRAILER.match(V.fold(state.heading)))):
            # "Contact: …", "See also: …" copied from the web page after the last event
            self.add_block("overview", t, (), None, heading=None)
            return
        if yrs and not line.bullet and about_the_city(t):
            # "The city has been very active in the network since 2005.": a passage, not an event
            self.add_block("overview", t, V.years_in(t, dates_win=False), state.network, heading=state.heading)
            return
        if not yrs and not line.bullet and is_prose(t):
            # a paragraph after the last block of a profile without headings is not an event
            self.add_block("overview", t, (), None, heading=None)
            return
        if not yrs:
            self.warnings.append(f"event without a year: {t[:120]}")
        self.events.append(Event(state.network, t, event_place(t), V.first_date(t), yrs, event_kind(t)))
        self.add_block("event", t, yrs, state.network, heading=state.heading)

    # -- free sections

    def _subheading(self, line: Line, t: str) -> bool:
        """Sub-headings in free sections (a second heading-like line in a row is content)."""
        state = self.state
        if state.fresh_heading:
            return False
        nxt = self._next()
        if state.section in (FURTHER, PROJECTS) and is_subheading(t, nxt, line.bullet):
            state.heading = t.rstrip(":： ").strip()
            state.fresh_heading = True
            return True
        if state.section == NETWORK and is_subheading(t, nxt, line.bullet) and t.endswith(":"):
            state.heading = t.rstrip(":： ").strip()
            state.fresh_heading = True
            return True
        return False

    def _prose(self, t: str) -> None:
        """A paragraph: overview, news or project text under its section and heading."""
        state = self.state
        kind = {GENERAL: "overview", NETWORK: "event", PROJECTS: "project", FURTHER: "news"}[state.section]
        heading = state.heading
        if state.section == GENERAL and state.label:
            heading = state.label
        if state.section == NETWORK and kind == "event":
            kind = "overview" if not V.years_in(t) else "event"
        self.add_block(kind, t, V.years_in(t, dates_win=False), None, heading=heading)
        state.fresh_heading = False

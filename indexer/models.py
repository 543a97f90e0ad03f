"""Frozen data classes for profiles and passages: the contract between parsing, indexing and search."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

#: canonical section names, in profile order
GENERAL = "General information"
NETWORK = "In the network"
PROJECTS = "Project files"
FURTHER = "Further information"
SECTIONS = (GENERAL, NETWORK, PROJECTS, FURTHER)

PASSAGE_KINDS = ("overview", "fact", "quote", "membership", "role", "event", "news", "project")
EVENT_KINDS = (
    "training",
    "conference",
    "general_assembly",
    "lunch_debate",
    "working_group",
    "project",
    "mission",
    "study",
    "meeting",
    "other",
)


@dataclass(frozen=True)
class Twin:
    city: str
    country: str | None
    since: int | None


@dataclass(frozen=True)
class Role:
    text: str
    years: tuple[int, ...]


@dataclass(frozen=True)
class Membership:
    network: str
    member_since: int | None
    executive_committee_since: int | None
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Event:
    network: str | None
    text: str
    place: str | None
    date: str | None
    years: tuple[int, ...]
    kind: str


@dataclass(frozen=True)
class Quote:
    speaker: str | None
    role: str | None
    text: str


@dataclass(frozen=True)
class Section:
    name: str
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A unit of a profile's text with its place in the profile, as the parser found it.

    :func:`indexer.split.split_profile` turns each block into one passage.
    """

    section: str
    heading: str | None
    network: str | None
    kind: str
    years: tuple[int, ...]
    text: str


@dataclass(frozen=True)
class Source:
    """Where a profile's text came from: its corpus file and, for a fetched page, its address,
    when it was fetched and, once the site no longer has it, since when and why (``gone``)."""

    path: str
    hash: str
    url: str | None = None
    fetched: str | None = None
    gone: str | None = None


@dataclass(frozen=True)
class Translation:
    """The profile's text in another language (the same page on a bilingual site): its passages are
    searched, its facts are not counted again — the profile's facts come from its own text only."""

    lang: str
    url: str | None
    fetched: str | None
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Passage:
    """One indexed unit: a paragraph, fact line, list item or quote of one profile."""

    id: str
    profile: str
    city: str
    country: str | None
    section: str
    heading: str | None
    network: str | None
    kind: str
    years: tuple[int, ...]
    lang: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class Profile:
    slug: str
    city: str
    city_source: str
    country: str | None
    region: str | None
    population: int | None
    population_year: int | None
    website: str | None
    mayor: str | None
    safety_contract: str | None
    twinned_with: tuple[Twin, ...]
    memberships: tuple[Membership, ...]
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    sections: tuple[Section, ...]
    lang: str
    warnings: tuple[str, ...]
    source: Source | None = None
    translations: tuple[Translation, ...] = ()
    blocks: tuple[Block, ...] = field(default=(), compare=False, repr=False)

    @property
    def networks(self) -> tuple[str, ...]:
        return tuple(m.network for m in self.memberships)

    def to_dict(self) -> dict[str, Any]:
        """The profile as plain JSON-ready data (the `parse --json` contract); `translations` only
        when the profile has some."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)
                if f.name != "blocks" and (f.name != "translations" or self.translations)}


def _plain(value: Any) -> Any:
    """Dataclasses as dicts (fields in order) and tuples as lists, recursively, so JSON output is
    uniform; the values themselves are shared, not copied."""
    if type(value) in _LEAVES:
        return value
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


#: values that _plain returns as they are (checked first: most values are these)
_LEAVES = frozenset({str, int, float, bool, type(None)})


@lru_cache(maxsize=64)
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, in order, without ``blocks`` (the parser's working copy of the text)."""
    return tuple(f.name for f in fields(cls) if f.name != "blocks")

"""Where an indexing run writes: the protocol every backend's sink follows.

The build (:mod:`indexer.build`) reads the corpus, parses, splits and analyses once, and asks a sink
to write: a full rebuild into a fresh generation (a new folder, a new collection) made live in one
atomic step, or an incremental update of the live one. The embedded index's sink is
:class:`indexer.whoosh.sink.WhooshSink`; SolrCloud's lives with its engine.

``build(corpus, WhooshSink("index"))``
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Callable, Mapping, Protocol

from . import history
from .corpus import Parsed, Skipped

#: (path, path relative to the corpus, size limit in bytes): one corpus file to parse
Job = tuple[str, str, int]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ManifestEntry:
    """What the index knows of one source file."""

    source: str
    hash: str
    slug: str
    city: str
    passages: int

    @classmethod
    def from_head(cls, f: Mapping) -> "ManifestEntry":
        """From the indexer's fields of a profile's head passage (as a backend stores them)."""
        return cls(f["source"], f.get("source_hash", ""), f["profile"], f["city"], int(f.get("passage_count") or 0))


@dataclass(frozen=True)
class LiveIndex:
    """The index readers see now: its name (generation, collection), its manifest and versions."""

    name: str
    manifest: dict[str, ManifestEntry]
    versions: dict | None


@dataclass(frozen=True)
class Written:
    """What a full rebuild wrote: sources in file order, files skipped while parsing, passages."""

    generation: str
    sources: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    passages: int


class Sink(Protocol):
    name: str
    target: str  # the index folder or the backend URL, for messages

    def lock(self, timeout: float) -> AbstractContextManager[str | None]:
        """One run at a time: wait up to `timeout` s, else raise LockHeld; yields a note when the lock
        of a run that died was taken over."""

    def versions(self) -> dict:
        """What this sink's index must have been written with, or it is rebuilt."""

    def live(self) -> LiveIndex | None:
        """The live index (None: there is none yet); raises IndexOutdated when it cannot be read any more."""

    def times(self, sources: list[str] | None) -> history.Times:
        """Passage times of the live index (of these corpus files; None: all of them)."""

    def write_full(self, jobs: list[Job], previous: history.Times, now: int, progress: Progress | None) -> Written:
        """Parse and write every file into a fresh generation, checked, then made live atomically."""

    def apply(self, live: LiveIndex, remove: list[str], parsed: list[Parsed], previous: history.Times,
              now: int) -> None:
        """Remove the passages of `remove` (corpus paths) and add those of `parsed`, in one commit."""

    def totals(self) -> tuple[int, int]:
        """(passages, profiles) of the live index."""

    def tidy(self) -> None:
        """Remove what earlier runs left (generations no longer live, unfinished ones)."""

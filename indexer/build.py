"""Corpus → index, written once for every backend: scan the corpus, find what changed (by content
hash, against the live index's manifest), parse, split and analyse, and hand the documents to the
backend's sink (:mod:`indexer.sink`), one indexing run at a time.

A full rebuild writes a fresh generation and makes it live atomically; an incremental run rewrites
only the profiles of new, changed, renamed and removed files. A run killed at any point leaves the
previous index serving.

``build_index("corpus", "index").added == ("amiens.txt", "bagneux.txt")`` on a first run.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable

from . import history
from .errors import IndexOutdated, IndexUnreadable
from .corpus import Parsed, Skipped, claim_slug, parse_many, relative_path, reslug, same_city_slug, scan_corpus
from .corpus import each_with_unique_slug, unique_slugs  # noqa: F401  (the corpus side of a build, for callers)
from .read import DEFAULT_MAX_BYTES, content_hash
from .sink import ManifestEntry, Sink


@dataclass(frozen=True)
class BuildSummary:
    """What one indexing run did. `mode` is "full" or "incremental"."""

    mode: str
    generation: str
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    passages_written: int = 0
    passages_total: int = 0
    profiles_total: int = 0
    seconds: float = 0.0
    full_reason: str | None = None
    #: set when this run found the lock of a killed run and took it over
    stale_lock: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["renamed"] = [{"from": a, "to": b} for a, b in self.renamed]
        d["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        for k in ("added", "updated", "removed"):
            d[k] = list(d[k])
        return d


def build(
    corpus_dir: str | Path,
    sink: Sink,
    *,
    full: bool = False,
    lock_timeout: float = 30.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildSummary:
    """Bring a sink's index in line with the corpus. Incremental unless `full`, no index yet, or versions changed.

    `progress(done, total, phase)` is called as files are parsed and written ("indexing", in a
    full build; "parsing" then "writing" in an update) and once before the final commit
    ("committing", 0, 0).
    """
    started = time.perf_counter()
    with sink.lock(lock_timeout) as took_over:
        files, skipped = scan_corpus(corpus_dir)
        root = Path(corpus_dir)
        try:
            live = None if full else sink.live()
            reason = "requested (--full)" if full else ("no index yet" if live is None else None)
        except IndexUnreadable as exc:
            live, reason = None, f"the index could not be read ({exc})"
        except IndexOutdated:
            live, reason = None, "the index was written by an older version"
        if live is not None and live.versions != sink.versions():
            reason = f"index format changed ({live.versions} → {sink.versions()})"
            live = None
        if live is None:
            summary = _full(root, files, skipped, sink, max_bytes, progress, reason)
        else:
            summary = _incremental(root, files, skipped, sink, live, max_bytes, progress)
        sink.tidy()
    return replace(summary, seconds=round(time.perf_counter() - started, 3), stale_lock=took_over)


def build_index(corpus_dir: str | Path, index_dir: str | Path, **options) -> BuildSummary:
    """Bring the embedded index in a folder in line with the corpus (see :func:`build`)."""
    from .whoosh.sink import WhooshSink

    return build(corpus_dir, WhooshSink(index_dir), **options)


def _full(root: Path, files, skipped, sink: Sink, max_bytes: int, progress, reason: str) -> BuildSummary:
    jobs = [(str(p), relative_path(root, p), max_bytes) for p in files]
    written = sink.write_full(jobs, sink.times(None), history.now_ms(), progress)
    return BuildSummary(
        mode="full", generation=written.generation, added=written.sources,
        skipped=tuple(skipped) + written.skipped, passages_written=written.passages,
        passages_total=written.passages, profiles_total=len(written.sources), full_reason=reason,
    )


@dataclass
class ChangePlan:
    """What an incremental run has to do, from the manifest and the corpus's content hashes."""

    current: dict[str, tuple[Path, str]]
    new: list[str]
    changed: list[str]
    gone: list[str]
    renamed: list[tuple[str, str]]
    unchanged: int
    skipped: list[Skipped]


def plan_changes(root: Path, files: list[Path], skipped: list[Skipped], manifest: dict[str, ManifestEntry],
                 max_bytes: int) -> ChangePlan:
    """New, changed, removed and renamed files (by content hash) against the manifest of an index."""
    skipped = list(skipped)
    current: dict[str, tuple[Path, str]] = {}
    for p in files:
        rel = relative_path(root, p)
        try:
            if p.stat().st_size > max_bytes:
                skipped.append(Skipped(rel, f"file is {p.stat().st_size:,} bytes, over the {max_bytes:,}-byte limit"))
                continue
            current[rel] = (p, content_hash(p.read_bytes()))
        except FileNotFoundError:
            skipped.append(Skipped(rel, "file disappeared before it could be read"))
        except PermissionError:
            skipped.append(Skipped(rel, "permission denied"))
        except OSError as exc:
            skipped.append(Skipped(rel, f"cannot be read ({exc.strerror or exc})"))
    new = [rel for rel in current if rel not in manifest]
    changed = [rel for rel in current if rel in manifest and manifest[rel].hash != current[rel][1]]
    # a profile whose file is gone, or can no longer be read, leaves the index, as with --full
    gone = [rel for rel in manifest if rel not in current]
    renamed: list[tuple[str, str]] = []
    by_hash = {manifest[rel].hash: rel for rel in gone}
    for rel in new:
        old = by_hash.pop(current[rel][1], None)
        if old:
            renamed.append((old, rel))
    unchanged = len([rel for rel in current if rel in manifest and rel not in changed])
    return ChangePlan(current, new, changed, gone, renamed, unchanged, skipped)


def parse_changes(plan: ChangePlan, manifest: dict[str, ManifestEntry], max_bytes: int, progress) -> list[Parsed]:
    """Parse the changed and new files of a plan (changed first, so existing profiles keep their slugs before
    new files claim them); failures go to plan.skipped."""
    renamed_from = {b: a for a, b in plan.renamed}
    todo = plan.changed + plan.new
    jobs = [(str(plan.current[rel][0]), rel, max_bytes) for rel in todo]
    parsed = parse_many(jobs, progress) if jobs else []
    taken = {e.slug for rel, e in manifest.items() if rel not in plan.changed and rel not in plan.gone}
    ok: list[Parsed] = []
    for res in parsed:
        if res.error:
            plan.skipped.append(Skipped(res.source, res.error))
            continue
        keep = manifest.get(res.source) or manifest.get(renamed_from.get(res.source, ""))
        wanted = res.profile.slug
        if keep and keep.slug not in taken and same_city_slug(keep.slug, wanted):
            wanted = keep.slug
        slug = claim_slug(wanted, taken)
        if slug != res.profile.slug:
            reslug(res, slug)
        ok.append(res)
    return ok


def _incremental(root: Path, files, skipped, sink: Sink, live, max_bytes: int, progress) -> BuildSummary:
    plan = plan_changes(root, files, skipped, live.manifest, max_bytes)
    ok = parse_changes(plan, live.manifest, max_bytes, progress)
    failed_changed = {s.path for s in plan.skipped} & set(plan.changed)
    removed = plan.gone + sorted(failed_changed)
    if ok or removed:
        previous = sink.times([r.source for r in ok] + [old for old, _ in plan.renamed])
        sink.apply(live, removed + [r.source for r in ok if r.source in live.manifest], ok, previous, history.now_ms())
    passages, profiles = sink.totals()
    ok_sources = {r.source for r in ok}
    renamed_new = {b for _, b in plan.renamed}
    renamed_old = {a for a, _ in plan.renamed}
    return BuildSummary(
        mode="incremental", generation=live.name,
        added=tuple(r for r in plan.new if r in ok_sources and r not in renamed_new),
        updated=tuple(r for r in plan.changed if r in ok_sources),
        removed=tuple(r for r in removed if r not in renamed_old),
        renamed=tuple(plan.renamed), unchanged=plan.unchanged, skipped=tuple(plan.skipped),
        passages_written=sum(len(r.passages) for r in ok), passages_total=passages, profiles_total=profiles,
    )

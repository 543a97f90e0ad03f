"""Corpus → index: full rebuilds into a fresh generation, incremental updates, one writer at a time.

The index itself is the manifest: the first passage of every profile stores its source path,
content hash, passage count and the parsed profile, all written in the same Whoosh commit as
the passages. A run killed at any point leaves the previous commit (and generation) serving.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index as whoosh_index

from . import history, store
from .corpus import (  # noqa: F401  (scan_corpus, parse_file: the corpus side of a build, used by callers)
    Skipped, _Parsed, _claim_slug, _parse_many, _rel, _reslug, _same_city_slug, parse_file,
    parse_stream, scan_corpus,
)
from .errors import BuildFailed, IndexerError
from .lock import LOCK, WriterLock, now_iso  # noqa: F401  (LOCK: the lock file's name, for callers)
from .read import DEFAULT_MAX_BYTES, content_hash
from . import parts
from .bulk import BulkSegmentWriter
from .documents import documents as _documents  # noqa: F401  (also used by the Solr indexer)
from .codec import codec
from .schema import build_schema, versions

log = logging.getLogger(__name__)



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


@dataclass(frozen=True)
class ManifestEntry:
    """What the index knows of one source file."""

    source: str
    hash: str
    slug: str
    city: str
    passages: int





# ---------------------------------------------------------------------------------------------
# reading the manifest back from the index


def read_manifest(ix) -> dict[str, ManifestEntry]:
    """source path → entry, from the head passage of every profile in the index.

    ``read_manifest(ix)["amiens.txt"].slug == "amiens"``
    """
    out: dict[str, ManifestEntry] = {}
    with ix.searcher() as s:
        reader = s.reader()
        column = reader.column_reader("manifest") if reader.has_column("manifest") else None
        for docnum in s.document_numbers(head="1"):
            raw = column[docnum] if column is not None else b""
            if raw:
                d = json.loads(raw)
                entry = ManifestEntry(d["source"], d["hash"], d["slug"], d["city"], d["passages"])
            else:
                f = s.stored_fields(docnum)
                entry = ManifestEntry(f["source"], f.get("source_hash", ""), f["profile"], f["city"], f.get("passage_count", 0))
            out[entry.source] = entry
    return out


# ---------------------------------------------------------------------------------------------
# writing


def _live_times(index_dir: Path) -> history.Times:
    """The passage times of the live generation (empty when there is none or it cannot be read)."""
    try:
        _, ix = store.open_live(index_dir, attempts=1)
        with ix.searcher() as s:
            return history.read_times(s.reader())
    except (IndexerError, OSError, ValueError, KeyError):  # KeyError: a generation from before passage history
        return {}


def _source_times(ix, sources: list[str]) -> history.Times:
    """The passage times of the profiles read from these corpus files."""
    with ix.searcher() as s:
        docnums = [d for rel in sources for d in s.document_numbers(source=rel)]
        return history.read_times(s.reader(), docnums)


def build_index(
    corpus_dir: str | Path,
    index_dir: str | Path,
    *,
    full: bool = False,
    lock_timeout: float = 30.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildSummary:
    """Bring the index in line with the corpus. Incremental unless `full` or versions changed.

    `progress(done, total, phase)` is called as files are parsed and written ("indexing", in a
    full build; "parsing" then "writing" in an update) and once before the final commit
    ("committing", 0, 0).

    ``build_index("corpus", "index").added == ("amiens.txt", "bagneux.txt")`` on a first run.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with WriterLock(index_dir, timeout=lock_timeout) as lock:
        files, skipped = scan_corpus(corpus_dir)
        root = Path(corpus_dir)
        live = None
        full_reason = "requested (--full)" if full else None
        if not full:
            try:
                live = store.open_live(index_dir, attempts=1)
            except IndexerError:
                full_reason = "no index yet"
            else:
                if live[0].meta.get("versions") != versions():
                    full_reason = f"index format changed ({live[0].meta.get('versions')} → {versions()})"
                    live = None
        if live is None:
            summary = _full_build(root, files, skipped, index_dir, max_bytes, progress, full_reason)
        else:
            summary = _incremental(root, files, skipped, index_dir, live, max_bytes, progress)
        _clean_old_generations(index_dir)
    return replace(summary, seconds=round(time.perf_counter() - started, 3), stale_lock=lock.took_over)


def unique_slugs(parsed: Iterable[_Parsed], skipped: list[Skipped]) -> list[_Parsed]:
    """The parsed profiles of a full build, each with a slug of its own (failures appended to `skipped`)."""
    return list(_unique_slugs(parsed, skipped))


def _unique_slugs(parsed: Iterable[_Parsed], skipped: list[Skipped]) -> Iterator[_Parsed]:
    taken: set[str] = set()
    for res in parsed:
        if res.error:
            skipped.append(Skipped(res.source, res.error))
            continue
        slug = _claim_slug(res.profile.slug, taken)
        if slug != res.profile.slug:
            _reslug(res, slug)
        yield res


def _full_build(root, files, skipped, index_dir, max_bytes, progress, reason) -> BuildSummary:
    """Parse and write into a new generation: in parts (:mod:`indexer.parts`) when there are many
    files and cores, else here, parsing (in a process pool) while writing."""
    jobs = [(str(p), _rel(root, p), max_bytes) for p in files]
    previous = _live_times(index_dir)
    now = history.now_ms()
    name = f"{store.GEN_PREFIX}{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%f')}-{os.getpid()}"
    gen_path = index_dir / name
    gen_path.mkdir()
    try:
        whoosh_index.create_in(str(gen_path), build_schema()).close()
        t0 = time.perf_counter()
        n_parts = parts.parts_for(len(jobs))
        if n_parts > 1:
            written = parts.write_in_parts(gen_path, jobs, previous, now, progress, n_parts)
        else:
            written = _write_here(gen_path, jobs, previous, now, progress)
        log.info("parsed %d files and wrote %d passages in %d part(s) in %.1f s",
                 len(jobs), written.passages, n_parts, time.perf_counter() - t0)
        _check_written(gen_path, written.passages)
        store.write_meta(gen_path, {"versions": versions(), "built_at": now_iso(), "corpus": str(root)})
    except OSError as exc:
        shutil.rmtree(gen_path, ignore_errors=True)
        raise BuildFailed(f"the build failed ({exc.strerror or exc}); the previous index is still served") from exc
    except BaseException:
        shutil.rmtree(gen_path, ignore_errors=True)
        raise
    store.set_current(index_dir, name)
    return BuildSummary(
        mode="full",
        generation=name,
        added=written.sources,
        skipped=tuple(skipped) + written.skipped,
        passages_written=written.passages,
        passages_total=written.passages,
        profiles_total=len(written.sources),
        full_reason=reason,
    )


def _write_here(gen_path: Path, jobs, previous, now, progress) -> parts.PartsWritten:
    """A full build in this process: files parsed a few chunks ahead (:func:`parse_stream`) while
    the profiles before them are written."""
    ix = whoosh_index.open_dir(str(gen_path))
    skipped: list[Skipped] = []
    sources: list[str] = []
    total = 0
    writer = None
    try:
        for res in _unique_slugs(parse_stream(jobs), skipped):
            if writer is None:
                writer = BulkSegmentWriter(ix, codec=codec(), compound=False)
            for doc in _documents(res, previous, now):
                writer.add_document(**doc)
            sources.append(res.source)
            total += len(res.passages)
            if progress:
                progress(len(sources) + len(skipped), len(jobs), "indexing")
            if writer.doc_count() >= parts.SEGMENT_PASSAGES:
                writer.commit(merge=False)
                writer = None
        if progress:
            progress(0, 0, "committing")
        if writer is not None:
            writer.commit(merge=False)
    except BaseException:
        if writer is not None:
            _cancel(writer)
        raise
    return parts.PartsWritten(tuple(sources), tuple(skipped), total)


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
        rel = _rel(root, p)
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


def parse_changes(plan: ChangePlan, manifest: dict[str, ManifestEntry], max_bytes: int, progress) -> list[_Parsed]:
    """Parse the changed and new files of a plan (changed first, so existing profiles keep their slugs before
    new files claim them); failures go to plan.skipped."""
    renamed_from = {b: a for a, b in plan.renamed}
    todo = plan.changed + plan.new
    jobs = [(str(plan.current[rel][0]), rel, max_bytes) for rel in todo]
    parsed = _parse_many(jobs, progress) if jobs else []
    taken = {e.slug for rel, e in manifest.items() if rel not in plan.changed and rel not in plan.gone}
    ok: list[_Parsed] = []
    for res in parsed:
        if res.error:
            plan.skipped.append(Skipped(res.source, res.error))
            continue
        keep = manifest.get(res.source) or manifest.get(renamed_from.get(res.source, ""))
        wanted = res.profile.slug
        if keep and keep.slug not in taken and _same_city_slug(keep.slug, wanted):
            wanted = keep.slug
        slug = _claim_slug(wanted, taken)
        if slug != res.profile.slug:
            _reslug(res, slug)
        ok.append(res)
    return ok


def _merge_segments(writer, segments):
    """An update's merge policy: segments whose passages were all replaced or removed are dropped
    (Whoosh's own policy keeps them, and every search then visits them), then small segments are
    merged as Whoosh does."""
    from whoosh.writing import MERGE_SMALL

    return MERGE_SMALL(writer, [seg for seg in segments if seg.doc_count() > 0])


def _check_written(gen_path: Path, expected: int) -> None:
    """The new generation holds every passage written; a commit that lost documents on the way
    (a writer that died, a segment that did not reach the table of contents) fails the build
    instead of going live."""
    ix = whoosh_index.open_dir(str(gen_path))
    try:
        found = ix.doc_count_all()
    finally:
        ix.close()
    if found != expected:
        raise BuildFailed(f"the build wrote {found} of {expected} passages (a writer process failed); "
                          "the previous index is still served — run the build again, and see the log above")


def _incremental(root, files, skipped, index_dir, live, max_bytes, progress) -> BuildSummary:
    gen, ix = live
    manifest = read_manifest(ix)
    plan = plan_changes(root, files, skipped, manifest, max_bytes)
    ok = parse_changes(plan, manifest, max_bytes, progress)
    new, changed, gone, renamed, unchanged, skipped = (plan.new, plan.changed, plan.gone, plan.renamed,
                                                       plan.unchanged, plan.skipped)
    failed_changed = {s.path for s in skipped} & set(changed)
    if not ok and not gone and not failed_changed:
        return _summary_incremental(gen.name, ix, new, changed, gone + sorted(failed_changed), renamed, unchanged, skipped, ok)
    try:
        writer = ix.writer(timeout=10.0, codec=codec(), compound=False)
    except whoosh_index.LockError as exc:
        raise BuildFailed("the index is locked by another writer; try again") from exc
    previous = _source_times(ix, [r.source for r in ok] + [old for old, _ in renamed])
    now = history.now_ms()
    try:
        for rel in gone + [r.source for r in ok if r.source in manifest] + sorted(failed_changed):
            writer.delete_by_term("source", rel)
        for res in ok:
            for doc in _documents(res, previous, now):
                writer.add_document(**doc)
        writer.commit(mergetype=_merge_segments)
    except OSError as exc:
        _cancel(writer)
        raise BuildFailed(f"the update failed ({exc.strerror or exc}); the previous index is still served") from exc
    except BaseException:
        _cancel(writer)
        raise
    ix = whoosh_index.open_dir(str(gen.path))
    return _summary_incremental(gen.name, ix, new, changed, gone + sorted(failed_changed), renamed, unchanged, skipped, ok)


def _cancel(writer) -> None:
    """Abandon a writer's uncommitted work; the files it leaves are cleaned by the next commit."""
    try:
        writer.cancel()
    except OSError as exc:  # e.g. the disk is still full while closing its files
        log.warning("could not cancel the index writer cleanly: %s", exc)
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except OSError:
                pass


def _summary_incremental(name, ix, new, changed, gone, renamed, unchanged, skipped, ok) -> BuildSummary:
    ok_sources = {r.source for r in ok}
    renamed_new = {b for _, b in renamed}
    renamed_old = {a for a, _ in renamed}
    with ix.searcher() as s:
        total = s.doc_count()
        profiles = len(list(s.document_numbers(head="1")))
    return BuildSummary(
        mode="incremental",
        generation=name,
        added=tuple(r for r in new if r in ok_sources and r not in renamed_new),
        updated=tuple(r for r in changed if r in ok_sources),
        removed=tuple(r for r in gone if r not in renamed_old),
        renamed=tuple(renamed),
        unchanged=unchanged,
        skipped=tuple(skipped),
        passages_written=sum(len(r.passages) for r in ok),
        passages_total=total,
        profiles_total=profiles,
    )


def _clean_old_generations(index_dir: Path) -> None:
    """Remove every generation but the live one (only ever called under the writer lock)."""
    live = store.current_name(index_dir)
    for path in store.generations(index_dir):
        if path.name != live:
            shutil.rmtree(path, ignore_errors=True)
    for pattern in (f".{store.CURRENT}.*.tmp", f".{LOCK}.*.tmp"):
        for tmp in index_dir.glob(pattern):
            tmp.unlink(missing_ok=True)

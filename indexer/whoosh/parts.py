"""A full build in parts: one process per part parses its share of the files and writes its own segments.

The corpus's files are cut into contiguous parts (one per core, at most :data:`MAX_PARTS`). Each
part runs in a process of its own, in two steps:

1. it parses its files, keeping each parsed profile pickled (compact), and reports every file's
   slug (or why it was skipped) to the build;
2. once the build has made every slug unique across all parts — in file order, as a build in one
   process does — it writes its profiles into one or more new segments of the generation
   (:class:`indexer.bulk.BulkSegmentWriter`, a segment every :data:`SEGMENT_PASSAGES` passages)
   and sends the segments back.

The build then lists every part's segments, in file order, in one table of contents: readers see
the generation only when it is complete, and only once the build makes it live. Nothing crosses
between processes but file names, slugs and segment descriptions, and the parts' commits run at the
same time as each other.

``write_in_parts(gen_path, jobs, previous, now, progress) → PartsWritten``
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import traceback
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

from whoosh import index as whoosh_index
from whoosh.index import TOC, clean_files

from .. import history
from .bulk import BulkSegmentWriter
from .codec import codec
from ..corpus import Skipped, claim_slug, die_with_parent, reslug, parse_file
from ..documents import documents
from ..errors import BuildFailed

log = logging.getLogger(__name__)

#: at most this many parts (each part's segments are visited by every search)
MAX_PARTS = 2
#: a part starts a new segment after this many passages (bounds a part's memory)
SEGMENT_PASSAGES = 400_000
#: report progress every this many files
_REPORT_EVERY = 16


@dataclass(frozen=True)
class PartsWritten:
    """What the parts wrote: sources in file order, files skipped, passages."""

    sources: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    passages: int


def parts_for(n_jobs: int) -> int:
    """How many parts a build of `n_jobs` files uses here (1: build in this process)."""
    if n_jobs < 64 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(MAX_PARTS, os.cpu_count() or 1))


def write_in_parts(gen_path: Path, jobs: list[tuple[str, str, int]], previous: history.Times, now: int,
                   progress: Callable[[int, int, str], None] | None, parts: int) -> PartsWritten:
    """Parse and write `jobs` into the new generation at `gen_path`, `parts` processes at once,
    and commit the generation's table of contents. Raises :class:`BuildFailed` when a part fails."""
    shares = [jobs[len(jobs) * k // parts: len(jobs) * (k + 1) // parts] for k in range(parts)]
    ctx = multiprocessing.get_context("fork")
    procs, conns = [], []
    try:
        for k, share in enumerate(shares):
            ours, theirs = ctx.Pipe()
            proc = ctx.Process(target=_part, args=(theirs, str(gen_path), share, previous, now, os.getpid()),
                               daemon=True, name=f"index-part-{k}")
            proc.start()
            theirs.close()
            procs.append(proc)
            conns.append(ours)
        reports = _gather(procs, conns, "parsed", len(jobs), progress, "parsing")
        renames, skipped, sources = _unique_slugs_across(reports)
        for conn in conns:
            conn.send(("slugs", renames))
        done = _gather(procs, conns, "written", len(sources), progress, "writing")
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.kill()
            proc.join()
        for conn in conns:
            conn.close()
    if progress:
        progress(0, 0, "committing")
    segments = [seg for segs, _ in done for seg in segs]
    _commit_segments(gen_path, segments)
    return PartsWritten(tuple(sources), tuple(skipped), sum(n for _, n in done))


def _gather(procs, conns, kind: str, total: int, progress, phase: str) -> list:
    """Each part's `kind` message, in part order, passing on progress; a part that fails or dies
    fails the build."""
    results: dict[int, object] = {}
    counts = [0] * len(conns)
    waiting = {conn: k for k, conn in enumerate(conns)}
    while len(results) < len(conns):
        ready = wait(list(waiting) + [p.sentinel for k, p in enumerate(procs) if k not in results])
        for item in ready:
            k = waiting.get(item)
            if k is None:  # a process ended: fine only if it sent what we wait for
                dead = [n for n, p in enumerate(procs) if p.sentinel == item][0]
                if dead not in results and not conns[dead].poll():
                    raise BuildFailed(f"an indexing process stopped (exit code {procs[dead].exitcode}); "
                                      "the previous index is still served — run the build again")
                continue
            try:
                message = item.recv()
            except EOFError:
                raise BuildFailed("an indexing process stopped without a word; the previous index is still "
                                  "served — run the build again") from None
            if message[0] == "progress":
                counts[k] = message[1]
                if progress:
                    progress(sum(counts), total, phase)
            elif message[0] == "failed":
                raise BuildFailed(f"an indexing process failed ({message[1]}); the previous index is still served")
            elif message[0] == kind:
                results[k] = message[1]
                del waiting[item]
    return [results[k] for k in range(len(conns))]


def _unique_slugs_across(reports: list[list[tuple[str, str | None, str | None]]]):
    """Every part's (source, slug, error) in file order → (renames, skipped, sources written)."""
    taken: set[str] = set()
    renames: dict[str, str] = {}
    skipped: list[Skipped] = []
    sources: list[str] = []
    for report in reports:
        for source, slug, error in report:
            if error:
                skipped.append(Skipped(source, error))
                continue
            unique = claim_slug(slug, taken)
            if unique != slug:
                renames[source] = unique
            sources.append(source)
    return renames, skipped, sources


def _commit_segments(gen_path: Path, segments: list) -> None:
    """List the parts' segments in the generation's table of contents (one commit)."""
    ix = whoosh_index.open_dir(str(gen_path))
    try:
        toc = TOC(ix.schema, segments, ix.latest_generation() + 1)
        toc.write(ix.storage, ix.indexname)
        clean_files(ix.storage, ix.indexname, toc.generation, segments)
    finally:
        ix.close()
    shutil.rmtree(gen_path / f"{ix.indexname}.tmp", ignore_errors=True)  # the writers' unused sorting space


# ---------------------------------------------------------------------------------------------
# in a part's own process


def _part(conn, gen_path: str, jobs: list[tuple[str, str, int]], previous: history.Times, now: int,
          build_pid: int) -> None:
    die_with_parent(build_pid)
    try:
        parsed: list[bytes] = []
        report: list[tuple[str, str | None, str | None]] = []
        passages = 0
        for n, job in enumerate(jobs, 1):
            res = parse_file(*job)
            report.append((res.source, None if res.error else res.profile.slug, res.error))
            if not res.error:
                parsed.append(pickle.dumps(res, pickle.HIGHEST_PROTOCOL))
                passages += len(res.passages)
            if n % _REPORT_EVERY == 0:
                conn.send(("progress", n))
        conn.send(("parsed", report))
        message = conn.recv()
        renames = message[1]
        per_segment = -(-passages // max(1, -(-passages // SEGMENT_PASSAGES)))  # even segments, none over the limit
        conn.send(("written", _write_part(conn, gen_path, parsed, renames, previous, now, per_segment)))
    except BaseException as exc:  # the build reports it and keeps the previous index serving
        log.debug("indexing part failed: %s", traceback.format_exc())
        try:
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass
    finally:
        conn.close()


def _write_part(conn, gen_path: str, parsed: list[bytes], renames: dict[str, str], previous, now, per_segment: int):
    """Write this part's profiles into new segments of about `per_segment` passages; returns
    (segments, passages written)."""
    ix = whoosh_index.open_dir(gen_path)
    segments, total, writer = [], 0, None
    for n in range(len(parsed)):
        res = pickle.loads(parsed[n])
        parsed[n] = b""  # let the pickled profile go
        if res.source in renames:
            reslug(res, renames[res.source])
        if writer is None:
            writer = BulkSegmentWriter(ix, _lk=False, codec=codec(), compound=False)
        writer.add_documents(list(documents(res, previous, now)))
        total += len(res.passages)
        if (n + 1) % _REPORT_EVERY == 0:
            conn.send(("progress", n + 1))
        if writer.doc_count() >= per_segment:
            segments.append(writer._finalize_segment())
            writer = None
    if writer is not None:
        segments.append(writer._finalize_segment())
    return segments, total

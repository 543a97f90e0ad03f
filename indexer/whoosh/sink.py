"""The embedded index as an indexing sink (see :mod:`indexer.sink`): generations in a folder, a full
rebuild written into a new one (in parts, or parsing while writing) and swapped in through
``CURRENT``, updates in one Whoosh commit; a flock keeps runs from interleaving.

The index is its own manifest: the head passage of every profile stores its source path, content
hash, passage count and parsed profile, in the same commit as the passages.

``build(corpus, WhooshSink("index"))``
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from whoosh import index as whoosh_index

from .. import history
from ..corpus import Parsed, Skipped, each_with_unique_slug, parse_stream
from ..documents import documents
from ..errors import BuildFailed, IndexerError, IndexOutdated
from ..lock import LOCK, WriterLock, now_iso
from ..sink import Job, LiveIndex, ManifestEntry, Written
from . import parts, store
from .bulk import BulkSegmentWriter
from .codec import codec
from .schema import build_schema, versions

log = logging.getLogger(__name__)


class WhooshSink:
    name = "whoosh"

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self.target = str(index_dir)

    @contextmanager
    def lock(self, timeout: float) -> Iterator[str | None]:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with WriterLock(self.index_dir, timeout=timeout) as lock:
            yield lock.took_over

    def versions(self) -> dict:
        return versions()

    def live(self) -> LiveIndex | None:
        try:
            gen, ix = store.open_live(self.index_dir, attempts=1)
        except IndexOutdated:  # also an unreadable one: the build rebuilds it and says why
            raise
        except IndexerError:
            return None
        return LiveIndex(gen.name, read_manifest(ix), gen.meta.get("versions"))

    def times(self, sources: list[str] | None) -> history.Times:
        try:
            _, ix = store.open_live(self.index_dir, attempts=1)
            with ix.searcher() as s:
                docnums = None if sources is None else [d for rel in sources for d in s.document_numbers(source=rel)]
                return read_times(s.reader(), docnums)
        except (IndexerError, OSError, ValueError, KeyError):  # KeyError: a generation from before passage history
            return {}

    def write_full(self, jobs: list[Job], previous: history.Times, now: int, progress) -> Written:
        """Parse and write into a new generation: in parts (:mod:`.parts`) when there are many files and
        cores, else here, parsing (in a process pool) while writing; checked, then made live."""
        name = f"{store.GEN_PREFIX}{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%f')}-{os.getpid()}"
        gen_path = self.index_dir / name
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
            store.write_meta(gen_path, {"versions": versions(), "built_at": now_iso()})
        except OSError as exc:
            shutil.rmtree(gen_path, ignore_errors=True)
            raise BuildFailed(f"the build failed ({exc.strerror or exc}); the previous index is still served") from exc
        except BaseException:
            shutil.rmtree(gen_path, ignore_errors=True)
            raise
        store.set_current(self.index_dir, name)
        return Written(name, written.sources, written.skipped, written.passages)

    def apply(self, live: LiveIndex, remove: list[str], parsed: list[Parsed], previous: history.Times,
              now: int) -> None:
        gen, ix = store.open_live(self.index_dir, attempts=1)
        try:
            writer = ix.writer(timeout=10.0, codec=codec(), compound=False)
        except whoosh_index.LockError as exc:
            raise BuildFailed("the index is locked by another writer; try again") from exc
        try:
            for rel in remove:
                writer.delete_by_term("source", rel)
            for res in parsed:
                for doc in documents(res, previous, now):
                    writer.add_document(**doc)
            writer.commit(mergetype=_merge_segments)
        except OSError as exc:
            _cancel(writer)
            raise BuildFailed(f"the update failed ({exc.strerror or exc}); the previous index is still served") from exc
        except BaseException:
            _cancel(writer)
            raise

    def totals(self) -> tuple[int, int]:
        _, ix = store.open_live(self.index_dir, attempts=1)
        with ix.searcher() as s:
            return s.doc_count(), len(list(s.document_numbers(head="1")))

    def tidy(self) -> None:
        """Remove every generation but the live one (only ever called under the writer lock)."""
        live = store.current_name(self.index_dir)
        for path in store.generations(self.index_dir):
            if path.name != live:
                shutil.rmtree(path, ignore_errors=True)
        for pattern in (f".{store.CURRENT}.*.tmp", f".{LOCK}.*.tmp"):
            for tmp in self.index_dir.glob(pattern):
                tmp.unlink(missing_ok=True)


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
                entry = ManifestEntry.from_head(s.stored_fields(docnum))
            out[entry.source] = entry
    return out


def read_times(reader, docnums: Iterable[int] | None = None) -> history.Times:
    """The times of the passages of an open Whoosh reader (all of them, or `docnums`)."""
    out: history.Times = {}
    if not reader.has_column("history"):
        return out
    column = reader.column_reader("history")
    return history.collect(column[d] for d in (reader.all_doc_ids() if docnums is None else docnums))


def _write_here(gen_path: Path, jobs, previous, now, progress) -> parts.PartsWritten:
    """A full build in this process: files parsed a few chunks ahead (:func:`parse_stream`) while
    the profiles before them are written."""
    ix = whoosh_index.open_dir(str(gen_path))
    skipped: list[Skipped] = []
    sources: list[str] = []
    total = 0
    writer = None
    try:
        for res in each_with_unique_slug(parse_stream(jobs), skipped):
            if writer is None:
                writer = BulkSegmentWriter(ix, codec=codec(), compound=False)
            writer.add_documents(list(documents(res, previous, now)))
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

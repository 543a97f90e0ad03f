"""Where the index lives on disk: generations, the CURRENT pointer, opening the live one.

Layout of an index directory::

    index/CURRENT            name of the live generation (replaced atomically with os.replace)
    index/gen-<stamp>/       one complete Whoosh index + meta.json
    index/write.lock         held by the one indexing run allowed at a time

A reader resolves CURRENT, then opens that generation. A full rebuild writes a new generation
and swaps CURRENT; an incremental run commits into the live generation (Whoosh commits are
atomic for readers). Readers therefore never see a half-written index.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from ..errors import IndexMissing, IndexOutdated, IndexUnreadable


def _memoise_missing_length_columns() -> None:
    """Make Whoosh remember that a field has no length column instead of asking the disk again.

    Whoosh 2.7's ``W3PerDocReader._cached_reader`` caches the column readers it finds but not
    the ones that are missing, so a commit calls ``os.stat`` once per posting of every field
    without lengths (ID, KEYWORD, NUMERIC): about a third of a full build's commit time.
    Segments are immutable once written, so remembering "no such column" is safe.
    """
    from whoosh.codec import whoosh3

    cls = whoosh3.W3PerDocReader
    if getattr(cls, "_city_search_patched", False):
        return
    original = cls._cached_reader
    missing = object()

    def _cached_reader(self, fieldname, column):
        reader = self._readers.get(fieldname, missing)
        if reader is not missing:
            return reader
        reader = original(self, fieldname, column)
        if reader is None:
            self._readers[fieldname] = None
        return reader

    cls._cached_reader = _cached_reader
    cls._city_search_patched = True


_memoise_missing_length_columns()

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
GEN_PREFIX = "gen-"
META = "meta.json"


@dataclass(frozen=True)
class Generation:
    """One complete index on disk. `commit` is Whoosh's commit counter inside it."""

    name: str
    path: Path
    commit: int
    meta: dict


def current_name(index_dir: str | Path) -> str | None:
    """The live generation's name, or None when no index was built: ``current_name("index")``."""
    try:
        name = (Path(index_dir) / CURRENT).read_text("utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name or None


def set_current(index_dir: str | Path, name: str) -> None:
    """Point readers at generation `name`, atomically."""
    index_dir = Path(index_dir)
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    tmp.write_text(name + "\n", "utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_meta(gen_path: Path) -> dict:
    try:
        return json.loads((gen_path / META).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def write_meta(gen_path: Path, meta: dict) -> None:
    tmp = gen_path / (META + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2, sort_keys=True), "utf-8")
    os.replace(tmp, gen_path / META)


def open_live(index_dir: str | Path, attempts: int = 5):
    """(Generation, whoosh Index) of the live generation; raises :class:`IndexMissing`.

    Retries when a rebuild swaps generations between reading CURRENT and opening it.
    """
    index_dir = Path(index_dir)
    last_exc: Exception | None = None
    for attempt in range(attempts):
        name = current_name(index_dir)
        if name is None:
            raise IndexMissing(str(index_dir))
        path = index_dir / name
        try:
            ix = open_index(path)
            gen = Generation(name, path, ix.latest_generation(), read_meta(path))
            return gen, ix
        except (OSError, whoosh_index.EmptyIndexError) as exc:
            last_exc = exc
            time.sleep(0.05 * (attempt + 1))
        except (AttributeError, ImportError, pickle.UnpicklingError, whoosh_index.IndexVersionError) as exc:
            # the table of contents names classes of an older version of the product
            raise IndexOutdated(str(index_dir), type(exc).__name__) from exc
        except (whoosh_index.IndexError, ValueError, EOFError, struct.error) as exc:
            raise IndexUnreadable(str(index_dir), str(exc)[:120]) from exc
    raise IndexMissing(str(index_dir)) from last_exc


def open_index(path: str | Path):
    """The Whoosh index of one generation, read with today's schema (not the one pickled in it)."""
    from .schema import build_schema

    return whoosh_index.open_dir(str(path), schema=build_schema())


def live_signature(index_dir: str | Path) -> tuple[str | None, int]:
    """A cheap fingerprint of what is live (generation name, Whoosh commit): changes on every build."""
    name = current_name(index_dir)
    if name is None:
        return None, -1
    try:
        return name, whoosh_index.TOC._latest_generation(_storage(Path(index_dir) / name), "MAIN")
    except OSError:
        return name, -1


def _storage(path: Path):
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(path))


def generations(index_dir: str | Path) -> list[Path]:
    """Every generation directory present, live or not."""
    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        return []
    return sorted(p for p in index_dir.iterdir() if p.is_dir() and p.name.startswith(GEN_PREFIX))

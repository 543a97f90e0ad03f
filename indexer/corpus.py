"""Finding the corpus's files and parsing them (in a process pool when there are many) into passages."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import IndexerError, ReadError
from .models import Passage, Profile
from .read import DEFAULT_MAX_BYTES, SUFFIXES, read_file
from .sources import profile_of
from .split import split_profile

log = logging.getLogger(__name__)

PARALLEL_PARSE_MIN_FILES = 64



@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class Parsed:
    source: str
    hash: str
    profile: Profile | None = None
    passages: list[Passage] = field(default_factory=list)
    error: str | None = None
    #: the profile as JSON, made in the parsing worker (stored on the head passage)
    profile_json: str = ""


def scan_corpus(corpus_dir: str | Path) -> tuple[list[Path], list[Skipped]]:
    """Profile files under corpus_dir (sorted), and the files that are not profiles, with why.

    ``scan_corpus("corpus")[0][0].name == "amiens.txt"``
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise IndexerError(f"No corpus folder at {root} — create it and put profiles (.txt, .html) in it")
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath)
        prefix = base.relative_to(root).as_posix()
        for name in filenames:
            if not name.startswith("."):
                found.append((name if prefix == "." else f"{prefix}/{name}", base / name))
    files: list[Path] = []
    skipped: list[Skipped] = []
    for rel, p in sorted(found, key=lambda item: item[1]):
        suffix = os.path.splitext(p.name)[1]
        if suffix.lower() in SUFFIXES:
            files.append(p)
        elif p.name.lower() not in ("readme", "readme.md", "readme.txt"):
            skipped.append(Skipped(rel, f"unsupported file type '{suffix or p.name}' (expected .txt, .html or .htm)"))
    return files, skipped


def relative_path(root: Path, path: Path) -> str:
    """Path of a scanned file relative to the corpus root, with forward slashes."""
    prefix = str(root).rstrip(os.sep) + os.sep
    text = str(path)
    if text.startswith(prefix):
        return text[len(prefix):].replace(os.sep, "/")
    return path.relative_to(root).as_posix()


def parse_file(path: str, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    """Read, parse and split one file; errors become a reason, never an exception."""
    try:
        src = read_file(path, max_bytes=max_bytes)
        profile = profile_of(src, rel)
        passages = split_profile(profile)
        if not passages:
            return Parsed(rel, src.hash, error="no text to index (only headings)")
        return Parsed(rel, src.hash, profile, passages, profile_json=profile_json(profile))
    except ReadError as exc:
        return Parsed(rel, "", error=exc.reason)
    except IndexerError as exc:
        return Parsed(rel, "", error=str(exc))
    except Exception as exc:  # a parser bug must not stop the other files
        log.exception("unexpected error parsing %s", rel)
        return Parsed(rel, "", error=f"could not be parsed ({type(exc).__name__}: {exc})")


def die_with_parent(parent: int) -> None:
    """Worker start-up: exit when the indexing process `parent` dies (even by SIGKILL), never linger.

    `parent` is the indexing process's pid, taken before the worker was started: a worker that starts
    after its parent died would otherwise take its new parent (init) for the indexing process.
    ``ProcessPoolExecutor(initializer=die_with_parent, initargs=(os.getpid(),))``
    """
    if os.getppid() != parent:
        os._exit(1)
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        if libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def profile_json(profile: Profile) -> str:
    return json.dumps(profile.to_dict(), ensure_ascii=False)


def _parse_chunk(jobs: list[tuple[str, str, int]]) -> list[Parsed]:
    return [parse_file(*job) for job in jobs]


def parse_stream(jobs: list[tuple[str, str, int]], chunk: int = 16) -> Iterator[Parsed]:
    """Each job's parsed file, in the jobs' order; with many files, parsed ahead in a process pool,
    never more than a few chunks ahead of the caller (so a build holds a bounded number of parsed
    profiles, and its writing overlaps the parsing).

    ``[p.source for p in parse_stream([("corpus/amiens.txt", "amiens.txt", 2_000_000)])] == ["amiens.txt"]``
    """
    done = 0
    if len(jobs) >= PARALLEL_PARSE_MIN_FILES and (os.cpu_count() or 1) > 1:
        workers = min(4, os.cpu_count() or 2)
        chunks = iter([jobs[i:i + chunk] for i in range(0, len(jobs), chunk)])
        try:
            # forked workers are this process's children, which is what die_with_parent watches
            fork = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
            with ProcessPoolExecutor(max_workers=workers, mp_context=fork, initializer=die_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                pending = deque(pool.submit(_parse_chunk, c) for c in islice(chunks, 2 * workers))
                try:
                    while pending:
                        results = pending.popleft().result()
                        nxt = next(chunks, None)
                        if nxt is not None:
                            pending.append(pool.submit(_parse_chunk, nxt))
                        for res in results:
                            done += 1
                            yield res
                finally:
                    for fut in pending:
                        fut.cancel()
            return
        except (OSError, RuntimeError) as exc:  # no process pool here (or it broke): parse the rest in-process
            log.warning("parallel parsing unavailable (%s); parsing in one process", exc)
    for job in jobs[done:]:
        yield parse_file(*job)


def parse_many(jobs: list[tuple[str, str, int]], progress: Callable[[int, int, str], None] | None) -> list[Parsed]:
    out: list[Parsed] = []
    for n, res in enumerate(parse_stream(jobs), 1):
        out.append(res)
        if progress:
            progress(n, len(jobs), "parsing")
    return out


def _unique_slug(slug: str, taken: set[str]) -> str:
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"


def claim_slug(slug: str, taken: set[str]) -> str:
    """`slug`, numbered if already taken (``amiens-2``), and marked as taken."""
    unique = _unique_slug(slug, taken)
    taken.add(unique)
    return unique


def same_city_slug(old: str, new: str) -> bool:
    """True when `old` is `new` or `new` made unique with a number: ``same_city_slug("amiens-2", "amiens")``."""
    return old == new or re.fullmatch(re.escape(new) + r"-\d+", old) is not None


def reslug(parsed: Parsed, slug: str) -> None:
    parsed.profile = replace(parsed.profile, slug=slug)
    parsed.passages = split_profile(parsed.profile)
    parsed.profile_json = profile_json(parsed.profile)


def unique_slugs(parsed: Iterable[Parsed], skipped: list[Skipped]) -> list[Parsed]:
    """The parsed profiles of a full build, each with a slug of its own (failures appended to `skipped`)."""
    return list(each_with_unique_slug(parsed, skipped))


def each_with_unique_slug(parsed: Iterable[Parsed], skipped: list[Skipped]) -> Iterator[Parsed]:
    taken: set[str] = set()
    for res in parsed:
        if res.error:
            skipped.append(Skipped(res.source, res.error))
            continue
        slug = claim_slug(res.profile.slug, taken)
        if slug != res.profile.slug:
            reslug(res, slug)
        yield res

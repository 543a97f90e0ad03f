"""One indexing run at a time: a lock file saying who holds it, over a kernel flock that dies with its holder."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

from .errors import LockHeld

log = logging.getLogger(__name__)

LOCK = "write.lock"
GUARD = ".write.flock"


class WriterLock:
    """One indexing run at a time: ``with WriterLock(Path("index"), timeout=5): ...``.

    Two files: ``write.lock`` says who holds the lock (pid, host, since) and is removed on a
    clean exit; ``.write.flock`` carries an advisory ``flock`` that the kernel releases when the
    holder dies, even by SIGKILL. Whoever holds the flock owns the lock, so a ``write.lock`` found
    while holding it was left by a dead run and is taken over; two runs can never both decide
    to take over the same stale lock.
    """

    def __init__(self, index_dir: Path, timeout: float = 30.0, poll: float = 0.2):
        self.path = Path(index_dir) / LOCK
        self.guard_path = Path(index_dir) / GUARD
        self.timeout = timeout
        self.poll = poll
        self.took_over: str | None = None
        self._guard: int | None = None

    def __enter__(self) -> "WriterLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.timeout
        fd = os.open(self.guard_path, os.O_CREAT | os.O_RDWR, 0o644)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            if time.monotonic() >= deadline:
                os.close(fd)
                holder = self._holder() or {}
                raise LockHeld(
                    f"another indexing run holds the lock since {holder.get('since', '?')} "
                    f"(pid {holder.get('pid', '?')} on {holder.get('host', '?')}); "
                    f"wait for it to finish or pass a longer --wait"
                )
            time.sleep(self.poll)
        self._guard = fd
        _HELD_GUARDS.add(fd)
        holder = self._holder()
        if holder is not None:
            self.took_over = f"stale lock from pid {holder.get('pid', '?')} (since {holder.get('since', '?')}) taken over"
            log.warning("%s", self.took_over)
        tmp = self.path.with_name(f".{LOCK}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": now_iso()}), "utf-8")
        os.replace(tmp, self.path)
        return self

    def _holder(self) -> dict | None:
        try:
            data = json.loads(self.path.read_text("utf-8") or "{}")
        except FileNotFoundError:
            return None
        except ValueError:
            return {"pid": "?", "since": "?"}
        return data if isinstance(data, dict) else {"pid": "?"}

    def __exit__(self, *exc) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        if self._guard is not None:
            _HELD_GUARDS.discard(self._guard)
            os.close(self._guard)  # releases the flock
            self._guard = None


#: guard descriptors this process holds; forked workers close their copies, so a worker that
#: outlives a killed run cannot keep its lock held
_HELD_GUARDS: set[int] = set()


def _close_guards_in_child() -> None:
    for fd in list(_HELD_GUARDS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_GUARDS.clear()


os.register_at_fork(after_in_child=_close_guards_in_child)


def now_iso() -> str:
    """The current UTC time as ``2026-12-04T02:24:22Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

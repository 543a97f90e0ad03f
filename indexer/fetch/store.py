"""The corpus side of a fetch: profile files written atomically, and the fetcher's sidecars.

A fetched profile is ``corpus/<name>.txt`` in the front-matter format of :mod:`indexer.frontmatter`
(one part per language). Its sidecar, ``corpus/.fetch/<name>.txt.json``, keeps what only the fetcher
needs — each page's validators (ETag, Last-Modified) and when it was last checked — so a new ETag
for the same text never changes the profile file (the indexer skips hidden folders)::

    {"file": "valmont.txt",
     "pages": {"https://site/en/valmont/": {"lang": "en", "etag": "\\"a1\\"", "last_modified": "Wed, …",
                                            "checked": "2025-03-01T10:00:00Z", "status": 200}}}
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import FetchError
from ..frontmatter import Part, render_parts, split_parts

log = logging.getLogger(__name__)

SIDECARS = ".fetch"


@dataclass(frozen=True)
class PageState:
    """What the fetcher remembers of one page between runs."""

    lang: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    checked: str | None = None
    status: int | None = None


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so a reader sees the old file or the new one, never half of either.

    ``atomic_write(Path("corpus/valmont.txt"), "---\\nsource: …")``
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def file_name_for(url: str) -> str:
    """A corpus file name from a page address: its last path segment, made safe.

    ``file_name_for("https://site.test/en/members/Valmont-sur-Serre/") == "valmont-sur-serre.txt"``
    """
    path = unquote(urlsplit(url).path).rstrip("/")
    last = path.rsplit("/", 1)[-1] or urlsplit(url).hostname or "page"
    last = re.sub(r"\.(html?|php|aspx?)$", "", last, flags=re.IGNORECASE)
    ascii_ = unicodedata.normalize("NFKD", last).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:80] or "page"
    return f"{stem}.txt"


class CorpusStore:
    """The fetched profiles of one corpus folder and their sidecars.

    ``CorpusStore("corpus").file_of("https://site.test/en/valmont/") == "valmont.txt"``
    """

    def __init__(self, corpus: str | Path):
        self.root = Path(corpus)
        if self.root.exists() and not self.root.is_dir():
            raise FetchError(f"{self.root} is a file, not a corpus folder — give --corpus a folder")
        self.pages: dict[str, PageState] = {}
        self.files: dict[str, str] = {}  # url → corpus file
        self._load()

    def _load(self) -> None:
        folder = self.root / SIDECARS
        if not folder.is_dir():
            return
        for side in sorted(folder.glob("*.json")):
            try:
                data = json.loads(side.read_text("utf-8"))
                name = str(data["file"])
                for url, page in dict(data["pages"]).items():
                    self.pages[url] = PageState(**{k: page.get(k) for k in PageState.__dataclass_fields__})
                    self.files[url] = name
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("%s: unreadable fetch sidecar, ignored (%s)", side, exc)

    def file_of(self, url: str) -> str | None:
        return self.files.get(url)

    def urls_of(self, name: str) -> list[str]:
        return [u for u, f in self.files.items() if f == name]

    def read_parts(self, name: str) -> list[Part]:
        """The parts of a fetched profile file, [] when it is missing or not a fetched profile."""
        try:
            text = (self.root / name).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        return split_parts(text) or []

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) to ask with — only while the file still holds the page's text."""
        name, state = self.files.get(url), self.pages.get(url)
        if not name or not state or not any(p.source == url and p.body.strip() for p in self.read_parts(name)):
            return None, None
        return state.etag, state.last_modified

    def free_name(self, wanted: str, taken_by_others: set[str]) -> str:
        """wanted, or wanted numbered (``valmont-2.txt``) when another file already has that name."""
        stem, n, name = wanted[:-4], 2, wanted
        while (self.root / name).exists() or name in taken_by_others:
            name = f"{stem}-{n}.txt"
            n += 1
        return name

    def write_profile(self, name: str, parts: list[Part]) -> bool:
        """Write the profile file if its text changed; True when it was written."""
        text = render_parts(parts)
        path = self.root / name
        try:
            if path.read_text("utf-8") == text:
                return False
        except (OSError, UnicodeDecodeError):
            pass
        try:
            atomic_write(path, text)
        except OSError as exc:
            raise FetchError(f"Cannot write {path} ({exc.strerror or exc}) — check the corpus folder's permissions") from exc
        return True

    def remember(self, name: str, pages: dict[str, PageState]) -> None:
        """Record the pages of one profile file in its sidecar (the only pages it holds from now on)."""
        for url in self.urls_of(name):
            if url not in pages:
                self.files.pop(url, None)
                self.pages.pop(url, None)
        for url, state in pages.items():
            self.files[url] = name
            self.pages[url] = state
        body = {"file": name, "pages": {u: {k: v for k, v in asdict(s).items() if v is not None}
                                        for u, s in pages.items()}}
        try:
            atomic_write(self._sidecar(name), json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        except OSError as exc:
            raise FetchError(f"Cannot write {self._sidecar(name)} ({exc.strerror or exc})") from exc

    def remove_profile(self, name: str) -> None:
        """Delete a profile file and its sidecar (asked for with --prune)."""
        for path in (self.root / name, self._sidecar(name)):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
        for url in self.urls_of(name):
            self.files.pop(url, None)
            self.pages.pop(url, None)

    def _sidecar(self, name: str) -> Path:
        return self.root / SIDECARS / f"{name}.json"

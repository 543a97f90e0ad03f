"""Sitemaps and robots.txt kept with their validators in the corpus's ``.fetch/cache/``, so that
reading an unchanged site again costs a 304 for them too, not a full download."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from .store import atomic_write

log = logging.getLogger(__name__)


class ResourceCache:
    """Bodies by URL with their ETag, Last-Modified and content type.

    ``ResourceCache(Path("corpus/.fetch/cache")).validators("https://site.test/robots.txt") == (None, None)``
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha1(url.encode("utf-8")).hexdigest()[:24]
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def _meta(self, url: str) -> dict:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if meta.get("url") == url and body_path.is_file() else {}

    def validators(self, url: str) -> tuple[str | None, str | None]:
        meta = self._meta(url)
        return meta.get("etag"), meta.get("last_modified")

    def get(self, url: str) -> tuple[bytes, str | None] | None:
        """(body, content type) kept for url, if any."""
        meta = self._meta(url)
        if not meta:
            return None
        try:
            return self._paths(url)[1].read_bytes(), meta.get("content_type")
        except OSError:
            return None

    def put(self, url: str, body: bytes, etag: str | None, last_modified: str | None, content_type: str | None) -> None:
        if not etag and not last_modified:
            return  # nothing to ask with next time
        meta_path, body_path = self._paths(url)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            body_path.write_bytes(body)
            atomic_write(meta_path, json.dumps({"url": url, "etag": etag, "last_modified": last_modified,
                                                "content_type": content_type}))
        except OSError as exc:
            log.warning("cannot keep %s in the fetch cache (%s)", url, exc)

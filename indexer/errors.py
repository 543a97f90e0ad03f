"""Typed errors raised by the indexer. The library raises; the CLI turns them into messages."""

from __future__ import annotations


class IndexerError(Exception):
    """Base class of every error the indexer raises on purpose."""


class ReadError(IndexerError):
    """A corpus file that cannot be turned into text. `reason` is a short, readable cause."""

    kind = "unreadable"

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFileType(ReadError):
    kind = "unsupported"


class EmptyFile(ReadError):
    kind = "empty"


class BinaryFile(ReadError):
    kind = "binary"


class FileTooLarge(ReadError):
    kind = "too_large"


class ParseError(IndexerError):
    """Text that holds no profile at all (for instance only markup or whitespace)."""


class IndexMissing(IndexerError):
    """No index has been built at the given directory (or backend URL) yet."""

    def __init__(self, index_dir: str, command: str | None = None):
        command = command or (f"profile-search index --backend {index_dir}" if "://" in str(index_dir)
                              else f"profile-search index --index {index_dir}")
        super().__init__(f"No index at {index_dir} — run `{command}` to build it")
        self.index_dir = index_dir


class IndexOutdated(IndexMissing):
    """The live index was written by an older version of the product and cannot be read."""

    def __init__(self, index_dir: str, detail: str = ""):
        IndexerError.__init__(self, f"The index at {index_dir} was built by an older version and cannot be read"
                              f"{' (' + detail + ')' if detail else ''} — run `profile-search index --index {index_dir}`"
                              " to rebuild it")
        self.index_dir = index_dir


class IndexUnreadable(IndexMissing):
    """The live index's files cannot be read (damaged, or cut short)."""

    def __init__(self, index_dir: str, detail: str = ""):
        IndexerError.__init__(self, f"The index at {index_dir} cannot be read{' (' + detail + ')' if detail else ''}"
                              f" — rebuild it with `profile-search index --full --index {index_dir}`")
        self.index_dir = index_dir


class LockHeld(IndexerError):
    """Another indexing run holds the writer lock."""


class BuildFailed(IndexerError):
    """A build could not complete; the previous index is still the one served."""


class FetchError(IndexerError):
    """A fetch run that cannot start or go on: no usable sitemap, a corpus folder that cannot be written."""


class SitemapError(FetchError):
    """The sitemap named on the command line could not be fetched or holds no page."""


class PageError(FetchError):
    """One page that was not fetched; the run goes on and reports it. `kind` says in which list:
    "failed" (tried and could not) or "skipped" (not tried on purpose, e.g. robots.txt says no)."""

    kind = "failed"

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class Disallowed(PageError):
    """robots.txt asks crawlers like ours not to fetch this address."""

    kind = "skipped"


class NotAPage(PageError):
    """The address serves something other than an HTML page (a PDF, an image…)."""

    kind = "skipped"

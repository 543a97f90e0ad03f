"""Files → text. Plain text in UTF-8 (Windows-1252 fallback), UTF-16 with a BOM, HTML via BeautifulSoup."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path


from .errors import BinaryFile, EmptyFile, FileTooLarge, ReadError, UnsupportedFileType
from .frontmatter import Part, split_parts
from .parse import city_in_title, is_generic_title

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """What a corpus file holds, as text: `title` is the city named by an HTML page, if any.

    A profile written by ``profile-search fetch`` (see :mod:`indexer.frontmatter`) also says where
    it came from (`origin`: source URL, fetch time, whether the site still has it), and holds the
    page's other languages as `translations`; `text` is then the first part's body.
    """

    path: str
    text: str
    title: str | None
    encoding: str
    hash: str
    warnings: tuple[str, ...] = ()
    origin: Part | None = None
    translations: tuple[Part, ...] = ()


def content_hash(data: bytes) -> str:
    """Stable content hash of a file's bytes: ``content_hash(b"x")[:8] == "2d711642"``."""
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Bytes → (text, encoding, warnings). UTF-8 first, UTF-16 with BOM, then Windows-1252."""
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", warnings
        except UnicodeDecodeError as exc:
            raise ReadError(path, f"declares UTF-16 but does not decode ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise BinaryFile(path, "holds binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        repaired = _repair_mojibake(text)
        if repaired != text:
            warnings.append("UTF-8 text that had been decoded as Windows-1252 once; repaired")
        return repaired, "utf-8", warnings
    text = data.decode("cp1252", errors="replace")
    warnings.append("not valid UTF-8; read as Windows-1252")
    if _looks_binary(text):
        raise BinaryFile(path, "holds binary data, not text")
    return text, "windows-1252", warnings


_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]|â€[\u0098\u0099\u009c\u009d\u201c\u201d\u2122\u02dc\u0153\u201a\u201e\u2020\u2021\u00a6]")


def _repair_mojibake(text: str) -> str:
    """Undo one round of UTF-8 read as Windows-1252 ("AmiÃ©nois" → "Amiénois"), else return text as is.

    ``_repair_mojibake("AmiÃ©nois") == "Amiénois"``
    """
    if len(_MOJIBAKE.findall(text)) < 2:
        return text
    raw = bytearray()
    for c in text:
        for codec in ("cp1252", "latin-1"):
            try:
                raw += c.encode(codec)
                break
            except UnicodeEncodeError:
                continue
        else:
            raw += c.encode("utf-8")  # "\ufffd" and other characters outside both: keep
    repaired = bytes(raw).decode("utf-8", errors="replace")
    if _MOJIBAKE.search(repaired) or repaired.count("\ufffd") > text.count("\ufffd") + 2:
        return text
    return repaired


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    control = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    return control / len(sample) > 0.05


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one corpus file as text; raise a :class:`ReadError` subclass saying why not.

    ``read_file("corpus/amiens.txt").text.startswith("1. General Information")``
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedFileType(str(p), f"unsupported file type '{suffix or p.name}' (expected .txt, .html or .htm)")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(str(p), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(str(p), "file disappeared before it could be read") from exc
    except PermissionError as exc:
        raise ReadError(str(p), "permission denied") from exc
    except IsADirectoryError as exc:
        raise ReadError(str(p), "is a directory") from exc
    except OSError as exc:
        raise ReadError(str(p), f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise FileTooLarge(str(p), f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    if not data.strip():
        raise EmptyFile(str(p), "file is empty")
    text, encoding, warnings = decode(data, str(p))
    title = None
    parts = split_parts(text) if suffix in TEXT_SUFFIXES else None
    if parts:
        parts = [q for q in parts if q.body.strip()] or parts
        origin, text, title = parts[0], parts[0].body, parts[0].title
        return _checked(SourceText(str(p), text, title, encoding, content_hash(data), tuple(warnings),
                                   replace(origin, body=""), tuple(parts[1:])))
    if suffix in HTML_SUFFIXES:
        text, title = html_to_text(text)
    return _checked(SourceText(str(p), text, title, encoding, content_hash(data), tuple(warnings)))


def _checked(src: SourceText) -> SourceText:
    if not src.text.strip():
        raise EmptyFile(src.path, "holds no readable text")
    return src


# ---------------------------------------------------------------------------------------------
# HTML

_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "form", "aside",
         "iframe", "svg", "button", "select", "input", "textarea", "object", "embed", "canvas",
         "head", "menu", "dialog")
_BLOCK = ("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "dl", "dt", "dd", "tr", "table", "blockquote", "pre", "figure",
          "figcaption", "address", "hr", "td", "th", "caption", "body")
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|footer|header|sidebar|cookie|share|social|skip|banner|related|pagination|widget|search)([\s_-]|$)",
    re.IGNORECASE,
)


def html_to_text(html: str) -> tuple[str, str | None]:
    """(text, city title) from a saved web page: main content as lines, chrome dropped."""
    from bs4 import BeautifulSoup, Comment  # imported on the first page: most runs read no HTML

    soup = BeautifulSoup(html, "html.parser")
    title = _page_title(soup)
    for c in [s for s in soup.descendants if isinstance(s, Comment)]:
        c.extract()
    for tag in _tags(soup, _DROP):
        tag.decompose()
    for tag in _tags(soup):
        if tag.attrs is None:
            continue
        marker = " ".join(
            [" ".join(tag.get("class") or []), str(tag.get("id") or ""), str(tag.get("role") or "")]
        )
        if tag.name not in ("body", "main", "article") and _BOILERPLATE.search(marker) and not _is_content(tag):
            tag.decompose()
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article") or soup.body or soup
    for h in _tags(root, ("h1",)):
        if is_generic_title(h.get_text(" ", strip=True)):
            h.decompose()  # "City profiles": the page kind, not profile text
    tags = _tags(root)  # the steps below add only text, so one look at the tags serves them all
    for br in [t for t in tags if t.name == "br"]:
        br.replace_with("\n")
    for li in [t for t in tags if t.name == "li"]:
        li.insert(0, "• ")
    for tag in [t for t in tags if t.name in _BLOCK]:
        tag.insert_before("\n")
        tag.insert_after("\n")
    for img in [t for t in tags if t.name == "img"]:
        img.decompose()
    raw = root.get_text()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.splitlines()]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip() + "\n", title


def _tags(root, names: tuple[str, ...] | None = None) -> list:
    """root's descendant tags (those named in names, when given) in document order: what
    ``root.find_all(names or True)`` finds, without the cost of its general matching."""
    from bs4 import Tag

    return [t for t in root.descendants if isinstance(t, Tag) and (names is None or t.name in names)]


def page_city(soup) -> str | None:
    """The city a parsed page (BeautifulSoup) names in its <h1> or <title>, if any.

    ``page_city(BeautifulSoup("<h1>Amiens</h1>", "html.parser")) == "Amiens"``
    """
    return _page_title(soup)


def _is_content(tag) -> bool:
    return tag.name in ("main", "article") or tag.find(["h1", "h2"]) is not None and len(tag.get_text()) > 2000


def _page_title(soup) -> str | None:
    """The city a page names: the first <h1>, else <title> — but one the page's text also names wins."""
    candidates = [h1.get_text(" ", strip=True) for h1 in soup.find_all("h1")[:3]]
    if soup.title and soup.title.string:
        candidates.append(soup.title.string)
    cities = [c for c in (city_in_title(raw) for raw in candidates) if c]
    if not cities:
        return None
    body = soup.body.get_text(" ") if soup.body else ""
    for city in cities:  # "Our members" in <h1> names no town the page talks about
        if len(re.findall(re.escape(city), body)) >= 2:
            return city
    return cities[0]

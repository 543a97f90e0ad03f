"""A fetched web page → the profile's text: the page's main content with its headings, bullets and
``Label: value`` lines (what :mod:`indexer.parse` reads), without the site's navigation, footer,
sidebars, cookie banner, language switcher or share buttons; plus what the page says of itself
(language, the same page in other languages, canonical address, the city its title names).

Our own BeautifulSoup rules won against trafilatura on the fixtures (docs/FETCH.md has the figures):
a profile is mostly short fact lines and lists, which a general article extractor treats as
boilerplate. The rules know WordPress's markup and hand the content to the reader's own HTML → text
step, so a fetched page and a saved page become text the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..read import decode, html_to_text, page_city

#: class or id words of page furniture, as WordPress themes and plugins name it
_CHROME = re.compile(
    r"(^|[\s_-])("
    r"cookies?|cn|cmplz|gdpr|consent|"  # cookie banners (Cookie Notice, Complianz, GDPR plugins)
    r"lang-item|wpml-ls|pll|polylang|language|languages|lang-switch|language-switcher|trp-language-switcher|"
    r"sharedaddy|sd-sharing|share|sharing|social|jp-relatedposts|related|"
    r"screen-reader-text|skip-link|breadcrumbs?|yoast-breadcrumb|"
    r"widget|widget-area|sidebar|secondary|"
    r"post-navigation|nav-links|navigation|comments-area|comment-respond|"
    r"entry-meta|entry-footer|edit-link|site-header|site-footer|colophon|masthead"
    r")([\s_-]|$)",
    re.IGNORECASE,
)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "nav", "aside", "footer",
              "button", "select", "svg", "dialog")
_DROP_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog")
_ROOTS = (".entry-content", ".post-content", ".page-content", "article", "main", "[role=main]", "#content",
          "#primary")


@dataclass(frozen=True)
class Page:
    """What a page holds for the corpus: `text` its main content as lines, `title` the city it
    names, `lang` its declared language, `alternates` the same page in other languages (hreflang →
    absolute URL), `canonical` the address it calls its own; `warnings` from decoding."""

    text: str
    title: str | None
    lang: str | None
    alternates: tuple[tuple[str, str], ...]
    canonical: str | None
    warnings: tuple[str, ...] = ()


def decode_page(body: bytes, content_type: str | None) -> tuple[str, list[str]]:
    """Page bytes → text: the declared charset when it decodes, else UTF-8, else Windows-1252 (with a warning).

    ``decode_page("é".encode("latin-1"), "text/html; charset=utf-8")[0] == "é"``
    """
    m = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    declared = m.group(1).lower() if m else None
    if declared and declared.replace("-", "").replace("_", "") not in ("utf8", "usascii", "ascii"):
        try:
            return body.decode(declared), []
        except (LookupError, UnicodeDecodeError):
            pass
    text, encoding, warnings = decode(body, "page")
    if declared and encoding != "utf-8" and warnings:
        warnings = [f"declared {declared.upper()} but is not; read as {encoding.title()}"]
    return text, warnings


def _alternates(soup, base: str) -> tuple[tuple[str, str], ...]:
    """The page's other languages as (language, absolute URL): its hreflang links in <head>, or, when
    it has none, the language switcher's links (which may point at a home page: see :mod:`.groups`)."""
    links = [t for t in soup.find_all("link", hreflang=True) if "alternate" in (t.get("rel") or [])]
    found: dict[str, str] = {}
    for tag in links or soup.find_all("a", hreflang=True):
        lang, href = str(tag.get("hreflang")).strip().lower(), tag.get("href")
        if not href or lang == "x-default":
            continue
        url = urljoin(base, str(href)).split("#")[0]
        if urlsplit(url).scheme in ("http", "https"):
            found.setdefault(lang, url)
    return tuple(sorted(found.items()))


def _strip_chrome(soup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:  # inside a tag already removed
            continue
        if tag.get("role") in _DROP_ROLES or tag.has_attr("hidden"):
            tag.decompose()
            continue
        marker = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
        if tag.name not in ("html", "body", "main", "article") and _CHROME.search(marker):
            tag.decompose()


def _rows_as_lines(root, soup) -> None:
    """A table row of label and value ("Population:" | "9,870") reads as one line, as in the profile's text."""
    for tr in root.find_all("tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"], recursive=False)]
        line = soup.new_tag("p")
        line.string = " ".join(c for c in cells if c)
        tr.replace_with(line)


def _root(soup):
    for selector in _ROOTS:
        found = soup.select(selector)
        if found:
            return max(found, key=lambda t: len(t.get_text()))
    return soup.body or soup


def extract_page(html: str, url: str) -> Page:
    """The profile's text and the page's facts about itself.

    ``extract_page(html, "https://site.test/en/valmont/").text.startswith("1. General information")``
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    html_tag = soup.find("html")
    lang = str(html_tag.get("lang")).lower() if html_tag and html_tag.get("lang") else None
    canonical = soup.find("link", rel="canonical")
    canonical_url = urljoin(url, str(canonical["href"])) if canonical and canonical.get("href") else None
    alternates = _alternates(soup, url)
    title = page_city(soup)
    _strip_chrome(soup)
    root = _root(soup)
    _rows_as_lines(root, soup)
    text, _ = html_to_text(str(root))
    return Page(text, title, lang, alternates, canonical_url)

"""Atom feeds of a search: the passages the latest index runs added or changed, newest first.

Built with ElementTree, so every text and attribute is XML-escaped; a snippet goes in as escaped
HTML (``type="html"``) whose only tags are the ``<mark>`` of the matched words.

``atom_feed(results, site="http://127.0.0.1:8000")`` → the feed as UTF-8 XML bytes
"""

from __future__ import annotations

from dataclasses import replace
from xml.etree import ElementTree as ET

from indexer.fields import FACET_BY_NAME

from .i18n import label, translate
from .messages import msg
from .models import DEFAULT_SIZE, SearchRequest, SearchResults, iso_time
from .viewmodel import in_page_language, profile_url, url_for_request

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def feed_request(req: SearchRequest) -> SearchRequest:
    """The search a feed runs: the same query and filters, most recently changed passages first."""
    return replace(req, sort="changed", page=1, size=FEED_SIZE, group=None)


def feed_path(req: SearchRequest) -> str:
    """The feed's address for a search (its query and filters only).

    ``feed_path(SearchRequest(q="cctv", page=3)) == "/feed.atom?q=cctv"``
    """
    return url_for_request(replace(req, sort="relevance", page=1, size=DEFAULT_SIZE, group=None), "/feed.atom")


def results_path(req: SearchRequest) -> str:
    """The search page of a feed's query and filters."""
    return url_for_request(replace(req, sort="relevance", page=1, size=DEFAULT_SIZE, group="city"), "/")


def feed_title(req: SearchRequest) -> str:
    """``feed_title(SearchRequest(q="cctv", network=("FFSU",))) == "City Profile Search: cctv (network FFSU)"``
    (in the request's language on the site)."""
    parts = [translate(msg("{facet} {values}", facet=label(FACET_BY_NAME[name].label).lower() if name in FACET_BY_NAME
                           else name, values=", ".join(values)))
             for name, values in req.filters().items()]
    if req.year_from is not None or req.year_to is not None:
        parts.append(translate(msg("years {a}–{b}", a=req.year_from or "…", b=req.year_to or "…")))
    title = translate(msg("City Profile Search: {q}", q=req.q)) if req.q else translate(msg("City Profile Search: all passages"))
    return title + (f" ({'; '.join(parts)})" if parts else "")


def atom_feed(results: SearchResults, *, site: str, built_at: str | None = None) -> bytes:
    """The Atom document of a feed search's results (`site` without a trailing slash)."""
    ET.register_namespace("", ATOM)
    req = results.request
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", feed_title(req))
    _text(feed, "subtitle", translate(msg("Passages of city profiles added or changed by the latest index runs, "
                                          "newest first.")))
    _text(feed, "id", site + feed_path(req))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                  href=site + in_page_language(feed_path(req)))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=site + in_page_language(results_path(req)))
    times = [h.changed for h in results.hits if h.changed]
    _text(feed, "updated", iso_time(max(times)) if times else (built_at or iso_time(0)))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "City Profile Search")
    _text(feed, "generator", "City Profile Search")
    for h in results.hits:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        where = " › ".join(x for x in (h.network, h.section, h.heading) if x)
        years = f" ({h.years[0]}{'–' + str(h.years[-1]) if len(h.years) > 1 else ''})" if h.years else ""
        _text(entry, "title", f"{h.city}: {where}{years}")
        _text(entry, "id", site + profile_url(h.profile, passage_id=h.id))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=site + in_page_language(profile_url(h.profile, replace(req, sort="relevance"), h.id)))
        _text(entry, "updated", iso_time(h.changed) if h.changed else (built_at or iso_time(0)))
        if h.first_indexed:
            _text(entry, "published", iso_time(h.first_indexed))
        for term in (h.city, h.network, h.section, *(str(y) for y in h.years)):
            if term:
                ET.SubElement(entry, f"{{{ATOM}}}category", term=term)
        summary = _text(entry, "summary", h.snippet or h.text[:400])
        summary.set("type", "html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    el.text = _xml_safe(text)
    return el


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters), which ElementTree would write as-is."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff"))

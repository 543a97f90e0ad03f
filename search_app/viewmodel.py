"""Pure helpers that turn a request and its results into what templates loop over: facet
values with their toggle URLs, removable filter chips, the year histogram, paging links.
Every URL the product shows is built here (templates call these functions or loop over their
results; the API and the CLI use them too).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode

from indexer.fields import FACET_BY_NAME, FACETS
from indexer.networks import full_name

from .i18n import DEFAULT, N_, country_label, current_language, label, number, translate
from .messages import msg
from .models import FacetValue, Hit, SearchRequest, SearchResults
from .query.places import without_place

SHOW_FIRST = 8
#: the request parameters a profile page keeps so that it can lead back to the results
RESULT_PARAMS = frozenset({"q", "year_from", "year_to", "sort"} | {f.name for f in FACETS})


def network_title(short: str | None) -> str:
    """The full name of a network for its label's tooltip: "FFSU" → "French Forum for Urban Security"."""
    return label(full_name(short))


#: what every template may call: the URLs of the site's pages, a network's full name
TEMPLATE_GLOBALS = {}


def home_url() -> str:
    return "/"


def cities_url(sort: str | None = None, fmt: str | None = None, params: list[tuple[str, str]] | None = None) -> str:
    """The cities table (`fmt` "json" or "csv": its twins), sorted and filtered:
    ``cities_url("country") == "/cities?sort=country"``"""
    path = {"json": "/api/cities", "csv": "/api/cities.csv"}.get(fmt or "", "/cities")
    params = [p for p in (params or []) if p[0] != "sort"]
    return path + ("?" + urlencode(([("sort", sort)] if sort else []) + params) if sort or params else "")


def compare_url(slugs: tuple[str, ...] = (), fmt: str | None = None) -> str:
    """``compare_url(("amiens", "bagneux")) == "/compare?city=amiens&city=bagneux"``"""
    path = "/api/compare" if fmt == "json" else "/compare"
    return path + ("?" + urlencode([("city", s) for s in slugs]) if slugs else "")


def stats_url() -> str:
    return "/api/stats"


def search_url(q: str = "") -> str:
    """A search for words: ``search_url("cctv") == "/?q=cctv"``"""
    return "/" + ("?" + urlencode({"q": q}) if q else "")


def results_params(req: SearchRequest) -> list[tuple[str, str]]:
    """The query and filters of a request (no paging), to carry to a profile page and back."""
    return [(k, v) for k, v in req.to_params() if k in RESULT_PARAMS]


def profile_url(slug: str, req: SearchRequest | None = None, passage_id: str | None = None,
                fmt: str | None = None) -> str:
    """A city's page that keeps the search's query and filters, opened at a passage (`fmt` "json": its twin).

    ``profile_url("amiens", SearchRequest(q="cctv"), "amiens-12") == "/city/amiens?q=cctv#pamiens-12"``
    """
    base = ("/api/city/" if fmt == "json" else "/city/") + quote(slug)
    return base + (_results_query(req) if req is not None else "") + (f"#p{passage_id}" if passage_id else "")


@lru_cache(maxsize=256)  # every hit of a page carries its request's query
def _results_query(req: SearchRequest) -> str:
    params = results_params(req)
    return "?" + urlencode(params) if params else ""


def hit_url(hit: Hit, req: SearchRequest) -> str:
    """Where a hit leads: its city's page at the passage, keeping the search."""
    return profile_url(hit.profile, req, hit.id)


@dataclass(frozen=True)
class SourceNote:
    """Where a profile came from, for its page: a web address and when it was fetched (and gone, if so)."""

    url: str | None
    fetched: str | None  # the date, YYYY-MM-DD
    gone: str | None


def source_note(profile) -> SourceNote | None:
    """The "Source: …, fetched …" line of a profile page (None for a profile written by hand)."""
    src = profile.get("source") or {}
    url = src.get("url")
    if not url:
        return None
    safe = url if url.startswith(("http://", "https://")) else None
    return SourceNote(safe, (src.get("fetched") or "")[:10] or None, src.get("gone"))


def export_table(hits, req: SearchRequest) -> list[list[str]]:
    """The CSV export of a search: a header, then one row per passage (its id, every facet's value,
    heading, text and address); text that a spreadsheet would read as a formula is neutralised."""
    passage_facets = [f for f in FACETS if not f.range_of]  # the city's facts are the cities table's
    header = ["id"] + ["years" if f.numeric else f.name for f in passage_facets] + ["heading", "text", "url"]
    rows = [header]
    for h in hits:
        facets = [" ".join(str(y) for y in h.years) if f.numeric else (getattr(h, f.name) or "") for f in passage_facets]
        rows.append([h.id] + facets + [h.heading or "", _csv_safe(h.text), hit_url(h, req)])
    return rows


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas in exported text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
SORT_LABELS = {"relevance": N_("Relevance"), "newest": N_("Newest first"), "oldest": N_("Oldest first"),
               "city": N_("City A–Z")}


def in_page_language(url: str) -> str:
    """A link followed outside the site's cookie (a feed reader, a feed's entries) in the page's language:
    ``lang=`` added unless the page is in English (``/feed.atom?q=cctv&lang=fr`` from a French page)."""
    lang = current_language()
    if lang == DEFAULT:
        return url
    base, hash_, fragment = url.partition("#")
    return base + ("&" if "?" in base else "?") + urlencode([("lang", lang)]) + hash_ + fragment


def url_for_request(req: SearchRequest, path: str = "/") -> str:
    """``url_for_request(SearchRequest(q="cctv")) == "/?q=cctv"``

    On the search page (path "/") results are grouped by city unless ``group=none``, so the
    default grouping is left out of the URL and the flat list is spelled out.
    """
    params = req.to_params()
    if path == "/":
        params = [(k, v) for k, v in params if k != "group"]
        if req.group is None:
            params.append(("group", "none"))
    return path + ("?" + urlencode(params) if params else "")


def group_url(req: SearchRequest, city: str, path: str = "/") -> str:
    """Every passage of one city for the current query and filters, as a flat list."""
    return url_for_request(replace(req.with_selection({"city": (city,)}), group=None, page=1), path)


def clear_all_url(req: SearchRequest, path: str = "/") -> str:
    """The current query (and sort) without any filter."""
    return url_for_request(SearchRequest(q=req.q, sort=req.sort, size=req.size, group=req.group), path)


def _toggle(req: SearchRequest, name: str, value: str) -> SearchRequest:
    current = req.values(name)
    if FACET_BY_NAME[name].range_of:  # one range at a time: choosing it again clears it
        new = () if value in current else (value,)
    elif FACET_BY_NAME[name].numeric:
        y = int(value)
        new = tuple(v for v in current if v != y) if y in current else tuple(sorted(current + (y,)))
    else:
        new = tuple(v for v in current if v != value) if value in current else current + (value,)
    return replace(req.with_selection({name: new}), page=1)


@dataclass(frozen=True)
class FacetLink:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetBox:
    name: str
    label: str
    links: tuple[FacetLink, ...]
    shown: int
    clear_url: str | None


def facet_boxes(results: SearchResults, path: str = "/") -> list[FacetBox]:
    """The sidebar: per facet, its values (selected first) with counts and toggle URLs."""
    req = results.request
    boxes = []
    for facet in FACETS:
        if not facet.sidebar:
            continue
        name = facet.name
        values: tuple[FacetValue, ...] = results.facets.get(name, ())
        ordered = sorted(values, key=lambda fv: (not fv.selected,))
        links = tuple(
            FacetLink(fv.value, value_display(name, fv.value), fv.count, fv.selected,
                      url_for_request(_toggle(req, name, fv.value), path))
            for fv in ordered
        )
        clear = url_for_request(replace(req.with_selection({name: ()}), page=1), path) if req.values(name) else None
        boxes.append(FacetBox(name, label(facet.label), links, max(SHOW_FIRST, sum(1 for fv in values if fv.selected)), clear))
    return boxes


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def chips(results: SearchResults, path: str = "/") -> list[Chip]:
    """Active filters, each with the URL that removes exactly that filter."""
    req = results.request
    out: list[Chip] = []
    # the words' facets first, then the years beside the from/to range
    for name, values in sorted(req.selection, key=lambda nv: FACET_BY_NAME[nv[0]].numeric):
        for value in values:
            out.append(Chip(chip_label(name, str(value)), url_for_request(_toggle(req, name, str(value)), path)))
    if req.year_from is not None:
        out.append(Chip(translate(msg("From {year}", year=req.year_from)),
                        url_for_request(replace(req, year_from=None, page=1), path)))
    if req.year_to is not None:
        out.append(Chip(translate(msg("Until {year}", year=req.year_to)),
                        url_for_request(replace(req, year_to=None, page=1), path)))
    for place in results.query.get("places", ()):
        country, network = place.get("country"), place.get("network")
        word = place.get("words")
        if word and word in req.q:
            # removing the chip keeps the word, searched in the passages' text only
            text = (msg("Cities in {country} (from “{words}”)", country=country_label(country), words=word) if country
                    else msg("Network {network} (from “{words}”)", network=network, words=word))
            out.append(Chip(translate(text), url_for_request(replace(req, q=without_place(req.q, word), page=1), path)))
    return out


def chip_label(name: str, value: str) -> str:
    """A chosen facet value as its chip says it: ``chip_label("population", "100000..") == "Population: 100,000 or more"``."""
    return translate(msg("{facet}: {value}", facet=label(FACET_BY_NAME[name].label), value=value_display(name, value)))


def value_display(name: str, value: str) -> str:
    """A facet value as the page shows it: ranges in words, countries, sections and kinds in the page's
    language, any other value as written."""
    if name == "country":
        return country_label(value)
    if name in ("section", "kind"):
        return label(value)
    return value_label(name, value)


def value_label(name: str, value: str) -> str:
    """How a facet value reads: a population band or a range of years in words, any other value as is.

    ``value_label("population", "100000..249999") == "100,000–249,999"``; ``value_label("member_since", "1990..1999") == "1990s"``
    """
    if not FACET_BY_NAME[name].range_of or ".." not in value:
        return value
    a, _, b = value.partition("..")
    lo, hi = (int(a) if a.isdigit() else None), (int(b) if b.isdigit() else None)
    if name == "population":
        if lo is None:
            return translate(msg("under {n}", n=number((hi or 0) + 1)))
        return translate(msg("{n} or more", n=number(lo))) if hi is None else f"{number(lo)}–{number(hi)}"
    if lo is not None and hi == lo + 9 and lo % 10 == 0:
        return translate(msg("{decade}s", decade=lo))
    if lo is None:
        return translate(msg("up to {year}", year=hi))
    if hi is None:
        return translate(msg("{year} or later", year=lo))
    return str(lo) if lo == hi else f"{lo}–{hi}"


def partial_start(results: SearchResults) -> int | None:
    """Index (in the page's groups, or hits) of the first that holds only most of the words; None: none."""
    items = [g.hits[0] for g in results.groups] if results.groups is not None else list(results.hits)
    for n, hit in enumerate(items):
        if hit.partial:
            return n
    return None


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    selected: bool
    url: str | None  # None for an empty year: nothing to filter to
    x: float
    y: float
    width: float
    height: float
    in_range: bool = False  # inside the from/to range of the request


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Histogram:
    bars: tuple[Bar, ...]
    width: int
    height: int
    first: int | None
    last: int | None
    max_count: int
    ticks: tuple[Tick, ...] = ()


TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def histogram(results: SearchResults, path: str = "/", width: int = 280, height: int = 90) -> Histogram:
    """One bar per year between the first and last year with passages (gaps drawn empty, not links).

    Each bar's URL toggles that year as a filter; ticks label round years under the bars.
    """
    req = results.request
    counts = {int(fv.value): fv for fv in results.facets.get("year", ()) if fv.value.isdigit()}
    if not counts:
        return Histogram((), width, height, None, None, 0)
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    top = max(fv.count for fv in counts.values()) or 1
    slot = width / len(years)
    bars = []
    for i, y in enumerate(years):
        fv = counts.get(y)
        c = fv.count if fv else 0
        selected = bool(fv and fv.selected)
        h = 0 if c == 0 else max(2.0, (height - 4) * c / top)
        url = url_for_request(_toggle(req, "year", str(y)), path) if (c or selected) else None
        ranged = (req.year_from is not None or req.year_to is not None) and \
            (req.year_from is None or y >= req.year_from) and (req.year_to is None or y <= req.year_to)
        bars.append(Bar(y, c, selected, url,
                        round(i * slot + 0.5, 2), round(height - h, 2), round(max(1.0, slot - 1), 2), round(h, 2), ranged))
    max_ticks = max(1, int(width // 44))
    step = next((s for s in TICK_STEPS if len(range(first, last + 1)) / s <= max_ticks), TICK_STEPS[-1])
    tick_years = [y for y in years if y % step == 0] or [first]
    ticks = tuple(Tick(round(min(max((y - first + 0.5) * slot, 14), width - 14), 2), str(y)) for y in tick_years)
    return Histogram(tuple(bars), width, height, first, last, top, ticks)


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None
    current: bool = False
    value: str | None = None


def pagination(results: SearchResults, path: str = "/") -> list[PageLink]:
    req = results.request
    pages = results.pages
    if pages <= 1:
        return []
    out = []
    if req.page > 1:
        out.append(PageLink(translate(msg("← Previous")), url_for_request(replace(req, page=req.page - 1), path)))
    window = sorted({1, pages, *range(max(1, req.page - 2), min(pages, req.page + 2) + 1)})
    prev = 0
    for p in window:
        if p - prev > 1:
            out.append(PageLink("…", None))
        out.append(PageLink(str(p), url_for_request(replace(req, page=p), path), p == req.page))
        prev = p
    if req.page < pages:
        out.append(PageLink(translate(msg("Next →")), url_for_request(replace(req, page=req.page + 1), path)))
    return out


def sort_links(req: SearchRequest, path: str = "/") -> list[PageLink]:
    return [PageLink(label(text), url_for_request(replace(req, sort=key, page=1), path), key == req.sort, key)
            for key, text in SORT_LABELS.items()]


def year_clear_url(req: SearchRequest, path: str = "/") -> str:
    """The view without any year filter (selected years and the from/to range)."""
    return url_for_request(replace(req.with_selection({"year": ()}), year_from=None, year_to=None, page=1), path)


def hidden_filters(req: SearchRequest) -> list[tuple[str, str]]:
    """The current filters (and sort, grouping) as (name, value) pairs, for hidden inputs of the search form."""
    url = url_for_request(req, "/")
    return [(k, v) for k, v in parse_qsl(url.partition("?")[2]) if k not in ("q", "page")]


def view_links(req: SearchRequest, path: str = "/") -> list[PageLink]:
    """Switch between results grouped by city and a flat list of passages (same query and filters)."""
    return [PageLink(translate(msg("By city")), url_for_request(replace(req, group="city", page=1), path),
                     req.group == "city", "city"),
            PageLink(translate(msg("All passages")), url_for_request(replace(req, group=None, page=1), path),
                     req.group is None, "none")]


TEMPLATE_GLOBALS.update(home_url=home_url, cities_url=cities_url, compare_url=compare_url, stats_url=stats_url,
                        search_url=search_url, profile_url=profile_url, network_title=network_title, number=number)

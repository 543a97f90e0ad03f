"""HTML pages: search, cities, a city's profile, health. Views parse input, call the search backend, render."""

from __future__ import annotations

import time
from dataclasses import replace

from flask import Blueprint, Response, abort, jsonify, render_template, request

from indexer.fields import FACET_BY_NAME

from . import viewmodel
from .compare import MAX_CITIES, UnknownCity, comparison_for
from .feeds import atom_feed, feed_path, feed_request
from .context import get_session
from .cities import city_query, select_cities
from .models import SearchRequest, SearchResults, request_from_params
from .tableview import city_table
from .profileview import by_section, timeline as profile_timeline
from .i18n import label, translate
from .messages import message_of, msg
from .query import BadRequest
from .version import product_version

bp = Blueprint("web", __name__)


@bp.app_context_processor
def template_globals() -> dict:
    """Every URL a template shows comes from the view model."""
    return viewmodel.TEMPLATE_GLOBALS


def _params() -> dict[str, list[str]]:
    return {k: request.args.getlist(k) for k in request.args}


@bp.get("/")
def search_page():
    started = time.perf_counter()
    error = None
    results = None
    relax = []
    try:
        req = request_from_params(_params(), default_group="city")
    except BadRequest as exc:
        error = translate(message_of(exc))
        req = SearchRequest(q=request.args.get("q", "")[:500], group="city")
    session = get_session()
    if error is None and (req.q or req.filtered):
        try:
            results = session.search(req)
        except BadRequest as exc:
            error = translate(message_of(exc))
        else:
            if results.total == 0:
                relax = _relaxations(session, req)
    status = 400 if error else 200
    ctx = {"req": req, "results": results, "error": error, "relax": relax,
           "api_url": viewmodel.url_for_request(replace(req, group=None), "/api/search"),
           "csv_url": viewmodel.url_for_request(replace(req, group=None, page=1), "/api/search.csv"),
           "took_ms": round((time.perf_counter() - started) * 1000, 1)}
    if results is not None:
        ctx.update(results_context(results))
    elif error is None:
        # the welcome page: the sidebar over the whole corpus, so a first click can be a filter
        overview = replace(session.search(replace(req, size=1), snippets=False), request=req)
        ctx.update(results_context(overview), overview=overview, stats=session.stats())
    else:
        ctx.update(hidden=[])
    return render_template("search.html", **ctx), status


def results_context(results: SearchResults) -> dict:
    """What search.html needs besides the results: sidebar, chips, histogram, paging, sort, URLs."""
    req = results.request
    return {
        "boxes": viewmodel.facet_boxes(results),
        "chips": viewmodel.chips(results),
        "hist": viewmodel.histogram(results),
        "pages": viewmodel.pagination(results),
        "sorts": viewmodel.sort_links(req),
        "views": viewmodel.view_links(req),
        "last_page_url": viewmodel.url_for_request(replace(req, page=results.pages)) if req.page > results.pages else None,
        "hidden": viewmodel.hidden_filters(req),
        "group_urls": {g.city: viewmodel.group_url(req, g.city) for g in results.groups or ()},
        "profile_urls": {g.profile: viewmodel.profile_url(g.profile, req) for g in results.groups or ()},
        "hit_urls": {h.id: viewmodel.hit_url(h, req) for h in results.hits},
        "clear_all_url": viewmodel.clear_all_url(req),
        "year_clear_url": viewmodel.year_clear_url(req),
        "feed_url": viewmodel.in_page_language(feed_path(req)),
        "partial_start": viewmodel.partial_start(results),
        "dym_url": viewmodel.url_for_request(replace(req, q=results.did_you_mean, page=1)) if results.did_you_mean else None,
    }


def _relaxations(session, req):
    """For an empty result: which single filter to remove, and how many passages that gives."""
    out = []
    for chip_req, label in _without_each_filter(req):
        try:
            n = session.search(replace(chip_req, page=1, size=1, group=None)).total
        except BadRequest:
            continue
        if n:
            out.append((label, viewmodel.url_for_request(chip_req), n))
    return out


def _without_each_filter(req):
    for name, _ in req.selection:
        if name != "year":
            yield (replace(req.with_selection({name: ()}), page=1),
                   translate(msg("the {facet} filter", facet=label(FACET_BY_NAME[name].label).lower())))
    if req.year or req.year_from is not None or req.year_to is not None:
        yield (replace(req.with_selection({"year": ()}), year_from=None, year_to=None, page=1),
               translate(msg("the year filter")))


@bp.get("/cities")
def cities_page():
    """Every city as a table: sortable by each column, filtered by its facts (URL state)."""
    query = city_query(_params())
    everyone = get_session().list_cities()
    cities = select_cities(everyone, query)
    return render_template("cities.html", cities=cities, table=city_table(query, len(cities), len(everyone)))


@bp.get("/city/<slug>")
def city_page(slug: str):
    session = get_session()
    found = session.get_profile(slug)
    if found is None:
        abort(404)
    profile, passages = found.profile, found.passages
    q = request.args.get("q", "")[:500]
    back = _results_request()
    marked = session.mark_passages(passages, q)
    similar = session.similar_cities(slug)
    timeline = profile_timeline(profile)
    return render_template("city.html", profile=profile, passages=marked, q=q, similar=similar,
                           req=SearchRequest(q=q), back_url=viewmodel.url_for_request(back) if back else None,
                           others=[c for c in session.list_cities() if c.slug != slug],
                           timeline=timeline, sections=by_section(marked), source=viewmodel.source_note(profile))


@bp.get("/feed.atom")
def feed():
    """The search's Atom feed: its passages most recently added or changed first."""
    req = feed_request(request_from_params(_params()))
    session = get_session()
    results = session.search(req)
    site = request.host_url.rstrip("/")
    body = atom_feed(results, site=site, built_at=session.stats().built_at)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/compare")
def compare_page():
    """2–4 cities side by side; without cities, the form to choose them."""
    session = get_session()
    values = request.args.getlist("city")
    cities = select_cities(session.list_cities(), city_query(_params()))  # the picker, by the facts asked
    typed = [v.strip()[:100] for v in values if v.strip()][:MAX_CITIES]
    if not typed:
        return render_template("compare.html", comparison=None, cities=cities, typed=[], max_cities=MAX_CITIES)
    try:
        comparison = comparison_for(session, values)
    except (BadRequest, UnknownCity) as exc:
        # the form again, with what was typed and why it cannot be compared
        status = 404 if isinstance(exc, UnknownCity) else 400
        return render_template("compare.html", comparison=None, cities=cities, typed=typed,
                               error=translate(message_of(exc)),
                               max_cities=MAX_CITIES), status
    return render_template("compare.html", comparison=comparison, cities=cities,
                           typed=[c.city for c in comparison.cities], max_cities=MAX_CITIES)


def _results_request() -> SearchRequest | None:
    """The search a profile page was reached from (its query and filters), or None."""
    try:
        req = request_from_params(_params(), default_group="city")
    except BadRequest:
        return None
    return req if (req.q or req.filtered) else None


@bp.get("/healthz")
def healthz():
    s = get_session().stats()
    return jsonify({"ok": True, "generation": s.generation, "passages": s.passages, "profiles": s.profiles,
                    "version": product_version()})

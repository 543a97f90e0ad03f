"""The JSON twins of the pages, and the CSV export of a search."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from flask import Blueprint, Response, abort, current_app, jsonify, request

from .compare import comparison_for
from .i18n import translate
from .context import get_session
from .cities import city_query, select_cities
from .models import request_from_params
from .tableview import city_rows
from .profileview import passage_dict
from .viewmodel import export_table, hit_url, profile_url
from .version import product_version

bp = Blueprint("api", __name__, url_prefix="/api")


def _params() -> dict[str, list[str]]:
    return {k: request.args.getlist(k) for k in request.args}


@bp.get("/search")
def search():
    req = request_from_params(_params())
    body = get_session().search(req).to_dict(lambda h: hit_url(h, req))
    # codes and numbers stay as they are; what is written for people follows the language
    body["notice"] = translate(body["notice"])
    body["query"]["notes"] = [translate(n) for n in body["query"]["notes"]]
    return _json(body)


def _json(body: dict) -> Response:
    """Compact UTF-8 JSON without key sorting: a search body holds thousands of facet values.

    ``_json({"ok": True}).get_data() == b'{"ok":true}'``
    """
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")), mimetype="application/json")


@bp.get("/search.csv")
def search_csv():
    req = request_from_params(_params())
    cap = current_app.config["CSV_MAX_ROWS"]
    rows = get_session().export_rows(req, cap)
    buf = io.StringIO()
    csv.writer(buf).writerows(export_table(rows, req))
    return Response(buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="city-profile-search.csv"'})


@bp.get("/cities")
def cities():
    """The cities table's JSON twin (same sort and filters)."""
    query = city_query(_params())
    out = select_cities(get_session().list_cities(), query)
    return jsonify({"ok": True, "total": len(out), "query": dict(query.to_params()), "cities": [
        {"slug": c.slug, "city": c.city, "country": c.country, "population": c.population,
         "population_year": c.population_year, "networks": list(c.networks), "member_since": c.member_since,
         "committee_since": c.committee_since or {}, "passages": c.passages, "url": profile_url(c.slug)}
        for c in out]})


@bp.get("/cities.csv")
def cities_csv():
    """The cities table's CSV twin (same sort and filters)."""
    out = select_cities(get_session().list_cities(), city_query(_params()))
    buf = io.StringIO()
    csv.writer(buf).writerows(city_rows(out))
    return Response(buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="city-profile-cities.csv"'})


@bp.get("/city/<slug>")
def city(slug: str):
    session = get_session()
    found = session.get_profile(slug)
    if found is None:
        abort(404)
    return jsonify({"ok": True, "profile": found.profile, "passages": [passage_dict(p) for p in found.passages],
                    "similar": [asdict(s) for s in session.similar_cities(slug)]})


@bp.get("/compare")
def compare():
    comparison = comparison_for(get_session(), request.args.getlist("city"))
    return jsonify({"ok": True, **comparison.to_dict()})


@bp.get("/stats")
def stats():
    return jsonify({"ok": True, **get_session().stats().to_dict(), "version": product_version()})

"""The Flask application factory: the only place an app is built."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from indexer.errors import IndexMissing

from . import api, i18n, web
from .backend import open_backend
from .compare import UnknownCity
from .context import EXTENSION, close_session, error_response
from .messages import message_of, msg
from .query import BadRequest

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the web app. Config: defaults → environment (PROFILE_SEARCH_INDEX, PROFILE_SEARCH_BACKEND) → `test_config`.

    BACKEND names the search backend (``solr://host:port/collection``); left empty, the embedded
    index in INDEX_DIR serves.

    ``create_app({"INDEX_DIR": "index"}).test_client().get("/healthz")``
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("PROFILE_SEARCH_INDEX", "index"),
        BACKEND=os.environ.get("PROFILE_SEARCH_BACKEND", ""),
        MAX_CONTENT_LENGTH=64 * 1024,
        JSON_SORT_KEYS=False,
        CSV_MAX_ROWS=10_000,
    )
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    app.config["INDEX_DIR"] = str(Path(app.config["INDEX_DIR"]).resolve())
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions[EXTENSION] = open_backend(app.config["BACKEND"] or app.config["INDEX_DIR"])

    i18n.init_app(app)
    app.register_blueprint(web.bp)
    app.register_blueprint(api.bp)
    app.teardown_appcontext(close_session)
    app.after_request(_security_headers)
    _register_errors(app)
    return app


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def _register_errors(app: Flask) -> None:
    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest):
        return error_response(400, message_of(exc))

    @app.errorhandler(UnknownCity)
    def unknown_city(exc: UnknownCity):
        return error_response(404, message_of(exc))

    @app.errorhandler(IndexMissing)
    def no_index(exc: IndexMissing):
        return error_response(
            503, msg("No search index has been built yet. Build it with `profile-search index`, then reload this page.")
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = {
            404: msg("There is no page at this address."),
            405: msg("This address does not accept that method."),
            413: msg("The request is too large."),
        }.get(exc.code or 500, exc.description or msg("The request could not be handled."))
        if exc.code == 400:
            message = msg("The request could not be understood (check its parameters and encoding).")
        return error_response(exc.code or 500, message)

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        log.exception("unhandled error on %s", request.path)
        return error_response(500, msg("The server could not answer this request. Please try again later."))


def settle(app: Flask) -> None:
    """Open the index and read its columns before the first visitor, then exempt everything loaded
    so far (columns, analysis caches) from the garbage collector's full passes, which otherwise
    rescan it all now and then in the middle of a search."""
    import gc

    with app.test_client() as client:
        client.get("/api/search?q=city&size=1")
    gc.collect()
    gc.freeze()

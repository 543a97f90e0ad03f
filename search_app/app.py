"""The Flask application factory: the only place an app is built."""

from __future__ import annotations

import logging
import os
from contextlib import ExitStack
from pathlib import Path

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import IndexMissing

from .engine import IndexHandle, Session
from .query import BadRequest

log = logging.getLogger(__name__)

EXTENSION = "profile_search"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the web app. Config: defaults → environment (PROFILE_SEARCH_INDEX) → `test_config`.

    ``create_app({"INDEX_DIR": "index"}).test_client().get("/healthz")``
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("PROFILE_SEARCH_INDEX", "index"),
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
    app.extensions[EXTENSION] = IndexHandle(app.config["INDEX_DIR"])

    from . import api, web

    app.register_blueprint(web.bp)
    app.register_blueprint(api.bp)
    app.teardown_appcontext(_close_session)
    app.after_request(_security_headers)
    _register_errors(app)
    return app


def get_session() -> Session:
    """The request's index session (one searcher per request), opened on first use."""
    if "ps_session" not in g:
        from flask import current_app

        stack = ExitStack()
        try:
            g.ps_session = stack.enter_context(current_app.extensions[EXTENSION].session())
        except BaseException:
            stack.close()
            raise
        g.ps_stack = stack
    return g.ps_session


def _close_session(exc: BaseException | None) -> None:
    stack = g.pop("ps_stack", None)
    g.pop("ps_session", None)
    if stack is not None:
        stack.close()


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(status: int, message: str, title: str | None = None):
    """One error shape for HTML and JSON: {"ok": false, "error": …, "status": …}."""
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    return render_template("error.html", status=status, message=message, title=title or _TITLES.get(status, "Error")), status


_TITLES = {400: "That request could not be understood", 404: "Not found", 405: "Method not allowed",
           413: "Request too large", 500: "Something went wrong", 503: "The index is not ready"}


def _register_errors(app: Flask) -> None:
    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest):
        return error_response(400, str(exc))

    @app.errorhandler(IndexMissing)
    def no_index(exc: IndexMissing):
        return error_response(
            503, "No search index has been built yet. Build it with `profile-search index`, then reload this page."
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = {
            404: "There is no page at this address.",
            405: "This address does not accept that method.",
            413: "The request is too large.",
        }.get(exc.code or 500, exc.description or "The request could not be handled.")
        if exc.code == 400:
            message = "The request could not be understood (check its parameters and encoding)."
        return error_response(exc.code or 500, message)

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        log.exception("unhandled error on %s", request.path)
        return error_response(500, "The server could not answer this request. Please try again later.")

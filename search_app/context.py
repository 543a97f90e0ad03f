"""What the blueprints share about the current request: its search session and the one error shape.

Lives apart from the app factory so blueprints never import :mod:`search_app.app`.
"""

from __future__ import annotations

from contextlib import ExitStack

from flask import current_app, g, jsonify, render_template, request

from .backend import Session

#: the key of the app's backend in ``app.extensions``
EXTENSION = "profile_search"


def get_session() -> Session:
    """The request's search session (one searcher per request), opened on first use."""
    if "ps_session" not in g:
        stack = ExitStack()
        try:
            g.ps_session = stack.enter_context(current_app.extensions[EXTENSION].session())
        except BaseException:
            stack.close()
            raise
        g.ps_stack = stack
    return g.ps_session


def close_session(exc: BaseException | None) -> None:
    """Teardown: close the request's session, if one was opened."""
    stack = g.pop("ps_stack", None)
    g.pop("ps_session", None)
    if stack is not None:
        stack.close()


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(status: int, message: str, title: str | None = None):
    """One error shape for HTML and JSON: {"ok": false, "error": …, "status": …}."""
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    return render_template("error.html", status=status, message=message, title=title or _TITLES.get(status, "Error")), status


_TITLES = {400: "That request could not be understood", 404: "Not found", 405: "Method not allowed",
           413: "Request too large", 500: "Something went wrong", 503: "The index is not ready"}

"""What the blueprints share about the current request: its search session and the one error shape.

Lives apart from the app factory so blueprints never import :mod:`search_app.app`.
"""

from __future__ import annotations

from contextlib import ExitStack

from flask import current_app, g, jsonify, render_template, request

from .backend import Session
from .i18n import translate
from .messages import msg

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
    """One error shape for HTML and JSON: {"ok": false, "error": …, "status": …}; the message in the
    request's language."""
    message = translate(message)
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    title = translate(title or _TITLES.get(status, _TITLES[500]))
    return render_template("error.html", status=status, message=message, title=title), status


_TITLES = {400: msg("That request could not be understood"), 404: msg("Not found"), 405: msg("Method not allowed"),
           413: msg("Request too large"), 500: msg("Something went wrong"), 503: msg("The index is not ready")}

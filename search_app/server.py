"""The production web server: gunicorn's pre-forked worker processes, each with its own app and index.

A search is Python work under one interpreter lock, so one process serves one search at a time;
worker processes (one per core by default) let searches run side by side. Each worker opens the
index itself (no file handle is shared across processes) and is ready before it takes its first
request (see :func:`search_app.app.settle`).

``serve({"INDEX_DIR": "index"}, "127.0.0.1", 8000, workers=2, threads=4)``
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    """One worker per core, at most four (each holds its own copy of the index's columns)."""
    return max(1, min(4, os.cpu_count() or 1))


class _Site(BaseApplication):
    def __init__(self, config: dict, options: dict):
        self._config = config
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        from .app import create_app, settle

        app = create_app(self._config)
        settle(app)
        return app


def serve(config: dict, host: str, port: int, *, workers: int, threads: int) -> None:
    """Serve the app built from `config` until stopped (SIGTERM or Ctrl-C stop it gracefully)."""
    _Site(config, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 120,  # a worker silent this long is restarted (opening a large new index takes seconds)
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "loglevel": "warning",
        "accesslog": None,
        "errorlog": "-",
        "proc_name": "city-profile-search",
    }).run()

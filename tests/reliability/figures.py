"""Figures of the last reliability run: saved under artifacts/reliability/ by the tests, and
rendered into the table of docs/RELIABILITY.md by `python -m tests.reliability.figures`.
"""

from __future__ import annotations

import json
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "artifacts" / "reliability"


def save(name: str, report: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")


def load(name: str) -> dict | None:
    try:
        return json.loads((OUT / f"{name}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


ROWS = [
    ("A query or parameter never breaks the server: zero 5xx, every 4xx has the error shape, no answer slower than 5 s",
     "tests/reliability/test_hostile_requests.py", "hostile_requests",
     lambda r: f"{r['requests']:,} requests ({', '.join(f'{k}: {v}' for k, v in sorted(r['statuses'].items()))}); "
               f"{r['failures']} failures; slowest {r['slowest_s']} s"),
    ("Nothing in a query, a facet value or a corpus file runs in the browser (Flask client, every page parsed)",
     "tests/reliability/test_xss.py", "xss_flask",
     lambda r: f"{r['payloads']} payloads, {r['pages_checked']} pages checked, {r['failures']} failures"),
    ("… and in Chromium no dialog opens", "tests/reliability/test_xss.py::test_no_dialog_in_chromium", "xss_browser",
     lambda r: f"{r['pages']} pages loaded, {r['dialogs']} dialogs"),
    ("A bad corpus file is indexed or skipped with its reason; the rest is indexed",
     "tests/reliability/test_bad_corpus.py", "bad_corpus",
     lambda r: f"{r['files']} bad files, {len(r['skipped'])} skipped with reasons, {r['profiles']} profiles indexed"),
    ("A SIGKILLed rebuild (full or incremental) never stops the site answering; the next run recovers and cleans up",
     "tests/reliability/test_faults.py::test_sigkilled_index_runs_leave_the_site_answering", "sigkill",
     lambda r: f"{r['kills']} kills survived of {r['runs']} runs; {r['requests_during']} requests meanwhile, {r['errors']} errors"),
    ("A full disk fails the build with a clear message and leaves the old index serving",
     "tests/reliability/test_faults.py::test_full_disk_fails_clearly_and_keeps_the_old_index", "full_disk_incremental",
     lambda r: f"full and incremental builds under simulated ENOSPC: “{r['message']}”; the next run recovered"),
    ("8 clients while the corpus changes and the index is rebuilt: zero failed requests, every response consistent",
     "tests/reliability/test_load.py", "load_while_rebuilding",
     lambda r: f"{r['requests']:,} requests in {r['seconds']} s, {r['rebuilds']} rebuilds, {r['failures']} failures; "
               f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms"),
    ("Limits and headers: query ≤ 500 chars, page size ≤ 100, body ≤ 64 KB, security headers everywhere, loopback by default",
     "tests/reliability/test_limits.py", "limits", lambda r: "passed"),
]


def render() -> str:
    lines = [
        "# Reliability",
        "",
        "What the site promises, the test that checks each promise, and the figures of the last run.",
        "Every test runs in CI (`make test`); `make reliability` runs only these and `make soak` runs the",
        "load test for 60 s instead of 20 s. Regenerate this page after a run with",
        "`.venv/bin/python -m tests.reliability.figures > docs/RELIABILITY.md`.",
        "",
        "| promise | test | last run |",
        "| --- | --- | --- |",
    ]
    for promise, test, name, fmt in ROWS:
        data = load(name)
        figure = fmt(data) if data is not None else "not run"
        lines.append(f"| {promise} | `{test}` | {figure} |")
    lines += [
        "",
        f"Last run: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, Python {platform.python_version()}, "
        f"{platform.machine()}, {__import__('os').cpu_count()} cores.",
        "",
        "How the faults are produced: rebuilds are started with `profile-search index [--full]` in a subprocess and",
        "killed with SIGKILL after a random delay while a client keeps querying the real server (`profile-search serve`); the",
        "full disk is simulated by making Whoosh's file writes fail with ENOSPC after a byte budget; an unreadable",
        "file is simulated when the tests run as root (root reads every file).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render())

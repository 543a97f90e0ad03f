"""The real server (`profile-search serve`) on a free port, and Chromium driven by Playwright.

If the server or the browser cannot start, the tests fail: they never skip.
Screenshots go to artifacts/screenshots/ (git-ignored); with UPDATE_DOCS_SCREENSHOTS=1 the
README's copies in docs/screenshots/ are refreshed too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, CORPUS, ROOT  # noqa: F401  (browser fixture lives there)

ARTIFACTS = ROOT / "artifacts" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Records Content-Security-Policy violations in the page, where the test can read them.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    """`profile-search serve` over an index of corpus/, answering on http://127.0.0.1:<port>."""
    exe = Path(sys.executable).parent / "profile-search"
    index = tmp_path_factory.mktemp("browser-index") / "index"
    built = subprocess.run([str(exe), "index", "--corpus", str(CORPUS), "--index", str(index)],
                           capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    port = _free_port()
    log = (tmp_path_factory.mktemp("browser-server") / "server.log").open("w+")
    proc = subprocess.Popen([str(exe), "serve", "--index", str(index), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"the server exited with {proc.returncode}:\n{log.read()}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not answer /healthz within 30 s")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


class Problems:
    """Console errors, uncaught exceptions and CSP violations seen by one page."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.console.append(f"uncaught: {e}"))

    def all(self) -> list[str]:
        csp = self.page.evaluate("window.__cspViolations || []")
        return self.console + [f"CSP: {v}" for v in csp]


def _page(browser, viewport, **kwargs):
    context = browser.new_context(viewport=viewport, **kwargs)
    context.add_init_script(CSP_WATCH)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


def _watched(browser, viewport, **kwargs):
    """A page that fails its test if it logged an error, threw, or broke the CSP."""
    context, pg = _page(browser, viewport, **kwargs)
    problems = Problems(pg)
    yield pg
    found = problems.all()
    context.close()
    assert found == [], found


@pytest.fixture()
def page(browser):
    """A desktop-sized page (1280 wide)."""
    yield from _watched(browser, DESKTOP)


@pytest.fixture()
def phone_page(browser):
    """A phone-sized page (390 wide, touch)."""
    yield from _watched(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=1)


@pytest.fixture()
def fr_page(browser):
    """A desktop-sized page of a browser set to French (Accept-Language: fr-FR)."""
    yield from _watched(browser, DESKTOP, locale="fr-FR")


@pytest.fixture()
def fr_phone_page(browser):
    """A phone-sized page of a browser set to French."""
    yield from _watched(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=1, locale="fr-FR")


@pytest.fixture()
def no_js_page(browser):
    context, pg = _page(browser, DESKTOP, java_script_enabled=False)
    yield pg
    context.close()


def save_screenshot(page, name: str, docs_height: int = 1500) -> Path:
    """A full-page PNG under artifacts/screenshots/.

    With UPDATE_DOCS_SCREENSHOTS=1 the top of the page (at most `docs_height` pixels, to keep
    the file small) is also written to docs/screenshots/ for the README.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        clip = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], docs_height)}
        page.screenshot(path=str(DOCS / path.name), full_page=True, clip=clip)
    return path

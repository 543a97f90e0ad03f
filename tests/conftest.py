"""Shared fixtures: the seed corpus, a real index built from it in a temp dir, the app and client."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings

# Property tests: the same examples on every run of `make test` (a gate that does not flap); random
# exploration, with more examples, in `make reliability` (HYPOTHESIS_PROFILE=explore). A failure found
# there becomes an explicit @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=1000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROFILES = FIXTURES / "profiles"


def pytest_collection_modifyitems(items):
    """Property tests carry the `property` mark (`make reliability` explores them at random)."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.property)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the bundled corpus (Amiens, Bagneux), built once per test session."""
    from indexer.build import build_index

    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(CORPUS, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def mixed_index(tmp_path_factory) -> Path:
    """An index of the seeds plus every fixture profile."""
    from indexer.build import build_index

    corpus = tmp_path_factory.mktemp("mixed-corpus")
    for p in CORPUS.iterdir():
        shutil.copy(p, corpus / p.name)
    for p in PROFILES.iterdir():
        if p.is_file():
            shutil.copy(p, corpus / p.name)
    index_dir = tmp_path_factory.mktemp("mixed-index")
    build_index(corpus, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one per test session (shared by the browser and
    reliability suites: Playwright's sync API allows one running instance); a failure to launch
    fails the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def app(seed_index):
    from search_app.app import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def mixed_client(mixed_index):
    from search_app.app import create_app

    return create_app({"INDEX_DIR": str(mixed_index), "TESTING": True}).test_client()


@pytest.fixture(scope="session")
def handle(seed_index):
    from search_app.backend import open_backend

    return open_backend(seed_index)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def run_search(handle, **params):
    """Search with URL-style parameters: ``run_search(h, q="cctv", city=["Amiens"])``."""
    from search_app.models import request_from_params

    norm = {k: (v if isinstance(v, list) else [str(v)]) for k, v in params.items()}
    with handle.session() as session:
        return session.search(request_from_params(norm))

"""What a user installs works: the source distribution and the wheel built from it (`python -m build`),
the wheel installed (not editable) into a fresh virtualenv, then used from a folder outside the checkout:
index the seeds, search, `--version`, `stats`, the `solr` commands, and `profile-search serve` answering
every page, a static file, the feed, /healthz and /api/stats.

Needs the package registry (the build backend and the dependencies are installed from it); about a minute.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import CORPUS, ROOT

PACKAGES = ("indexer", "search_app")
#: the package data that must ship beside the code (relative to the package)
DATA_DIRS = {"indexer": ("data",), "search_app": ("data", "templates", "static")}
SOLR_FILES = ("pom.xml", "src/main/java/profilesearch/Launcher.java",
              "src/main/java/profilesearch/ProfileSimilarityFactory.java",
              "configset/managed-schema.xml", "configset/solrconfig.xml")
#: what a checkout holds besides its sources (not copied to the folder the packages are built from)
LEFT_BEHIND = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".solr",
               "target", "index", "artifacts", "out", "tests", "bench", "docs")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@dataclass(frozen=True)
class Installed:
    wheel: Path
    sdist: Path
    venv: Path
    work: Path  # a folder outside the checkout, holding a copy of the seeds in corpus/
    env: dict

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        exe = self.venv / "bin" / args[0]
        return subprocess.run([str(exe), *args[1:]], cwd=self.work, env=self.env, capture_output=True, text=True,
                              timeout=timeout)


def _ok(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 0, f"{proc.args} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    # a clean copy of the checkout, as a fresh clone has it: what a previous build or editable install left
    # behind (build/, *.egg-info/ with its list of files) must not fill in for the packaging configuration
    source, dist = base / "source", base / "dist"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFT_BEHIND))
    _ok(subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
                       capture_output=True, text=True, timeout=600))
    wheel, = dist.glob("*.whl")
    sdist, = dist.glob("*.tar.gz")
    venv = base / "venv"
    _ok(subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=120))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", XDG_CACHE_HOME=str(base / "cache"),
               PYTHONUNBUFFERED="1")
    _ok(subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
                       env=env, capture_output=True, text=True, timeout=600))
    work = base / "elsewhere"
    (work / "corpus").mkdir(parents=True)
    for seed in CORPUS.glob("*.txt"):
        shutil.copy(seed, work / "corpus" / seed.name)
    return Installed(wheel, sdist, venv, work, env)


def _source_files(package: str) -> set[str]:
    """The product's files in the checkout: every module of every subpackage, and the package data."""
    root = ROOT / package
    files = {p for p in root.rglob("*.py") if "__pycache__" not in p.parts}
    for folder in DATA_DIRS[package]:
        files |= {p for p in (root / folder).rglob("*") if p.is_file()}
    return {p.relative_to(ROOT).as_posix() for p in files}


def test_the_wheel_and_the_sdist_ship_the_whole_product(installed):
    in_wheel = set(zipfile.ZipFile(installed.wheel).namelist())
    for package in PACKAGES:
        assert _source_files(package) - in_wheel == set(), f"missing from the wheel: {package}"
    assert {f"search_app/_solr/{name}" for name in SOLR_FILES} <= in_wheel
    assert "search_app/translations/fr/LC_MESSAGES/messages.mo" in in_wheel
    assert not [n for n in in_wheel if n.startswith(("tests/", "bench/")) or "__pycache__" in n]
    with tarfile.open(installed.sdist) as tar:
        top = installed.sdist.name.removesuffix(".tar.gz")
        in_sdist = {name.removeprefix(top + "/") for name in tar.getnames()}
    assert {"setup.py", "pyproject.toml", "README.md", *(f"solr/{name}" for name in SOLR_FILES)} <= in_sdist
    assert not [n for n in in_sdist if n.startswith("solr/target")]


def test_the_installed_package_is_the_one_imported(installed):
    out = _ok(installed.run("python", "-c", "import sysconfig, indexer, search_app; "
                                            "print(sysconfig.get_path('purelib')); print(search_app.__file__); "
                                            "print(indexer.__file__)"))
    site, *packages = [Path(line) for line in out.split()]
    assert site.is_relative_to(installed.venv) and [p.parent.parent for p in packages] == [site, site]
    version = _ok(installed.run("profile-search", "--version"))
    assert version == f"profile-search (city-profile-search) {VERSION}\n"


def test_index_search_and_stats_from_another_folder(installed):
    out = _ok(installed.run("profile-search", "index", "--corpus", "corpus", "--index", "index", "--quiet"))
    assert "added 2" in out
    hits = json.loads(_ok(installed.run("profile-search", "search", "CCTV", "--index", "index", "--json")))
    assert hits["total"] >= 1 and {h["city"] for h in hits["hits"]} == {"Amiens"}
    stats = json.loads(_ok(installed.run("profile-search", "stats", "--index", "index", "--json")))
    assert stats["profiles"] == 2 and stats["version"] == VERSION
    assert f"version:    {VERSION}" in _ok(installed.run("profile-search", "stats", "--index", "index"))


def test_the_solr_commands_find_their_files_in_the_package(installed):
    assert "solr up" in _ok(installed.run("profile-search", "solr", "--help"))
    assert "--nodes" in _ok(installed.run("profile-search", "solr", "up", "--help"))
    out = _ok(installed.run("python", "-c", (
        "import io, zipfile; from search_app import solr_files; from search_app.solr.admin import configset_zip\n"
        "p = solr_files.launcher_project(); print(solr_files.configset_dir()); print(p.path); print(p.in_checkout)\n"
        "print(sorted(zipfile.ZipFile(io.BytesIO(configset_zip())).namelist()))")))
    configset, project, in_checkout, names = out.splitlines()
    assert Path(configset).is_relative_to(installed.venv) and Path(configset, "solrconfig.xml").is_file()
    assert Path(project).parent == Path(installed.env["XDG_CACHE_HOME"]) / "city-profile-search" / "solr-launcher"
    assert in_checkout == "False" and "managed-schema.xml" in names


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get_content_type(), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


@pytest.fixture(scope="module")
def served(installed) -> str:
    """`profile-search serve` from the installed wheel, on a free port; stopped (with its workers) afterwards."""
    if not (installed.work / "index").is_dir():
        _ok(installed.run("profile-search", "index", "--corpus", "corpus", "--index", "index", "--quiet"))
    port = _free_port()
    log = (installed.work / "serve.log").open("w+")
    proc = subprocess.Popen([str(installed.venv / "bin" / "profile-search"), "serve", "--index", "index", "--host",
                             "127.0.0.1", "--port", str(port), "--workers", "1", "--threads", "2"],
                            cwd=installed.work, env=installed.env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail("the installed server exited:\n" + log.read()[-3000:])
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail("the installed server did not answer /healthz within 60 s:\n" + log.read()[-3000:])
            time.sleep(0.2)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # gunicorn's master and its workers
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


PAGES = {
    "/?q=cctv": "2 passages in 1 city",
    "/cities": "Cities (2)",
    "/city/amiens": "Amiens",
    "/compare?city=amiens&city=bagneux": "Amiens, Bagneux compared",
    # the French catalogue, compiled by the install
    "/?q=cctv&lang=fr": "2 passages dans 1 ville",
    "/compare?city=amiens&city=bagneux&lang=fr": "Amiens, Bagneux comparées",
}


@pytest.mark.parametrize("path", PAGES)
def test_the_installed_server_answers_every_page(served, path):
    status, ctype, body = _get(served + path)
    assert (status, ctype) == (200, "text/html")
    page = BeautifulSoup(body, "html.parser")
    assert page.h1.get_text(" ", strip=True).startswith(PAGES[path])
    for tag in page.select("link[rel=stylesheet], link[rel=icon], script[src]"):
        status, _, content = _get(served + (tag.get("href") or tag.get("src")))
        assert status == 200 and content, tag


def test_the_installed_server_answers_the_feed_and_the_json(served):
    status, ctype, body = _get(served + "/feed.atom?q=cctv")
    assert (status, ctype) == (200, "application/atom+xml") and b"CCTV" in body
    status, ctype, body = _get(served + "/static/style.css")
    assert (status, ctype) == (200, "text/css") and body
    health = json.loads(_get(served + "/healthz")[2])
    stats = json.loads(_get(served + "/api/stats")[2])
    assert health["ok"] and health["profiles"] == 2 and health["version"] == VERSION
    assert stats["ok"] and stats["generation"] == health["generation"] and stats["version"] == VERSION

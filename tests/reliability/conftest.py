"""Fixtures for the reliability suite: a corpus full of hostile content, real servers on free ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.reliability.payloads import XSS_PAYLOADS

CLI = str(Path(sys.executable).parent / "profile-search")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hostile_profile(i: int, payload: str) -> str:
    """A profile whose city, heading, network, event and text all carry one payload."""
    return f"""1. General information

Evilton{i} {payload} is a town in Belgium {payload}.

Population: 12 000 inhabitants (2015)

Location: {payload} Belgium

Mayor: {payload}

Twinned with: {payload} (France) since 1999

2. The city in our network

“{payload} said the deputy mayor about prevention.”
Jean {payload}, Deputy Mayor of Evilton{i}, in charge of prevention

The city and Efus

Member since : 2010

• Training session “{payload}”, Paris, 2 February 2011
• {payload} conference on CCTV, 2012

4. Further information

{payload} heading

Prevention work with {payload} and CCTV in public spaces.
"""


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    for p in CORPUS.iterdir():
        (corpus / p.name).write_bytes(p.read_bytes())
    for i, payload in enumerate(XSS_PAYLOADS):
        (corpus / f"evil-{i:02d}.txt").write_text(hostile_profile(i, payload), "utf-8")
    # an HTML page whose title and headings carry payloads too
    (corpus / "evil-page.html").write_text(
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; | Efus</title></head><body><main>"
        "<h1>Evilville &lt;img src=x onerror=alert(1)&gt;</h1><h2>1. General information</h2>"
        "<p>Evilville is a town in France. &lt;svg onload=alert(1)&gt;</p>"
        "<p>Population: 5 000</p><h2>2. The city in our network</h2><h3>The city and Efus</h3>"
        "<p>Member since: 2001</p><ul><li>Conference &lt;iframe src=javascript:alert(1)&gt; on CCTV, 2009</li></ul>"
        "</main><script>alert('page script')</script></body></html>", "utf-8")
    return corpus


@pytest.fixture(scope="session")
def hostile_index(hostile_corpus, tmp_path_factory) -> Path:
    from indexer.build import build_index

    index_dir = tmp_path_factory.mktemp("hostile-index")
    summary = build_index(hostile_corpus, index_dir)
    assert summary.profiles_total == len(XSS_PAYLOADS) + 3, summary.skipped
    return index_dir


@pytest.fixture(scope="session")
def hostile_client(hostile_index):
    from search_app.app import create_app

    return create_app({"INDEX_DIR": str(hostile_index), "TESTING": True}).test_client()


class Server:
    """`profile-search serve` in a subprocess on a free port."""

    def __init__(self, index_dir: Path, corpus: Path | None = None, threads: int = 8):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [CLI, "serve", "--index", str(index_dir), "--port", str(self.port), "--threads", str(threads)]
        if corpus is not None:
            args += ["--corpus", str(corpus)]
        self.log = tempfile.TemporaryFile()  # the server's error log, for failure messages
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.log,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.log_tail())
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not answer /healthz within 30 s")

    def log_tail(self, chars: int = 4000) -> str:
        """The end of what the server wrote to its error log."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-chars:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture()
def server_factory():
    servers: list[Server] = []

    def make(index_dir: Path, corpus: Path | None = None, threads: int = 8) -> Server:
        s = Server(index_dir, corpus, threads)
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.stop()

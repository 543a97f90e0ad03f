"""Every command, given bad arguments, a missing, outdated or broken index, or a malformed or
unreachable backend, says in one line what is wrong and what to do — never a traceback — and exits
non-zero (2 when the request itself cannot be read)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from search_app.cli import main
from tests.conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def places(tmp_path_factory, seed_index):
    root = tmp_path_factory.mktemp("cli-errors")
    (root / "a-file").write_text("not a folder", "utf-8")
    (root / "empty").mkdir()
    (root / "binary.txt").write_bytes(b"\x00\x01\x02 profile")
    broken = root / "broken-index"
    shutil.copytree(seed_index, broken)
    gen = broken / (broken / "CURRENT").read_text("utf-8").strip()
    for toc in gen.glob("*.toc"):
        toc.write_bytes(b"garbage")
    outdated = root / "outdated-index"
    shutil.copytree(seed_index, outdated)
    gen = outdated / (outdated / "CURRENT").read_text("utf-8").strip()
    for seg in gen.glob("*.toc"):  # a table of contents naming classes this version no longer has
        seg.write_bytes(seg.read_bytes().replace(b"indexer.whoosh.codec", b"indexer.old_codecs"))
    return {"root": root, "index": str(seed_index), "corpus": str(CORPUS)}


CASES = [
    # (arguments, exit status, words the one line must hold)
    (["index", "--corpus", "{root}/nowhere", "--index", "{root}/i1"], 1, "No corpus folder"),
    (["index", "--corpus", "{corpus}", "--index", "{root}/a-file"], 2, "is a file"),
    (["index", "--corpus", "{corpus}", "--backend", "solr://127.0.0.1:1"], 2, "solr://HOST:PORT"),
    (["index", "--corpus", "{corpus}", "--backend", "solr://127.0.0.1:1/profiles"], 1, "no Solr node answered"),
    (["index", "--corpus", "{corpus}", "--wait", "abc"], 2, "not a valid float"),
    (["search", "cctv", "--index", "{root}/empty"], 1, "profile-search index"),
    (["search", "cctv", "--index", "{root}/broken-index"], 1, "profile-search index"),
    (["search", "cctv", "--index", "{root}/outdated-index"], 1, "older version"),
    (["search", "year:abc", "--index", "{index}"], 2, "year must be"),
    (["search", "cctv", "--year", "2010..2008", "--index", "{index}"], 2, "empty"),
    (["search", "cctv", "--limit", "0", "--index", "{index}"], 2, "--limit"),
    (["search", "x" * 501, "--index", "{index}"], 2, "limit is 500"),
    (["search", "cctv", "--backend", "solr://127.0.0.1:1"], 2, "solr://HOST:PORT"),
    (["search", "cctv", "--backend", "http://example.org"], 2, "solr://HOST:PORT"),
    (["compare", "amiens", "--index", "{index}"], 2, "2 to 4"),
    (["compare", "amiens", "atlantis", "--index", "{index}"], 2, "atlantis"),
    (["compare", "amiens", "bagneux", "--index", "{root}/empty"], 1, "profile-search index"),
    (["stats", "--index", "{root}/empty"], 1, "profile-search index"),
    (["stats", "--index", "{root}/outdated-index"], 1, "older version"),
    (["stats", "--backend", "solr:/bad"], 2, "solr://HOST:PORT"),
    (["parse", "{root}/nowhere.txt"], 2, "does not exist"),
    (["parse", "{root}/binary.txt"], 1, "cannot be read"),
    (["serve", "--port", "port"], 2, "not a valid integer"),
    (["solr", "init", "--backend", "solr://x"], 2, "solr://HOST:PORT"),
    (["fetch", "--corpus", "{root}/fetched"], 2, "URL"),
    (["fetch", "not a url", "--corpus", "{root}/fetched"], 2, "URL"),
    (["nonsense"], 2, "No such command"),
]


@pytest.mark.parametrize("args,status,words", CASES, ids=[" ".join(c[0][:2]) + f" #{i}" for i, c in enumerate(CASES)])
def test_bad_input_is_one_line_and_a_status(places, args, status, words):
    args = [a.format(**places) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(error_lines) == 1, result.output
    assert words.lower() in error_lines[0].lower(), result.output


def test_a_real_process_prints_no_traceback_either(places):
    for args in (["search", "cctv", "--index", f"{places['root']}/broken-index"],
                 ["stats", "--index", f"{places['root']}/outdated-index"]):
        run = subprocess.run([sys.executable, "-m", "search_app.cli", *args], capture_output=True, text=True,
                             cwd=ROOT, timeout=60)
        assert run.returncode == 1
        assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1, run.stderr

"""The command line, through click's runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search_app.cli import main
from tests.conftest import CORPUS


@pytest.mark.parametrize("command", ["index", "parse", "search", "serve", "stats", "compare"])
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and f"profile-search {command}" in result.output


def test_index_then_search_as_table_and_json(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["index", "--corpus", str(CORPUS), "--index", str(tmp_path / "ix"), "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.output)
    assert summary["mode"] == "full" and sorted(summary["added"]) == ["amiens.txt", "bagneux.txt"]
    r = runner.invoke(main, ["search", "CCTV", "--index", str(tmp_path / "ix")])
    assert r.exit_code == 0 and "Amiens" in r.output and "**CCTV**" in r.output
    r = runner.invoke(main, ["search", "prevention", "--index", str(tmp_path / "ix"), "--city", "Bagneux", "--json"])
    body = json.loads(r.output)
    assert body["ok"] and {h["city"] for h in body["hits"]} == {"Bagneux"}
    r = runner.invoke(main, ["search", "cctv", "--index", str(tmp_path / "ix"), "--year", "2010..2008"])
    assert r.exit_code == 2 and "empty" in r.output


def test_search_without_index_names_the_next_step(tmp_path):
    r = CliRunner().invoke(main, ["search", "cctv", "--index", str(tmp_path / "missing")])
    assert r.exit_code == 1
    assert "profile-search index" in r.output


def test_strict_fails_when_a_file_was_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text((CORPUS / "amiens.txt").read_text("utf-8"), "utf-8")
    (corpus / "empty.txt").write_text("", "utf-8")
    r = CliRunner().invoke(main, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--strict"])
    assert r.exit_code == 2
    assert "skipped: empty.txt: file is empty" in r.output

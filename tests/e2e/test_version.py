"""The version a user sees (`--version`, `stats`, /healthz, /api/stats) is the installed package's."""

from __future__ import annotations

import json
from importlib.metadata import version

from click.testing import CliRunner

from search_app.cli import main

VERSION = version("city-profile-search")


def test_version_option():
    for flag in ("--version", "-V"):
        result = CliRunner().invoke(main, [flag])
        assert result.exit_code == 0 and result.output == f"profile-search (city-profile-search) {VERSION}\n"


def test_stats_show_the_version(seed_index):
    result = CliRunner().invoke(main, ["stats", "--index", str(seed_index), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["version"] == VERSION
    result = CliRunner().invoke(main, ["stats", "--index", str(seed_index)])
    assert f"version:    {VERSION}\n" in result.output


def test_healthz_and_api_stats_show_the_version(client):
    assert client.get("/healthz").get_json()["version"] == VERSION
    assert client.get("/api/stats").get_json()["version"] == VERSION

"""`profile-search search`: the table, the JSON (same as the API), filters and readable errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search_app.cli import main


def run(seed_index, *args):
    return CliRunner().invoke(main, ["search", *args, "--index", str(seed_index)])


def test_table_shows_city_years_section_and_emphasised_matches(seed_index):
    r = run(seed_index, "video surveillance")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith("2 passages in 1 city (")
    assert any(line.startswith("Amiens") and "2008" in line and "In the network" in line for line in lines)
    assert "**CCTV**" in r.output and "<mark>" not in r.output


def test_json_is_the_api_body(seed_index, client):
    r = run(seed_index, "general assembly", "--year", "2003..2008", "--city", "Amiens", "--json", "--limit", "5")
    body = json.loads(r.output)
    api = client.get("/api/search?q=general+assembly&year_from=2003&year_to=2008&city=Amiens&size=5").get_json()
    assert [h["id"] for h in body["hits"]] == [h["id"] for h in api["hits"]]
    assert body["total"] == api["total"] == 3  # 2003, 2004 and 2008
    assert all(any(2003 <= y <= 2008 for y in h["years"]) for h in body["hits"])


def test_sort_and_limit(seed_index):
    body = json.loads(run(seed_index, "general assembly", "--sort", "oldest", "--limit", "3", "--json").output)
    years = [min(h["years"]) for h in body["hits"]]
    assert len(years) == 3 and years == sorted(years)


def test_bad_year_is_one_readable_line(seed_index):
    r = run(seed_index, "cctv", "--year", "2010..2008")
    assert r.exit_code != 0
    assert "empty" in r.output and "Traceback" not in r.output


def test_missing_index_names_the_next_step(tmp_path):
    r = CliRunner().invoke(main, ["search", "cctv", "--index", str(tmp_path / "nothing")])
    assert r.exit_code != 0 and "profile-search index" in r.output

"""`profile-search compare`: the side-by-side table, the JSON (same as the API), readable errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search_app.cli import main


def run(seed_index, *args):
    return CliRunner().invoke(main, ["compare", *args, "--index", str(seed_index)])


def test_table_puts_cities_side_by_side_and_marks_shared_events(seed_index):
    r = run(seed_index, "amiens", "Bagneux")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["Amiens", "Bagneux"]
    assert lines[2].split() == ["Population", "133,327", "38,495"]
    assert "Shared networks: Efus, FFSU; 2 shared events." in r.output
    shared = [ln for ln in lines if ln.strip().startswith("2014") and " * " in ln]
    assert len(shared) == 2 and all("General Assembly" in ln for ln in shared)


def test_json_is_the_apis(seed_index, client):
    r = run(seed_index, "amiens", "bagneux", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == client.get("/api/compare?city=amiens&city=bagneux").get_json()


def test_one_city_or_an_unknown_one_says_what_to_do(seed_index):
    one = run(seed_index, "amiens")
    assert one.exit_code == 2 and "choose 2 to 4 different cities" in one.output
    assert "profile-search compare amiens bagneux" in one.output
    unknown = run(seed_index, "amiens", "atlantis")
    assert unknown.exit_code == 2 and "No city profile is called “atlantis”" in unknown.output


def test_search_summary_counts_in_words(seed_index):
    r = CliRunner().invoke(main, ["search", "prevention", "--index", str(seed_index)])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith(tuple(f"{n} passages in 2 cities" for n in range(2, 200)))
    one = CliRunner().invoke(main, ["search", "Vanadzor", "--index", str(seed_index)])
    assert one.output.splitlines()[0].startswith("1 passage in 1 city (")

"""`profile-search fetch --index --backend URL` keeps either backend in step with the website: the pages
fetched from the fixture site (loopback) are searchable in the collection the URL names, and a second
run on the unchanged site changes nothing there."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search_app.cli import main
from tests.fetch_site import fake_site  # noqa: F401

FAST = ["--delay", "0", "--timeout", "0.3", "--retries", "1", "--backoff", "0.01"]


@pytest.mark.parametrize("kind", ["whoosh", "solr"])
def test_fetch_then_index_into_the_backend_a_url_names(kind, fake_site, tmp_path, request):
    if kind == "solr":
        _, state = request.getfixturevalue("solr_cluster")
        url = state.url("fetched")
    else:
        url = f"whoosh:{tmp_path / 'ix'}"
    pages = [fake_site.url + p for p in ("/en/members/valmont-sur-serre/", "/en/members/olmeda/")]
    args = ["fetch", *pages, "--corpus", str(tmp_path / "corpus"), "--index", "--backend", url, "--json", *FAST]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["index"]["profiles_total"] == 2
    r = CliRunner().invoke(main, ["search", "Barcelone", "--backend", url, "--json"])
    assert {h["city"] for h in json.loads(r.output)["hits"]} == {"Valmont-sur-Serre"}, r.output
    again = json.loads(CliRunner().invoke(main, args).output)
    assert not again["fetched"] and (again["index"]["added"], again["index"]["updated"], again["index"]["removed"]) == ([], [], [])

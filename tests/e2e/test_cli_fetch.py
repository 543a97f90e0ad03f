"""`profile-search fetch` through click's runner, against the fixture site on 127.0.0.1."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search_app.cli import main
from tests.fetch_site import fake_site  # noqa: F401

FAST = ["--delay", "0", "--timeout", "0.3", "--retries", "1", "--backoff", "0.01", "--max-mb", "0.06"]


def test_fetch_has_help_with_examples():
    r = CliRunner().invoke(main, ["fetch", "--help"])
    assert r.exit_code == 0 and "Examples:" in r.output and "profile-search fetch --sitemap" in r.output


def test_json_summary_has_every_list_and_a_failed_page_makes_the_exit_code(fake_site, tmp_path):
    r = CliRunner().invoke(main, ["fetch", "--sitemap", fake_site.url + "/sitemap_index.xml", "--match", "/members/",
                                  "--corpus", str(tmp_path), "--json", *FAST])
    assert r.exit_code == 1, r.output
    body = json.loads(r.output)
    assert {"fetched", "unchanged", "failed", "gone", "skipped"} <= body.keys()
    assert all(i["reason"] for i in body["failed"] + body["skipped"])
    assert {i["file"] for i in body["fetched"]} == {"valmont-sur-serre.txt", "lindavia.txt", "olmeda.txt",
                                                    "kestrelburg.txt"}


def test_fetch_then_index_and_a_second_run_changes_nothing(fake_site, tmp_path):
    pages = [fake_site.url + p for p in ("/en/members/valmont-sur-serre/", "/en/members/olmeda/")]
    args = ["fetch", *pages, "--corpus", str(tmp_path / "corpus"), "--index", "--index-dir", str(tmp_path / "ix"), *FAST]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert "Fetched 3" in r.output and "Index built" in r.output
    r = CliRunner().invoke(main, args + ["--json"])
    body = json.loads(r.output)
    assert r.exit_code == 0 and not body["fetched"] and len(body["unchanged"]) == 3
    assert (body["index"]["added"], body["index"]["updated"], body["index"]["removed"]) == ([], [], [])
    r = CliRunner().invoke(main, ["search", "Barcelone", "--index", str(tmp_path / "ix"), "--json"])
    hits = json.loads(r.output)["hits"]
    assert {h["city"] for h in hits} == {"Valmont-sur-Serre"}, hits  # the French text, searched under the one city
    assert any("Barcelone" in json.dumps(h, ensure_ascii=False) for h in hits)


def test_fetch_updates_the_backend_a_url_names_and_a_bad_url_loses_no_page(fake_site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where the default --index-dir would be
    pages = [fake_site.url + "/en/members/olmeda/"]
    corpus, ix = tmp_path / "corpus", tmp_path / "elsewhere"
    r = CliRunner().invoke(main, ["fetch", *pages, "--corpus", str(corpus), "--index", "--backend", f"whoosh:{ix}", *FAST])
    assert r.exit_code == 0 and "Index built" in r.output, r.output
    assert not (tmp_path / "index").exists()
    r = CliRunner().invoke(main, ["search", "Olmeda", "--index", str(ix), "--json"])
    assert {h["city"] for h in json.loads(r.output)["hits"]} == {"Olmeda"}
    r = CliRunner().invoke(main, ["fetch", *pages, "--corpus", str(corpus), "--index", "--backend", "es://127.0.0.1:9200/x",
                                  *FAST])
    assert r.exit_code == 1 and "the corpus was fetched but the index was not updated" in r.output, r.output
    assert "no backend serves" in r.output and "Traceback" not in r.output
    assert (corpus / "olmeda.txt").exists()


def test_usage_errors_exit_2_and_run_errors_name_the_next_step(fake_site, tmp_path):
    r = CliRunner().invoke(main, ["fetch", "--corpus", str(tmp_path)])
    assert r.exit_code == 2 and "--sitemap" in r.output
    r = CliRunner().invoke(main, ["fetch", "ftp://x", "--corpus", str(tmp_path)])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["fetch", "--sitemap", fake_site.url + "/no-sitemap.xml", "--corpus", str(tmp_path),
                                  *FAST])
    assert r.exit_code == 1 and r.output.startswith("Error: Could not read the sitemap") and "Traceback" not in r.output

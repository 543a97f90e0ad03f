"""Limits and headers: request size, query length, page size, search time, headers, default bind."""

from __future__ import annotations

import urllib.error
import urllib.request

from click.testing import CliRunner

from search_app.cli import main


def test_query_longer_than_500_characters_is_a_400_with_a_reason(client):
    r = client.get("/api/search?q=" + "a" * 501)
    assert r.status_code == 400 and "500" in r.get_json()["error"]
    assert client.get("/api/search?q=" + "a" * 500).status_code == 200


def test_page_size_is_capped(client):
    assert client.get("/api/search?q=prevention&size=100").status_code == 200
    r = client.get("/api/search?q=prevention&size=101")
    assert r.status_code == 400 and "size" in r.get_json()["error"]


def test_request_bodies_are_limited(client):
    r = client.post("/api/search", data=b"x" * (70 * 1024), content_type="application/octet-stream")
    assert r.status_code in (405, 413)
    assert r.get_json()["ok"] is False


def test_security_headers_on_every_kind_of_response(client):
    for url in ("/", "/cities", "/city/amiens", "/city/nowhere", "/api/search?q=cctv", "/api/search?size=0",
                "/api/search.csv?q=cctv", "/healthz", "/static/style.css"):
        r = client.get(url)
        assert r.headers.get("X-Content-Type-Options") == "nosniff", url
        assert "default-src 'self'" in r.headers.get("Content-Security-Policy", ""), url
        assert r.headers.get("Referrer-Policy"), url


def test_csv_export_neutralises_spreadsheet_formulas(tmp_path):
    from indexer.build import build_index
    from search_app.app import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "formula.txt").write_text("Formulatown is a town in France.\n\n=HYPERLINK(\"http://evil.example\") prevention\n", "utf-8")
    build_index(corpus, tmp_path / "index")
    c = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True}).test_client()
    body = c.get("/api/search.csv?q=prevention").get_data(as_text=True)
    assert "'=HYPERLINK" in body


def test_server_binds_to_loopback_by_default_and_says_how_to_expose_it():
    out = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "127.0.0.1" in out and "0.0.0.0" in out


def test_real_server_answers_with_headers_and_rejects_huge_requests(seed_index, server_factory):
    server = server_factory(seed_index)
    with urllib.request.urlopen(server.url + "/api/search?q=cctv", timeout=10) as r:
        assert r.status == 200
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Server"] and not any(c.isdigit() for c in r.headers["Server"])  # no version disclosed
    req = urllib.request.Request(server.url + "/api/search", data=b"x" * (200 * 1024), method="POST")
    try:
        urllib.request.urlopen(req, timeout=10)
        raise AssertionError("a 200 KB body was accepted")
    except urllib.error.HTTPError as exc:
        assert exc.code in (405, 413)
    except (ConnectionError, urllib.error.URLError):
        pass  # the server may close the connection on an over-long body: a refusal, if the server lives on
    assert server.proc.poll() is None, "the server died on an over-long request body:\n" + server.log_tail()
    with urllib.request.urlopen(server.url + "/api/search?q=cctv", timeout=10) as r:
        assert r.status == 200, "the server stopped answering after an over-long request body"
    from tests.reliability.figures import save

    save("limits", {"passed": True})

"""Incremental updates of a SolrCloud collection from file hashes: only new, changed and removed files."""

from __future__ import annotations

import shutil

from search_app.backend import open_backend
from search_app.models import request_from_params


def test_incremental_add_change_remove(solr_cluster, tmp_path):
    from search_app.solr.sink import build_solr
    from tests.contract.conftest import ROOT

    _, state = solr_cluster
    url = state.url("incremental")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in (ROOT / "corpus").iterdir():
        shutil.copy(p, corpus / p.name)
    first = build_solr(corpus, url)
    assert first.mode == "full" and first.full_reason == "no index yet" and first.profiles_total == 2

    again = build_solr(corpus, url)
    assert (again.mode, again.added, again.updated, again.removed, again.unchanged) == ("incremental", (), (), (), 2)

    shutil.copy(ROOT / "tests" / "fixtures" / "relevance_corpus" / "koln.txt", corpus / "koln.txt")
    bagneux = corpus / "bagneux.txt"
    bagneux.write_text(bagneux.read_text("utf-8") + "\n\nThe town tested a zeppelinwatch scheme.\n", "utf-8")
    (corpus / "amiens.txt").unlink()
    s = build_solr(corpus, url)
    assert (s.added, s.updated, s.removed, s.unchanged) == (("koln.txt",), ("bagneux.txt",), ("amiens.txt",), 0)
    assert s.profiles_total == 2
    with open_backend(url).session() as session:
        assert session.search(request_from_params({"q": ["zeppelinwatch"]})).total == 1
        assert session.get_profile("amiens") is None and session.get_profile("koln") is not None
        assert [c.slug for c in session.list_cities()] == ["bagneux", "koln"]
        assert session.stats().profiles == 2

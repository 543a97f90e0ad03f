"""After incremental updates (segments with deleted documents) a search finds and orders passages as on
a fresh build (scores may differ in the last digits: term statistics still count deleted documents)."""

from __future__ import annotations

import shutil

from indexer.build import build_index
from search_app.models import request_from_params
from search_app.backend import open_backend
from tests.conftest import CORPUS, PROFILES

QUERIES = ["prevention", "crime prevention", '"general assembly"', "training", "cctv", "football violence",
           "drug prevention Portugal", "juvenile justice training Paris"]


def answers(index_dir) -> list:
    out = []
    with open_backend(index_dir).session() as s:
        for q in QUERIES:
            r = s.search(request_from_params({"q": [q], "size": ["30"]}))
            out.append((q, r.total, [h.id for h in r.hits]))
    return out


def test_updated_index_ranks_as_a_fresh_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in list(CORPUS.iterdir()) + sorted(PROFILES.glob("*.txt"))[:12]:
        shutil.copy(p, corpus / p.name)
    updated = tmp_path / "updated"
    build_index(corpus, updated)
    amiens = corpus / "amiens.txt"
    original = amiens.read_text(encoding="utf-8")
    amiens.write_text(original + "\nThe city reviewed its prevention plan in 2021.\n", encoding="utf-8")
    assert build_index(corpus, updated).mode == "incremental"
    amiens.write_text(original, encoding="utf-8")
    assert build_index(corpus, updated).updated == ("amiens.txt",)
    fresh = tmp_path / "fresh"
    build_index(corpus, fresh, full=True)
    assert answers(updated) == answers(fresh)

"""Incremental indexing on a real index: add, change, delete and rename files."""

from __future__ import annotations

import shutil

from indexer.build import build_index
from search_app.backend import open_backend
from search_app.whoosh.engine import WhooshEngine
from tests.conftest import CORPUS, run_search


def make_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in CORPUS.iterdir():
        shutil.copy(p, corpus / p.name)
    return corpus


def passage_ids(index_dir, profile):
    with WhooshEngine(index_dir).view() as v:
        s = v.session.searcher
        return sorted(s.stored_fields(d)["id"] for d in s.document_numbers(profile=profile))


def test_add_change_remove_rename(tmp_path):
    corpus = make_corpus(tmp_path)
    (corpus / "cutoff.txt").write_text("Zedtown is a town in Belgium.\nPopulation: 12 000\n", "utf-8")
    ix = tmp_path / "index"
    first = build_index(corpus, ix)
    assert first.mode == "full" and first.profiles_total == 3
    amiens_ids = passage_ids(ix, "amiens")

    # add one, change one line of another, delete a third, rename a fourth
    (corpus / "newtown.txt").write_text("Newtown is a city in Wales.\nPopulation: 5 000\n\nThe city and Efus\nMember since 2019\n", "utf-8")
    bag = corpus / "bagneux.txt"
    bag.write_text(bag.read_text("utf-8").replace("Mayor: Marie-Hélène Amiable", "Mayor: Jeanne Quixotic"), "utf-8")
    (corpus / "cutoff.txt").unlink()
    (corpus / "amiens.txt").rename(corpus / "amiens-profile.txt")
    s = build_index(corpus, ix)
    assert s.mode == "incremental"
    assert s.added == ("newtown.txt",)
    assert s.updated == ("bagneux.txt",)
    assert s.removed == ("cutoff.txt",)
    assert s.renamed == (("amiens.txt", "amiens-profile.txt"),)
    assert s.profiles_total == 3
    h = open_backend(ix)
    assert run_search(h, q="Quixotic").total == 1
    assert run_search(h, q="Amiable").total == 0
    assert run_search(h, q="Zedtown").total == 0
    assert run_search(h, q="Newtown").total >= 1
    assert passage_ids(ix, "amiens") == amiens_ids  # same passages, same ids after the rename

    again = build_index(corpus, ix)
    assert again.passages_written == 0 and again.unchanged == 3


def test_unchanged_profiles_are_not_rewritten(tmp_path):
    corpus = make_corpus(tmp_path)
    ix = tmp_path / "index"
    build_index(corpus, ix)
    with WhooshEngine(ix).view() as v:
        amiens_docs = sorted(v.session.searcher.document_numbers(profile="amiens"))
    bag = corpus / "bagneux.txt"
    bag.write_text(bag.read_text("utf-8") + "\nA new closing line about lighting.\n", "utf-8")
    summary = build_index(corpus, ix)
    assert summary.updated == ("bagneux.txt",)
    assert summary.passages_written == summary.passages_total - len(amiens_docs)
    with open_backend(ix).session() as s:
        assert sorted(s.view.session.searcher.document_numbers(profile="amiens")) == amiens_docs


def test_full_rebuild_swaps_generations_and_cleans_up(tmp_path):
    corpus = make_corpus(tmp_path)
    ix = tmp_path / "index"
    a = build_index(corpus, ix)
    b = build_index(corpus, ix, full=True)
    assert a.generation != b.generation
    gens = sorted(p.name for p in ix.iterdir() if p.name.startswith("gen-"))
    assert gens == [b.generation]
    assert (ix / "CURRENT").read_text().strip() == b.generation


def test_broken_file_is_skipped_with_its_reason_and_the_rest_indexed(tmp_path):
    corpus = make_corpus(tmp_path)
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    (corpus / "notes.docx").write_bytes(b"PK")
    s = build_index(corpus, tmp_path / "index")
    reasons = {k.path: k.reason for k in s.skipped}
    assert "binary" in reasons["binary.txt"]
    assert "unsupported file type" in reasons["notes.docx"]
    assert s.profiles_total == 2


def sources_by_slug(index_dir):
    from indexer.whoosh.sink import read_manifest
    from indexer.whoosh.store import open_live

    _, ix = open_live(index_dir)
    return {e.slug: e.source for e in read_manifest(ix).values()}


def test_a_changed_profile_keeps_its_slug_when_a_new_file_for_the_same_city_arrives(tmp_path):
    corpus = make_corpus(tmp_path)
    ix = tmp_path / "index"
    build_index(corpus, ix)
    amiens = corpus / "amiens.txt"
    text = amiens.read_text("utf-8")
    # a second Amiens file whose name sorts first, and a change to the first one
    (corpus / "a-amiens-copy.txt").write_text(text + "\nA copy kept by a colleague.\n", "utf-8")
    amiens.write_text(text + "\nA new closing line about lighting.\n", "utf-8")
    s = build_index(corpus, ix)
    assert s.updated == ("amiens.txt",) and s.added == ("a-amiens-copy.txt",)
    slugs = sources_by_slug(ix)
    assert slugs["amiens"] == "amiens.txt"  # its URL /city/amiens still shows the same file
    assert slugs["amiens-2"] == "a-amiens-copy.txt"


def test_a_renamed_and_changed_file_keeps_its_slug_and_shows_the_change(tmp_path):
    corpus = make_corpus(tmp_path)
    ix = tmp_path / "index"
    build_index(corpus, ix)
    text = (corpus / "amiens.txt").read_text("utf-8")
    (corpus / "amiens.txt").unlink()
    (corpus / "amiens-2024.txt").write_text(text + "\nThe city opened a Quixotic mediation office.\n", "utf-8")
    s = build_index(corpus, ix)
    assert s.added == ("amiens-2024.txt",) and s.removed == ("amiens.txt",)
    assert sources_by_slug(ix)["amiens"] == "amiens-2024.txt"
    assert run_search(open_backend(ix), q="Quixotic").total == 1


def test_a_file_that_can_no_longer_be_read_leaves_the_index_as_a_full_build_would(tmp_path):
    corpus = make_corpus(tmp_path)
    ix = tmp_path / "index"
    build_index(corpus, ix, max_bytes=200_000)
    bag = corpus / "bagneux.txt"
    bag.write_text(bag.read_text("utf-8") + "\nfiller line\n" * 30_000, "utf-8")  # now over the size limit
    s = build_index(corpus, ix, max_bytes=200_000)
    assert [k.path for k in s.skipped] == ["bagneux.txt"]
    assert s.removed == ("bagneux.txt",)
    assert s.profiles_total == 1
    assert run_search(open_backend(ix), q="Bagneux").total == 0
    full = build_index(corpus, tmp_path / "index-full", max_bytes=200_000)
    assert full.profiles_total == s.profiles_total and full.passages_total == s.passages_total


def test_a_file_that_vanishes_mid_run_is_skipped_and_its_profile_removed(tmp_path, monkeypatch):
    from indexer import build

    corpus = make_corpus(tmp_path)
    ix = tmp_path / "index"
    build_index(corpus, ix)
    real_scan = build.scan_corpus

    def scan_then_delete(corpus_dir):
        found = real_scan(corpus_dir)
        (corpus / "bagneux.txt").unlink()  # gone between the scan and the read
        return found

    monkeypatch.setattr(build, "scan_corpus", scan_then_delete)
    s = build_index(corpus, ix)
    assert [(k.path, k.reason) for k in s.skipped] == [("bagneux.txt", "file disappeared before it could be read")]
    assert s.removed == ("bagneux.txt",)
    assert s.profiles_total == 1


def test_repeated_updates_of_one_profile_do_not_pile_up_segments(tmp_path):
    """Every update writes a small segment and deletes the profile's previous passages; segments left
    with no live passage are dropped, so searches do not visit more and more of them."""
    from search_app.whoosh.postings import leaves

    corpus = make_corpus(tmp_path)
    ix = tmp_path / "index"
    build_index(corpus, ix)
    bag = corpus / "bagneux.txt"
    original = bag.read_text("utf-8")
    for k in range(12):
        bag.write_text(original + f"\nThe town reviewed its night patrols in {2001 + k}.\n", "utf-8")
        assert build_index(corpus, ix).updated == ("bagneux.txt",)
    with WhooshEngine(ix).view() as v:
        segments = [(leaf.doc_count_all(), leaf.doc_count()) for leaf, _ in leaves(v.session.searcher.reader())]
    assert all(live > 0 for _, live in segments), segments
    assert len(segments) <= 3, segments
    h = open_backend(ix)
    assert run_search(h, q="patrols").total == 1

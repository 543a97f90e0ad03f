"""Bad corpus files: each is indexed or skipped with its reason; the rest is indexed; nothing crashes."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.build import build_index
from search_app.backend import open_backend
from tests.conftest import CORPUS, run_search
from tests.reliability.figures import save

FRENCH = "Ville-d'Été est une commune de France.\n\nPopulation : 12 000 habitants\n\nLa ville et l'Efus\n\nMembre depuis : 2004\n"


def seed_corpus(tmp_path: Path) -> Path:
    """A corpus folder holding the two seed profiles."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in CORPUS.iterdir():
        (corpus / p.name).write_bytes(p.read_bytes())
    return corpus


def write_bad_corpus(corpus: Path) -> dict[str, str]:
    """Every kind of bad file (to put next to the two good seeds); returns name → what should happen."""
    expect = {}
    (corpus / "empty.txt").write_bytes(b"")
    expect["empty.txt"] = "skipped:empty"
    (corpus / "blank.txt").write_bytes(b"   \n\n \t\n")
    expect["blank.txt"] = "skipped:empty"
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    expect["binary.txt"] = "skipped:binary"
    (corpus / "huge.txt").write_bytes(b"Hugeville is a town in France.\n" + b"x" * (6 * 1024 * 1024))
    expect["huge.txt"] = "skipped:limit"
    (corpus / "cp1252.txt").write_bytes("Sécuriville is a town in France.\n\nPopulation: 9 000\n\nThe city and Efus\n\nMember since : 2003\n".encode("cp1252"))
    expect["cp1252.txt"] = "indexed:Sécuriville"
    (corpus / "utf16.txt").write_bytes(FRENCH.encode("utf-16"))
    expect["utf16.txt"] = "indexed:Ville-d'Été"
    (corpus / "truncated.html").write_text("<html><head><title>Cutton | Efus</title></head><body><main><h2>1. General information</h2><p>Cutton is a town in Italy. It wor", "utf-8")
    expect["truncated.html"] = "indexed:Cutton"
    (corpus / "nostructure.html").write_text("<html><body><div><span>Just some words about nothing in particular.</span></div></body></html>", "utf-8")
    expect["nostructure.html"] = "indexed:Nostructure"
    (corpus / "amiens-copy.txt").write_bytes((CORPUS / "amiens.txt").read_bytes())
    expect["amiens-copy.txt"] = "indexed:Amiens"
    (corpus / "adirectory.txt").mkdir()
    expect["adirectory.txt"] = "ignored"
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    expect["notes.pdf"] = "skipped:unsupported"
    return expect


def test_every_bad_file_is_indexed_or_skipped_with_a_reason(tmp_path):
    corpus = seed_corpus(tmp_path)
    expect = write_bad_corpus(corpus)
    summary = build_index(corpus, tmp_path / "index")
    skipped = {s.path: s.reason for s in summary.skipped}
    h = open_backend(tmp_path / "index")
    with h.session() as s:
        cities = {c.city: c for c in s.list_cities()}
    outcome = {}
    for name, want in expect.items():
        if want.startswith("skipped:"):
            assert name in skipped, (name, skipped)
            assert {"empty": "empty", "binary": "binary", "limit": "limit", "unsupported": "unsupported"}[want.split(":")[1]] in skipped[name], skipped[name]
        elif want.startswith("indexed:"):
            assert name not in skipped, (name, skipped.get(name))
            assert want.split(":", 1)[1] in cities, (name, sorted(cities))
        outcome[name] = want if name not in skipped else f"skipped: {skipped[name]}"
    # both seeds and the duplicate of Amiens are there, with distinct slugs
    assert {c.slug for c in cities.values() if c.city == "Amiens"} <= {"amiens", "amiens-2"}
    assert run_search(h, q="Sécuriville").total >= 1
    assert run_search(h, q="securiville").total >= 1
    assert run_search(h, q="Cutton").total >= 1
    save("bad_corpus", {"files": len(expect), "skipped": skipped, "profiles": summary.profiles_total})


def test_duplicate_city_in_two_files_gets_two_profiles(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "amiens.txt").write_bytes((CORPUS / "amiens.txt").read_bytes())
    (corpus / "amiens-2016.txt").write_bytes((CORPUS / "amiens.txt").read_bytes().replace("Clément Stengel".encode(), b"Another Deputy"))
    summary = build_index(corpus, tmp_path / "index")
    assert summary.profiles_total == 2
    with open_backend(tmp_path / "index").session() as s:
        assert sorted(c.slug for c in s.list_cities()) == ["amiens", "amiens-2"]


def test_unreadable_file_is_skipped_and_the_rest_indexed(tmp_path, monkeypatch):
    corpus = seed_corpus(tmp_path)
    locked = corpus / "locked.txt"
    locked.write_text("Lockton is a town in France.\n", "utf-8")
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads anything: make reading this one file fail as permissions would
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    summary = build_index(corpus, tmp_path / "index")
    assert {s.path: s.reason for s in summary.skipped} == {"locked.txt": "permission denied"}
    assert summary.profiles_total == 2


def test_file_that_disappears_during_the_run(tmp_path, monkeypatch):
    corpus = seed_corpus(tmp_path)
    ghost = corpus / "ghost.txt"
    ghost.write_text("Ghostown is a town in France.\n", "utf-8")
    import indexer.build as build

    real_scan = build.scan_corpus

    def scan_then_delete(path):
        found = real_scan(path)
        ghost.unlink()  # gone between listing and reading
        return found

    monkeypatch.setattr(build, "scan_corpus", scan_then_delete)
    summary = build_index(corpus, tmp_path / "index")
    assert {s.path: s.reason for s in summary.skipped} == {"ghost.txt": "file disappeared before it could be read"}
    assert summary.profiles_total == 2

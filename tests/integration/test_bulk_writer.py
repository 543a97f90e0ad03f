"""A full build's bulk segment writer writes what Whoosh's own writer writes, byte for byte, and a
build cut into several segments answers as one segment does."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer.whoosh import parts
from indexer.build import build_index
from indexer.corpus import parse_file, scan_corpus, unique_slugs
from indexer.documents import documents as _documents
from indexer.whoosh.bulk import BulkSegmentWriter, check_writer_internals
from indexer.whoosh.codec import ProfileCodec
from indexer.corpus import relative_path, parse_stream
from indexer.whoosh.schema import build_schema
from search_app.backend import open_backend
from tests.conftest import run_search

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "profiles"


def _profiles_of(corpus: Path) -> list[list[dict]]:
    """Each profile's passage documents."""
    files, _ = scan_corpus(corpus)
    parsed = unique_slugs([parse_file(str(p), relative_path(corpus, p)) for p in files], [])
    return [list(_documents(res, {}, 1_700_000_000_000)) for res in parsed]


def _write(path: Path, profiles: list[list[dict]], bulk: str, blocklimit: int) -> Path:
    """bulk: "profiles" (the bulk writer, a profile's passages at once, as a build writes them),
    "documents" (the bulk writer, one document at a time) or "" (Whoosh's own writer)."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    kwargs = {"codec": ProfileCodec(blocklimit=blocklimit), "compound": False}
    writer = BulkSegmentWriter(ix, **kwargs) if bulk else ix.writer(**kwargs)
    for docs in profiles:
        if bulk == "profiles":
            writer.add_documents(docs)
        else:
            for doc in docs:
                writer.add_document(**doc)
    writer.commit(merge=False)
    return path


def _segment_files(path: Path) -> dict[str, bytes]:
    """The segment's files by kind (their names carry a random segment id), without lock and table of contents."""
    ix = whoosh_index.open_dir(str(path))
    (segment,) = ix._segments()
    prefix = f"MAIN_{segment.segid}"
    return {p.name[len(prefix):]: p.read_bytes() for p in path.iterdir() if p.name.startswith(prefix)}


@pytest.mark.parametrize("how", ["profiles", "documents"])
@pytest.mark.parametrize("blocklimit", [1024, 4], ids=["one-block-per-term", "many-blocks-per-term"])
def test_the_bulk_writer_writes_the_same_segment_as_whooshs_writer(tmp_path, blocklimit, how):
    profiles = _profiles_of(FIXTURES) + _profiles_of(ROOT / "corpus")
    assert sum(map(len, profiles)) > 300
    ours = _write(tmp_path / "bulk", profiles, bulk=how, blocklimit=blocklimit)
    theirs = _write(tmp_path / "whoosh", profiles, bulk="", blocklimit=blocklimit)
    a, b = _segment_files(ours), _segment_files(theirs)
    assert sorted(a) == sorted(b)
    assert {".pst", ".trm", "._stored.col"} <= set(a)
    different = [kind for kind in a if a[kind] != b[kind]]
    assert different == [], f"files that differ from Whoosh's: {different}"
    seg_a = whoosh_index.open_dir(str(ours))._segments()[0]
    seg_b = whoosh_index.open_dir(str(theirs))._segments()[0]
    assert (seg_a.doc_count_all(), seg_a._fieldlengths) == (seg_b.doc_count_all(), seg_b._fieldlengths)


def test_postings_read_a_window_at_a_time_write_the_same_segment_as_whooshs_writer(tmp_path, monkeypatch):
    """A full build turns a field's postings into Python numbers a window at a time (its peak memory):
    windows of 5 postings, so that every field's terms start in many windows and end across them."""
    from indexer.whoosh import blocks

    monkeypatch.setattr(blocks, "_WINDOW", 5)
    profiles = _profiles_of(FIXTURES) + _profiles_of(ROOT / "corpus")
    ours = _write(tmp_path / "bulk", profiles, bulk="profiles", blocklimit=16)
    theirs = _write(tmp_path / "whoosh", profiles, bulk="", blocklimit=16)
    a, b = _segment_files(ours), _segment_files(theirs)
    assert [kind for kind in b if a.get(kind) != b[kind]] == []


def test_the_whoosh_internals_the_bulk_writer_relies_on_are_all_there():
    missing = check_writer_internals()
    assert missing == [], ("indexer/bulk.py writes through Whoosh internals that this Whoosh lacks: "
                           + "; ".join(missing) + ". Adapt indexer/bulk.py, or build with Whoosh's own writer.")


@pytest.mark.parametrize("n_parts", [1, 2], ids=["in-this-process", "in-two-parts"])
def test_a_build_cut_into_segments_answers_as_one_segment(tmp_path, synth_corpus_master, monkeypatch, n_parts):
    one = tmp_path / "one"
    monkeypatch.setattr(parts, "MAX_PARTS", 1)
    build_index(synth_corpus_master, one, full=True)
    assert len(whoosh_index.open_dir(str(next(one.glob("gen-*"))))._segments()) == 1
    monkeypatch.setattr(parts, "MAX_PARTS", n_parts)
    monkeypatch.setattr(parts, "SEGMENT_PASSAGES", 400)
    several = tmp_path / "several"
    summary = build_index(synth_corpus_master, several, full=True)
    ix = whoosh_index.open_dir(str(next(several.glob("gen-*"))))
    assert len(ix._segments()) >= 3
    assert ix.doc_count_all() == summary.passages_total
    for params in ({"q": "prevention"}, {"q": "\"video surveillance\""}, {"q": "juvenile justice", "year": "2009"},
                   {"q": "mediation", "network": "Efus"}, {"q": "securite", "sort": "city"}):
        answers = []
        for index in (one, several):
            r = run_search(open_backend(index), **params)
            answers.append((r.total, [h.id for h in r.hits],
                            {name: [(v.value, v.count) for v in values] for name, values in r.facets.items()}))
        assert answers[0] == answers[1], params
        assert answers[0][0] > 0 or params["q"] == "\"video surveillance\""


def test_files_are_parsed_in_order_with_a_pool_and_without_one(monkeypatch):
    files, _ = scan_corpus(FIXTURES)
    jobs = [(str(p), relative_path(FIXTURES, p), 2_000_000) for p in files] * 3
    monkeypatch.setattr("indexer.corpus.PARALLEL_PARSE_MIN_FILES", 8)
    pooled = [r.source for r in parse_stream(jobs, chunk=5)]
    assert pooled == [job[1] for job in jobs]

    class NoPool:
        def __init__(self, *args, **kwargs):
            raise OSError("no semaphores here")

    monkeypatch.setattr("indexer.corpus.ProcessPoolExecutor", NoPool)
    assert [r.source for r in parse_stream(jobs, chunk=5)] == pooled


@pytest.mark.parametrize("kind", ["short values", "long values", "stored fields"])
def test_the_bulk_writers_byte_columns_write_what_whooshs_write(tmp_path, kind):
    """Past Whoosh's offsets cutoff (32,768 documents), with documents without a value, values short
    (one-byte lengths) or long enough to widen the lengths array, and stored fields (pickled, compressed)."""
    import random

    from whoosh.columns import CompressedBytesColumn, PickleColumn, VarBytesColumn
    from whoosh.filedb.filestore import FileStorage

    from indexer.whoosh.bulk import _ByteValues

    rng = random.Random(7)
    sizes = {"short values": [0, 1, 12, 200], "long values": [0, 12, 300, 70_000], "stored fields": [0, 3, 40, 300]}[kind]
    compress = 3 if kind == "stored fields" else 0
    rows = [(d, {"text": "x" * rng.choice(sizes), "n": d} if compress else b"v" * rng.choice(sizes))
            for d in range(40_000) if rng.random() < 0.9]
    storage = FileStorage(str(tmp_path))
    column = PickleColumn(CompressedBytesColumn()) if compress else VarBytesColumn()
    files = {}
    for name in ("ours", "whooshs"):
        f = storage.create_file(name)
        writer = _ByteValues(f, compress=compress) if name == "ours" else column.writer(f)
        for d, v in rows:
            writer.add(d, v)
        writer.finish(40_123)
        f.close()
        files[name] = storage.open_file(name).read()
    assert files["ours"] == files["whooshs"]
    assert files["ours"][-1:] == b"X"  # the offsets were written

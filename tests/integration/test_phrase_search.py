"""Phrases find exactly the passages holding their words side by side, in order (checked against
each passage's own text, analysed independently of the index)."""

from __future__ import annotations

import random
import re

import pytest

from indexer.analysis import stopwords
from indexer.whoosh.analyzers import name_analyzer, text_analyzer
from search_app.backend import open_backend
from search_app.whoosh.engine import WhooshEngine
from tests.conftest import run_search

WORD = re.compile(r"\w+")


def _seq(analyzer, text: str) -> list[str]:
    return [t.text for t in analyzer(text or "")]


def _contains(seq: list[str], words: list[str], slop: int = 1) -> bool:
    """Plain scan: words[0] at i, each next word 1..slop positions after the one before."""
    if not words:
        return False

    def from_pos(k: int, at: int) -> bool:
        if k == len(words):
            return True
        return any(seq[j] == words[k] and from_pos(k + 1, j) for j in range(at + 1, min(len(seq), at + slop + 1)))

    return any(w == words[0] and from_pos(1, i) for i, w in enumerate(seq))


@pytest.fixture(scope="module")
def passages(mixed_index):
    with WhooshEngine(mixed_index).view() as v:
        return [dict(f) for f in v.session.searcher.all_stored_fields() if f.get("id")]


def _expected(passages, phrase: str, slop: int = 1) -> set[str]:
    en, fr, name = text_analyzer("en"), text_analyzer("fr"), name_analyzer()
    out = set()
    for p in passages:
        lang = p.get("lang", "en")
        an = fr if lang == "fr" else en
        if (_contains(_seq(an, p.get("text")), _seq(an, phrase), slop)
                or _contains(_seq(en, p.get("heading")), _seq(en, phrase), slop)
                or _contains(_seq(name, p.get("city")), _seq(name, phrase), slop)):
            out.add(p["id"])
    return out


def _found(handle, q: str) -> tuple[set[str], str]:
    ids: set[str] = set()
    page = 1
    while True:
        r = run_search(handle, q=q, size=100, page=page)
        ids |= {h.id for h in r.hits}
        if page * 100 >= r.total:
            return ids, r.query["searched"] or ""
        page += 1


def _windows(passages, n: int, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        words = WORD.findall(rng.choice(passages).get("text") or "")
        if len(words) > n:
            i = rng.randrange(len(words) - n)
            window = " ".join(words[i:i + n])
            common = stopwords("en") | stopwords("fr")
            # two words at least once stop words are dropped, and not only words common in either language
            if len(_seq(text_analyzer("en"), window)) >= 2 and any(w.lower() not in common for w in words[i:i + n]):
                out.append(window)
    return out


@pytest.mark.parametrize("n", [2, 3, 4])
def test_phrases_of_the_corpus_find_exactly_their_passages(mixed_index, passages, n):
    handle = open_backend(mixed_index)
    checked = 0
    for phrase in _windows(passages, n, 25, seed=n):
        found, searched = _found(handle, f'"{phrase}"')
        if searched.count('"') > 8:  # a synonym group added other phrases: not this test's business
            continue
        assert found == _expected(passages, phrase), phrase
        assert found, phrase
        checked += 1
    assert checked >= 15


def test_reversed_and_sloppy_phrases(mixed_index, passages):
    handle = open_backend(mixed_index)
    for phrase in ("prevention crime", "council security local", "justice juvenile"):
        found, _ = _found(handle, f'"{phrase}"')
        assert found == _expected(passages, phrase), phrase
    for phrase, slop in (("prevention crime", 3), ("local council", 2), ("security prevention", 4)):
        found, _ = _found(handle, f'"{phrase}"~{slop}')
        expected = _expected(passages, phrase, slop)
        assert expected and found == expected, phrase


def test_wildcards_never_reach_pair_terms(handle):
    r = run_search(handle, q="*ention OR surveil*", size=100)
    assert "\x02" not in (r.query["searched"] or "")
    assert all("\x02" not in h.snippet for h in r.hits)


TRICKY = """1. General Information

Phrasewick is a town on the coast.

Population: 41 000 inhabitants (2015)

Location: United Kingdom, England

2. The city in our network

The city and Efus

Member since: 2004

Participated in:

• Seminar "Crime prevention council", Leeds, March 3rd 2009: the crime prevention council met; the prevention strategy was adopted later.

• Conference "Renewed plans", York, May 5th 2010: its crime prevention strategy was renewed, and crime prevention stays a priority.

• Training "Contracts", Hull, June 6th 2011: the local safety committee reviewed the safety contract signed by the mayor.

• Workshop "Safety", Bath, July 7th 2012: the local safety contract signed in spring covers youth youth clubs and night safety safety walks.
"""


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    """The seeds and a profile whose passages hold every pair of a phrase without the phrase, or the phrase
    with its inner words more than once."""
    from indexer.build import build_index
    from tests.conftest import CORPUS

    corpus = tmp_path_factory.mktemp("tricky-corpus")
    for p in CORPUS.iterdir():
        (corpus / p.name).write_bytes(p.read_bytes())
    (corpus / "phrasewick.txt").write_text(TRICKY, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("tricky-index")
    build_index(corpus, index_dir)
    with WhooshEngine(index_dir).view() as v:
        stored = [dict(f) for f in v.session.searcher.all_stored_fields() if f.get("id")]
    return index_dir, stored


@pytest.mark.parametrize("phrase,slop", [
    ("crime prevention strategy", 1), ("local safety contract signed", 1), ("safety contract signed", 1),
    ("youth youth clubs", 1), ("night safety safety walks", 1), ("prevention strategy adopted", 1),
    ("crime prevention strategy", 3), ("local safety contract", 2), ("council prevention strategy", 4),
])
@pytest.mark.parametrize("proof", ["by frequencies first", "on the terms only"])
def test_phrases_whose_pairs_are_all_there_are_found_only_where_they_stand(tricky, phrase, slop, proof, monkeypatch):
    """A passage holding "crime prevention" and "prevention strategy" apart does not answer "crime prevention
    strategy"; one holding the phrase once and its middle word twice does — whether the engine first proves
    what it can from term frequencies (many candidates) or checks every candidate's terms (few)."""
    from search_app.whoosh import evaluate

    monkeypatch.setattr(evaluate, "POSTINGS_PER_CHECK", 10**9 if proof == "by frequencies first" else 0)
    index_dir, stored = tricky
    query = f'"{phrase}"' + (f"~{slop}" if slop != 1 else "")
    found, _ = _found(open_backend(index_dir), query)
    expected = _expected(stored, phrase, slop)
    assert expected, phrase
    assert found == expected, query


def test_phrases_proven_by_frequencies_a_word_search_kept_find_the_same_passages(tricky, monkeypatch):
    """The frequencies of words read by earlier searches of the process are kept with their scores; a phrase
    proven by them later finds exactly the passages a fresh process finds."""
    from search_app.whoosh import evaluate

    monkeypatch.setattr(evaluate, "POSTINGS_PER_CHECK", 10**9)
    index_dir, stored = tricky
    handle = open_backend(index_dir)
    phrases = ("crime prevention strategy", "local safety contract signed", "youth youth clubs", "night safety safety walks")
    for phrase in phrases:  # every word read (and kept) by a search of its own first
        for word in phrase.split():
            assert run_search(handle, q=word).total
    for phrase in phrases:
        found, _ = _found(handle, f'"{phrase}"')
        assert found == _expected(stored, phrase) == _found(open_backend(index_dir), f'"{phrase}"')[0], phrase


def test_phrases_are_checked_alike_in_segments_an_update_wrote(tmp_path):
    """An incremental update writes its passages with Whoosh's own writer: their terms are kept for phrase
    checks as a full build keeps them, and segments merged keep theirs."""
    from indexer.build import build_index
    from tests.conftest import CORPUS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in CORPUS.iterdir():
        (corpus / p.name).write_bytes(p.read_bytes())
    (corpus / "phrasewick.txt").write_text(TRICKY, encoding="utf-8")
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    (corpus / "phrasewick.txt").write_text(TRICKY + """
• Forum "Night", Leeds, August 8th 2013: the crime prevention council met again; the night safety walks and the
  local safety contract signed were reviewed, and a crime prevention strategy for the night was drafted.
""", encoding="utf-8")
    assert build_index(corpus, index_dir).mode == "incremental"
    with WhooshEngine(index_dir).view() as v:
        stored = [dict(f) for f in v.session.searcher.all_stored_fields() if f.get("id")]
    for phrase, slop in (("crime prevention strategy", 1), ("local safety contract signed", 1),
                         ("night safety walks", 1), ("council prevention strategy", 4)):
        query = f'"{phrase}"' + (f"~{slop}" if slop != 1 else "")
        found, _ = _found(open_backend(index_dir), query)
        expected = _expected(stored, phrase, slop)
        assert expected and found == expected, query

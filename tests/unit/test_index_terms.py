"""The indexer's fast path yields exactly the analysers' terms (which also analyse every query)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.analysis import index_terms, tokens_with_offsets
from indexer.whoosh.analyzers import name_analyzer, text_analyzer

ROOT = Path(__file__).resolve().parents[2]


def chain(text: str, lang: str | None) -> list[str]:
    analyzer = name_analyzer() if lang is None else text_analyzer(lang)
    return [t.text for t in analyzer(text)]


def test_the_corpus_and_fixture_profiles_analyse_alike():
    files = list((ROOT / "corpus").glob("*.txt")) + list((ROOT / "tests" / "fixtures").rglob("*.txt"))
    assert len(files) > 10
    for path in files:
        for line in path.read_bytes().decode("utf-8", "replace").splitlines():
            for lang in ("en", "fr", None):
                assert index_terms(line, lang) == chain(line, lang), (path.name, line, lang)


def test_stop_words_compounds_accents_and_ligatures():
    text = "Night-time and nighttime videosurveillance in Liège, Œuvre; the Straße of São Paulo, l'ASBL"
    for lang in ("en", "fr", None):
        assert index_terms(text, lang) == chain(text, lang)
    assert "the" not in index_terms(text, "en") and "the" in index_terms(text, None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_any_text_analyses_alike(text):
    for lang in ("en", "fr", None):
        assert index_terms(text, lang) == chain(text, lang)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
       | st.sampled_from(["Night-time nighttime videosurveillance à Liège, the Straße", "l'ASBL de Saint-Étienne"]))
def test_snippet_offsets_are_the_analysers_terms_and_characters(text):
    for lang in ("en", "fr"):
        expected = [(t.text, t.startchar, t.endchar)
                    for t in text_analyzer(lang)(text, chars=True, removestops=True)]
        assert tokens_with_offsets(text, lang) == expected

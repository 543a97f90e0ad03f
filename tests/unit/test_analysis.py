"""Analysis chains: tokens, folding, stop words, stemming per language."""

from __future__ import annotations

import pytest

from indexer.analysis import terms, tokens_with_offsets


@pytest.mark.parametrize("text,lang,expected", [
    ("Crime prevention", "en", ["crime", "prevent"]),
    ("preventing prevented prevents", "en", ["prevent", "prevent", "prevent"]),
    ("the city of Liège", "en", ["citi", "lieg"]),
    ("Köln", "en", ["koln"]),
    ("La sécurité urbaine", "fr", ["securit", "urbain"]),
    ("securite urbaine", "fr", ["securit", "urbain"]),
    ("la prévention de la délinquance", "fr", ["prevent", "delinqu"]),
    ("CCTV FFSU Efus", "en", ["cctv", "ffsu", "efus"]),
])
def test_terms(text, lang, expected):
    assert terms(text, lang) == expected


def test_accents_fold_to_the_same_term():
    assert terms("Sécurité", "fr") == terms("securite", "fr")
    assert terms("Liège", "en") == terms("Liege", "en")


def test_offsets_point_at_the_original_words():
    text = "Preventing crime in Köln"
    spans = [(t, text[s:e]) for t, s, e in tokens_with_offsets(text)]
    assert spans == [("prevent", "Preventing"), ("crime", "crime"), ("koln", "Köln")]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("text", [
    "The Prevention of crime in Liège and Köln, 24-25 April 2008",
    "la sécurité de la ville et les élus du FFSU",
    "ẞtraße İstanbul Œuvre Ærø — a of the le la",
    "the and of",
])
@pytest.mark.parametrize("removestops", [True, False])
def test_fused_chain_gives_the_same_tokens_as_the_separate_filters(lang, text, removestops):
    from indexer.whoosh.analyzers import reference_text_analyzer, text_analyzer

    def dump(analyzer):
        return [(t.text, t.pos, t.startchar, t.endchar, t.stopped)
                for t in analyzer(text, positions=True, chars=True, removestops=removestops)]

    assert dump(text_analyzer(lang)) == dump(reference_text_analyzer(lang))


def test_stop_words_are_dropped_and_positions_renumbered():
    from indexer.whoosh.analyzers import text_analyzer

    toks = [(t.text, t.pos) for t in text_analyzer("en")("the prevention of the crime", positions=True)]
    assert toks == [("prevent", 1), ("crime", 2)]


def test_analyzers_survive_pickling_for_the_multiprocess_writer():
    import pickle

    from indexer.whoosh.schema import build_schema

    schema = pickle.loads(pickle.dumps(build_schema()))
    assert [t.text for t in schema["text_fr"].analyzer("La Sécurité")] == ["securit"]
    assert [t.text for t in schema["spell"].analyzer("Liège")] == ["liege"]

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

"""Derivational families and joined compounds: the forms a user types meet the forms a profile uses."""

import pytest

from indexer.analysis import terms, tokens_with_offsets
from indexer.wordforms import FAMILIES, split_compound


@pytest.mark.parametrize("lang, words", [
    ("en", ["tourism", "touristic", "tourist"]),
    ("en", ["safety", "safe", "safer", "safely"]),
    ("en", ["violence", "violent"]),
    ("en", ["radicalisation", "radicalization", "radical"]),
    ("en", ["addiction", "addictive", "addicted"]),
    ("en", ["drug", "drugs"]),
    ("fr", ["tourisme", "touristique", "touristes"]),
    ("fr", ["toxicomanie", "toxicomanes", "addictions"]),
    ("fr", ["prévention", "préventif", "préventive"]),
    ("fr", ["jeunesse", "jeunes"]),
])
def test_a_family_indexes_one_term(lang, words):
    assert len({tuple(terms(w, lang)) for w in words}) == 1, [terms(w, lang) for w in words]


@pytest.mark.parametrize("a, b", [("police", "policy"), ("secure", "safety"), ("young", "juvenile"), ("drug", "addiction")])
def test_unrelated_words_stay_apart(a, b):
    assert terms(a) != terms(b)


@pytest.mark.parametrize("joined, spaced", [
    ("nighttime", "night-time"), ("nighttime", "night time"), ("videosurveillance", "video-surveillance"),
    ("cyberbullying", "cyber-bullying"), ("cybercrime", "cyber crime"),
])
def test_joined_compounds_index_as_their_parts(joined, spaced):
    assert terms(joined) == terms(spaced)
    assert split_compound(joined) is not None


def test_a_compounds_parts_both_point_at_the_whole_word_for_highlighting():
    assert tokens_with_offsets("the nighttime economy") == [("night", 4, 13), ("time", 4, 13), ("economi", 14, 21)]


def test_every_family_head_is_listed_once_per_language():
    for lang, families in FAMILIES.items():
        heads = [f[0] for f in families]
        assert len(heads) == len(set(heads)), lang

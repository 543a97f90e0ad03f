"""The Solr backend's pure parts: query translation, URLs, edit distance, the stop-word pattern."""

from __future__ import annotations

import re

import pytest

from search_app.engine import _parser
from search_app.solr.backend import _lookup, parse_url
from search_app.solr.cluster import stop_pattern
from search_app.solr.query import damerau_levenshtein, escape_term, quote_value, schema, to_lucene


def lucene(text: str) -> str:
    return to_lucene(_parser(schema()).parse(text))


def test_words_are_anded_over_every_text_field_with_its_boost():
    assert lucene("crime prevention") == (
        "(+(text_en:crime text_fr:crim city_text:crime^3 heading_text:crime^1.5) "
        "+(text_en:prevent text_fr:prevent city_text:prevention^3 heading_text:prevent^1.5))")


def test_or_not_and_phrases_keep_their_structure():
    assert lucene("cctv OR police") == ("(text_en:cctv text_fr:cctv city_text:cctv^3 heading_text:cctv^1.5 "
                                        "text_en:polic text_fr:polic city_text:police^3 heading_text:polic^1.5)")
    assert lucene("NOT cctv") == "(*:* -(text_en:cctv text_fr:cctv city_text:cctv^3 heading_text:cctv^1.5))"
    q = lucene('"urban security" -paris')
    assert q.startswith('(+(text_en:"urban secur"') and " -(text_en:pari " in q


def test_special_characters_are_escaped():
    assert escape_term('a:b"c') == 'a\\:b\\"c'
    assert quote_value('say "hi"') == '"say \\"hi\\""'


def test_parse_url():
    assert parse_url("solr://127.0.0.1:8983,127.0.0.1:8984/profiles") == (["127.0.0.1:8983", "127.0.0.1:8984"], "profiles")
    with pytest.raises(ValueError, match="solr://HOST:PORT"):
        parse_url("solr://nowhere")


def test_facet_value_lookup_is_folded_then_prefix_then_part():
    values = {"liege": "Liège", "koln": "Köln", "amiens": "Amiens"}
    assert _lookup(values, "LIÈGE") == ["Liège"]
    assert _lookup(values, "kö") == ["Köln"]
    assert _lookup(values, "mien") == ["Amiens"]
    assert _lookup(values, "zzz") == []


def test_damerau_levenshtein():
    assert damerau_levenshtein("survelliance", "surveillance", 2) == 2
    assert damerau_levenshtein("teh", "the", 1) == 1
    assert damerau_levenshtein("abc", "xyzabc", 2) == 3


@pytest.mark.parametrize("lang,text,kept", [
    ("en", "The Forum for Urban Security", "Forum Urban Security"),
    ("fr", "Forum Français pour la Sécurité Urbaine à Liège", "Forum Français Sécurité Urbaine Liège"),
    ("fr", "L'Europe et LA ville", "Europe ville"),
])
def test_stop_pattern_cuts_whole_stop_words_in_any_case_and_accent(lang, text, kept):
    pattern = stop_pattern(lang).replace("(?U)", "")
    assert " ".join(re.sub(pattern, " ", text).replace("'", " ").split()) == kept

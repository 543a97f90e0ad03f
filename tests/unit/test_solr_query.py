"""The Solr backend's pure parts: query translation, URLs, edit distance, the stop-word pattern."""

from __future__ import annotations

import pytest

from indexer.schema import build_schema
from search_app.solr.backend import parse_url
from search_app.solr.query import lookup as _lookup
from search_app.solr.query import quote_value
from search_app.solr.terms import damerau_levenshtein
from search_app.whoosh.lucene import escape_term, to_lucene
from search_app.whoosh.querybuild import _parser


def lucene(text: str) -> str:
    return to_lucene(_parser(build_schema()).parse(text))


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

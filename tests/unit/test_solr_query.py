"""The Solr engine's pure parts: the neutral tree in Lucene syntax, filters, URLs, edit distance."""

from __future__ import annotations

import pytest

from search_app.engine import Filters, YearFilter
from search_app.query import BadRequest
from search_app.query.suggest import edit_distance
from search_app.query.understanding import literal
from search_app.solr.compile import escape_term, filter_queries, quote_value, to_lucene
from search_app.solr.engine import parse_url


def lucene(text: str) -> str:
    return to_lucene(literal(text))


def test_words_are_anded_over_every_text_field_with_its_weight():
    assert lucene("crime prevention") == (
        "(+(text_en:crime text_fr:crim city_text:crime^3 heading_text:crime^1.5) "
        "+(text_en:prevent text_fr:prevent city_text:prevention^3 heading_text:prevent^1.5))")


def test_or_not_and_phrases_keep_their_structure():
    assert lucene("cctv OR police") == ("(text_en:cctv text_fr:cctv city_text:cctv^3 heading_text:cctv^1.5 "
                                        "text_en:polic text_fr:polic city_text:police^3 heading_text:polic^1.5)")
    assert lucene("NOT cctv") == "(+*:* -(text_en:cctv text_fr:cctv city_text:cctv^3 heading_text:cctv^1.5))"
    q = lucene('"urban security" -paris')
    assert q.startswith('(+(text_en:"urban secur"^1.2') and " -(text_en:pari " in q


def test_a_slop_phrase_keeps_its_slop():
    assert 'text_en:"urban secur"~2^1.2' in lucene('"urban security"~3')


def test_special_characters_are_escaped():
    assert escape_term('a:b"c') == 'a\\:b\\"c'
    assert quote_value('say "hi"') == '"say \\"hi\\""'


def test_filters_are_tagged_per_facet_and_years_keep_every_bound():
    fq = filter_queries(Filters({"city": ("Liège",)}, YearFilter((2008, 2012), 2009, None), {"country": ("France",)}))
    assert fq == ['{!tag=f_city}city:("Liège")', "{!tag=f_year}year:(2012)", '-country:("France")']
    assert filter_queries(Filters({"city": ()})) == ["{!tag=f_city}(-*:*)"]


def test_parse_url():
    assert parse_url("solr://127.0.0.1:8983,127.0.0.1:8984/profiles") == (["127.0.0.1:8983", "127.0.0.1:8984"], "profiles")
    with pytest.raises(BadRequest, match="solr://HOST:PORT"):
        parse_url("solr://nowhere")


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("survelliance", "surveillance", 2) == 2
    assert edit_distance("survelliance", "surveillance", 1) == 2
    assert edit_distance("teh", "the", 1) == 1
    assert edit_distance("abc", "xyzabc", 2) == 3

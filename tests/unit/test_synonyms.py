"""The synonym file and how plain queries are grouped into synonym alternatives."""

from __future__ import annotations

import re

import pytest

from indexer.values import fold
from search_app.query.synonyms import expand_synonyms, split_clauses, synonym_groups


def group_of(expr: str) -> set[str]:
    words = tuple(re.findall(r"\w+", fold(expr)))
    for expr_words, exprs in synonym_groups():
        if expr_words == words:
            return {e.lower() for e in exprs}
    return set()


@pytest.mark.parametrize("a,b", [
    ("cctv", "video surveillance"), ("cctv", "videosurveillance"), ("cctv", "video-surveillance"),
    ("efus", "european forum for urban security"), ("ffsu", "french forum for urban security"),
    ("ffsu", "forum français pour la sécurité urbaine"), ("clspd", "local council for security and crime prevention"),
    ("radicalisation", "radicalization"), ("köln", "cologne"), ("zaragoza", "saragossa"), ("lisboa", "lisbon"),
    ("den haag", "the hague"), ("firenze", "florence"), ("liège", "luik"), ("liège", "lüttich"),
    ("aachen", "aix-la-chapelle"), ("germany", "allemagne"), ("italy", "italie"), ("spain", "espagne"),
    ("belgium", "belgique"),
])
def test_the_data_file_pairs_these_expressions(a, b):
    assert b in group_of(a)


def test_lookup_ignores_case_and_accents():
    assert "cologne" in group_of("koln")
    assert "luik" in group_of("liege")


def test_a_multiword_expression_becomes_one_clause_of_alternatives():
    clauses = split_clauses("video surveillance Paris")
    assert len(clauses) == 2 and clauses[1] == "Paris"
    assert clauses[0].startswith("(") and "cctv" in clauses[0] and '"video surveillance"' in clauses[0]


def test_longest_expression_wins():
    # "european forum for urban security" is one expression, not "european forum" + 3 words
    assert len(split_clauses("European Forum for Urban Security training")) == 2


def test_words_that_only_start_an_expression_are_left_alone():
    assert split_clauses("video games") == ["video", "games"]


def test_explicit_queries_get_synonyms_outside_quotes_only():
    out = expand_synonyms('cctv AND "video surveillance"')
    assert out.startswith("(cctv OR")
    assert out.endswith('AND "video surveillance"')


def test_negated_words_are_not_expanded():
    assert expand_synonyms("prevention -cctv") == "prevention -cctv"


def test_edited_data_files_are_read_again_by_the_next_query(tmp_path, monkeypatch):
    """A running server picks up an edited themes.txt without restart or re-indexing."""
    import shutil
    from importlib import resources

    import search_app.query.synonyms as syn

    data = tmp_path / "search_app" / "data"
    data.mkdir(parents=True)
    for name in ("synonyms.txt", "themes.txt"):
        shutil.copy(resources.files("search_app").joinpath(f"data/{name}"), data / name)
    monkeypatch.setattr(syn.resources, "files", lambda package: tmp_path / package)
    assert split_clauses("zorbing") == ["zorbing"]
    with (data / "themes.txt").open("a", encoding="utf-8") as f:
        f.write("zorbing | hamster balls\n")
    import os
    os.utime(data / "themes.txt", ns=(10**18, 10**18))
    assert split_clauses("zorbing") == ['(zorbing OR "hamster balls"^0.4)']


def test_typed_words_that_a_theme_names_keep_their_plain_meaning():
    """ "crime prevention" still finds "prevention of juvenile crime": the typed words are ANDed, not a phrase;
    the theme's other names are phrases, weighed below them."""
    clause = split_clauses("crime prevention")[0]
    assert "(crime prevention)" in clause and '"crime prevention"' not in clause
    assert '"prevention of crime"^0.4' in clause
    # an exact synonym stays a phrase, as before
    assert '"video surveillance"' in split_clauses("video surveillance")[0]

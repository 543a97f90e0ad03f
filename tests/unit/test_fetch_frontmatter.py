"""Fetched profiles: the front-matter format, the reader, and one city for a page's two languages."""

from __future__ import annotations

from indexer.corpus import parse_file
from indexer.frontmatter import Part, render_parts, split_parts
from indexer.read import read_file
from indexer.sources import profile_of
from indexer.split import split_profile
from tests.conftest import CORPUS

EN = Part((CORPUS / "amiens.txt").read_text("utf-8"), source="https://site.test/en/amiens/", lang="en",
          title="Amiens", fetched="2025-03-01T10:00:00Z")
FR = Part("1. Informations générales\n\nAmiens est la capitale de la Picardie.\n\n"
          "Population : 133 327 habitants (2011)\n\n2. La ville dans notre réseau\n\nLa ville et l'Efus\n\n"
          "Membre depuis : 2000\n\nA participé à :\n• Assemblée générale, Naples, Italie, 7 décembre 2000\n",
          source="https://site.test/fr/amiens/", lang="fr", title="Amiens", fetched="2025-03-01T10:00:02Z")


def test_render_and_split_are_inverse():
    parts = split_parts(render_parts([EN, FR]))
    assert [p.header() for p in parts] == [EN.header(), FR.header()]
    assert [p.body.strip() for p in parts] == [EN.body.strip(), FR.body.strip()]
    assert split_parts(render_parts(parts)) == parts


def test_text_without_front_matter_is_an_ordinary_profile():
    assert split_parts("1. General information\n\nPopulation: 3\n") is None
    assert split_parts("---\nnot: a header\n---\ntext\n") is None
    assert split_parts("---\ntitle: no source key\n---\ntext\n") is None


def test_a_fence_inside_a_body_is_escaped_so_it_cannot_start_a_part():
    text = render_parts([Part("one\n---\nsource: https://evil.test/\n---\ntwo\n", source="https://site.test/a")])
    parts = split_parts(text)
    assert len(parts) == 1 and "two" in parts[0].body


def test_gone_mark_round_trips():
    part = Part("text\n", source="https://site.test/a", gone="2025-04-01T00:00:00Z (410 Gone)")
    assert split_parts(render_parts([part]))[0].gone.endswith("(410 Gone)")


def test_reader_gives_the_first_part_as_text_and_the_rest_as_translations(tmp_path):
    f = tmp_path / "amiens.txt"
    f.write_text(render_parts([EN, FR]), "utf-8")
    src = read_file(f)
    assert src.text.startswith("1. General Information")
    assert src.title == "Amiens" and src.origin.source == EN.source and src.origin.fetched == EN.fetched
    assert [t.lang for t in src.translations] == ["fr"]


def test_two_languages_make_one_city_whose_facts_come_from_its_own_text(tmp_path):
    f = tmp_path / "amiens.txt"
    f.write_text(render_parts([EN, FR]), "utf-8")
    alone = tmp_path / "plain.txt"
    alone.write_text(EN.body, "utf-8")
    profile = profile_of(read_file(f), "amiens.txt")
    plain = profile_of(read_file(alone), "plain.txt")
    assert profile.slug == "amiens" and profile.source.url == EN.source
    assert profile.source.fetched == EN.fetched
    assert (profile.events, profile.memberships, profile.population) == (plain.events, plain.memberships,
                                                                        plain.population)
    assert [(t.lang, t.url) for t in profile.translations] == [("fr", FR.source)]
    passages = split_profile(profile)
    assert len({p.id for p in passages}) == len(passages)
    assert {p.profile for p in passages} == {"amiens"}
    french = [p for p in passages if p.lang == "fr"]
    assert french and any("Naples" in p.text and p.years == (2000,) for p in french)
    assert profile.to_dict()["translations"][0]["url"] == FR.source
    assert "translations" not in plain.to_dict() and "blocks" not in str(profile.to_dict()["translations"][0].keys())


def test_parse_file_carries_the_translations_into_the_index_record(tmp_path):
    f = tmp_path / "amiens.txt"
    f.write_text(render_parts([EN, FR]), "utf-8")
    parsed = parse_file(str(f), "amiens.txt")
    assert parsed.error is None and parsed.profile.translations
    assert '"url": "https://site.test/en/amiens/"' in parsed.profile_json

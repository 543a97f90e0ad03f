"""What the words of a query name: a network in words (acronym or name, English or French) is a chip whose
passages come first; a proper name ranks as typed above its stemmed relatives; "did you mean" offers words
of the query's language; a network's long name in a section heading is not topic words."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from search_app.pipeline import language_cues
from tests.conftest import CORPUS, FIXTURES


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from indexer.build import build_index
    from search_app.app import create_app

    corpus = tmp_path_factory.mktemp("named-corpus")
    for folder in (CORPUS, FIXTURES / "profiles", FIXTURES / "judged_corpus"):
        for p in folder.iterdir():
            if p.suffix in (".txt", ".html", ".htm"):
                shutil.copy(p, corpus / p.name)
    index = tmp_path_factory.mktemp("named-index")
    build_index(corpus, index)
    return create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()


def api(client, q: str, **params) -> dict:
    """The JSON answer, each hit with its snippet's plain text as "text"."""
    body = client.get("/api/search", query_string={"q": q, "size": 50, **params}).get_json()
    assert body["ok"], body
    for h in body["hits"]:
        h["text"] = BeautifulSoup(h["snippet"], "html.parser").get_text()
    return body


@pytest.mark.parametrize("q, words, network", [
    ("Italian forum 2010", "Italian forum", "FISU"),
    ("forum français 2009", "forum français", "FFSU"),
    ("German forum conference", "German forum", "DEFUS"),
    ("training FFSU", "FFSU", "FFSU"),
    ("forum belge training", "forum belge", "FBPSU"),
])
def test_a_network_named_in_words_is_read_as_the_network(client, q, words, network):
    body = api(client, q)
    assert body["query"]["places"] == [{"words": words, "network": network}]
    first = body["hits"][0]
    assert first["network"] == network, first
    assert body["did_you_mean"] is None  # a network's name is not a misspelling


def test_the_networks_passages_come_first(client):
    hits = api(client, "Italian forum 2010")["hits"]
    networks = [h["network"] for h in hits]
    n = networks.count("FISU")
    assert n >= 5 and networks[:n] == ["FISU"] * n  # every FISU passage before any other network's


def test_a_network_named_in_words_is_a_chip_that_keeps_the_words_when_removed(client):
    html = client.get("/?q=Italian+forum+2010").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    chips = [a for a in soup.select("a") if "Network FISU" in a.get_text()]
    assert len(chips) == 1 and "Italian forum" in chips[0].get_text()
    q = parse_qs(urlsplit(chips[0]["href"]).query)["q"][0]
    assert "Italian" in q and "forum" in q and "2010" in q
    body = api(client, q)
    assert body["query"]["places"] == []  # the words are now searched in the passages' text only


def test_a_conference_query_does_not_take_every_passage_of_the_network(client):
    hits = api(client, "German forum conference")["hits"]
    assert hits and all(h["network"] == "DEFUS" for h in hits)
    assert not any(h["text"].startswith(("Member since", "Mitglied seit")) for h in hits), \
        [h["text"] for h in hits]


def test_a_networks_long_name_in_a_heading_is_not_topic_words(client):
    """"sécurité urbaine" / "urban security" are in the forums' names: the passages of a network
    section do not all match them."""
    for q in ("sécurité urbaine", "urban security"):
        body = api(client, q)
        assert body["total"] < 30, (q, body["total"])
        assert not any(h["text"].startswith(("Member since", "Membre depuis")) for h in body["hits"])
    texts = [h["text"] for h in api(client, "sécurité urbaine")["hits"]]
    assert any("plan local de sécurité urbaine" in t for t in texts)


@pytest.mark.parametrize("name, relative", [("Angers", "anger"), ("Nantes", "Nant"), ("Tours", "tours")])
def test_a_proper_name_ranks_as_typed_above_its_stemmed_relatives(client, name, relative):
    hits = api(client, name)["hits"]
    assert hits[0]["city"] == "Bréval-sur-Loire" and name in hits[0]["text"], hits[0]
    exact = [i for i, h in enumerate(hits) if name in h["text"]]
    only_relative = [i for i, h in enumerate(hits) if name not in h["text"] and relative in h["text"]]
    assert only_relative, "the stemmed relatives are still found"
    assert max(exact) < min(only_relative), [(h["city"], h["text"][:60]) for h in hits]


def test_stemmed_relatives_still_lead_when_they_are_what_was_typed(client):
    assert api(client, "anger management")["hits"][0]["city"] == "Thornbury Vale"


@pytest.mark.parametrize("q, offered", [
    ("sécurité urbanne", "sécurité urbaine"),  # French: not the English "urban"
    ("securite urbanne", "securite urbaine"),
    ("prévension de la délinquance", "prevention de la délinquance"),
    ("traning of police officers", "training of police officers"),
    ("juvenile justise", "juvenile justice"),
])
def test_did_you_mean_offers_words_of_the_querys_language(client, q, offered):
    assert api(client, q)["did_you_mean"] == offered


def test_language_cues_are_small_words_and_accents():
    assert language_cues("prévension de la délinquance") == {"en": 0, "fr": 4}
    assert language_cues("training of the police") == {"en": 2, "fr": 0}
    assert language_cues("cctv 2010") == {"en": 0, "fr": 0}


def test_small_words_of_a_theme_in_one_language_are_not_required_in_the_other(client):
    """The theme "prévention de la délinquance" finds French passages: "de" and "la" are not required
    of the English text fields."""
    texts = [h["text"] for h in api(client, "prévention de la délinquance")["hits"]]
    assert any("Prévention de la délinquance des mineurs" in t for t in texts)
    assert any("crime prevention" in t.lower() for t in texts)

"""Snippets are escaped text plus <mark> only, whatever a profile contains."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search_app.models import request_from_params
from search_app.backend import open_backend
from search_app.query import BadRequest
from tests.unit.test_snippets import tags_of

PROFILE = """1. General information

Testville is a town where <script>alert(1)</script> was once typed into the website & nobody noticed.
The council runs CCTV & street lighting programmes with <b>bold</b> partners and "quoted" friends.

Population: 12,000 inhabitants

Location: France

4. Further information

Safety & prevention

The local council for security & crime prevention meets <monthly> to discuss <img src=x onerror=alert(2)> reports.
"""


@pytest.fixture(scope="module")
def nasty_handle(tmp_path_factory):
    from indexer.build import build_index

    corpus = tmp_path_factory.mktemp("nasty-corpus")
    (corpus / "testville.txt").write_text(PROFILE, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("nasty-index")
    build_index(corpus, index_dir)
    return open_backend(index_dir)


def run(handle, q: str):
    with handle.session() as session:
        return session.search(request_from_params({"q": [q], "size": ["100"]}))


def test_script_and_ampersand_come_back_escaped(nasty_handle):
    r = run(nasty_handle, "alert")
    assert r.total >= 1
    snip = next(h.snippet for h in r.hits if "script" in h.text)
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in snip
    assert "&amp; nobody" in snip
    assert "<script" not in snip
    assert tags_of(snip) <= {"mark"}


def test_matches_next_to_markup_are_marked_and_markup_is_text(nasty_handle):
    r = run(nasty_handle, "monthly")
    snip = r.hits[0].snippet
    assert "&lt;<mark>monthly</mark>&gt;" in snip
    assert "<img" not in snip
    assert tags_of(snip) == {"mark"}


WORDS = ["cctv", "alert", "script", "monthly", "img", "bold", "b", "&", "<", ">", "prevention", "security", "quoted",
         "lighting", "council", "onerror", "src"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=8)), min_size=1, max_size=4),
       st.sampled_from(["", "*", "~", '"']))
@example(["cctv", "+0"], "")  # found by this test once: a required word beside a synonym's phrase crashed
@example(["CCTV", "+2010"], "")
def test_every_snippet_holds_only_mark_elements(nasty_handle, words, suffix):
    q = " ".join(words) + suffix
    try:
        r = run(nasty_handle, q)
    except BadRequest:
        return
    for h in r.hits:
        assert tags_of(h.snippet) <= {"mark"}
        assert "<script" not in h.snippet and "<img" not in h.snippet

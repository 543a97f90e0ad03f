"""Snippets: escaped text, only <mark> tags, cut at boundaries."""

from __future__ import annotations

from html.parser import HTMLParser

from search_app.snippets import Highlight
from search_app.snippets import mark, snippet


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def tags_of(html: str) -> set[str]:
    p = Tags()
    p.feed(html)
    return set(p.tags)


def test_markup_in_text_is_escaped_and_matches_marked():
    text = 'Prevention <script>alert(1)</script> & "quotes" for <b>towns</b>'
    out = snippet(text, "en", Highlight(frozenset({"prevent", "town"})))
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert out.startswith("<mark>Prevention</mark>")
    assert tags_of(out) == {"mark"}


def test_long_text_is_cut_into_fragments_at_word_boundaries():
    text = ("Alpha beta gamma delta. " * 30) + "The CCTV charter was signed. " + ("Epsilon zeta eta theta. " * 30)
    out = snippet(text, "en", Highlight(frozenset({"cctv"})))
    assert "<mark>CCTV</mark>" in out
    assert len(out) < 400
    plain = out.replace("<mark>", "").replace("</mark>", "").strip("… ")
    assert plain in text


def test_phrases_mark_only_adjacent_words():
    hl = Highlight(frozenset(), (("video", "surveil"),))
    assert mark("a", []) == "a"
    out = snippet("Video surveillance and surveillance of video", "en", hl)
    assert out == "<mark>Video</mark> <mark>surveillance</mark> and surveillance of video"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from search_app.snippets import MAX_FRAGMENTS, plain  # noqa: E402

PIECES = st.sampled_from(["prevention", "CCTV", "<script>", "</b>", "&", "&amp;", '"', "'", "é", ".", " ", "  ",
                          "town", "<mark>", "alert(1)", "\n", "Sécurité"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=120),
       st.sets(st.sampled_from(["prevent", "cctv", "town", "securit", "script", "mark", "b"]), max_size=3))
def test_any_text_gives_escaped_html_with_only_mark_and_its_own_words(parts, terms):
    text = " ".join(parts)
    out = snippet(text, "en", Highlight(frozenset(terms)))
    assert tags_of(out) <= {"mark"}
    assert out.count("<mark>") == out.count("</mark>")
    # every fragment is a piece of the passage (whitespace normalised), at most MAX_FRAGMENTS of them
    flat = " ".join(text.replace("\n", " ").split())
    fragments = [f.strip() for f in plain(out).split("…") if f.strip()]
    assert len(fragments) <= MAX_FRAGMENTS or len(text) <= 320
    for f in fragments:
        assert " ".join(f.split()) in flat

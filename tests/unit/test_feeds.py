"""The Atom feed of a search: valid, escaped, newest first, linking to the passages."""

from __future__ import annotations

import feedparser

from search_app.feeds import atom_feed, feed_path, feed_request, feed_title
from search_app.models import Hit, SearchRequest, SearchResults


def hit(n, changed, text="Plain text", snippet=""):
    return Hit(id=f"orval-{n:04d}", profile="orval", city="Orval", country="France", section="In the network",
               heading="Participated in", network="FFSU", kind="event", years=(2010,), score=None,
               snippet=snippet, text=text, first_indexed=changed - 10, changed=changed)


def results(req, hits):
    return SearchResults(request=req, query={}, total=len(hits), total_cities=1, took_ms=1.0, hits=tuple(hits),
                         facets={})


def test_feed_request_keeps_query_and_filters_and_orders_by_change():
    req = feed_request(SearchRequest.make(q="cctv", network=("FFSU",), page=4, size=5, sort="oldest", group="city"))
    assert (req.q, req.values("network"), req.page, req.size, req.sort, req.group) == ("cctv", ("FFSU",), 1, 50, "changed", None)
    assert feed_path(req) == "/feed.atom?q=cctv&network=FFSU"
    assert feed_title(req) == "City Profile Search: cctv (network FFSU)"


def test_a_real_feed_parser_reads_every_entry_with_its_link_and_time():
    req = feed_request(SearchRequest.make(q="cctv", network=("FFSU",)))
    body = atom_feed(results(req, [hit(2, 1_700_000_000_000), hit(1, 1_600_000_000_000)]), site="http://example.test")
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "City Profile Search: cctv (network FFSU)"
    assert [e.link for e in feed.entries] == ["http://example.test/city/orval?q=cctv&network=FFSU#porval-0002",
                                             "http://example.test/city/orval?q=cctv&network=FFSU#porval-0001"]
    assert feed.entries[0].updated == "2023-11-14T22:13:20.000Z"
    assert feed.feed.updated == feed.entries[0].updated


def test_hostile_text_is_escaped_and_control_characters_dropped():
    nasty = '<script>alert(1)</script> & "quotes" \x00\x07 ]]>'
    req = feed_request(SearchRequest(q=nasty))
    body = atom_feed(results(req, [hit(1, 1_700_000_000_000, text=nasty, snippet="&lt;b&gt; <mark>x</mark>")]),
                     site="http://example.test")
    assert b"<script>" not in body and b"\x00" not in body
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.bozo_exception
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in body  # the query in the title, as text
    assert feed.entries[0].summary_detail.type == "text/html"

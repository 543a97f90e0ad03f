"""Passage times: carried over while the text is unchanged, stamped anew otherwise."""

from indexer import history


def test_unchanged_text_keeps_its_times_and_new_or_edited_text_gets_the_run_time():
    before = {"orval": {history.text_key("Member since 2001"): (100, 200)}}
    got = history.stamp([("orval", "Member since 2001"), ("orval", "Member since 2002"), ("brenz", "Member since 2001")],
                        before, now=999)
    assert got == [(100, 200), (999, 999), (999, 999)]


def test_column_values_read_back():
    raw = history.encode("orval", "text", 5, 7)
    assert history.decode(raw) == ("orval", history.text_key("text"), 5, 7)
    assert history.decode(b"") is None and history.decode(b"\xff") is None

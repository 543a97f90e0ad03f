"""Adjacent word pairs: what the index holds for a text, and how a phrase is checked on a text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from indexer.whoosh.analyzers import text_analyzer
from indexer.phrases import PAIR_MARK, adjacent_pairs, columns_holding_phrase, is_pair_term, pair_term, terms_column
from indexer.whoosh.formats import WordsAndPairs


def postings(text: str, boost: float = 1.0) -> dict[str, tuple[int, float]]:
    fmt = WordsAndPairs(field_boost=boost)
    return {w: (freq, weight) for w, freq, weight, _ in fmt.word_values(text, text_analyzer("en"))}


def test_words_and_their_adjacent_pairs_are_terms():
    p = postings("Crime prevention in Amiens: crime prevention works.")
    assert p["crime"] == (2, 2.0)
    assert p[pair_term("crime", "prevent")] == (0, 2.0)  # counted twice, adds nothing to the length
    # the stop word "in" is dropped, as a phrase query drops it
    assert pair_term("prevent", "amien") in p
    assert pair_term("amien", "crime") in p
    assert pair_term("prevent", "crime") not in p


def test_the_field_length_counts_words_only():
    p = postings("night economy night economy", boost=1.5)
    assert sum(freq for freq, _ in p.values()) == 4
    assert p[pair_term("night", "economi")] == (0, 3.0)
    assert p[pair_term("economi", "night")] == (0, 1.5)


def test_pair_terms_are_recognised_and_never_a_word():
    t = pair_term("video", "surveil")
    assert is_pair_term(t) and is_pair_term(t.encode())
    assert not is_pair_term("video") and not is_pair_term(b"video")
    assert t.startswith(PAIR_MARK) and " " in t
    assert adjacent_pairs(["a", "b", "c"]) == [pair_term("a", "b"), pair_term("b", "c")]
    assert adjacent_pairs(["a"]) == []


def holds_phrase(seq: list[str], words: list[str], slop: int = 1) -> bool:
    """The terms column's phrase check, on a list of terms."""
    return columns_holding_phrase([terms_column(seq)], words, slop) == [0]


def _scan(seq: list[str], words: list[str], slop: int) -> bool:
    """Plain scan: words[0] at i, each next word 1..slop positions after the one before."""
    def from_pos(k: int, at: int) -> bool:
        return k == len(words) or any(seq[j] == words[k] and from_pos(k + 1, j)
                                      for j in range(at + 1, min(len(seq), at + slop + 1)))

    return bool(words) and any(w == words[0] and from_pos(1, i) for i, w in enumerate(seq))


def test_holds_phrase_in_order_and_within_slop():
    seq = ["local", "secur", "council", "meet", "local", "council"]
    assert holds_phrase(seq, ["local", "secur", "council"])
    assert not holds_phrase(seq, ["secur", "local"])
    assert not holds_phrase(seq, ["local", "meet"])
    assert holds_phrase(seq, ["local", "meet"], slop=3)
    assert not holds_phrase(seq, ["meet", "secur"], slop=5)  # order matters
    assert holds_phrase(seq, ["local", "council"])  # the second "local council"
    assert not holds_phrase(seq, [])
    assert not holds_phrase([], ["local"])


@given(st.lists(st.sampled_from("abcd"), max_size=14), st.lists(st.sampled_from("abcd"), min_size=1, max_size=4))
def test_a_phrase_side_by_side_is_found_exactly_where_its_words_stand_in_a_row(seq, words):
    in_a_row = any(seq[i:i + len(words)] == words for i in range(len(seq)))
    assert holds_phrase(seq, words) == in_a_row
    assert holds_phrase(seq, words, slop=1) == in_a_row


def test_terms_column_answers_as_the_terms_do():
    """A phrase checked on the terms column finds exactly what the terms in order hold, slop or not."""
    import random

    rng = random.Random(7)
    vocab = ["crime", "prevent", "strategi", "local", "safeti", "contract"]
    for _ in range(3000):
        seq = [rng.choice(vocab) for _ in range(rng.randint(0, 12))]
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 4))]
        slop = rng.choice([1, 1, 2, 3])
        assert holds_phrase(seq, words, slop) == _scan(seq, words, slop), (seq, words, slop)
    assert holds_phrase(["prevent", "crime"], ["prevent"]) is True
    assert holds_phrase(["preventive"], ["prevent"]) is False  # whole terms only
    assert terms_column([]) == b""


def test_one_scan_of_many_columns_finds_the_same_passages_as_each_alone():
    """Columns are scanned together (a line each): a phrase never runs from one passage into the next."""
    import random

    from indexer.phrases import columns_holding_phrase

    rng = random.Random(11)
    vocab = ["a", "b", "c", "dé"]
    for _ in range(400):
        seqs = [[rng.choice(vocab) for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(0, 8))]
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 3))]
        slop = rng.choice([1, 2, 3])
        expected = [i for i, seq in enumerate(seqs) if _scan(seq, words, slop)]
        assert columns_holding_phrase([terms_column(s) for s in seqs], words, slop) == expected, (seqs, words, slop)
    assert columns_holding_phrase([b" x a ", b" b y "], ["a", "b"]) == []  # the end of one, the start of the next

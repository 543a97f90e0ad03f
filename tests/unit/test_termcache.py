"""The per-commit term cache: bounded in bytes, least recently used out, huge entries not kept."""

from __future__ import annotations

from search_app.whoosh.termcache import TermCache


def test_keeps_recent_terms_within_its_byte_budget():
    cache = TermCache(max_bytes=1000)
    for k in range(5):
        cache.put(("text_en", f"w{k}", 1.0), k, 200)
    assert len(cache) == 5 and cache.nbytes == 1000
    assert cache.get(("text_en", "w0", 1.0)) == 0  # now the most recently used
    cache.put(("text_en", "w5", 1.0), 5, 200)
    assert cache.nbytes <= 1000
    assert cache.get(("text_en", "w1", 1.0)) is None  # the least recently used went out
    assert cache.get(("text_en", "w0", 1.0)) == 0 and cache.get(("text_en", "w5", 1.0)) == 5


def test_a_term_larger_than_a_quarter_of_the_budget_is_not_kept():
    cache = TermCache(max_bytes=1000)
    cache.put(("text_en", "prevent", 1.0), "big", 300)
    assert cache.get(("text_en", "prevent", 1.0)) is None and cache.nbytes == 0


def test_the_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("PROFILE_SEARCH_TERM_CACHE_MB", "0")
    cache = TermCache()
    cache.put(("text_en", "w", 1.0), 1, 8)
    assert cache.get(("text_en", "w", 1.0)) is None

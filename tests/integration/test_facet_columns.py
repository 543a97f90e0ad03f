"""Facet counts of a facet with several values a passage (years, member-since and committee decades) are the
same whether few passages match (their own values are counted) or many (every value of the index is masked)."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.fields import FACET_BY_NAME
from search_app.whoosh.engine import WhooshEngine


def _expected(col, docs: np.ndarray) -> np.ndarray:
    """Counted passage by passage from the (passage, value) pairs."""
    wanted = set(docs.tolist())
    out = np.zeros(len(col.values), dtype=np.int64)
    for d, v in zip(col.docs.tolist(), col.vals.tolist()):
        if d in wanted:
            out[v] += 1
    return out


@pytest.mark.parametrize("name", ["year", "member_since", "committee_since"])
@pytest.mark.parametrize("share", [0.0, 0.002, 0.05, 0.3, 1.0])
def test_counts_of_few_and_many_matches_agree_with_the_pairs(mixed_index, name, share):
    with WhooshEngine(mixed_index).view() as view:
        cols = view.session.columns
        col = cols.facets[FACET_BY_NAME[name].counted]
        assert col.per_doc is None and len(col.docs) > 0, "a facet with several values a passage"
        rng = np.random.default_rng(7)
        mask = rng.random(cols.size) < share
        docs = np.flatnonzero(mask)
        expected = _expected(col, docs)
        assert (col.counts(mask, docs) == expected).all()
        assert (col.counts(mask) == expected).all()
        if share == 0.002:  # few matches: counted from their own values
            assert len(docs) * 3 < len(col.docs)

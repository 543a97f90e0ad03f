"""The union of sorted document arrays that phrase scoring uses is the plain set union, sorted."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from search_app.whoosh.evaluate import _union

doc_sets = st.lists(st.sets(st.integers(0, 300), max_size=40), min_size=1, max_size=5)


@given(doc_sets)
def test_union_of_sorted_document_arrays(sets):
    arrays = [np.asarray(sorted(s), dtype=np.int64) for s in sets]
    assert _union(arrays).tolist() == sorted(set().union(*sets))

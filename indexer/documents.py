"""A parsed profile → the Whoosh documents of its passages (the head passage also carries the manifest)."""

from __future__ import annotations

import json
from typing import Iterable

from . import history
from .corpus import _Parsed, _profile_json
from .schema import passage_document


def documents(parsed: _Parsed, previous: history.Times, now: int) -> Iterable[dict]:
    """One document per passage, in order; `previous` carries passage times over from the index
    being replaced or updated (see :mod:`indexer.history`), `now` stamps new and changed ones."""
    times = history.stamp([(p.profile, p.text) for p in parsed.passages], previous, now)
    for n, p in enumerate(parsed.passages):
        doc = passage_document(p, parsed.source, n + 1)
        first, changed = times[n]
        doc.update(first_indexed=first, changed=changed, history=history.encode(p.profile, p.text, first, changed))
        if n == 0:
            doc.update(
                head="1",
                spell="\n".join(q.text for q in parsed.passages),
                source_hash=parsed.hash,
                passage_count=len(parsed.passages),
                manifest=json.dumps({"source": parsed.source, "hash": parsed.hash, "slug": parsed.profile.slug,
                                     "city": parsed.profile.city, "passages": len(parsed.passages)}).encode("utf-8"),
                profile_json=parsed.profile_json or _profile_json(parsed.profile),
            )
        yield doc

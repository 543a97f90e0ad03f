"""The embedded Whoosh index as a search backend: the only part of search_app that knows Whoosh.

Rooms, in the order a search runs through them:
``handle`` (live generation, a searcher per thread) → ``querybuild`` (query language → Whoosh
query) → ``evaluate`` (boolean + BM25F + phrases over numpy arrays, reading ``postings``, the one
module that touches Whoosh internals) → ``columns`` (facet and sort columns) → ``search`` (the
pipeline: filters, match, facets, rank, page) → ``highlight`` / ``suggest`` → results; and
``profiles`` for cities, profile pages and similar cities. ``backend`` puts them behind the seam.
"""

from .backend import WhooshBackend, WhooshSession

__all__ = ["WhooshBackend", "WhooshSession"]

"""Keeping the corpus in step with the network's website: ``profile-search fetch``'s library.

Rooms, one job each: :mod:`.robots` (robots.txt), :mod:`.client` (the polite HTTP client),
:mod:`.sitemap` (sitemaps through that client), :mod:`.extract` (page → profile text),
:mod:`.pages` (one page fetched and judged), :mod:`.groups` (a page's languages → one city),
:mod:`.store` (profile files and sidecars), :mod:`.run` (the run and its summary).

``fetch_corpus(FetchRequest("corpus", sitemap="https://site.test/sitemap_index.xml"))``
"""

from .client import DEFAULT_USER_AGENT, Politeness, PoliteClient
from .run import FetchRequest, FetchSummary, Item, fetch_corpus

__all__ = ["DEFAULT_USER_AGENT", "FetchRequest", "FetchSummary", "Item", "Politeness", "PoliteClient", "fetch_corpus"]

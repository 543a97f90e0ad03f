"""Which backend a URL or folder names, for searching (an engine) and for indexing (a sink):
``solr://host:port[,host:port]/collection`` is SolrCloud, anything else an index folder of the
embedded Whoosh index. Each backend's modules are imported only when named.

``open_sink("index").name == "whoosh"``
"""

from __future__ import annotations

from pathlib import Path


def open_engine(spec: str | Path) -> Engine:
    """The engine a URL or folder names: ``solr://host:port[,host:port]/collection`` or an index folder."""
    text = str(spec)
    if text.startswith("solr://"):
        from .solr.engine import SolrEngine

        return SolrEngine.from_url(text)
    if text.startswith("whoosh:"):
        text = text[len("whoosh:"):]
    from .whoosh.engine import WhooshEngine

    return WhooshEngine(text)


def open_sink(spec: str | Path, **options):
    """The indexing sink a URL or folder names, as :func:`open_engine` chooses the engine."""
    text = str(spec)
    if text.startswith("solr://"):
        from .solr.sink import SolrSink

        return SolrSink.from_url(text, **options)
    if text.startswith("whoosh:"):
        text = text[len("whoosh:"):]
    from indexer.whoosh.sink import WhooshSink

    return WhooshSink(text)

"""Which backend a URL or folder names, for searching (an engine) and for indexing (a sink):
``solr://host:port[,host:port]/collection`` is SolrCloud, anything else an index folder of the
embedded Whoosh index. Each backend's modules are imported only when named.

``open_sink("index").name == "whoosh"``
"""

from __future__ import annotations

from pathlib import Path

from .messages import msg
from .query import BadRequest


def _kind(spec: str | Path) -> tuple[str, str]:
    """("solr" or "whoosh", the URL or folder); a URL of a kind no backend serves is a BadRequest."""
    text = str(spec)
    if text.startswith("solr:"):
        return "solr", text
    if text.startswith("whoosh:"):
        return "whoosh", text[len("whoosh:"):]
    if "://" in text:
        raise BadRequest(msg("no backend serves '{value}': give solr://HOST:PORT[,HOST:PORT…]/COLLECTION or an index folder",
                             value=text[:80]))
    return "whoosh", text


def open_engine(spec: str | Path) -> Engine:
    """The engine a URL or folder names: ``solr://host:port[,host:port]/collection`` or an index folder."""
    kind, text = _kind(spec)
    if kind == "solr":
        from .solr.engine import SolrEngine

        return SolrEngine.from_url(text)
    from .whoosh.engine import WhooshEngine

    return WhooshEngine(text)


def open_sink(spec: str | Path, **options):
    """The indexing sink a URL or folder names, as :func:`open_engine` chooses the engine."""
    kind, text = _kind(spec)
    if kind == "solr":
        from .solr.sink import SolrSink

        return SolrSink.from_url(text, **options)
    from indexer.whoosh.sink import WhooshSink

    return WhooshSink(text)

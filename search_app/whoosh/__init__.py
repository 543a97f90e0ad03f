"""The embedded Whoosh index as a search engine."""

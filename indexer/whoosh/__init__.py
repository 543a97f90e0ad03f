"""The embedded Whoosh index: its schema, analysers, segment writing, generations (the Whoosh sink)."""

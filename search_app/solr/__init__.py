"""The Apache SolrCloud backend: cluster management, configset, indexing, query translation, sessions."""

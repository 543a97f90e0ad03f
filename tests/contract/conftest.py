"""The contract suites run against both backends: the embedded Whoosh index and a real SolrCloud.

The SolrCloud is started once per test session (ZooKeeper and two Solr nodes, separate processes on
free loopback ports, data in a temp dir) and stopped at the end, even when tests fail. Without Java
and Maven these tests fail with what to install; they are never skipped silently.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.integration.test_snippet_safety import PROFILE as NASTY_PROFILE

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BACKENDS = ("whoosh", "solr")


@pytest.fixture(scope="session")
def solr_cluster(tmp_path_factory):
    """A running 2-node SolrCloud: yields (state_dir, ClusterState)."""
    from search_app import local_solr as cluster

    if shutil.which("java") is None or shutil.which("mvn") is None:
        pytest.fail("The Solr contract tests need Java 17 and Maven: " + cluster.INSTALL_HINT, pytrace=False)
    state_dir = tmp_path_factory.mktemp("solrcloud")
    try:
        state = cluster.up(state_dir, nodes=2, heap="384m")
    except cluster.ClusterError as exc:
        cluster.down(state_dir)
        pytest.fail(f"the SolrCloud for the contract tests did not start: {exc}", pytrace=False)
    try:
        yield state_dir, state
    finally:
        cluster.down(state_dir)


@pytest.fixture(scope="session")
def contract_corpus(tmp_path_factory) -> Path:
    """The seeds, the judged relevance profiles and one profile full of markup."""
    corpus = tmp_path_factory.mktemp("contract-corpus")
    for p in list((ROOT / "corpus").iterdir()) + list((FIXTURES / "relevance_corpus").iterdir()):
        if p.is_file():
            shutil.copy(p, corpus / p.name)
    (corpus / "testville.txt").write_text(NASTY_PROFILE, encoding="utf-8")
    return corpus


@pytest.fixture(scope="session")
def whoosh_spec(contract_corpus, tmp_path_factory) -> str:
    from indexer.build import build_index

    index_dir = tmp_path_factory.mktemp("contract-index")
    build_index(contract_corpus, index_dir)
    return str(index_dir)


@pytest.fixture(scope="session")
def solr_spec(contract_corpus, solr_cluster) -> str:
    from search_app.solr.sink import build_solr

    _, state = solr_cluster
    url = state.url("contract")
    build_solr(contract_corpus, url, full=True)
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def backend_spec(request) -> str:
    """The backend of a contract test: an index folder (whoosh) or a solr:// URL."""
    return request.getfixturevalue(f"{request.param}_spec")


@pytest.fixture(scope="session")
def backend(backend_spec):
    from search_app.backend import open_backend

    return open_backend(backend_spec)


@pytest.fixture(scope="session")
def contract_client(backend_spec):
    from search_app.app import create_app

    return create_app({"BACKEND": backend_spec if backend_spec.startswith("solr://") else "",
                       "INDEX_DIR": backend_spec, "TESTING": True}).test_client()

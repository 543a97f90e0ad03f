"""An incremental Solr indexing run that dies half-way: it sends its first batch of passages, then
kills itself (SIGKILL) before the rest and before its commit. Run by tests/contract/test_solr_lock.py:

    python -m tests.contract.interrupted_update URL CORPUS
"""

from __future__ import annotations

import os
import signal
import sys

from search_app.solr import sink
from search_app.solr.sink import build_solr


def main(url: str, corpus: str) -> None:
    sink.BATCH = 5
    real_post = sink.SolrHttp.post_json
    sent = {"batches": 0}

    def post_then_die(self, path, body, params=None):
        result = real_post(self, path, body, params)
        if path.endswith("/update") and isinstance(body, list) and body and "text" in body[0]:
            sent["batches"] += 1
            if sent["batches"] == 1:
                os.kill(os.getpid(), signal.SIGKILL)
        return result

    sink.SolrHttp.post_json = post_then_die
    build_solr(corpus, url)
    raise SystemExit("the run finished instead of dying half-way")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

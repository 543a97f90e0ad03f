"""The Solr column of bench/bench_scale.py: the same corpus and queries on a loopback SolrCloud.

    .venv/bin/python bench/bench_scale.py --solr          # or SOLR=1 make bench-scale

For one corpus size: start ZooKeeper and 2 Solr nodes (as `profile-search solr up` does; data, pids
and logs in bench/out/scale-N/solr/), time `profile-search index --full --backend solr://…` end to end
(it creates the collection behind the alias, 2 shards × 2 replicas, as `profile-search solr init`
does), then serve it with OUR app (`profile-search serve --backend solr://… --threads 4`) and send
the very same /api/search requests as the embedded column, by 1 and by 4 clients. Also measured: the
collection's size on disk (the data folders of all its cores, from CoreAdmin STATUS) and the resident
memory of the Solr node JVMs and ZooKeeper (VmRSS / VmHWM of the pids the cluster records). The
cluster is stopped at the end, also on error, Ctrl-C or SIGTERM; after a successful run its data
folders are deleted and its logs kept.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench_scale import EXE, ours_url, rss, run, serve_and_measure  # noqa: E402
from bench_search import BenchQuery, free_port  # noqa: E402

ALIAS = "profiles"
NODES = 2
DEFAULT_HEAP = "448m"  # the default of `profile-search solr up`


def check_available() -> None:
    """Fail fast (before any other work) when Java or Maven is missing; builds the launcher on first use."""
    from search_app import local_solr as cluster

    cluster.ensure_launcher()


def du(path: Path) -> int:
    """Bytes in the files under a folder that Solr may be changing (merged segments vanish mid-walk)."""
    total = 0
    for p in path.rglob("*"):
        try:
            if p.is_file():
                total += p.stat().st_size
        except OSError:
            continue
    return total


def cluster_pids(state) -> list[int]:
    return [n.pid for n in state.nodes if n.pid] + ([state.zk_pid] if state.zk_pid else [])


def cluster_rss(state) -> tuple[int, int]:
    """(current, peak) resident memory of the Solr node JVMs and ZooKeeper together, in bytes."""
    now = peak = 0
    for pid in cluster_pids(state):
        a, b = rss(pid)
        now, peak = now + a, peak + b
    return now, peak


def collection_disk(state, collection: str) -> dict:
    """On-disk size of a collection: every core's data folder (index and transaction log), the index files
    of all cores, and of one replica per shard (what one copy of the collection takes)."""
    from search_app.solr.http import SolrHttp

    data_bytes = index_bytes = 0
    per_shard: dict[str, int] = {}
    cores = 0
    for host in state.hosts:
        status = SolrHttp([host], timeout=30, attempts=2).get("/admin/cores", {"action": "STATUS"}, discover=False)
        for name, core in status.get("status", {}).items():
            cloud = core.get("cloud") or {}
            if cloud.get("collection", name.rsplit("_shard", 1)[0]) != collection:
                continue
            cores += 1
            data_bytes += du(Path(core["dataDir"]))
            size = int(core.get("index", {}).get("sizeInBytes", 0))
            index_bytes += size
            shard = cloud.get("shard") or name.split("_shard", 1)[1].split("_", 1)[0]
            per_shard[shard] = max(per_shard.get(shard, 0), size)
    return {"cores": cores, "data_bytes": data_bytes, "index_bytes": index_bytes,
            "one_copy_bytes": sum(per_shard.values())}


def _exit_on_term(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _serve(url: str, warm: list[BenchQuery], queries: list[BenchQuery]) -> dict:
    port = free_port()
    cmd = [str(EXE), "serve", "--backend", url, "--port", str(port), "--threads", "4"]
    return serve_and_measure(cmd, port, "/api/stats", ours_url, warm, queries, "search (Solr backend)")


def measure_solr(n: int, work: Path, corpus: Path, warm: list[BenchQuery], queries: list[BenchQuery],
                 heap: str = DEFAULT_HEAP) -> dict:
    """Build, disk, latency and memory of one corpus size on a fresh 2-node SolrCloud, stopped at the end."""
    from search_app import local_solr as cluster
    from search_app.solr import admin
    from search_app.solr.http import SolrHttp

    state_dir = work / "solr"
    cluster.down(state_dir)  # a cluster left by an interrupted earlier run
    shutil.rmtree(state_dir, ignore_errors=True)
    previous = signal.signal(signal.SIGTERM, _exit_on_term)
    started = time.perf_counter()
    try:
        print(f"[{n}] starting a SolrCloud: ZooKeeper + {NODES} nodes, heap {heap} each…", flush=True)
        state = cluster.up(state_dir, NODES, heap=heap)
        up_s = time.perf_counter() - started
        url = state.url(ALIAS)
        print(f"[{n}] building the Solr collection (profile-search index --full --backend {url})…", flush=True)
        build = run([str(EXE), "index", "--full", "--quiet", "--corpus", str(corpus), "--backend", url])
        http = SolrHttp(state.hosts, timeout=60)
        collection = admin.aliases(http)[ALIAS]
        found = http.get(f"/{ALIAS}/select", {"q": "*:*", "rows": "0"})["response"]["numFound"]
        print(f"[{n}] {found} passages in {collection}; serving it through our app…", flush=True)
        served_at = time.perf_counter()
        served = _serve(url, warm, queries)
        serve_s = time.perf_counter() - served_at
        nodes_now, nodes_peak = cluster_rss(state)
        disk = collection_disk(state, collection)
    finally:
        stopped = cluster.down(state_dir)
        signal.signal(signal.SIGTERM, previous)
        print(f"[{n}] SolrCloud stopped ({stopped} processes)", flush=True)
    for d in state_dir.iterdir():  # the nodes' and ZooKeeper's data; their logs are kept
        if d.is_dir():
            shutil.rmtree(d, ignore_errors=True)
    return {"build_s": build, "cluster_up_s": up_s, "serve_s": serve_s, "total_s": time.perf_counter() - started,
            "heap": heap, "nodes": NODES, "collection": collection, "passages": found, **disk,
            "nodes_rss": nodes_now, "nodes_peak_rss": nodes_peak, **served}


def measure_or_error(n: int, work: Path, corpus: Path, warm: list, queries: list, heap: str) -> dict:
    """measure_solr, or {"error": why} when the Solr part failed (the other columns are kept)."""
    try:
        return measure_solr(n, work, corpus, warm, queries, heap)
    except Exception as exc:  # noqa: BLE001 — reported in the table and by the exit status
        traceback.print_exc()
        if isinstance(exc, subprocess.CalledProcessError):
            words = [Path(exc.cmd[0]).name, *exc.cmd[1:3]]
            tail = " | ".join((exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-5:])
            return {"error": f"`{' '.join(words)} …` exited with {exc.returncode}" + (f": {tail}" if tail else "")}
        return {"error": f"{type(exc).__name__}: {exc}"}

"""Load while rebuilding: 8 concurrent clients query the real server while the corpus changes and
the index is rebuilt (full and incremental) at least 5 times. Zero failed requests; every response
consistent (its total equals the sum of its city facet counts); the p95 latency is reported.

The run lasts RELIABILITY_SECONDS (20 s by default; `make soak` runs 60 s).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import threading
import time
import urllib.request
from urllib.parse import quote

from indexer.build import build_index
from tests.reliability.conftest import CLI
from tests.reliability.figures import save
from tests.reliability.test_faults import make_corpus

CLIENTS = 8
QUERIES = ["prevention", "cctv", "video surveillance", "juvenile justice", "training 2008..2010", "drug use",
           "network:FFSU conference", "radicalisation", "street lighting", "mediation", "general assembly",
           "crime prevention since 2010", "gender equality", "nightlife", "school drop-out", "securite"]


def test_eight_clients_while_rebuilding(tmp_path, server_factory):
    seconds = float(os.environ.get("RELIABILITY_SECONDS", "20"))
    corpus = make_corpus(tmp_path, 200)
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    server = server_factory(index_dir, threads=8)
    stop = threading.Event()
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            q = rng.choice(QUERIES)
            url = f"{server.url}/api/search?q={quote(q)}&size=10&facet_size=10000"
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as r:
                    body = json.loads(r.read())
                    status = r.status
            except Exception as exc:  # any failed request counts
                with lock:
                    failures.append(f"{q}: {exc}")
                continue
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if status != 200 or not body.get("ok"):
                    failures.append(f"{q}: status {status}")
                elif body["total"] != sum(v["count"] for v in body["facets"]["city"]):
                    failures.append(f"{q}: total {body['total']} != city counts")

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    rebuilds = 0
    started = time.monotonic()
    files = sorted(corpus.iterdir())
    rng = random.Random(3)
    while time.monotonic() - started < seconds or rebuilds < 5:
        # the corpus changes: one file edited, one removed, one added
        victim = rng.choice(files)
        if victim.exists():
            victim.write_text(victim.read_text("utf-8") + f"\nRebuild {rebuilds} brought news about mediation.\n", "utf-8")
        gone = files[rebuilds % len(files)]
        if gone.exists() and rebuilds % 3 == 2:
            gone.unlink()
        (corpus / f"new-{rebuilds}.txt").write_text(
            f"Newplace{rebuilds} is a town in Spain.\n\nPopulation: 10 000\n\nThe city and Efus\n\nMember since : 2012\n", "utf-8")
        args = [CLI, "index", "--corpus", str(corpus), "--index", str(index_dir), "--quiet"]
        if rebuilds % 2 == 0:
            args.append("--full")
        done = subprocess.run(args, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        rebuilds += 1
    stop.set()
    for t in threads:
        t.join(60)
    elapsed = time.monotonic() - started
    lat = sorted(latencies)
    p50 = statistics.median(lat) * 1000
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000
    report = {"seconds": round(elapsed, 1), "clients": CLIENTS, "requests": len(latencies) + len(failures),
              "failures": len(failures), "rebuilds": rebuilds, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
              "requests_per_s": round(len(latencies) / elapsed, 1)}
    print("load-while-rebuilding", json.dumps(report))
    save("load_while_rebuilding", report)
    assert failures == [], (failures[:5], server.log_tail())
    assert rebuilds >= 5
    assert len(latencies) > CLIENTS * 10

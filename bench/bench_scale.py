"""How the embedded engine scales, beside SQLite FTS5 in the same run: build, size, memory, latency.

    .venv/bin/python bench/bench_scale.py                      # 200 and 2,000 profiles
    .venv/bin/python bench/bench_scale.py --sizes 200,2000,20000   # add 20,000 (long: the build alone takes minutes)

For each size: a varied synthetic corpus (bench/generate_varied.py); our full build
(`profile-search index --full`), index size, incremental update of one changed profile (median of
3); SQLite FTS5 loaded with the very same passages into a file. Then each engine is served over
HTTP by waitress (4 threads) in its own process and sent the same 200 queries (term, AND, phrase,
filtered; each query's first call) by 1 client and by 4 clients: p50/p95 by class, throughput,
failures, the server's RSS after one request and its peak RSS (VmHWM). Writes
bench/results/scale.md, scale.json and scale.svg.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import BenchQuery, free_port, load_sqlite, make_queries, passages_from_index, pct  # noqa: E402

CLASSES = {"word": "term", "two": "AND", "phrase": "phrase", "filtered": "filtered"}
EXE = Path(sys.executable).with_name("profile-search")


def run(cmd: list[str], timeout: float = 7200) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    return time.perf_counter() - t


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def rss(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a process, in bytes."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = line.partition(":")
        fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def wait_up(port: int, path: str, proc: subprocess.Popen, what: str) -> None:
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the {what} server exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", path)
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"the {what} server did not answer within 120 s")


def ours_url(bq: BenchQuery) -> str:
    return "/api/search?" + urlencode(bq.params(), doseq=True)


def sqlite_url(bq: BenchQuery) -> str:
    return "/search?" + urlencode({"match": bq.fts(), "filters": json.dumps(bq.filters)})


def load(port: int, queries: list[BenchQuery], url, clients: int) -> dict:
    """Every query once, split over `clients` keep-alive connections: latencies by class, failures, throughput."""
    lat: dict[str, list[float]] = {}
    fails: list[str] = []
    lock = threading.Lock()

    def worker(part: list[BenchQuery]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for bq in part:
            t = time.perf_counter()
            try:
                conn.request("GET", url(bq))
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except OSError as exc:
                ok, resp = False, exc
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            ms = (time.perf_counter() - t) * 1000
            with lock:
                lat.setdefault(bq.kind, []).append(ms)
                if not ok:
                    fails.append(f"{bq.q()}: {getattr(resp, 'status', resp)}")
        conn.close()

    parts = [queries[k::clients] for k in range(clients)]
    threads = [threading.Thread(target=worker, args=(p,)) for p in parts]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=3600)
    elapsed = time.perf_counter() - t
    allv = [x for v in lat.values() for x in v]
    out = {"p50": pct(allv, 50), "p95": pct(allv, 95), "qps": len(allv) / elapsed, "failures": len(fails),
           "failed": fails[:5]}
    for kind, name in CLASSES.items():
        if lat.get(kind):
            out[f"{name} p50"], out[f"{name} p95"] = pct(lat[kind], 50), pct(lat[kind], 95)
    return out


def serve_and_measure(cmd: list[str], port: int, ping: str, url, warm: list, queries: list, what: str) -> dict:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(port, ping, proc, what)
        load(port, warm[:1], url, 1)
        idle = rss(proc.pid)[0]
        load(port, warm, url, 2)
        c1 = load(port, queries, url, 1)
        c4 = load(port, list(reversed(queries)), url, 4)
        peak = rss(proc.pid)[1]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"idle_rss": idle, "peak_rss": peak, "c1": c1, "c4": c4}


def measure_size(n: int, work: Path, queries_n: int) -> dict:
    corpus, index = work / "corpus", work / "index"
    if not corpus.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate_varied.py"), "--profiles", str(n),
                        "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL)
    print(f"[{n}] building our index…", flush=True)
    shutil.rmtree(index, ignore_errors=True)
    build = run([str(EXE), "index", "--full", "--corpus", str(corpus), "--index", str(index)])
    one = sorted(corpus.glob("*.txt"))[0]
    original = one.read_text(encoding="utf-8")
    incr = []
    for k in range(3):
        one.write_text(original + f"\nThe city reviewed its prevention plan in {2020 + k}.\n", encoding="utf-8")
        incr.append(run([str(EXE), "index", "--corpus", str(corpus), "--index", str(index)]))
    from indexer.build import build_index

    in_process = []
    for k in range(5):
        one.write_text(original + f"\nThe city reviewed its youth work in {2010 + k}.\n", encoding="utf-8")
        t = time.perf_counter()
        build_index(corpus, index)
        in_process.append(time.perf_counter() - t)
    one.write_text(original, encoding="utf-8")
    run([str(EXE), "index", "--corpus", str(corpus), "--index", str(index)])
    passages = passages_from_index(index)
    db = work / "fts5.db"
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    load_sqlite(passages, str(db)).close()
    sqlite_build = time.perf_counter() - t
    allq = make_queries(passages, queries_n + 40, seed=11)
    warm, queries = allq[:40], allq[40:]
    print(f"[{n}] {len(passages)} passages; serving both engines…", flush=True)
    port = free_port()
    ours = serve_and_measure([str(EXE), "serve", "--index", str(index), "--port", str(port), "--threads", "4"],
                             port, "/api/stats", ours_url, warm, queries, "search")
    port = free_port()
    base = serve_and_measure([sys.executable, str(ROOT / "bench" / "sqlite_server.py"), str(db), str(port)],
                             port, "/ping", sqlite_url, warm, queries, "SQLite")
    return {"profiles": n, "passages": len(passages), "build_s": build, "sqlite_build_s": sqlite_build,
            "index_bytes": du(index), "sqlite_bytes": db.stat().st_size, "incremental_s": sorted(incr)[1],
            "incremental_in_process_s": sorted(in_process)[2],
            "ours": ours, "sqlite": base}


MIB = 1024 * 1024


def table(r: dict) -> list[str]:
    o, s = r["ours"], r["sqlite"]
    rows = [("full build (s)", r["build_s"], r["sqlite_build_s"]),
            ("index on disk (MiB)", r["index_bytes"] / MIB, r["sqlite_bytes"] / MIB),
            ("server RSS after one request (MiB)", o["idle_rss"] / MIB, s["idle_rss"] / MIB),
            ("server peak RSS, 4 clients (MiB)", o["peak_rss"] / MIB, s["peak_rss"] / MIB)]
    for c in ("c1", "c4"):
        label = "1 client" if c == "c1" else "4 clients"
        for key in ["p50", "p95"] + [f"{name} {p}" for name in CLASSES.values() for p in ("p50", "p95")]:
            if key in o[c] and key in s[c]:
                rows.append((f"{label}: {key} (ms)", o[c][key], s[c][key]))
        rows.append((f"{label}: throughput (queries/s)", o[c]["qps"], s[c]["qps"]))
        rows.append((f"{label}: failed answers", o[c]["failures"], s[c]["failures"]))
    out = [f"### {r['profiles']:,} profiles ({r['passages']:,} passages)", "",
           "| | ours | SQLite FTS5 | ours ÷ SQLite |", "|---|---:|---:|---:|"]
    for name, a, b in rows:
        ratio = f"{a / b:.2f}×" if b else "—"
        out.append(f"| {name} | {a:,.1f} | {b:,.1f} | {ratio} |")
    out += [f"| incremental update of one profile: the command, start-up included (s, median of 3) | {r['incremental_s']:.2f} | | |",
            f"| incremental update of one profile: the library call (s, median of 5) | {r['incremental_in_process_s']:.3f} | | |", ""]
    return out


def svg(results: list[dict]) -> str:
    """Three small line charts against corpus size: build time, p95 with 4 clients, peak RSS."""
    w, h, pad = 260, 180, 40
    charts = [("full build (s)", lambda r, e: r["build_s"] if e == "ours" else r["sqlite_build_s"]),
              ("p95, 4 clients (ms)", lambda r, e: r[e]["c4"]["p95"]),
              ("peak RSS (MiB)", lambda r, e: r[e]["peak_rss"] / MIB)]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{len(charts) * (w + 20)}" height="{h + 40}" '
             'font-family="sans-serif" font-size="11">']
    xs = [r["profiles"] for r in results]
    for i, (title, f) in enumerate(charts):
        ox = i * (w + 20)
        vals = [f(r, e) for r in results for e in ("ours", "sqlite")]
        top = max(vals) * 1.1 or 1
        parts.append(f'<text x="{ox + pad}" y="14" font-weight="bold">{title}</text>')
        parts.append(f'<line x1="{ox + pad}" y1="{h}" x2="{ox + w}" y2="{h}" stroke="#888"/>'
                     f'<line x1="{ox + pad}" y1="24" x2="{ox + pad}" y2="{h}" stroke="#888"/>')
        parts.append(f'<text x="{ox + 2}" y="30">{top:,.0f}</text><text x="{ox + 2}" y="{h}">0</text>')

        def px(k: int) -> float:
            return ox + pad + (w - pad) * (k / max(1, len(xs) - 1))

        for k, x in enumerate(xs):
            parts.append(f'<text x="{px(k) - 10}" y="{h + 14}">{x:,}</text>')
        for e, color in (("ours", "#0b5cad"), ("sqlite", "#c2410c")):
            pts = " ".join(f"{px(k):.1f},{h - (h - 24) * f(r, e) / top:.1f}" for k, r in enumerate(results))
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        parts.append(f'<text x="{ox + pad}" y="{h + 30}" fill="#0b5cad">ours</text>'
                     f'<text x="{ox + pad + 40}" y="{h + 30}" fill="#c2410c">SQLite FTS5</text>'
                     f'<text x="{ox + w - 60}" y="{h + 30}">profiles</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=os.environ.get("SIZES", "200,2000"))
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = ap.parse_args(argv)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        results.append(measure_size(n, ROOT / "bench" / "out" / f"scale-{n}", args.queries))
        print("\n".join(table(results[-1])), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(results, indent=1))
    (args.out / "scale.svg").write_text(svg(results))
    machine = (f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.machine()}, "
               f"load average {os.getloadavg()[0]:.1f} at the end")
    md = ["# Scaling: the embedded engine beside SQLite FTS5", "",
          f"Machine: {machine}; {time.strftime('%Y-%m-%d')}. Both engines served over HTTP by waitress with 4 threads, "
          "each query's first call counted. Re-run: `make bench-scale` (add 20,000 profiles with "
          "`SIZES=200,2000,20000 make bench-scale`).", "", "![time and memory against corpus size](scale.svg)", ""]
    for r in results:
        md += table(r)
    (args.out / "scale.md").write_text("\n".join(md) + "\n")
    print(f"wrote {args.out / 'scale.md'}")


if __name__ == "__main__":
    main()

"""How the embedded engine scales, beside SQLite FTS5 (and SolrCloud with --solr) in the same run.

    .venv/bin/python bench/bench_scale.py                      # 200 and 2,000 profiles
    .venv/bin/python bench/bench_scale.py --sizes 200,2000,20000   # add 20,000 (long: the build alone takes minutes)
    .venv/bin/python bench/bench_scale.py --solr               # add the Solr column (or SOLR=1; Java 17 + Maven)

For each size: a varied synthetic corpus (bench/generate_varied.py); our full build
(`profile-search index --full`), index size, incremental update of one changed profile (median of
3); SQLite FTS5 loaded with the very same passages into a file. Then each engine is served over
HTTP in its own process (ours: `profile-search serve`, gunicorn worker processes with 4 threads each;
SQLite: waitress, 4 threads) and sent the same 280 queries (term, AND, phrases of 2, 3 and 4 words and with a slop,
filtered; each query's first call) by 1 client and by 4 clients: p50/p95 by class, throughput,
failures, the server's RSS after one request and its peak RSS (VmHWM). With --solr, the same again
on a fresh loopback SolrCloud (bench/scale_solr.py): our app serving `--backend solr://…`, plus the
Solr nodes' and ZooKeeper's memory. Writes bench/results/scale.md, scale.json and scale.svg.
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

from search_app.server import default_workers  # noqa: E402
from bench_search import LONG_PHRASES, BenchQuery, free_port, load_sqlite, make_queries, passages_from_index, pct  # noqa: E402

CLASSES = {"word": "term", "two": "AND", "phrase": "phrase", "filtered": "filtered", "phrase3": "phrase of 3 words",
           "phrase4": "phrase of 4 words", "slop": "phrase of 3 words ~3"}
EXE = Path(sys.executable).with_name("profile-search")


def run(cmd: list[str], timeout: float = 7200) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    return time.perf_counter() - t


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _own_rss(pid: int) -> tuple[int, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = line.partition(":")
        fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
        for k in kids:
            out += [k] + _descendants(k)
    return out


def rss(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a server, in bytes: the process and every process it
    started (a server's worker processes) added up — peaks too, so the peak is an upper bound."""
    total_now = total_peak = 0
    for p in [pid] + _descendants(pid):
        try:
            now, peak = _own_rss(p)
        except (OSError, KeyError, IndexError):
            continue
        total_now += now
        total_peak += peak
    return total_now, total_peak


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


#: the facts a facts-filtered search adds to the same query (bench/generate_varied.py's cities range
#: from a few thousand to about a million inhabitants, members since 1990 to 2020)
FACTS = {"population": ["20000.."], "member_since": ["..2010"]}
#: rounds of the facts pairs, alternating which of the two goes first
ROUNDS = 3


def facts_pairs(port: int, queries: list[BenchQuery]) -> dict:
    """The same word and AND queries with and without a facts filter, one client, alternating (so both
    see the same noise; ROUNDS rounds, each other round the filtered one first): p50/p95 of each over
    every round, and how many passages the filter kept."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    lat: dict[str, list[float]] = {"plain": [], "facts": []}
    kept = []
    pairs = [q for q in queries if q.kind in ("word", "two")]
    for round_ in range(ROUNDS):
        order = (("plain", {}), ("facts", FACTS)) if round_ % 2 == 0 else (("facts", FACTS), ("plain", {}))
        for bq in pairs:
            totals = {}
            for name, extra in order:
                t = time.perf_counter()
                conn.request("GET", "/api/search?" + urlencode({**bq.params(), **extra}, doseq=True))
                resp = conn.getresponse()
                body = resp.read()
                lat[name].append((time.perf_counter() - t) * 1000)
                if resp.status == 200:
                    totals[name] = json.loads(body)["total"]
            if totals.get("plain") and round_ == 0:
                kept.append(totals.get("facts", 0) / totals["plain"])
    conn.close()
    return {"queries": len(pairs), "rounds": ROUNDS,
            "plain p50": pct(lat["plain"], 50), "plain p95": pct(lat["plain"], 95),
            "facts p50": pct(lat["facts"], 50), "facts p95": pct(lat["facts"], 95),
            "kept": sorted(kept)[len(kept) // 2] if kept else None}


def serve_and_measure(cmd: list[str], port: int, ping: str, url, warm: list, queries: list, what: str,
                      facts: bool = False) -> dict:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(port, ping, proc, what)
        load(port, warm[:1], url, 1)
        idle = rss(proc.pid)[0]
        load(port, warm, url, 2)
        c1 = load(port, queries, url, 1)
        c4 = load(port, list(reversed(queries)), url, 4)
        peak = rss(proc.pid)[1]
        pairs = facts_pairs(port, queries) if facts else None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"idle_rss": idle, "peak_rss": peak, "c1": c1, "c4": c4, **({"facts": pairs} if pairs else {})}


def measure_size(n: int, work: Path, queries_n: int, solr_heap: str | None = None) -> dict:
    """Every figure of one corpus size; the Solr column too when `solr_heap` is given."""
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
    allq = make_queries(passages, queries_n + 40, seed=11, kinds=LONG_PHRASES)
    warm, queries = allq[:40], allq[40:]
    print(f"[{n}] {len(passages)} passages; serving both engines…", flush=True)
    port = free_port()
    ours = serve_and_measure([str(EXE), "serve", "--index", str(index), "--port", str(port), "--threads", "4"],
                             port, "/api/stats", ours_url, warm, queries, "search", facts=True)
    port = free_port()
    base = serve_and_measure([sys.executable, str(ROOT / "bench" / "sqlite_server.py"), str(db), str(port)],
                             port, "/ping", sqlite_url, warm, queries, "SQLite")
    for name, measured in (("ours", ours), ("SQLite", base)):
        failed = measured["c1"]["failures"] + measured["c4"]["failures"]
        if failed:  # a comparison with an engine that did not answer is no comparison
            raise RuntimeError(f"[{n}] {name} failed {failed} answers, e.g. {measured['c1']['failed'][:3]}")
    out = {"profiles": n, "passages": len(passages), "build_s": build, "sqlite_build_s": sqlite_build,
           "index_bytes": du(index), "sqlite_bytes": db.stat().st_size, "incremental_s": sorted(incr)[1],
           "incremental_in_process_s": sorted(in_process)[2],
           "ours": ours, "sqlite": base}
    if solr_heap:
        from scale_solr import measure_or_error

        out["solr"] = measure_or_error(n, work, corpus, warm, queries, solr_heap)
    return out


MIB = 1024 * 1024


def solr_ran(r: dict) -> bool:
    return bool(r.get("solr")) and "error" not in r["solr"]


def rows(r: dict) -> list[tuple]:
    """(label, ours, SQLite, Solr) for one size; None where a column has no such figure."""
    o, s = r["ours"], r["sqlite"]
    q = r["solr"] if solr_ran(r) else None

    def sq(f):
        return f(q) if q else None

    out = [("full build (s)", r["build_s"], r["sqlite_build_s"], sq(lambda q: q["build_s"])),
           ("index on disk (MiB)", r["index_bytes"] / MIB, r["sqlite_bytes"] / MIB, sq(lambda q: q["data_bytes"] / MIB)),
           ("server RSS after one request (MiB)", o["idle_rss"] / MIB, s["idle_rss"] / MIB,
            sq(lambda q: q["idle_rss"] / MIB)),
           ("server peak RSS, 4 clients (MiB)", o["peak_rss"] / MIB, s["peak_rss"] / MIB,
            sq(lambda q: q["peak_rss"] / MIB))]
    if q:
        out += [("Solr: index files, one replica per shard (MiB)", None, None, q["one_copy_bytes"] / MIB),
                (f"Solr: cluster start, ZooKeeper + {q['nodes']} nodes (s)", None, None, q["cluster_up_s"]),
                ("Solr nodes + ZooKeeper: RSS after the load (MiB)", None, None, q["nodes_rss"] / MIB),
                ("Solr nodes + ZooKeeper: peak RSS (MiB)", None, None, q["nodes_peak_rss"] / MIB)]
    for c in ("c1", "c4"):
        label = "1 client" if c == "c1" else "4 clients"
        for key in ["p50", "p95"] + [f"{name} {p}" for name in CLASSES.values() for p in ("p50", "p95")]:
            if key in o[c] and key in s[c]:
                out.append((f"{label}: {key} (ms)", o[c][key], s[c][key], sq(lambda q: q[c].get(key))))
        out.append((f"{label}: throughput (queries/s)", o[c]["qps"], s[c]["qps"], sq(lambda q: q[c]["qps"])))
        out.append((f"{label}: failed answers", o[c]["failures"], s[c]["failures"], sq(lambda q: q[c]["failures"])))
    return out


def _cell(v) -> str:
    return "" if v is None else f"{v:,.1f}"


def _ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "—"


def table(r: dict) -> list[str]:
    with_solr = solr_ran(r)
    out = [f"### {r['profiles']:,} profiles ({r['passages']:,} passages)", ""]
    if with_solr:
        out += ["| | ours | SQLite FTS5 | Solr | ours ÷ SQLite | Solr ÷ SQLite |", "|---|---:|---:|---:|---:|---:|"]
    else:
        out += ["| | ours | SQLite FTS5 | ours ÷ SQLite |", "|---|---:|---:|---:|"]
    for name, a, b, c in rows(r):
        if with_solr:
            out.append(f"| {name} | {_cell(a)} | {_cell(b)} | {_cell(c)} | {_ratio(a, b) if a is not None else ''} "
                       f"| {_ratio(c, b) if c is not None and b is not None else ''} |")
        else:
            out.append(f"| {name} | {_cell(a)} | {_cell(b)} | {_ratio(a, b)} |")
    pad = " | |" if with_solr else ""
    out += [f"| incremental update of one profile: the command, start-up included (s, median of 3) | {r['incremental_s']:.2f} | |{pad} |",
            f"| incremental update of one profile: the library call (s, median of 5) | {r['incremental_in_process_s']:.3f} | |{pad} |", ""]
    f = r["ours"].get("facts")
    if f:
        out += [f"Facts filter (ours, 1 client, HTTP): the same {f['queries']} word and AND queries without and with "
                f"`population=20000..&member_since=..2010`, alternating, {f.get('rounds', 1)} rounds — without: p50 {f['plain p50']:.1f} ms, "
                f"p95 {f['plain p95']:.1f} ms; with: p50 {f['facts p50']:.1f} ms, p95 {f['facts p95']:.1f} ms "
                f"(with ÷ without at p95: {f['facts p95'] / f['plain p95']:.2f}×; the filter keeps a median "
                f"{(f['kept'] or 0) * 100:.0f} % of the passages).", ""]
    if with_solr:
        q = r["solr"]
        out += [f"Solr: our app (`profile-search serve --backend solr://…`, 4 threads per worker) in front of a loopback "
                f"SolrCloud of {q['nodes']} nodes (2 shards × 2 replicas, heap {q['heap']} each) and ZooKeeper on the same "
                f"machine, {q['passages']:,} passages. Build: `profile-search index --full --backend …` into the fresh "
                f"cluster, collection creation and commit included. Disk: the data folders of all {q['cores']} cores "
                "(transaction logs included). The server RSS rows are the Python server's; the Solr JVMs' and "
                "ZooKeeper's own memory is in the rows below them (VmHWM summed; the peak includes the build).", ""]
    elif r.get("solr"):
        out += [f"Solr: not measured — {r['solr']['error']}", ""]
    return out


ENGINES = (("ours", "#0b5cad", "ours"), ("sqlite", "#c2410c", "SQLite FTS5"), ("solr", "#15803d", "Solr"))


def _build_s(r: dict, e: str) -> float:
    return r["build_s"] if e == "ours" else r["sqlite_build_s"] if e == "sqlite" else r[e]["build_s"]


def _peak_mib(r: dict, e: str):
    """The Python server's peak RSS; for Solr, plus the Solr nodes' and ZooKeeper's."""
    return (r[e]["peak_rss"] + r[e].get("nodes_peak_rss", 0)) / MIB


def svg(results: list[dict]) -> str:
    """Three small line charts against corpus size: build time, p95 with 4 clients, peak RSS."""
    w, h, pad = 260, 180, 40
    charts = [("full build (s)", _build_s), ("p95, 4 clients (ms)", lambda r, e: r[e]["c4"]["p95"]),
              ("peak RSS (MiB)", _peak_mib)]
    engines = [e for e in ENGINES if e[0] != "solr" or any(solr_ran(r) for r in results)]

    def has(r: dict, e: str) -> bool:
        return e != "solr" or solr_ran(r)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{len(charts) * (w + 20)}" height="{h + 56}" '
             'font-family="sans-serif" font-size="11">']
    xs = [r["profiles"] for r in results]
    for i, (title, f) in enumerate(charts):
        ox = i * (w + 20)
        top = max(f(r, e) for r in results for e, _, _ in engines if has(r, e)) * 1.1 or 1
        parts.append(f'<text x="{ox + pad}" y="14" font-weight="bold">{title}</text>')
        parts.append(f'<line x1="{ox + pad}" y1="{h}" x2="{ox + w}" y2="{h}" stroke="#888"/>'
                     f'<line x1="{ox + pad}" y1="24" x2="{ox + pad}" y2="{h}" stroke="#888"/>')
        parts.append(f'<text x="{ox + 2}" y="30">{top:,.0f}</text><text x="{ox + 2}" y="{h}">0</text>')

        def px(k: int) -> float:
            return ox + pad + (w - pad) * (k / max(1, len(xs) - 1))

        for k, x in enumerate(xs):
            parts.append(f'<text x="{px(k) - 10}" y="{h + 14}">{x:,}</text>')
        for e, color, _ in engines:
            pts = [(px(k), h - (h - 24) * f(r, e) / top) for k, r in enumerate(results) if has(r, e)]
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" '
                         f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}"/>')
            parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>' for x, y in pts]
        legend = "".join(f'<text x="{ox + pad + dx}" y="{h + 30}" fill="{color}">{label}</text>'
                         for dx, (_, color, label) in zip((0, 35, 112), engines))
        parts.append(legend + f'<text x="{ox + w - 40}" y="{h + 30}">profiles</text>')
    if len(engines) == 3:
        parts.append(f'<text x="{2 * (w + 20) + pad}" y="{h + 48}" fill="#15803d">Solr: our server + nodes + ZooKeeper</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def markdown(results: list[dict]) -> list[str]:
    machine = (f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.machine()}, "
               f"load average {os.getloadavg()[0]:.1f} at the end")
    with_solr = any(solr_ran(r) for r in results)
    md = ["# Scaling: the embedded engine beside SQLite FTS5" + (" and SolrCloud" if with_solr else ""), "",
          f"Machine: {machine}; {time.strftime('%Y-%m-%d')}. "
          + f"Ours served over HTTP by `profile-search serve` (gunicorn, {default_workers()} worker processes × 4 threads; "
          "memory: the server's processes added up), SQLite FTS5 by waitress with 4 threads"
          + (" (Solr: by our app in front of the cluster), " if with_solr else ", ")
          + "each query's first call counted. Re-run: `make bench-scale` (add 20,000 profiles with "
          "`SIZES=200,2000,20000 make bench-scale`; add the Solr column with `SOLR=1 make bench-scale`, "
          "Java 17 and Maven needed).", "", "![time and memory against corpus size](scale.svg)", ""]
    for r in results:
        md += table(r)
    return md


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=os.environ.get("SIZES", "200,2000"))
    ap.add_argument("--queries", type=int, default=280)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--solr", action="store_true", default=env_flag("SOLR"),
                    help="add the Solr column: a fresh 2-node SolrCloud per size, stopped after it (env SOLR=1)")
    ap.add_argument("--solr-heap", default=os.environ.get("SOLR_HEAP", "448m"), help="Java heap of each Solr node")
    args = ap.parse_args(argv)
    if args.solr:
        from scale_solr import check_available

        check_available()
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        results.append(measure_size(n, ROOT / "bench" / "out" / f"scale-{n}", args.queries,
                                    args.solr_heap if args.solr else None))
        print("\n".join(table(results[-1])), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(results, indent=1))
    (args.out / "scale.svg").write_text(svg(results))
    (args.out / "scale.md").write_text("\n".join(markdown(results)) + "\n")
    print(f"wrote {args.out / 'scale.md'}")
    failed = [r["profiles"] for r in results if r.get("solr", {}).get("error")]
    if failed:
        sys.exit(f"the Solr column failed at {', '.join(map(str, failed))} profiles (see scale.md)")


if __name__ == "__main__":
    main()

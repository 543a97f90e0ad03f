"""Do both backends answer alike? Totals, facet counts and top-10 cities, Whoosh against SolrCloud.

    .venv/bin/python bench/compare_backends.py --profiles 2000 --queries 200

Generates the synthetic corpus (bench/generate.py) unless it exists, builds the embedded index and
a SolrCloud collection from the same files (a loopback cluster of 2 nodes is started and stopped
unless --backend names a running one), draws the queries of bench/bench_search.py (single words,
two words, phrases, words with filters) and adds boolean ones (a OR b, a -b, NOT a), then compares
for every query: total passages, total cities, the counts of all six facets, and the cities of
the first ten hits. Writes bench/results/compare_backends.md (or --results).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import BenchQuery, make_queries, passages_from_index  # noqa: E402
from bench.generate import generate  # noqa: E402
from indexer.build import build_index  # noqa: E402
from search_app.backend import open_backend  # noqa: E402
from search_app.models import request_from_params  # noqa: E402


def boolean_queries(base: list[BenchQuery]) -> list[tuple[str, dict]]:
    """(kind, params) for each bench query, plus OR / NOT variants of the two-word ones."""
    out = []
    for bq in base:
        params = bq.params(10)
        out.append((bq.kind, params))
        if bq.kind == "two":
            a, b = bq.words
            out.append(("or", {**params, "q": [f"{a} OR {b}"]}))
            out.append(("not", {**params, "q": [f"{a} -{b}"]}))
    return out


def facets_of(r) -> dict:
    return {k: {v.value: v.count for v in vals} for k, vals in r.facets.items()}


def top_cities(r) -> list[str]:
    return list(dict.fromkeys(h.city for h in r.hits[:10]))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profiles", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=200, help="bench queries drawn (OR/NOT variants are added)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--backend", default=None, help="a running solr://… URL (default: start a local cluster)")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "results" / "compare_backends.md")
    args = ap.parse_args(argv)

    corpus = ROOT / "bench" / "out" / f"corpus-{args.profiles}"
    if not corpus.exists():
        generate(args.profiles, corpus)
    index_dir = ROOT / "bench" / "out" / f"compare-index-{args.profiles}"
    t0 = time.perf_counter()
    build_index(corpus, index_dir, full=True)
    whoosh_build = time.perf_counter() - t0

    from search_app import local_solr as cluster
    from search_app.solr.sink import build_solr

    state_dir = None
    url = args.backend
    if url is None:
        state_dir = Path(tempfile.mkdtemp(prefix="compare-solr-"))
        state = cluster.up(state_dir, nodes=2, heap="512m")
        url = state.url("compare")
    try:
        t0 = time.perf_counter()
        build_solr(corpus, url, full=True)
        solr_build = time.perf_counter() - t0
        passages = passages_from_index(index_dir)
        queries = boolean_queries(make_queries(passages, args.queries, args.seed))
        w, s = open_backend(index_dir), open_backend(url)
        rows = []
        for kind, params in queries:
            req = request_from_params(params)
            with w.session() as ws:
                t = time.perf_counter()
                rw = ws.search(req)
                tw = time.perf_counter() - t
            with s.session() as ss:
                t = time.perf_counter()
                rs = ss.search(req)
                ts = time.perf_counter() - t
            cw, cs = top_cities(rw), top_cities(rs)
            overlap = len(set(cw) & set(cs)) / len(cw) if cw else (1.0 if not cs else 0.0)
            rows.append({"kind": kind, "q": params["q"][0], "total": (rw.total, rs.total),
                         "cities": (rw.total_cities, rs.total_cities), "facets": facets_of(rw) == facets_of(rs),
                         "overlap": overlap, "ms": (tw * 1000, ts * 1000), "relaxed": (rw.relaxed, rs.relaxed)})
    finally:
        if state_dir is not None:
            cluster.down(state_dir)

    n = len(rows)
    same_total = sum(r["total"][0] == r["total"][1] and r["cities"][0] == r["cities"][1] for r in rows)
    same_facets = sum(r["facets"] for r in rows)
    overlap = statistics.mean(r["overlap"] for r in rows)

    def pct(xs, q):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(q * len(xs)))]

    lines = [f"# Whoosh and SolrCloud compared — {args.profiles} synthetic profiles, {len(passages)} passages, {n} queries",
             "",
             f"Build: embedded {whoosh_build:.1f} s; SolrCloud (2 nodes, default layout, full build + alias swap) "
             f"{solr_build:.1f} s.",
             "",
             "| kind | queries | totals equal | facets equal | top-10 cities overlap | Whoosh p50 / p95 ms | Solr p50 / p95 ms |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for kind in sorted({r["kind"] for r in rows}) + ["all"]:
        sel = [r for r in rows if kind in ("all", r["kind"])]
        lines.append(
            f"| {kind} | {len(sel)} | {sum(r['total'][0] == r['total'][1] and r['cities'][0] == r['cities'][1] for r in sel)} "
            f"| {sum(r['facets'] for r in sel)} | {statistics.mean(r['overlap'] for r in sel):.1%} "
            f"| {pct([r['ms'][0] for r in sel], .5):.1f} / {pct([r['ms'][0] for r in sel], .95):.1f} "
            f"| {pct([r['ms'][1] for r in sel], .5):.1f} / {pct([r['ms'][1] for r in sel], .95):.1f} |")
    diffs = [r for r in rows if r["total"][0] != r["total"][1] or not r["facets"]]
    lines += ["", f"Totals (passages and cities) equal for {same_total} of {n} queries, all six facets' counts equal for "
              f"{same_facets} of {n}; mean top-10 cities overlap {overlap:.1%}.", ""]
    if diffs:
        lines += ["Queries whose counts differ (Whoosh, Solr):", ""]
        lines += [f"- `{r['q']}` ({r['kind']}): totals {r['total'][0]} / {r['total'][1]}" for r in diffs[:30]]
        lines.append("")
    lines += [f"Timings are in-process calls (Solr: over HTTP to the loopback cluster), each query measured once, "
              f"on a 2-core machine. Reproduce: `.venv/bin/python bench/compare_backends.py --profiles {args.profiles} "
              f"--queries {args.queries}`", ""]
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text("\n".join(lines), "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

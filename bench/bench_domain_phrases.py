"""Phrases of common domain words, in-process, each phrase's first call, beside SQLite FTS5 in the same run.

`make bench-scale` draws its phrases from runs of a passage's words; users type phrases of the field's
common words ("crime prevention", "local safety contract", "the general assembly of"), whose pairs are
found in many passages. This measures those, the way a library caller meets them: the embedded index
opened once, each phrase searched once (cold: nothing of it read before), beside the same faceted
search with snippets in SQLite FTS5, alternating which engine goes first.

Run it on the index and the SQLite file `make bench-scale` leaves for a size:

    .venv/bin/python bench/bench_domain_phrases.py bench/out/scale-20000/index bench/out/scale-20000/fts5.db

Totals may differ where a phrase holds a stop word (ours drops "the", "of", "and" from phrases, SQLite
keeps them) or a forum's long name (ours searches it as the forum's short name); a phrase of stop
words only is a 400 here (counted as its time to answer).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import BenchQuery, pct, sqlite_search  # noqa: E402

PHRASES = """crime prevention|urban security|local safety contract|prevention of crime|youth violence prevention
video surveillance|safety and security|the city council|european forum for urban security|juvenile justice
drug prevention|prevention council|night life|social cohesion|domestic violence|victims of crime
the city|local prevention council|crime prevention and|of the city|urban safety|security policy
public space|public spaces|police and|safer cities|community policing|local authorities|the european forum
national forum|twin towns|conference on|training on|general assembly|the general assembly of|member of the
took part in the|project on|annual conference|urban security and|prevention and safety|safety contract
municipal police|crime and|violence against women|local security diagnosis|exchange of practices
prevention of radicalisation|city of|in the""".replace("\n", "|").split("|")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index", help="the embedded index folder (e.g. bench/out/scale-20000/index)")
    ap.add_argument("sqlite", help="the SQLite FTS5 file of the same passages (e.g. bench/out/scale-20000/fts5.db)")
    args = ap.parse_args()
    from search_app.backend import open_backend
    from search_app.models import request_from_params
    from search_app.query import BadRequest

    backend = open_backend(args.index)
    con = sqlite3.connect(args.sqlite, check_same_thread=False)

    def ours(bq: BenchQuery):
        with backend.session() as session:
            try:
                return session.search(request_from_params(bq.params())).total
            except BadRequest:
                return "400"

    def base(bq: BenchQuery):
        return sqlite_search(con, bq)["total"]

    for warm in ("police", "youth work"):  # open both, outside the phrases' words' reading
        bq = BenchQuery("two", tuple(warm.split()))
        ours(bq), base(bq)
    times: dict[str, list[float]] = {"ours": [], "SQLite": []}
    print("| phrase | ours ms | SQLite ms | ours total | SQLite total |\n|---|---:|---:|---:|---:|")
    for i, text in enumerate(PHRASES):
        bq = BenchQuery("phrase", tuple(text.split()), phrase=True)
        runs = [("ours", ours), ("SQLite", base)]
        if i % 2:
            runs.reverse()
        got = {}
        for name, fn in runs:
            t = time.perf_counter()
            got[name] = fn(bq)
            times[name].append((time.perf_counter() - t) * 1000)
        print(f"| {text} | {times['ours'][-1]:.1f} | {times['SQLite'][-1]:.1f} | {got['ours']} | {got['SQLite']} |",
              flush=True)
    o, s = times["ours"], times["SQLite"]
    print(f"\n{len(PHRASES)} phrases, cold: ours p50 {statistics.median(o):.1f} ms, p95 {pct(o, 95):.1f} ms; "
          f"SQLite p50 {statistics.median(s):.1f} ms, p95 {pct(s, 95):.1f} ms; "
          f"ours ÷ SQLite at p95 {pct(o, 95) / pct(s, 95):.2f}×")


if __name__ == "__main__":
    main()

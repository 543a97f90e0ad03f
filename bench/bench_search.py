"""Search benchmark: our engine (in-process and over HTTP) against SQLite FTS5 on the same passages.

    .venv/bin/python bench/bench_search.py --profiles 2000

Generates the synthetic corpus (bench/generate.py) unless it exists, builds our index, loads the
very same passages (read back from the index's stored fields) into SQLite FTS5, draws the
queries from the corpus's own words with a fixed seed, and measures for every query a faceted
search with all six facets (city, country, year, network, section, kind) and ten snippets.
Each query is measured on its first call; the warm-up uses other queries. Writes the table to
bench/results/search.md (or --results).
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.analysis import stopwords  # noqa: E402
from indexer.build import build_index  # noqa: E402
from search_app.models import request_from_params  # noqa: E402
from indexer.fields import FACET_NAMES, RANGE_FACETS  # noqa: E402
from search_app.backend import open_backend  # noqa: E402
from search_app.whoosh.engine import WhooshEngine  # noqa: E402

#: the facets SQLite counts: every passage facet (the cities' facts ranges are ours only, so ours does more)
FACETS = tuple(n for n in FACET_NAMES if n not in RANGE_FACETS)
HTTP_REFUSED: list[tuple[int, str, bytes]] = []  # non-200 answers during the run (reported in the table)
WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class BenchQuery:
    """One query: its kind, words, and filters (parameter name → values)."""

    kind: str  # word, two, phrase, filtered; phrase3, phrase4, slop (with LONG_PHRASES)
    words: tuple[str, ...]
    phrase: bool = False
    filters: dict = field(default_factory=dict)
    slop: int = 1  # a phrase's words each within this many positions of the one before

    def q(self) -> str:
        """Our query string: ``BenchQuery("two", ("cctv", "police")).q() == "cctv police"``."""
        if self.phrase:
            return '"' + " ".join(self.words) + '"' + (f"~{self.slop}" if self.slop != 1 else "")
        return " ".join(self.words)

    def params(self, size: int = 10) -> dict[str, list[str]]:
        out = {"q": [self.q()], "size": [str(size)]}
        for k, v in self.filters.items():
            out[k] = [str(x) for x in v]
        return out

    def fts(self) -> str:
        """The FTS5 MATCH expression: each word quoted (AND), one quoted phrase, or for a slop its words NEAR
        each other (at most slop-1 other words between each two)."""
        if self.phrase and self.slop != 1:
            return "NEAR(" + " ".join(f'"{w}"' for w in self.words) + f", {(len(self.words) - 1) * (self.slop - 1)})"
        if self.phrase:
            return '"' + " ".join(self.words) + '"'
        return " ".join(f'"{w}"' for w in self.words)


# ---------------------------------------------------------------------------------------------
# corpus, passages, queries


def passages_from_index(index_dir: Path) -> list[dict]:
    """Every passage as stored in our index (so both engines search the same texts)."""
    out = []
    with WhooshEngine(index_dir).view() as view:
        for f in view.session.searcher.reader().all_stored_fields():
            out.append({k: f.get(k) for k in ("id", "city", "country", "section", "network", "kind", "years",
                                              "heading", "lang", "text")})
    return out


#: the kinds of query drawn in turn; LONG_PHRASES adds phrases of 3 and 4 words and 3 words with a slop
KINDS = ("word", "two", "phrase", "filtered")
LONG_PHRASES = KINDS + ("phrase3", "phrase4", "slop")


def make_queries(passages: list[dict], n: int, seed: int, kinds: tuple[str, ...] = KINDS) -> list[BenchQuery]:
    """n queries drawn from the passages' words, each kind in turn: single words, two words from one
    passage, two-word phrases, words with filters (and, with LONG_PHRASES, runs of 3 or 4 words of a
    passage as phrases, and runs of 3 with a slop of 3)."""
    rng = random.Random(seed)
    stop = stopwords("en") | stopwords("fr")

    def words_of(p: dict) -> list[str]:
        return [w.lower() for w in WORD.findall(p["text"] or "") if w.lower() not in stop]

    vocab = sorted({w for p in rng.sample(passages, min(3000, len(passages))) for w in words_of(p)})
    out: list[BenchQuery] = []
    seen: set[str] = set()

    def add(bq: BenchQuery) -> None:
        # every query is distinct, so no warm-up query repeats a measured one
        key = repr(bq.params())
        if key not in seen:
            seen.add(key)
            out.append(bq)

    while len(out) < n:
        p = rng.choice(passages)
        ws = words_of(p)
        if len(ws) < 3:
            continue
        kind = kinds[len(out) % len(kinds)]
        if kind == "word":
            # half frequency-weighted (a word of a random passage), half a uniform vocabulary word
            add(BenchQuery("word", (rng.choice(ws) if rng.random() < 0.5 else rng.choice(vocab),)))
        elif kind == "two":
            add(BenchQuery("two", tuple(rng.sample(ws, 2))))
        elif kind == "phrase":
            toks = [w.lower() for w in re.findall(r"[^\W\d_]+", p["text"])]
            pairs = [(a, b) for a, b in zip(toks, toks[1:]) if len(a) > 3 and len(b) > 3 and a not in stop and b not in stop]
            if not pairs:
                continue
            add(BenchQuery("phrase", rng.choice(pairs), phrase=True))
        elif kind in ("phrase3", "phrase4", "slop"):
            k = 4 if kind == "phrase4" else 3
            toks = [w.lower() for w in re.findall(r"[^\W\d_]+", p["text"])]
            runs = [tuple(toks[i:i + k]) for i in range(len(toks) - k + 1)
                    if all(len(w) > 3 and w not in stop for w in toks[i:i + k])]
            if not runs:
                continue
            add(BenchQuery(kind, rng.choice(runs), phrase=True, slop=3 if kind == "slop" else 1))
        else:
            w = rng.choice(ws)
            choice = rng.randrange(5)
            if choice == 0:
                filters = {"city": [p["city"]]}
            elif choice == 1 and p["country"]:
                filters = {"country": [p["country"]]}
            elif choice == 2 and p["years"]:
                y = int(p["years"][0])
                filters = {"year_from": [y - 2], "year_to": [y + 1]}
            elif choice == 3 and p["network"]:
                filters = {"network": [p["network"]], "section": [p["section"]]}
            else:
                filters = {"kind": [p["kind"]]}
            add(BenchQuery("filtered", (w,), filters=filters))
    return out


# ---------------------------------------------------------------------------------------------
# SQLite FTS5 baseline


def load_sqlite(passages: list[dict], path: str = ":memory:") -> sqlite3.Connection:
    """An FTS5 index of the passages (in memory, or in a file), with facet columns and a passage_years table."""
    con = sqlite3.connect(path, check_same_thread=False)
    con.execute("CREATE TABLE passages(rid INTEGER PRIMARY KEY, id TEXT, city TEXT, country TEXT, section TEXT,"
                " network TEXT, kind TEXT)")
    con.execute("CREATE TABLE passage_years(rid INTEGER, year INTEGER)")
    con.execute("CREATE INDEX py_rid ON passage_years(rid)")
    con.execute("CREATE INDEX py_year ON passage_years(year)")
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(city, heading, text, "
                "tokenize='porter unicode61 remove_diacritics 2')")
    for rid, p in enumerate(passages, start=1):
        con.execute("INSERT INTO passages VALUES (?,?,?,?,?,?,?)",
                    (rid, p["id"], p["city"], p["country"], p["section"], p["network"], p["kind"]))
        con.executemany("INSERT INTO passage_years VALUES (?,?)", [(rid, int(y)) for y in p["years"] or ()])
        con.execute("INSERT INTO fts(rowid, city, heading, text) VALUES (?,?,?,?)",
                    (rid, p["city"], p["heading"] or "", p["text"]))
    con.commit()
    return con


def _filter_sql(filters: dict, skip: str | None) -> tuple[str, list]:
    """WHERE conditions on passages p (and years) for every filter except facet `skip`."""
    conds, args = [], []
    for name in ("city", "country", "network", "section", "kind"):
        if name in filters and name != skip:
            vals = filters[name]
            conds.append(f"p.{name} IN ({','.join('?' * len(vals))})")
            args.extend(vals)
    if skip != "year" and ("year_from" in filters or "year_to" in filters):
        conds.append("p.rid IN (SELECT rid FROM passage_years WHERE year BETWEEN ? AND ?)")
        args.extend([int(filters.get("year_from", [1800])[0]), int(filters.get("year_to", [2099])[0])])
    return (" AND " + " AND ".join(conds)) if conds else "", args


def sqlite_search(con: sqlite3.Connection, bq: BenchQuery) -> dict:
    """The same work in SQLite, written the direct way (each statement runs the MATCH; this
    measured faster than materialising the matches in a temp table first): the total, six
    disjunctive facet counts by GROUP BY over the matches, and the ten best by bm25 (city and
    heading weighted as ours) with snippet()."""
    match = bq.fts()

    def source(where: str, years: bool = False) -> str:
        join = " JOIN passages p ON p.rid = fts.rowid" if where or not years else ""
        if years:
            join += " JOIN passage_years y ON y.rid = fts.rowid"
        return f"FROM fts{join} WHERE fts MATCH ?{where}"

    where, args = _filter_sql(bq.filters, None)
    total = con.execute(f"SELECT count(*) {source(where) if where else 'FROM fts WHERE fts MATCH ?'}",
                        [match, *args]).fetchone()[0]
    facets = {}
    for name in FACETS:
        w, a = _filter_sql(bq.filters, name)
        if name == "year":
            sql = f"SELECT y.year, count(*) {source(w, years=True)} GROUP BY y.year"
        else:
            sql = f"SELECT p.{name}, count(*) {source(w)} GROUP BY p.{name}"
        facets[name] = con.execute(sql, [match, *a]).fetchall()
    top = con.execute(
        f"SELECT fts.rowid, snippet(fts, 2, '<mark>', '</mark>', '…', 32) {source(where) if where else 'FROM fts WHERE fts MATCH ?'}"
        f" ORDER BY bm25(fts, 3.0, 1.5, 1.0) LIMIT 10", [match, *args]).fetchall()
    return {"total": total, "facets": facets, "snippets": top}


# ---------------------------------------------------------------------------------------------
# measuring


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs), q))


def time_each(fn, queries: list[BenchQuery]) -> list[float]:
    out = []
    for bq in queries:
        t = time.perf_counter()
        fn(bq)
        out.append((time.perf_counter() - t) * 1000)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index_dir: Path, port: int) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("profile-search")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "search_app.cli"]),
           "serve", "--index", str(index_dir), "--port", str(port), "--threads", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/api/stats")
            if c.getresponse().status == 200:
                c.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start")


def http_get(conn: http.client.HTTPConnection, bq: BenchQuery) -> bytes:
    conn.request("GET", "/api/search?" + urlencode(bq.params(), doseq=True))
    resp = conn.getresponse()
    body = resp.read()
    if resp.status >= 500:
        raise RuntimeError(f"HTTP {resp.status} for {bq}: {body[:200]!r}")
    if resp.status != 200:  # e.g. a query over the engine's time limit under load: counted, reported
        HTTP_REFUSED.append((resp.status, bq.q(), body[:200]))
    return body


def rps(port: int, queries: list[BenchQuery], clients: int) -> float:
    """Requests per second with `clients` threads, each sending every query once over keep-alive."""
    errors: list[BaseException] = []

    def run(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            for i in range(len(queries)):
                http_get(conn, queries[(i + offset) % len(queries)])
        except BaseException as exc:  # reported after the run
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(k * len(queries) // clients,)) for k in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    if errors:
        raise errors[0]
    return clients * len(queries) / elapsed


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profiles", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=240)
    ap.add_argument("--warmup", type=int, default=40)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--work", type=Path, default=None, help="corpus and index directory (default bench/out/search-N)")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "results" / "search.md")
    ap.add_argument("--no-http", action="store_true")
    args = ap.parse_args(argv)

    work = args.work or ROOT / "bench" / "out" / f"search-{args.profiles}"
    corpus, index_dir = work / "corpus", work / "index"
    if not corpus.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--profiles", str(args.profiles),
                        "--out", str(corpus)], check=True)
    t = time.perf_counter()
    build_index(corpus, index_dir)
    print(f"index ready in {time.perf_counter() - t:.1f} s", flush=True)
    passages = passages_from_index(index_dir)
    print(f"{len(passages)} passages", flush=True)
    t = time.perf_counter()
    con = load_sqlite(passages)
    print(f"SQLite FTS5 loaded in {time.perf_counter() - t:.1f} s", flush=True)

    allq = make_queries(passages, args.queries + args.warmup, args.seed)
    warm, measured = allq[: args.warmup], allq[args.warmup:]

    backend = open_backend(index_dir)

    def ours(bq: BenchQuery):
        with backend.session() as session:
            return session.search(request_from_params(bq.params()))

    def base(bq: BenchQuery):
        return sqlite_search(con, bq)

    proc = None
    conn = None
    port = 0
    if not args.no_http:
        port = free_port()
        proc = start_server(index_dir, port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    rows: dict[str, list[float]] = {"in-process": [], "SQLite FTS5": []}
    http_rows: dict[str, list[float]] = {"HTTP /api/search": []} if conn else {}
    req_s = None
    try:
        for bq in warm:
            ours(bq)
            base(bq)
            if conn:
                http_get(conn, bq)
        # interleave the engines query by query so that all see the same machine load
        for i, bq in enumerate(measured):
            runs = [("in-process", ours), ("SQLite FTS5", base)]
            if conn:
                runs.append(("HTTP /api/search", lambda b: http_get(conn, b)))
            k = i % len(runs)  # rotate which goes first
            for name, fn in runs[k:] + runs[:k]:
                (rows if name in rows else http_rows)[name] += time_each(fn, [bq])
        if conn:
            conn.close()
            req_s = rps(port, measured, 4)
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=10)
    t_ours, t_sql = rows["in-process"], rows["SQLite FTS5"]
    totals = [(ours(bq).total, base(bq)["total"]) for bq in measured]

    by_kind: dict[str, list[int]] = {}
    for i, bq in enumerate(measured):
        by_kind.setdefault(bq.kind, []).append(i)
    sp50, sp95 = pct(t_sql, 50), pct(t_sql, 95)
    lines = [
        f"# Search benchmark — {args.profiles} synthetic profiles, {len(passages)} passages, {len(measured)} queries",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs (nproc), Python {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}. Run at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "Each query: total, six disjunctive facets (city, country, year, network, section, kind) and ten",
        "snippets; first call of each query counted; warm-up with "
        f"{len(warm)} other queries. Queries: {', '.join(f'{len(v)} {k}' for k, v in by_kind.items())}.",
        "",
        "| measure | p50 ms | p95 ms | p50 vs SQLite | p95 vs SQLite |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, xs in {**rows, **http_rows}.items():
        lines.append(f"| {name} | {pct(xs, 50):.1f} | {pct(xs, 95):.1f} | {pct(xs, 50) / sp50:.2f}× | {pct(xs, 95) / sp95:.2f}× |")
    if http_rows:
        h = next(iter(http_rows.values()))
        lines.append("")
        lines.append(f"HTTP overhead at p50: {pct(h, 50) - pct(t_ours, 50):+.1f} ms. "
                     f"Requests/s with 4 concurrent clients (keep-alive, {4 * len(measured)} requests): {req_s:.0f}."
                     f" Non-200 answers over HTTP: {len(HTTP_REFUSED)}"
                     + (f" (e.g. {HTTP_REFUSED[0][0]} for {HTTP_REFUSED[0][1]!r})" if HTTP_REFUSED else "") + ".")
    lines += ["", "By query kind (p50 / p95 ms, ours vs SQLite):", "", "| kind | ours | SQLite |", "|---|---:|---:|"]
    for k, idx in by_kind.items():
        a = [t_ours[i] for i in idx]
        b = [t_sql[i] for i in idx]
        lines.append(f"| {k} | {pct(a, 50):.1f} / {pct(a, 95):.1f} | {pct(b, 50):.1f} / {pct(b, 95):.1f} |")
    same = sum(1 for a, b in totals if a == b)
    lines += ["", f"Totals equal to SQLite's for {same} of {len(totals)} queries (the engines differ in stemming,"
              " stop words and the AND→some-words fallback, so some differences are expected).", "",
              "Re-run: `.venv/bin/python bench/bench_search.py --profiles "
              f"{args.profiles} --queries {args.queries}`", ""]
    text = "\n".join(lines)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

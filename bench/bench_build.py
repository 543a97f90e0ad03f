"""Benchmark: full build and incremental update of one profile, beside SQLite FTS5 in the same run.

    python bench/bench_build.py --profiles 2000 [--repeats 1] [--incremental-repeats 5]

Generates (or reuses) a synthetic corpus with bench/generate.py, then measures
  * our full build (``build_index(full=True)``: parsing included), seconds and passages/s;
  * our incremental update after one profile changed (median of several), seconds and % of full;
  * SQLite FTS5 from the standard library doing the same work on the same passages: a table
    with the passage fields (``tokenize='porter unicode61 remove_diacritics 2'``), insert every
    passage, then replace one profile's rows; reported alone and with our parsing added;
and prints a Markdown table of the figures and the ratios, also written to bench/results/build.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from indexer.build import build_index  # noqa: E402
from indexer.corpus import parse_file, parse_many, relative_path, scan_corpus  # noqa: E402
from indexer.read import DEFAULT_MAX_BYTES  # noqa: E402

log = logging.getLogger("bench_build")

FTS_COLUMNS = ("id", "profile", "city", "country", "section", "heading", "network", "kind", "years", "lang", "text")


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def ensure_corpus(profiles: int, out: Path) -> Path:
    """The synthetic corpus of `profiles` profiles, generated once and reused."""
    if out.is_dir() and len([p for p in out.iterdir() if p.is_file()]) == profiles:
        return out
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--profiles", str(profiles), "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    return out


def touch_profile(path: Path, n: int) -> None:
    """Change one line of a profile (appends a sentence), as a maintainer would."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"\nThe city reviewed its street lighting plan, revision {n}.\n")


# ---------------------------------------------------------------------------------------------
# SQLite FTS5 baseline


def fts_rows(passages) -> list[tuple]:
    return [(p.id, p.profile, p.city, p.country or "", p.section, p.heading or "", p.network or "", p.kind,
             " ".join(str(y) for y in p.years), p.lang, p.text) for p in passages]


def fts_create(db_path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"CREATE VIRTUAL TABLE passages USING fts5({', '.join(FTS_COLUMNS)}, "
               f"tokenize='porter unicode61 remove_diacritics 2')")
    return db


def fts_full(db_path: Path, parsed) -> float:
    """Seconds to insert every passage into a fresh FTS5 table and commit."""
    started = time.perf_counter()
    db = fts_create(db_path)
    with db:
        for res in parsed:
            db.executemany(f"INSERT INTO passages VALUES ({', '.join('?' * len(FTS_COLUMNS))})", fts_rows(res.passages))
    db.close()
    return time.perf_counter() - started


def fts_update(db_path: Path, file: Path, rel: str) -> float:
    """Seconds to re-parse one changed profile and replace its rows in FTS5 (one transaction)."""
    started = time.perf_counter()
    res = parse_file(str(file), rel)
    db = sqlite3.connect(db_path)
    with db:
        db.execute("DELETE FROM passages WHERE profile = ?", (res.profile.slug,))
        db.executemany(f"INSERT INTO passages VALUES ({', '.join('?' * len(FTS_COLUMNS))})", fts_rows(res.passages))
    db.close()
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------


def run(args) -> tuple[str, str, str]:
    corpus_src = ensure_corpus(args.profiles, Path(args.corpus or HERE / "out" / f"corpus-{args.profiles}"))
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        corpus = work / "corpus"
        shutil.copytree(corpus_src, corpus)
        files, _ = scan_corpus(corpus)
        changed = files[len(files) // 2]
        load_before = os.getloadavg()

        # ours: full builds
        full_s, full_cpu, passages = [], [], 0
        for r in range(args.repeats):
            index_dir = work / f"index-{r}"
            c0, t0 = cpu_seconds(), time.perf_counter()
            summary = build_index(corpus, index_dir, full=True)
            full_s.append(time.perf_counter() - t0)
            full_cpu.append(cpu_seconds() - c0)
            passages = summary.passages_total
            log.info("full build %d: %.2f s", r + 1, full_s[-1])
        index_dir = work / f"index-{args.repeats - 1}"

        # ours: incremental update of one changed profile
        inc_s = []
        for r in range(args.incremental_repeats):
            touch_profile(changed, r)
            t0 = time.perf_counter()
            summary = build_index(corpus, index_dir)
            inc_s.append(time.perf_counter() - t0)
            assert summary.mode == "incremental" and len(summary.updated) == 1, summary

        # SQLite FTS5 on the same passages
        jobs = [(str(p), relative_path(corpus, p), DEFAULT_MAX_BYTES) for p in files]
        t0 = time.perf_counter()
        parsed = [res for res in parse_many(jobs, None) if not res.error]
        parse_s = time.perf_counter() - t0
        fts_passages = sum(len(res.passages) for res in parsed)
        fts_full_s = []
        for r in range(max(3, args.repeats)):
            db_path = work / f"fts-{r}.db"
            fts_full_s.append(fts_full(db_path, parsed))
        fts_inc_s = []
        for r in range(args.incremental_repeats):
            touch_profile(changed, 100 + r)
            fts_inc_s.append(fts_update(db_path, changed, relative_path(corpus, changed)))
        load_after = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    full = statistics.median(full_s)
    cpu = statistics.median(full_cpu)
    inc = statistics.median(inc_s)
    ffull = statistics.median(fts_full_s)
    finc = statistics.median(fts_inc_s)
    rows = [
        ("full build, parsing included (s)", f"{full:.1f}", f"{ffull:.2f} (+ parsing {parse_s:.1f} = {ffull + parse_s:.1f})",
         f"{full / ffull:.0f}× / {full / (ffull + parse_s):.2f}×"),
        ("full build, passages/s", f"{passages / full:,.0f}", f"{fts_passages / ffull:,.0f} / {fts_passages / (ffull + parse_s):,.0f}",
         f"{(passages / full) / (fts_passages / ffull):.3f} / {(passages / full) / (fts_passages / (ffull + parse_s)):.2f}"),
        ("full build, fastest of the runs (s)", f"{min(full_s):.1f}", f"{min(fts_full_s):.2f}", f"{min(full_s) / min(fts_full_s):.0f}×"),
        ("full build, CPU s (all processes)", f"{cpu:.1f}", "—", "—"),
        ("incremental, one changed profile (s)", f"{inc:.3f}", f"{finc:.3f}", f"{inc / finc:.1f}×"),
        ("incremental as % of full build", f"{100 * inc / full:.2f} %", f"{100 * finc / ffull:.2f} %", "—"),
    ]
    lines = [
        f"| at {args.profiles:,} profiles, {passages:,} passages | ours (Whoosh) | SQLite FTS5 (alone / with our parsing) | ours ÷ FTS5 |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
    ]
    table = "\n".join(lines)
    detail = (f"full builds: {', '.join(f'{x:.1f}' for x in full_s)} s; incremental: "
              f"{', '.join(f'{x:.3f}' for x in inc_s)} s; FTS5 full: {', '.join(f'{x:.2f}' for x in fts_full_s)} s; "
              f"FTS5 incremental: {', '.join(f'{x:.3f}' for x in fts_inc_s)} s")
    machine = (f"{os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
               f"{platform.system()} {platform.machine()}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    return table, detail, machine


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=int, default=2000)
    ap.add_argument("--corpus", help="reuse this corpus folder (default bench/out/corpus-N, generated if missing)")
    ap.add_argument("--repeats", type=int, default=1, help="full builds to take the median of")
    ap.add_argument("--incremental-repeats", type=int, default=5)
    ap.add_argument("--out", default=str(HERE / "results" / "build.md"), help="where to write the Markdown results")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    table, detail, machine = run(args)
    command = "python bench/bench_build.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(table)
    print()
    print(detail)
    print(machine)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        "# Build benchmark: full build and incremental update, beside SQLite FTS5\n\n"
        f"{table}\n\nMedians unless said otherwise; every run: {detail}.\n\n"
        "The machine is shared with other jobs: wall times rise with the load average below, CPU time "
        "does not. On an idle machine the full build is about half its CPU time (two cores).\n\n"
        f"Machine: {machine}.\n\nRe-run: `{command.strip()}` (from the repository root, in the venv).\n"
        "Ratios: ours ÷ FTS5 for times (lower is better for us), ours ÷ FTS5 for passages/s (higher is better).\n",
        "utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Dump the answers of a fixed set of searches, and compare two dumps: hits, totals, facet counts.

    python bench/compare_results.py dump --index bench/out/cmp/index --out before.json [--queries 240]
    python bench/compare_results.py diff before.json after.json

Used to show that a change of the engine's insides leaves what users see unchanged, and to put
two backends side by side (``--backend solr://…`` instead of ``--index``). The queries are
drawn deterministically from the index's own words: single words, two words, phrases, prefix*,
fuzzy~, OR / NOT, field:value, year words and ranges, filters as parameters, every sort,
grouping by city and later pages.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_params(words: list[str], cities: list[str], networks: list[str], n: int, seed: int,
                runs: list[list[str]] | None = None) -> list[dict]:
    """`n` search parameter sets of every kind, the same for the same words and seed; `runs` (word runs of
    the passages) give phrases of 3 and 4 words, and phrases with a slop, that passages do hold."""
    rng = random.Random(seed)
    out: list[dict] = []
    kinds = ["word", "two", "phrase", "prefix", "fuzzy", "or", "not", "field", "yearword", "range", "filter",
             "sort", "group", "page"] + (["phrase3", "phrase4", "slop"] if runs else [])
    for i in range(n):
        kind = kinds[i % len(kinds)]
        a, b = rng.choice(words), rng.choice(words)
        p: dict = {"q": a}
        if kind == "two":
            p["q"] = f"{a} {b}"
        elif kind == "phrase":
            p["q"] = f'"{a} {b}"'
        elif kind in ("phrase3", "phrase4", "slop"):
            run = rng.choice(runs)
            p["q"] = '"' + " ".join(run[:4 if kind == "phrase4" else 3]) + '"' + ("~3" if kind == "slop" else "")
        elif kind == "prefix":
            p["q"] = a[:max(3, len(a) - 2)] + "*"
        elif kind == "fuzzy":
            p["q"] = a[:-1] + ("e" if not a.endswith("e") else "a") + "~"
        elif kind == "or":
            p["q"] = f"{a} OR {b}"
        elif kind == "not":
            p["q"] = f"{a} -{b}"
        elif kind == "field":
            p["q"] = f"{a} network:{rng.choice(networks)}"
        elif kind == "yearword":
            p["q"] = f"{a} since {rng.randint(1995, 2015)}"
        elif kind == "range":
            y = rng.randint(1998, 2014)
            p["q"] = f"{a} year:{y}..{y + rng.randint(0, 4)}"
        elif kind == "filter":
            p.update(city=[rng.choice(cities), rng.choice(cities)], network=[rng.choice(networks)])
        elif kind == "sort":
            p.update(q=f"{a} {b}" if rng.random() < 0.5 else a, sort=rng.choice(["newest", "oldest", "city"]))
        elif kind == "group":
            p["group"] = "city"
        elif kind == "page":
            p.update(page=str(rng.randint(2, 4)), size=str(rng.choice([5, 10, 20])))
        out.append({k: v if isinstance(v, list) else [str(v)] for k, v in p.items()})
    return out


def vocabulary(session, limit: int = 400) -> tuple[list[str], list[str], list[str], list[list[str]]]:
    """Words, cities and networks of the index, and runs of four words of its passages (deterministic)."""
    cities = [c.city for c in session.list_cities()]
    networks = sorted({n for c in session.list_cities() for n in c.networks}) or ["Efus"]
    counts: dict[str, int] = {}
    runs: dict[tuple[str, ...], int] = {}
    for c in session.list_cities()[:60]:
        found = session.get_profile(c.slug)
        for passage in (found.passages if found else ()):
            for w in re.findall(r"[a-zà-ÿ]{4,}", passage.text.lower()):
                counts[w] = counts.get(w, 0) + 1
            for sentence in re.split(r"[^\w\s]+", passage.text.lower()):
                ws = re.findall(r"[a-zà-ÿ]+", sentence)
                for i in range(len(ws) - 3):
                    if all(len(w) >= 3 for w in ws[i:i + 4]):
                        runs[tuple(ws[i:i + 4])] = runs.get(tuple(ws[i:i + 4]), 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))[:limit]
    return words, cities, networks, [list(r) for r in sorted(runs, key=lambda r: (-runs[r], r))[:limit]]


def answer(session, params: dict) -> dict:
    from search_app.models import request_from_params
    from search_app.query import BadRequest

    try:
        r = session.search(request_from_params(params), snippets=False)
    except BadRequest as exc:
        return {"error": str(exc)}
    out = {"total": r.total, "total_cities": r.total_cities, "relaxed": r.relaxed,
           "hits": [h.id for h in r.hits],
           "facets": {k: [[v.value, v.count, v.selected] for v in vals] for k, vals in r.facets.items()}}
    if r.groups is not None:
        out["groups"] = [[g.city, g.total, [h.id for h in g.hits]] for g in r.groups]
    return out


def dump(spec: str, out: Path, n: int, seed: int) -> None:
    from search_app.backend import open_backend

    with open_backend(spec).session() as session:
        words, cities, networks, runs = vocabulary(session)
        queries = make_params(words, cities, networks, n, seed, runs)
        rows = [{"params": q, "answer": answer(session, q)} for q in queries]
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rows)} searches written to {out}")


def diff(a: Path, b: Path) -> int:
    left = json.loads(a.read_text(encoding="utf-8"))
    right = json.loads(b.read_text(encoding="utf-8"))
    if [r["params"] for r in left] != [r["params"] for r in right]:
        print("the two dumps ran different searches (different index or seed)")
        return 2
    bad = [(r["params"], r["answer"], s["answer"]) for r, s in zip(left, right) if r["answer"] != s["answer"]]
    for params, x, y in bad[:10]:
        keys = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
        print(f"differs in {', '.join(keys)}: {params}")
    print(f"{len(left)} searches, {len(bad)} differences (hits and their order, totals, every facet count)")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--index", default=None, help="an index folder (the embedded backend)")
    d.add_argument("--backend", default=None, help="a backend URL, e.g. solr://127.0.0.1:8983/profiles")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--queries", type=int, default=240)
    d.add_argument("--seed", type=int, default=5)
    c = sub.add_parser("diff")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.backend or args.index or "index", args.out, args.queries, args.seed)
        return 0
    return diff(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())

"""Page → profile text: our BeautifulSoup rules (indexer/fetch/extract.py) against trafilatura, on the
fetch fixtures (WordPress-shaped pages of fictional cities, tests/fixtures/fetch/).

For each page and extractor: the facts the parser reads from the extracted text, compared field by
field with the facts it reads from the same profile written as text (city, country, region,
population and year, website, mayor, safety contract, twins, memberships, events, quotes), and the
lines kept that the profile does not have (furniture leaked) or lost.

    .venv/bin/pip install trafilatura lxml_html_clean   # only for this measurement
    .venv/bin/python bench/fetch_extractors.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.fetch.extract import extract_page  # noqa: E402
from indexer.parse import parse_profile  # noqa: E402
from tests.fetch_site import PROFILE_PAGES, page_html, text_of  # noqa: E402

FACTS = ("city", "country", "region", "population", "population_year", "website", "mayor", "safety_contract",
         "twinned_with", "memberships", "events", "quotes")
SITE = "http://site.test"
REPEATS = 20


def facts(text: str, title: str | None = None) -> dict:
    p = parse_profile(text, path="page.txt", title=title)
    out = {f: getattr(p, f) for f in FACTS}
    out["passages"] = [(b.section, b.heading, b.kind, b.years, b.text) for b in p.blocks]
    return out


def lines(text: str) -> set[str]:
    out = set()
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[•\-*]|#+)\s*", "", line).strip().strip("*").strip()
        line = re.sub(r"\s+", " ", line)
        if line:
            out.add(line)
    return out


def extractors() -> dict:
    def ours(html: str, url: str) -> tuple[str, str | None]:
        page = extract_page(html, url)
        return page.text, page.title

    found = {"BeautifulSoup rules (ours)": ours}
    try:
        import trafilatura
    except ImportError as exc:  # measured only where trafilatura is installed
        print(f"(trafilatura not installed: {exc})", file=sys.stderr)
        return found

    def traf(**kw):
        def run(html: str, url: str) -> tuple[str, str | None]:
            text = trafilatura.extract(html, url=url, include_tables=True, include_comments=False, **kw) or ""
            return text, None
        return run

    found["trafilatura (defaults)"] = traf(output_format="txt")
    found["trafilatura (favor_recall)"] = traf(output_format="txt", favor_recall=True)
    found["trafilatura (markdown, formatting)"] = traf(output_format="markdown", include_formatting=True)
    return found


def measure() -> list[tuple]:
    rows = []
    for name, extract in extractors().items():
        equal = total = leaked = lost = pages_exact = passages_same = passages = 0
        seconds = 0.0
        for path in PROFILE_PAGES:
            html = page_html(SITE, path)
            want_text = text_of(path).read_text("utf-8")
            t0 = time.perf_counter()
            for _ in range(REPEATS):
                got_text, title = extract(html, SITE + path)
            seconds += (time.perf_counter() - t0) / REPEATS
            want, got = facts(want_text), facts(got_text, title) if got_text.strip() else {}
            passages += len(want["passages"])
            passages_same += len(set(want["passages"]) & set(got.get("passages", [])))
            same = sum(1 for f in FACTS if got.get(f) == want[f])
            equal += same
            total += len(FACTS)
            pages_exact += same == len(FACTS)
            leaked += len(lines(got_text) - lines(want_text))
            lost += len(lines(want_text) - lines(got_text))
        rows.append((name, equal, total, pages_exact, passages_same, passages, leaked, lost,
                     1000 * seconds / len(PROFILE_PAGES)))
    return rows


def main() -> None:
    rows = measure()
    print(f"{len(PROFILE_PAGES)} pages, {len(FACTS)} facts each\n")
    print("| extractor | facts equal to the text's | pages with every fact equal | passages equal | "
          "furniture lines kept | profile lines lost | ms per page |")
    print("|---|---|---|---|---|---|---|")
    for name, equal, total, exact, psame, pall, leaked, lost, ms in rows:
        print(f"| {name} | {equal}/{total} | {exact}/{len(PROFILE_PAGES)} | {psame}/{pall} | {leaked} | {lost} | {ms:.1f} |")


if __name__ == "__main__":
    main()

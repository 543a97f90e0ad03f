"""Hostile queries and parameters: at least 10,000 generated requests, zero 5xx, every 4xx shaped."""

from __future__ import annotations

import json
import random
import time
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from tests.reliability.payloads import hostile_number, hostile_string

N_REQUESTS = 10_000
SLOW_BOUND_S = 5.0
ENDPOINTS = ["/", "/api/search", "/api/search.csv", "/cities", "/api/cities", "/city/{slug}", "/api/city/{slug}"]
PARAMS = ["q", "city", "country", "network", "section", "kind", "year", "year_from", "year_to", "sort", "page",
          "size", "group"]
SLUGS = ["amiens", "bagneux", "../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "....//....//",
         "amiens%00", "AMIENS", "amiens/../bagneux", "%252e%252e%252f", "<script>", "a" * 300, "", "%ff%fe"]


def random_request(rng: random.Random) -> str:
    ep = rng.choice(ENDPOINTS)
    if "{slug}" in ep:
        ep = ep.replace("{slug}", rng.choice(SLUGS) if rng.random() < 0.7 else quote(hostile_string(rng), safe=""))
    pairs = []
    for _ in range(rng.randint(0, 6)):
        name = rng.choice(PARAMS + ["unknown", "q[]", "%00", "size"])
        if name in ("year", "year_from", "year_to", "page", "size"):
            value = hostile_number(rng)
        elif name == "sort":
            value = rng.choice(["relevance", "newest", "oldest", "city", "x", "", "CITY", "<script>"])
        elif name == "group":
            value = rng.choice(["city", "none", "", "x"])
        else:
            value = hostile_string(rng)
        pairs.append(f"{quote(name, safe='%[]')}={quote(value, safe='')}")
    if rng.random() < 0.03:
        pairs.append("q=%ff%fe%fd")  # invalid UTF-8
    if rng.random() < 0.02:
        pairs.append("q=" + "x" * 5000)
    return ep + ("?" + "&".join(pairs) if pairs else "")


def test_ten_thousand_hostile_requests(client):
    rng = random.Random(20261122)
    statuses: dict[int, int] = {}
    slowest = (0.0, "")
    failures = []
    for _ in range(N_REQUESTS):
        url = random_request(rng)
        t0 = time.perf_counter()
        r = client.get(url)
        dt = time.perf_counter() - t0
        if dt > slowest[0]:
            slowest = (dt, url)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        if r.status_code >= 500:
            failures.append((url, r.status_code))
            continue
        if r.status_code >= 400:
            if url.startswith("/api/") and not url.startswith("/api/search.csv"):
                body = r.get_json(silent=True)
                if not (isinstance(body, dict) and body.get("ok") is False and body.get("error") and body.get("status") == r.status_code):
                    failures.append((url, "bad error shape"))
            elif url.startswith("/api/search.csv"):
                body = r.get_json(silent=True)
                if not (isinstance(body, dict) and body.get("ok") is False):
                    failures.append((url, "bad csv error shape"))
            else:
                page = BeautifulSoup(r.get_data(as_text=True), "html.parser")
                if not (page.select_one('[role="alert"]') and page.select_one('[role="alert"]').get_text(strip=True)):
                    failures.append((url, "4xx page without a readable message"))
    report = {"requests": N_REQUESTS, "statuses": statuses, "failures": len(failures),
              "slowest_s": round(slowest[0], 3), "slowest_url": slowest[1][:200]}
    print("hostile-requests", json.dumps(report))
    _save("hostile_requests", report)
    assert not failures, failures[:10]
    assert slowest[0] < SLOW_BOUND_S, slowest
    assert sum(statuses.values()) == N_REQUESTS


@pytest.mark.parametrize("url", [
    "/api/search?q=" + "(" * 400 + "cctv",
    "/api/search?q=" + quote("* " * 240),
    "/api/search?q=" + quote("a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p*"),
    "/api/search?q=" + quote("prevention~2 security~2 training~2 conference~2 justice~2"),
    "/api/search?q=x&size=100&page=1000",
    "/api/search?q=%ff%fe",
    "/api/search?" + "&".join(f"city=c{i}" for i in range(60)),
])
def test_pathological_requests_answer_quickly_and_cleanly(client, url):
    t0 = time.perf_counter()
    r = client.get(url)
    assert time.perf_counter() - t0 < SLOW_BOUND_S
    assert r.status_code in (200, 400)
    body = r.get_json()
    assert body["ok"] is (r.status_code == 200)


def _save(name: str, report: dict) -> None:
    from tests.reliability.figures import save

    save(name, report)

"""Which addresses are one city: a page and its other-language versions (hreflang links in the page
or the sitemap, the language switcher, or what an earlier run recorded) make one profile file."""

from __future__ import annotations

from typing import Iterable


def group_urls(urls: Iterable[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected groups of urls (order of first appearance kept) joined by links.

    ``group_urls(["a", "b", "c"], [("a", "c")]) == [["a", "c"], ["b"]]``
    """
    order: dict[str, int] = {}
    parent: dict[str, str] = {}

    def find(u: str) -> str:
        parent.setdefault(u, u)
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for u in urls:
        order.setdefault(u, len(order))
        find(u)
    for a, b in links:
        if a in order and b in order:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb, key=order.get)] = min(ra, rb, key=order.get)
    groups: dict[str, list[str]] = {}
    for u in sorted(order, key=order.get):
        groups.setdefault(find(u), []).append(u)
    return list(groups.values())


def primary_first(urls: list[str], langs: dict[str, str | None], prefer: str) -> list[str]:
    """The group's pages with the profile's own text first: the preferred language's page, else the
    first listed; the others after it, by language.

    ``primary_first(["fr-url", "en-url"], {"fr-url": "fr", "en-url": "en-gb"}, "en") == ["en-url", "fr-url"]``
    """
    def short(u: str) -> str:
        return (langs.get(u) or "").split("-")[0].lower()

    first = next((u for u in urls if short(u) == prefer), urls[0])
    rest = sorted((u for u in urls if u != first), key=lambda u: (short(u) or "~", urls.index(u)))
    return [first] + rest

"""A fictional member site in the shape of a WordPress site, served on 127.0.0.1 only, for the tests
of ``profile-search fetch``: pages, sitemaps (an index, a gzipped sitemap), robots.txt and the ways a
real site fails. Every request is logged with its headers, so tests can count conditional requests."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from typing import Callable

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fetch"
LAST_MODIFIED = "Wed, 01 May 2024 08:00:00 GMT"
PROFILE_PAGES = {  # path → (fixture content, language, title, text fixture)
    "/en/members/valmont-sur-serre/": ("valmont-sur-serre.en", "en", "Valmont-sur-Serre", "valmont-sur-serre"),
    "/fr/membres/valmont-sur-serre/": ("valmont-sur-serre.fr", "fr", "Valmont-sur-Serre", "valmont-sur-serre.fr"),
    "/en/members/kestrelburg/": ("kestrelburg.en", "en", "Kestrelburg", "kestrelburg"),
    "/en/members/lindavia/": ("lindavia.en", "en", "Lindavia", "lindavia"),
    "/en/members/olmeda/": ("olmeda.en", "en", "Olmeda", "olmeda"),
}
WORDS = {
    "en": dict(home="Home", members="Our members", share="Share this:", news="News", skip="Skip to content",
               cookie="We use cookies to ensure that we give you the best experience on our website. Member since: 2020."),
    "fr": dict(home="Accueil", members="Nos membres", share="Partager :", news="Actualités", skip="Aller au contenu",
               cookie="Nous utilisons des cookies pour vous garantir la meilleure expérience. Membre depuis : 2020."),
}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Logged:
    path: str
    headers: dict[str, str]

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


Route = Callable[[dict[str, str]], Reply]


def static(body: bytes | str, content_type: str = "text/html; charset=UTF-8", *, validators: bool = True) -> Route:
    """A page that answers 304 to a request whose ETag or Last-Modified still holds."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'

    def route(headers: dict[str, str]) -> Reply:
        h = {"Content-Type": content_type}
        if validators:
            h.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
            if headers.get("if-none-match") == etag or (
                    "if-none-match" not in headers and headers.get("if-modified-since") == LAST_MODIFIED):
                return Reply(304, b"", {"ETag": etag})
        return Reply(200, data, h)

    return route


def sequence(*routes: Route) -> Route:
    """Each request answered by the next route; the last one answers every request after."""
    calls = {"n": 0}

    def route(headers: dict[str, str]) -> Reply:
        r = routes[min(calls["n"], len(routes) - 1)]
        calls["n"] += 1
        return r(headers)

    return route


def status(code: int, body: str = "", headers: dict[str, str] | None = None, delay: float = 0.0) -> Route:
    return lambda _h: Reply(code, body.encode("utf-8"), {"Content-Type": "text/html; charset=UTF-8", **(headers or {})},
                            delay)


class FakeSite:
    """The routes of the site and the log of requests it received."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                headers = {k.lower(): v for k, v in self.headers.items()}
                with site._lock:
                    site.log.append(Logged(self.path, headers))
                route = site.routes.get(self.path)
                reply = route(headers) if route else Reply(404, b"<h1>Not found</h1>", {"Content-Type": "text/html"})
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> FakeSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests_to(self, prefix: str = "/") -> list[Logged]:
        return [r for r in self.log if r.path.startswith(prefix) and r.path != "/robots.txt"]


def page_html(site_url: str, path: str, *, latin1: bool = False) -> str:
    """One profile page of the fixture site: the theme around its entry content."""
    content_name, lang, title, _ = PROFILE_PAGES[path]
    content = (FIXTURES / "content" / f"{content_name}.html").read_text("utf-8")
    others = {p: v for p, v in PROFILE_PAGES.items() if v[2] == title}
    hreflang = ""
    if len(others) > 1:
        hreflang = "\n".join(f'<link rel="alternate" href="{site_url}{p}" hreflang="{v[1]}" />' for p, v in others.items())
        hreflang += f'\n<link rel="alternate" href="{site_url}{next(iter(others))}" hreflang="x-default" />'
    other_lang = "fr" if lang == "en" else "en"
    other = next((p for p, v in others.items() if v[1] == other_lang), f"/{other_lang}/")
    name = {"fr": "Français", "en": "English"}[other_lang]
    menu = (f'<li class="lang-item lang-item-2 lang-item-{other_lang}"><a lang="{other_lang}" '
            f'hreflang="{other_lang}" href="{site_url}{other}">{name}</a></li>')
    switcher = ""
    if len(others) > 1 and lang == "en":  # WPML's switcher, put in the content by a shortcode
        switcher = (f'<div class="wpml-ls-statics-shortcode_actions wpml-ls wpml-ls-legacy-list-horizontal"><ul>'
                    f'<li class="wpml-ls-slot-shortcode_actions wpml-ls-item wpml-ls-item-fr"><a href="{site_url}{other}" '
                    f'class="wpml-ls-link"><span class="wpml-ls-native" lang="fr">Français</span></a></li></ul></div>')
    layout = Template((FIXTURES / "layout.html").read_text("utf-8"))
    return layout.substitute(lang_tag={"en": "en-GB", "fr": "fr-FR"}[lang], lang=lang, title=title, url=site_url + path,
                             hreflang=hreflang, page_id=str(100 + sorted(PROFILE_PAGES).index(path)),
                             menu_switcher=menu, content_switcher=switcher, content=content, **WORDS[lang])


def text_of(path: str) -> Path:
    """The same profile written as text."""
    return FIXTURES / "text" / f"{PROFILE_PAGES[path][3]}.txt"


def urlset(site_url: str, paths: list[str], alternates: dict[str, dict[str, str]] | None = None) -> str:
    rows = []
    for p in paths:
        alts = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{site_url}{q}"/>'
                       for lang, q in (alternates or {}).get(p, {}).items())
        rows.append(f"<url><loc>{site_url}{p}</loc><lastmod>2024-05-01T08:00:00+00:00</lastmod>{alts}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(rows) + "\n</urlset>\n")


def sitemap_index(site_url: str, paths: list[str]) -> str:
    rows = "".join(f"<sitemap><loc>{site_url}{p}</loc></sitemap>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{rows}</sitemapindex>\n")


ROBOTS = "User-agent: *\nDisallow: /private/\nDisallow: /wp-admin/\n\nUser-agent: GPTBot\nDisallow: /\n"
MEMBER_PAGES = ["/en/members/valmont-sur-serre/", "/en/members/lindavia/", "/en/members/olmeda/",
                "/private/members/hidden/", "/en/legal-notice/"]
TROUBLE_PAGES = ["/en/members/kestrelburg/", "/en/members/slowtown/", "/en/members/loop/", "/en/members/missing/",
                 "/en/members/dissolved/", "/en/members/annual-report.pdf", "/en/members/huge/"]
MAX_BYTES = 60_000


def build_site(site: FakeSite, *, slow: float = 1.0) -> FakeSite:
    """Populate the whole fixture site: good pages, sitemaps, robots.txt, and every kind of failure."""
    u = site.url
    r = site.routes
    r["/robots.txt"] = static(ROBOTS + f"\nSitemap: {u}/sitemap_index.xml\n", "text/plain")
    r["/sitemap_index.xml"] = static(sitemap_index(u, ["/page-sitemap.xml", "/members-sitemap.xml.gz"]), "application/xml")
    alternates = {"/en/members/valmont-sur-serre/": {"en": "/en/members/valmont-sur-serre/",
                                                      "fr": "/fr/membres/valmont-sur-serre/"}}
    r["/page-sitemap.xml"] = static(urlset(u, MEMBER_PAGES, alternates), "application/xml")
    r["/members-sitemap.xml.gz"] = static(gzip.compress(urlset(u, TROUBLE_PAGES).encode("utf-8"), mtime=0),
                                          "application/x-gzip")
    for path in ("/en/members/valmont-sur-serre/", "/fr/membres/valmont-sur-serre/", "/en/members/olmeda/"):
        r[path] = static(page_html(u, path))
    # Latin-1 bytes under a header that says UTF-8
    lindavia = page_html(u, "/en/members/lindavia/").encode("latin-1", errors="xmlcharrefreplace")
    r["/en/members/lindavia/"] = static(lindavia, "text/html; charset=UTF-8")
    r["/en/members/kestrelburg/"] = sequence(status(500, "<h1>Error establishing a database connection</h1>"),
                                             static(page_html(u, "/en/members/kestrelburg/")))
    r["/en/"] = static("<html lang='en'><head><link rel='alternate' hreflang='fr' href='" + u + "/fr/'></head>"
                       "<body><h1>Home</h1></body></html>")
    r["/fr/"] = static("<html lang='fr'><head><link rel='alternate' hreflang='en' href='" + u + "/en/'></head>"
                       "<body><main><h1>Accueil</h1><p>Le réseau des villes pour la sécurité urbaine.</p></main></body></html>")
    r["/en/legal-notice/"] = static("<html><body><main><h1>Legal notice</h1><p>Publisher: Efus.</p></main></body></html>")
    r["/private/members/hidden/"] = static("<html><body><h1>Hidden</h1></body></html>")
    r["/en/members/slowtown/"] = status(200, "<h1>Slowtown</h1>", delay=slow)
    r["/en/members/loop/"] = status(301, headers={"Location": "/en/members/loop-b/"})
    r["/en/members/loop-b/"] = status(302, headers={"Location": "/en/members/loop/"})
    r["/en/members/dissolved/"] = status(410, "<h1>Gone</h1>")
    r["/en/members/annual-report.pdf"] = static(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 200, "application/pdf")
    r["/en/members/huge/"] = static("<html><body><main><h1>Huge</h1>" + "<p>Member since: 2001</p>" * 5000
                                    + "</main></body></html>")
    return site


@pytest.fixture()
def fake_site():
    """A fresh fixture site per test (routes can be changed freely), stopped after it."""
    site = FakeSite().start()
    try:
        yield build_site(site)
    finally:
        site.stop()

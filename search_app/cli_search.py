"""`profile-search search`, `compare`, `serve` and `stats`: the library's search, comparison, web site
and figures from the command line, on the embedded index or a backend URL."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from .cli_errors import fail
from .cli_index import DEFAULT_CORPUS, DEFAULT_INDEX
from .version import product_version


@click.command("search")
@click.argument("query", required=False, default="")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False))
@click.option("--city", multiple=True, help="Only these cities (repeatable).")
@click.option("--country", multiple=True, help="Only these countries (repeatable).")
@click.option("--network", multiple=True, help="Only these networks, e.g. Efus, FFSU (repeatable).")
@click.option("--section", multiple=True, help="Only these sections (repeatable).")
@click.option("--kind", multiple=True, help="Only these kinds of passage, e.g. event (repeatable).")
@click.option("--year", "years", default=None, help="A year or a range: 2008 or 2008..2010.")
@click.option("--population", default=None, help="Cities whose population lies in a range: 100000.., ..50000.")
@click.option("--member-since", "member_since", default=None, help="Cities that joined (the --network, or any network) in a range of years: ..2000.")
@click.option("--committee-since", "committee_since", default=None, help="Cities on the Executive Committee since a range of years: 2010..")
@click.option("--sort", default="relevance", show_default=True, type=click.Choice(["relevance", "newest", "oldest", "city"]))
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="How many passages to show.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as the API.")
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", default=None, help="A search backend URL instead of --index, e.g. solr://127.0.0.1:8983/profiles (env PROFILE_SEARCH_BACKEND).")
def search_cmd(query, index_dir, city, country, network, section, kind, years, population, member_since,
               committee_since, sort, limit, page, as_json, backend):
    """Search the index from the terminal.

    \b
    Examples:
      profile-search search CCTV
      profile-search search "juvenile justice" --network FFSU --year 2008..2010
      profile-search search prevention --city Amiens --json
      profile-search search training --population 100000.. --network Efus --member-since ..2000
    """
    from .backend import open_backend
    from .models import request_from_params
    from .query import parse_year_value
    from .snippets import plain

    params = {"q": [query], "city": list(city), "country": list(country), "network": list(network),
              "section": list(section), "kind": list(kind), "sort": [sort], "size": [str(limit)], "page": [str(page)],
              "population": [population or ""], "member_since": [member_since or ""],
              "committee_since": [committee_since or ""]}
    if years:
        a, b = parse_year_value(years)
        params["year_from"], params["year_to"] = [str(a)], [str(b)]
    req = request_from_params(params)
    with open_backend(backend or index_dir).session() as session:
        results = session.search(req)
    if as_json:
        from .viewmodel import hit_url

        click.echo(json.dumps(results.to_dict(lambda h: hit_url(h, req)), ensure_ascii=False, indent=2))
        return
    click.echo(f"{_count(results.total, 'passage')} in {_count(results.total_cities, 'city', 'cities')} ({results.took_ms} ms)")
    if results.notice:
        click.echo(results.notice)
    if results.did_you_mean:
        click.echo(f"Did you mean: {results.did_you_mean}")
    color = sys.stdout.isatty()
    for h in results.hits:
        years_s = (f"{h.years[0]}" + (f"–{h.years[-1]}" if len(h.years) > 1 else "")) if h.years else "—"
        head = f"{h.city:<16} {years_s:<10} {h.section}" + (f" › {h.network}" if h.network else "")
        click.echo(click.style(head, bold=True) if color else head)
        snip = h.snippet
        if color:
            snip = re.sub(r"<mark>(.*?)</mark>", lambda m: click.style(m.group(1), fg="yellow", bold=True), snip)
            click.echo("    " + plain(snip))
        else:
            click.echo("    " + plain(re.sub(r"<mark>(.*?)</mark>", r"**\1**", snip)))


def _count(n: int, one: str, many: str | None = None) -> str:
    """``_count(1, "city", "cities") == "1 city"``; ``_count(2, "passage") == "2 passages"``"""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


@click.command("compare")
@click.argument("cities", nargs=-1, required=True)
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as /api/compare.")
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", default=None, help="A search backend URL instead of --index, e.g. solr://127.0.0.1:8983/profiles (env PROFILE_SEARCH_BACKEND).")
def compare_cmd(cities, index_dir, as_json, backend):
    """Compare 2 to 4 cities: facts, networks and a timeline aligned by year.

    \b
    Examples:
      profile-search compare amiens bagneux
      profile-search compare Amiens Bagneux --json
    """
    from .backend import open_backend
    from .compare import UnknownCity, comparison_for, comparison_text
    from .query import BadRequest

    try:
        with open_backend(backend or index_dir).session() as session:
            comparison = comparison_for(session, list(cities))
    except BadRequest as exc:
        fail(f"{exc} — e.g. `profile-search compare amiens bagneux`", 2)
    except UnknownCity as exc:
        fail(f"No city profile is called “{exc.slug}”: check the spelling (`profile-search stats` counts the profiles; "
             "the /cities page lists them)", 2)
    if as_json:
        click.echo(json.dumps({"ok": True, **comparison.to_dict()}, ensure_ascii=False, indent=2))
        return
    click.echo("\n".join(comparison_text(comparison)))


@click.command("serve")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False))
@click.option("--corpus", default=DEFAULT_CORPUS, show_default=True, type=click.Path(file_okay=False), help="Indexed first when no index exists yet.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 exposes the site to the network.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=None, type=click.IntRange(1, 32), help="Worker processes (default: one per core, at most 4).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Threads per worker process.")
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", default=None, help="A search backend URL instead of --index, e.g. solr://127.0.0.1:8983/profiles (env PROFILE_SEARCH_BACKEND).")
def serve_cmd(index_dir, corpus, host, port, workers, threads, backend):
    """Serve the search site with a production WSGI server (gunicorn: worker processes, each with threads).

    \b
    Examples:
      profile-search serve                       # http://127.0.0.1:8000
      profile-search serve --port 8080 --index /srv/index
      profile-search serve --host 0.0.0.0        # reachable from other machines
      profile-search serve --workers 4 --threads 8
    """
    from indexer.whoosh import store

    from .cli_index import print_summary
    from .server import default_workers, serve

    if not backend and store.current_name(index_dir) is None:
        click.echo(f"No index at {index_dir} yet: indexing {corpus} first…", err=True)
        from indexer.build import build_index

        print_summary(build_index(corpus, index_dir))
    workers = workers or default_workers()
    click.echo(f"Serving City Profile Search{' from ' + backend if backend else ''} on http://{host}:{port}/ "
               f"({workers} worker process{'es' if workers > 1 else ''}; Ctrl-C to stop)", err=True)
    serve({"BACKEND": backend} if backend else {"INDEX_DIR": str(Path(index_dir).resolve())}, host, port,
          workers=workers, threads=threads)


@click.command("stats")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", default=None, help="A search backend URL instead of --index, e.g. solr://127.0.0.1:8983/profiles (env PROFILE_SEARCH_BACKEND).")
def stats_cmd(index_dir, as_json, backend):
    """What the index holds: profiles, passages, generation, build time; and the version of this program.

    \b
    Examples:
      profile-search stats
      profile-search stats --json
    """
    from .backend import open_backend

    with open_backend(backend or index_dir).session() as session:
        s = {**session.stats().to_dict(), "version": product_version()}
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False))
        return
    for k, v in s.items():
        click.echo(f"{k + ':':<12}{v}")

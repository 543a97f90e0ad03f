"""`profile-search`: a thin command line over the library. Errors become one line naming the next step."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

import click

from indexer.errors import IndexerError, IndexMissing, LockHeld

from .cli_fetch import fetch_cmd
from .cli_solr import solr_group

DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "corpus"


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what the library does.")
def main(verbose: bool) -> None:
    """City Profile Search: index city profiles and search them.

    \b
    Examples:
      profile-search index                 # index ./corpus into ./index
      profile-search search "CCTV" --city Amiens
      profile-search serve --port 8000     # http://127.0.0.1:8000
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


# ---------------------------------------------------------------------------------------------
# index


class _Progress:
    """Progress bars on a terminal for long runs (one per phase); silent otherwise."""

    LABELS = {"parsing": "Parsing profiles", "writing": "Writing passages", "indexing": "Indexing profiles"}
    MIN_ITEMS = 20

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.phase: str | None = None
        self.long_run = False

    def __call__(self, done: int, total: int, phase: str = "parsing") -> None:
        if not self.enabled:
            return
        if phase == "committing":
            self.close()
            if self.long_run:
                click.echo("Committing the index…", err=True)
            return
        if total < self.MIN_ITEMS:
            return
        self.long_run = True
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = click.progressbar(length=total, label=self.LABELS.get(phase, phase.capitalize()), file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.bar.pos)
            if done >= total:
                self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _print_summary(summary) -> None:
    verb = "Built a new index" if summary.mode == "full" else "Updated the index"
    why = f" ({summary.full_reason})" if summary.full_reason else ""
    click.echo(f"{verb}{why}: {summary.profiles_total} profiles, {summary.passages_total} passages "
               f"[{summary.generation}] in {summary.seconds:.2f} s")
    click.echo(f"  added {len(summary.added)}, updated {len(summary.updated)}, removed {len(summary.removed)}, "
               f"renamed {len(summary.renamed)}, unchanged {summary.unchanged}, skipped {len(summary.skipped)}; "
               f"{summary.passages_written} passages written")
    for label, items in (("added", summary.added), ("updated", summary.updated), ("removed", summary.removed)):
        for item in items[:20]:
            click.echo(f"  {label}: {item}")
        if len(items) > 20:
            click.echo(f"  … and {len(items) - 20} more {label}")
    for a, b in summary.renamed:
        click.echo(f"  renamed: {a} → {b}")
    for s in summary.skipped:
        click.echo(f"  skipped: {s.path}: {s.reason}")
    if summary.stale_lock:
        click.echo(f"  note: {summary.stale_lock} (an earlier run was interrupted; its leftovers were cleaned up)")


@main.command("index")
@click.option("--corpus", "corpus", default=DEFAULT_CORPUS, show_default=True, type=click.Path(file_okay=False), help="Folder of profiles (.txt, .html, .htm).")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False), help="Where the index lives.")
@click.option("--full", is_flag=True, help="Rebuild from scratch into a new generation, then switch to it.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any file was skipped.")
@click.option("--wait", "wait", default=30.0, show_default=True, type=float, help="Seconds to wait for another indexing run to finish.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--watch", is_flag=True, help="Keep running: apply changes as files appear, change or go.")
@click.option("--interval", default=2.0, show_default=True, type=float, help="Seconds between two looks at the corpus with --watch.")
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", default=None, help="A search backend URL instead of --index, e.g. solr://127.0.0.1:8983/profiles (env PROFILE_SEARCH_BACKEND).")
def index_cmd(corpus, index_dir, full, strict, wait, as_json, quiet, watch, interval, backend):
    """Index the corpus: incremental by default (only new, changed and removed files).

    \b
    Examples:
      profile-search index
      profile-search index --full --corpus corpus --index index
      profile-search index --json --strict
      profile-search index --watch --interval 5
      profile-search index --backend solr://127.0.0.1:8983/profiles [--full]
    """
    from indexer.build import build

    from .backends import open_sink

    sink = open_sink(backend or index_dir)

    def run_once(full_: bool, keep_going: bool = False):
        progress = _Progress(enabled=not quiet and not as_json and sys.stderr.isatty())
        try:
            summary = build(corpus, sink, full=full_, lock_timeout=wait, progress=progress)
        except IndexerError as exc:
            if keep_going:  # --watch: report and try again at the next look
                click.echo(f"Error: {exc} (will retry)", err=True)
                return None
            _fail(str(exc), 3 if isinstance(exc, LockHeld) else 1)
        finally:
            progress.close()
        if as_json:
            click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
        else:
            _print_summary(summary)
        return summary

    summary = run_once(full)
    if watch:
        click.echo(f"Watching {corpus} every {interval:g} s (Ctrl-C to stop)…", err=True)
        try:
            retry = False
            while True:
                time.sleep(interval)
                if _corpus_changed(corpus, index_dir) or retry:
                    s = run_once(False, keep_going=True)
                    retry = s is None
                    summary = s or summary
        except KeyboardInterrupt:
            return
    if strict and summary.skipped:
        _fail(f"{len(summary.skipped)} file(s) were skipped (see above)", 2)


def _corpus_changed(corpus: str, index_dir: str) -> bool:
    """Cheap check: any file's size or mtime differs from the last look."""
    state_file = Path(index_dir) / ".watch-state.json"
    state = {}
    for p in sorted(Path(corpus).rglob("*")):
        try:
            if p.is_file():
                st = p.stat()
                state[str(p)] = [st.st_size, st.st_mtime_ns]
        except OSError:
            continue
    try:
        old = json.loads(state_file.read_text("utf-8"))
    except (OSError, ValueError):
        old = None
    try:
        state_file.write_text(json.dumps(state), "utf-8")
    except OSError:
        pass
    return old != state


# ---------------------------------------------------------------------------------------------
# parse


@main.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the profile and its passages as JSON.")
def parse_cmd(file, as_json):
    """Show what the parser extracts from one profile file.

    \b
    Examples:
      profile-search parse corpus/amiens.txt
      profile-search parse corpus/amiens.txt --json
    """
    from indexer.errors import ReadError
    from indexer.parse import parse_profile
    from indexer.read import read_file
    from indexer.split import split_profile

    try:
        src = read_file(file)
        profile = parse_profile(src.text, path=file, title=src.title, source_hash=src.hash)
    except ReadError as exc:
        _fail(f"{file} cannot be read: {exc.reason}")
    except IndexerError as exc:
        _fail(f"{file}: {exc}")
    if src.warnings:
        from dataclasses import replace

        profile = replace(profile, warnings=tuple(src.warnings) + profile.warnings)
    passages = split_profile(profile)
    if as_json:
        d = profile.to_dict()
        d["passages"] = [p.to_dict() for p in passages]
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    p = profile
    click.echo(f"{p.city}  (slug {p.slug}; city from {p.city_source}; language {p.lang})")
    rows = [
        ("Country", p.country), ("Region", p.region),
        ("Population", f"{p.population:,}" + (f" ({p.population_year})" if p.population_year else "") if p.population else None),
        ("Website", p.website), ("Mayor", p.mayor), ("Safety contract", p.safety_contract),
        ("Twinned with", "; ".join(f"{t.city}" + (f" ({t.country})" if t.country else "") + (f" since {t.since}" if t.since else "") for t in p.twinned_with) or None),
    ]
    for label, value in rows:
        click.echo(f"  {label + ':':<17}{value if value is not None else '—'}")
    for m in p.memberships:
        roles = "; ".join(r.text for r in m.roles)
        click.echo(f"  {m.network + ':':<17}member since {m.member_since or '—'}, executive committee since "
                   f"{m.executive_committee_since or '—'}" + (f"; roles: {roles}" if roles else ""))
    click.echo(f"  Events:          {len(p.events)}")
    for e in p.events:
        yrs = ",".join(str(y) for y in e.years) or "—"
        click.echo(f"    [{e.network or '-'}] {yrs:<10} {e.kind:<16} {e.text[:90]}")
    for q in p.quotes:
        click.echo(f"  Quote:           {q.speaker or '?'} ({q.role or '—'}): {q.text[:80]}…")
    click.echo(f"  Sections:        {', '.join(s.name for s in p.sections)}")
    click.echo(f"  Passages:        {len(passages)}")
    for w in p.warnings:
        click.echo(f"  Warning: {w}")


# ---------------------------------------------------------------------------------------------
# search


@main.command("search")
@click.argument("query", required=False, default="")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False))
@click.option("--city", multiple=True, help="Only these cities (repeatable).")
@click.option("--country", multiple=True, help="Only these countries (repeatable).")
@click.option("--network", multiple=True, help="Only these networks, e.g. Efus, FFSU (repeatable).")
@click.option("--section", multiple=True, help="Only these sections (repeatable).")
@click.option("--kind", multiple=True, help="Only these kinds of passage, e.g. event (repeatable).")
@click.option("--year", "years", default=None, help="A year or a range: 2008 or 2008..2010.")
@click.option("--sort", default="relevance", show_default=True, type=click.Choice(["relevance", "newest", "oldest", "city"]))
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="How many passages to show.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as the API.")
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", default=None, help="A search backend URL instead of --index, e.g. solr://127.0.0.1:8983/profiles (env PROFILE_SEARCH_BACKEND).")
def search_cmd(query, index_dir, city, country, network, section, kind, years, sort, limit, page, as_json, backend):
    """Search the index from the terminal.

    \b
    Examples:
      profile-search search CCTV
      profile-search search "juvenile justice" --network FFSU --year 2008..2010
      profile-search search prevention --city Amiens --json
    """
    from .backend import open_backend
    from .models import request_from_params
    from .query import BadRequest, parse_year_value
    from .snippets import plain

    params = {"q": [query], "city": list(city), "country": list(country), "network": list(network),
              "section": list(section), "kind": list(kind), "sort": [sort], "size": [str(limit)], "page": [str(page)]}
    try:
        if years:
            a, b = parse_year_value(years)
            params["year_from"], params["year_to"] = [str(a)], [str(b)]
        req = request_from_params(params)
        with open_backend(backend or index_dir).session() as session:
            results = session.search(req)
    except BadRequest as exc:
        _fail(str(exc), 2)
    except IndexMissing:
        _fail(f"No index at {backend or index_dir} — run `profile-search index{' --backend ' + backend if backend else ''}` first")
    except IndexerError as exc:
        _fail(str(exc))
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
            import re

            snip = re.sub(r"<mark>(.*?)</mark>", lambda m: click.style(m.group(1), fg="yellow", bold=True), snip)
            click.echo("    " + plain(snip))
        else:
            import re

            click.echo("    " + plain(re.sub(r"<mark>(.*?)</mark>", r"**\1**", snip)))


# ---------------------------------------------------------------------------------------------
# serve and stats


def _count(n: int, one: str, many: str | None = None) -> str:
    """``_count(1, "city", "cities") == "1 city"``; ``_count(2, "passage") == "2 passages"``"""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


@main.command("compare")
@click.argument("cities", nargs=-1, required=True)
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as /api/compare.")
def compare_cmd(cities, index_dir, as_json):
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
        with open_backend(index_dir).session() as session:
            comparison = comparison_for(session, list(cities))
    except BadRequest as exc:
        _fail(f"{exc} — e.g. `profile-search compare amiens bagneux`", 2)
    except UnknownCity as exc:
        _fail(f"No city profile is called “{exc.slug}”: check the spelling (`profile-search stats` counts the profiles; "
              "the /cities page lists them)", 2)
    except IndexMissing:
        _fail(f"No index at {index_dir} — run `profile-search index` first")
    if as_json:
        click.echo(json.dumps({"ok": True, **comparison.to_dict()}, ensure_ascii=False, indent=2))
        return
    click.echo("\n".join(comparison_text(comparison)))


@main.command("serve")
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

    from .server import default_workers, serve

    if not backend and store.current_name(index_dir) is None:
        click.echo(f"No index at {index_dir} yet: indexing {corpus} first…", err=True)
        from indexer.build import build_index

        try:
            _print_summary(build_index(corpus, index_dir))
        except IndexerError as exc:
            _fail(str(exc))
    workers = workers or default_workers()
    click.echo(f"Serving City Profile Search{' from ' + backend if backend else ''} on http://{host}:{port}/ "
               f"({workers} worker process{'es' if workers > 1 else ''}; Ctrl-C to stop)", err=True)
    serve({"BACKEND": backend} if backend else {"INDEX_DIR": str(Path(index_dir).resolve())}, host, port,
          workers=workers, threads=threads)


@main.command("stats")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", default=None, help="A search backend URL instead of --index, e.g. solr://127.0.0.1:8983/profiles (env PROFILE_SEARCH_BACKEND).")
def stats_cmd(index_dir, as_json, backend):
    """What the index holds: profiles, passages, generation, build time.

    \b
    Examples:
      profile-search stats
      profile-search stats --json
    """
    from .backend import open_backend

    try:
        with open_backend(backend or index_dir).session() as session:
            s = session.stats().to_dict()
    except IndexMissing:
        _fail(f"No index at {backend or index_dir} — run `profile-search index{' --backend ' + backend if backend else ''}` first")
    except IndexerError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False))
        return
    for k, v in s.items():
        click.echo(f"{k + ':':<12}{v}")


main.add_command(solr_group)  # `profile-search solr …`: a local SolrCloud
main.add_command(fetch_cmd)  # `profile-search fetch …`: the corpus from the website


if __name__ == "__main__":  # pragma: no cover
    main()

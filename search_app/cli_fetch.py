"""`profile-search fetch`: bring the corpus in step with the network's website, then (with --index)
update the index. A thin wrapper: indexer.fetch does the work, this turns its summary and errors
into lines for a person (or JSON) and an exit code."""

from __future__ import annotations

import json
import logging
import sys

import click

from indexer.errors import IndexerError, LockHeld

MB = 1024 * 1024


class _FetchProgress:
    """A progress bar on a terminal (the total grows as pages name their other languages); silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def __call__(self, done: int, total: int, url: str) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Fetching pages", file=sys.stderr,
                                         item_show_func=lambda u: (u or "")[-50:])
            self.bar.__enter__()
        self.bar.length = max(total, done)
        self.bar.current_item = url
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _print_summary(summary) -> None:
    s = summary
    click.echo(f"Fetched {len(s.fetched)}, unchanged {len(s.unchanged)}, failed {len(s.failed)}, gone {len(s.gone)}, "
               f"skipped {len(s.skipped)} — {s.requests} requests ({s.conditional_requests} conditional, "
               f"{s.not_modified} not modified) in {s.seconds:.1f} s")
    for label, items in (("fetched", s.fetched), ("failed", s.failed), ("gone", s.gone), ("skipped", s.skipped)):
        for item in items[:30]:
            where = f" → {item.file}" if item.file else ""
            click.echo(f"  {label}: {item.url}{where}" + (f": {item.reason}" if item.reason else ""))
        if len(items) > 30:
            click.echo(f"  … and {len(items) - 30} more {label}")
    for name in s.written:
        click.echo(f"  wrote {name}")
    for name in s.pruned:
        click.echo(f"  removed {name} (--prune)")


def _print_index(summary) -> None:
    click.echo(f"Index {'built' if summary.mode == 'full' else 'updated'} [{summary.generation}]: "
               f"added {len(summary.added)}, updated {len(summary.updated)}, removed {len(summary.removed)}, "
               f"unchanged {summary.unchanged}, skipped {len(summary.skipped)}")
    for item in summary.skipped:
        click.echo(f"  skipped: {item.path}: {item.reason}")


@click.command("fetch")
@click.argument("urls", nargs=-1)
@click.option("--sitemap", metavar="URL", help="A sitemap or sitemap index (gzipped too) listing the profile pages.")
@click.option("--corpus", default="corpus", show_default=True, type=click.Path(file_okay=False),
              help="The folder the profiles are written into.")
@click.option("--match", metavar="REGEX", help="Only the sitemap's pages whose address matches, e.g. '/members/'.")
@click.option("--prune", is_flag=True, help="Delete the profiles of pages the site no longer has (otherwise kept and marked).")
@click.option("--index", "update_index", is_flag=True, help="Then update the index (incrementally).")
@click.option("--index-dir", default="index", show_default=True, type=click.Path(file_okay=False),
              help="The index --index updates.")
@click.option("--backend", "backend", envvar="PROFILE_SEARCH_BACKEND", default=None,
              help="A search backend URL --index updates instead of --index-dir, e.g. solr://127.0.0.1:8983/profiles "
                   "(env PROFILE_SEARCH_BACKEND).")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between two requests to the site (robots.txt may ask for more).")
@click.option("--timeout", default=20.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds to wait for an answer.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(min=0),
              help="Tries after the first on a server error or a timeout.")
@click.option("--backoff", default=2.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds before the first retry (doubled for each next one).")
@click.option("--max-mb", default=5.0, show_default=True, type=click.FloatRange(min=0.01), help="Largest page accepted, in MB.")
@click.option("--user-agent", default=None, help="User-Agent sent (default names this program); add a way to reach you.")
@click.option("--lang", "prefer_lang", default="en", show_default=True,
              help="The language whose version gives a bilingual profile its facts.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (keys fetched, unchanged, failed, gone, skipped).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def fetch_cmd(urls, sitemap, corpus, match, prune, update_index, index_dir, backend, delay, timeout, retries, backoff,
              max_mb, user_agent, prefer_lang, as_json, quiet):
    """Fetch the profiles from the website into the corpus, politely.

    Reads robots.txt, asks one page at a time with a pause, sends conditional requests so that an
    unchanged page costs a 304, and keeps each page's main content with its address and fetch time.
    A page's English and French versions become one city. Pages the site no longer has are
    reported and marked; --prune deletes them. Exits 1 when a page failed, 2 on a usage error.

    \b
    Examples:
      profile-search fetch --sitemap https://example.org/sitemap_index.xml --match /members/ --index
      profile-search fetch https://example.org/en/members/amiens/ --corpus corpus
      profile-search fetch --sitemap https://example.org/page-sitemap.xml --json --prune
      profile-search fetch --sitemap https://example.org/sitemap.xml --index --backend solr://127.0.0.1:8983/profiles
    """
    import re

    from indexer.fetch import DEFAULT_USER_AGENT, FetchRequest, Politeness, fetch_corpus

    if bool(sitemap) == bool(urls):
        raise click.UsageError("give either --sitemap URL or one or more page URLs")
    for url in ((sitemap,) if sitemap else ()) + tuple(urls):
        if not re.match(r"^https?://[^/\s]+", url):
            raise click.BadParameter(f"{url!r} is not a web address (http:// or https://)", param_hint="URL")
    if match:
        try:
            re.compile(match)
        except re.error as exc:
            raise click.BadParameter(f"not a regular expression ({exc})", param_hint="--match")
    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger("usp").setLevel(logging.CRITICAL)  # the sitemap parser's own notes; our summary says it
    politeness = Politeness(user_agent=user_agent or DEFAULT_USER_AGENT, delay=delay, timeout=timeout, retries=retries,
                            backoff=backoff, max_bytes=int(max_mb * MB))
    progress = _FetchProgress(enabled=not quiet and not as_json and sys.stderr.isatty())
    request = FetchRequest(corpus, sitemap=sitemap, urls=tuple(urls), match=match, prune=prune, prefer_lang=prefer_lang)
    try:
        summary = fetch_corpus(request, politeness, progress=progress)
    except IndexerError as exc:
        _fail(str(exc))
    finally:
        progress.close()
    index_summary = _update_index(corpus, backend or index_dir) if update_index else None
    if as_json:
        out = summary.to_dict()
        if index_summary is not None:
            out["index"] = index_summary.to_dict()
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        _print_summary(summary)
        if index_summary is not None:
            _print_index(index_summary)
    if summary.failed:
        sys.exit(1)


def _update_index(corpus: str, target: str):
    """Update the index folder or backend a URL names (as `profile-search index` does)."""
    from indexer.build import build

    from .backends import open_sink
    from .query import BadRequest

    try:
        return build(corpus, open_sink(target))
    except (IndexerError, BadRequest) as exc:
        _fail(f"the corpus was fetched but the index was not updated: {exc}", 3 if isinstance(exc, LockHeld) else 1)

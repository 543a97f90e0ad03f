"""`profile-search index` and `profile-search parse`: the corpus into the index (through the sink a
backend URL or index folder names), and what the parser makes of one file."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from indexer.errors import IndexerError

from .cli_errors import fail

DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "corpus"


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


def print_summary(summary) -> None:
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


@click.command("index")
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
            if not keep_going:
                raise
            click.echo(f"Error: {exc} (will retry)", err=True)  # --watch: report and try again at the next look
            return None
        finally:
            progress.close()
        if as_json:
            click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
        else:
            print_summary(summary)
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
        fail(f"{len(summary.skipped)} file(s) were skipped (see above)", 2)


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


@click.command("parse")
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
        fail(f"{file} cannot be read: {exc.reason}")
    except IndexerError as exc:
        fail(f"{file}: {exc}")
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

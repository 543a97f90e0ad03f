"""Index lifecycle on a real synthetic corpus: crashes, two writers, readers during rebuilds, live reload, --watch."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest

from indexer.whoosh import store
from indexer.build import build_index
from indexer.lock import LOCK
from search_app.backend import open_backend
from tests.conftest import run_search
from tests.integration.conftest import ROOT, SYNTH_PROFILES, kill_group, start_index, totals, wait_for


def generations(index_dir):
    return sorted(p.name for p in store.generations(index_dir))


def new_generation_appeared(index_dir, before):
    return lambda: any(name not in before for name in generations(index_dir))


def lock_pid(index_dir):
    """The pid the writer lock names (None: no lock, or not readable yet)."""
    try:
        return json.loads((index_dir / LOCK).read_text("utf-8")).get("pid")
    except (OSError, ValueError):
        return None


def add_profile(corpus, name="zz-quillstad.txt", city="Quillstad"):
    (corpus / name).write_text(
        f"{city} is a town in Belgium.\nPopulation: 41 000\n\n"
        f"{city} and Efus\nMember since 2016\nParticipated in a seminar on nightlife mediation, 3 May 2017\n",
        "utf-8",
    )


# ---------------------------------------------------------------------------------------------
# crash safety


def test_sigkilled_full_rebuilds_leave_the_previous_index_serving_and_the_next_run_cleans_up(synth):
    corpus, index_dir = synth
    before_totals = totals(index_dir)
    before_gens = generations(index_dir)
    add_profile(corpus)  # the rebuild would change what readers see

    for when in ("after 0.2 s", "when the new generation appears", "0.4 s into writing it"):
        seen = generations(index_dir)  # an earlier killed run's generation stays until the next run cleans up
        proc = start_index(corpus, index_dir, "--full", "--wait", "5")
        if when == "after 0.2 s":
            time.sleep(0.2)
        else:
            # this run's own generation, under its own lock (a loaded machine may take seconds to start it)
            assert wait_for(lambda: new_generation_appeared(index_dir, seen)() and lock_pid(index_dir) == proc.pid,
                            timeout=60), when
            if when == "0.4 s into writing it":
                time.sleep(0.4)
        kill_group(proc)
        assert proc.returncode != 0, f"the run finished before the kill {when}"
        assert store.current_name(index_dir) == before_gens[0], when
        assert totals(index_dir) == before_totals, when
        assert run_search(open_backend(index_dir), q="Quillstad").total == 0, when
    assert (index_dir / LOCK).exists()  # the last killed run still "holds" it

    # the next run completes, takes over the stale lock, says so, and removes the dead generations
    summary = build_index(corpus, index_dir, full=True, lock_timeout=10)
    assert summary.mode == "full"
    assert summary.stale_lock and f"pid {proc.pid}" in summary.stale_lock
    assert generations(index_dir) == [summary.generation]
    assert not (index_dir / LOCK).exists()
    assert run_search(open_backend(index_dir), q="Quillstad").total >= 1


def test_sigkilled_incremental_run_leaves_old_or_new_index_never_a_broken_one(synth, tmp_path):
    corpus, index_dir = synth
    old = totals(index_dir)
    files = sorted(corpus.iterdir())
    for f in files[:5]:
        f.write_text(f.read_text("utf-8") + "\nA new paragraph on mediation and CCTV in schools.\n", "utf-8")
    files[6].unlink()
    add_profile(corpus)
    # what a completed run gives, on a copy
    done_dir = tmp_path / "done"
    shutil.copytree(index_dir, done_dir)
    expected = build_index(corpus, done_dir)
    new = totals(done_dir)
    assert new != old

    for delay in (0.3, 0.8, 1.5):
        proc = start_index(corpus, index_dir, "--wait", "5")
        time.sleep(delay)
        kill_group(proc)
        assert totals(index_dir) in (old, new), delay

    summary = build_index(corpus, index_dir, lock_timeout=5)
    assert totals(index_dir) == new
    assert summary.passages_total == expected.passages_total
    assert not (index_dir / LOCK).exists()


# ---------------------------------------------------------------------------------------------
# two writers, readers during a rebuild


def test_second_writer_fails_cleanly_with_who_holds_the_lock_then_succeeds_after(synth):
    corpus, index_dir = synth
    first = start_index(corpus, index_dir, "--full", "--wait", "5")
    assert wait_for(lambda: (index_dir / LOCK).exists(), timeout=30)
    second = start_index(corpus, index_dir, "--wait", "0.3")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 3
    assert "another indexing run holds the lock since" in err
    assert f"pid {first.pid}" in err

    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    third = start_index(corpus, index_dir, "--wait", "5", "--json")
    out, err = third.communicate(timeout=60)
    assert third.returncode == 0, err
    assert json.loads(out)["mode"] == "incremental"


def test_two_runs_at_once_one_waits_for_the_other_and_the_index_is_sound(synth):
    corpus, index_dir = synth
    add_profile(corpus)
    runs = [start_index(corpus, index_dir, "--full", "--wait", "120", "--json"),
            start_index(corpus, index_dir, "--wait", "120", "--json")]
    results = [json.loads(p.communicate(timeout=180)[0]) for p in runs]
    assert [p.returncode for p in runs] == [0, 0]
    assert {r["profiles_total"] for r in results} == {SYNTH_PROFILES + 1}
    assert generations(index_dir) == [store.current_name(index_dir)]
    assert run_search(open_backend(index_dir), q="Quillstad").total >= 1


def test_searches_during_a_full_rebuild_see_the_old_or_the_new_generation_never_an_error(synth):
    corpus, index_dir = synth
    old_total = run_search(open_backend(index_dir), q="mediation").total
    add_profile(corpus)
    handle = open_backend(index_dir)
    seen: set[int] = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.add(run_search(handle, q="mediation").total)
            except BaseException as exc:  # noqa: BLE001 - any error is the failure we look for
                errors.append(exc)
                return
            time.sleep(0.01)  # leave the rebuild some CPU

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    proc = start_index(corpus, index_dir, "--full", "--wait", "5")
    out, err = proc.communicate(timeout=120)
    assert wait_for(lambda: len(seen) >= 2, timeout=5)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert proc.returncode == 0, err
    assert errors == []
    new_total = run_search(open_backend(index_dir), q="mediation").total
    assert new_total > old_total
    assert seen == {old_total, new_total}


# ---------------------------------------------------------------------------------------------
# live reload, version change, --watch


def test_an_open_handle_sees_incremental_updates_and_full_rebuilds_without_being_recreated(synth):
    corpus, index_dir = synth
    handle = open_backend(index_dir)
    assert run_search(handle, q="Quillstad").total == 0

    add_profile(corpus)
    build_index(corpus, index_dir)
    assert run_search(handle, q="Quillstad").total >= 1

    add_profile(corpus, "zz-brindelheim.txt", "Brindelheim")
    (corpus / "zz-quillstad.txt").unlink()
    build_index(corpus, index_dir, full=True)
    assert run_search(handle, q="Brindelheim").total >= 1
    assert run_search(handle, q="Quillstad").total == 0
    with handle.session() as session:
        assert session.view.generation.startswith(store.current_name(index_dir))


def test_a_version_change_forces_a_full_rebuild_and_says_why(synth):
    corpus, index_dir = synth
    meta_path = index_dir / store.current_name(index_dir) / store.META
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["versions"]["analysis"] = meta["versions"]["analysis"] - 1
    meta_path.write_text(json.dumps(meta), "utf-8")

    summary = build_index(corpus, index_dir)
    assert summary.mode == "full"
    assert "index format changed" in summary.full_reason
    assert summary.profiles_total == SYNTH_PROFILES


def test_runs_racing_for_a_stale_lock_take_turns_and_only_one_takes_it_over(tmp_path):
    import subprocess
    import sys

    from indexer.lock import WriterLock

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / LOCK).write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(), "since": "then"}), "utf-8")
    inside, most, took_over = [0], [0], []
    guard = threading.Lock()
    start = threading.Barrier(4)

    def run():
        start.wait()
        with WriterLock(index_dir, timeout=30, poll=0.01) as lock:
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            with guard:
                inside[0] -= 1
            if lock.took_over:
                took_over.append(lock.took_over)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert most[0] == 1
    assert len(took_over) == 1 and f"pid {int(dead.stdout)}" in took_over[0]
    assert not (index_dir / LOCK).exists()


def test_watch_applies_new_and_removed_files_and_keeps_going_while_another_run_holds_the_lock(synth):
    from indexer.lock import WriterLock

    corpus, index_dir = synth
    proc = start_index(corpus, index_dir, "--watch", "--interval", "0.3", "--wait", "0.2")
    try:
        # the first run is done and the watcher has taken its first look at the corpus
        assert wait_for(lambda: (index_dir / ".watch-state.json").exists(), timeout=60)
        handle = open_backend(index_dir)
        with WriterLock(index_dir, timeout=5):
            add_profile(corpus)
            time.sleep(1.5)  # the watcher looks, finds the lock held, and says it will retry
            assert proc.poll() is None
        assert wait_for(lambda: run_search(handle, q="Quillstad").total >= 1, timeout=30, poll=0.2)
        (corpus / "zz-quillstad.txt").unlink()
        assert wait_for(lambda: run_search(handle, q="Quillstad").total == 0, timeout=30, poll=0.2)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert "another indexing run holds the lock" in err and "will retry" in err


def _lose_a_segment(commit):
    def commit_fewer(gen_path, segments):
        commit(gen_path, segments[:-1])  # a segment that never reached the table of contents
    return commit_fewer


def _die_while_writing(conn, *args):
    os._exit(3)  # an indexing part killed while writing (out of memory, a signal)


def _lose_one_profile(documents):
    seen = []

    def fewer(parsed, previous, now):
        seen.append(parsed.source)
        if len(seen) == 7:
            return iter(())  # a profile whose passages never reach the writer
        return documents(parsed, previous, now)
    return fewer


@pytest.mark.parametrize("failure", ["a part dies", "a segment is lost", "passages are lost"])
def test_a_full_rebuild_that_loses_passages_fails_and_the_previous_index_keeps_serving(synth, monkeypatch, failure):
    """A part process that dies, or a commit that loses documents without saying so, must not put a
    generation holding only part of the corpus live."""
    from indexer.whoosh import parts
    from indexer.errors import BuildFailed

    corpus, index = synth
    before = generations(index)
    live = store.current_name(index)
    handle = open_backend(index)
    total = run_search(handle, q="prevention").total

    if failure == "a part dies":
        monkeypatch.setattr(parts, "_write_part", _die_while_writing)
    elif failure == "a segment is lost":
        monkeypatch.setattr(parts, "_commit_segments", _lose_a_segment(parts._commit_segments))
    else:
        monkeypatch.setattr(parts, "documents", _lose_one_profile(parts.documents))
    assert parts.parts_for(len(list(corpus.iterdir()))) > 1 or failure != "a part dies"
    with pytest.raises(BuildFailed, match="previous index is still served"):
        build_index(corpus, index, full=True)
    monkeypatch.undo()
    assert store.current_name(index) == live
    assert generations(index) == before
    assert run_search(handle, q="prevention").total == total


def test_a_request_whose_files_go_mid_way_is_answered_on_the_live_index(synth):
    """A searcher opens some files only when first needed (stored passages, some columns), and a
    rebuild deletes the old generation. A request caught in between is answered again on the
    index now live, not with an error (the reliability suite met this under load)."""
    from search_app.models import request_from_params
    corpus, index = synth
    backend = open_backend(index)
    req = request_from_params({"q": ["prevention"]})
    with backend.session() as session:
        before = session.view.generation
        build_index(corpus, index, full=True)  # the session's generation is deleted
        results = session.search(req)
        cities = session.list_cities()
    assert results.total > 0 and len(results.hits) == min(results.total, req.size)
    assert all(h.snippet for h in results.hits)
    assert len(cities) == SYNTH_PROFILES
    assert results.generation != before  # answered on the index now live


@pytest.mark.parametrize("parent_alive", [True, False])
def test_an_indexing_worker_exits_when_its_indexing_process_is_already_gone(parent_alive):
    """A worker forked just before its indexing run was SIGKILLed starts with init as its parent: it must
    exit at once, not take init for the run and linger (a killed run once left a worker behind)."""
    code = ("import os; from indexer.corpus import die_with_parent; "
            f"die_with_parent(os.getppid() if {parent_alive} else os.getppid() + 1_000_000); print('running')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    if parent_alive:
        assert done.returncode == 0 and "running" in done.stdout, done.stderr
    else:
        assert done.returncode == 1 and "running" not in done.stdout

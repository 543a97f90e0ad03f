"""The house rules a newcomer relies on: one-way data flow, Whoosh and Flask in their own rooms,
no import circle, rooms and functions small enough to read in one sitting."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("indexer", "search_app")
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80


def modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path) -> set[str]:
    """Absolute names of the modules a module imports (relative imports resolved)."""
    is_pkg = path.name == "__init__.py"
    base = name.split(".") if is_pkg else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[:len(base) - node.level + 1]
                mod = ".".join(anchor + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
    return found


def test_whoosh_numpy_and_flask_stay_in_their_rooms():
    for name, path in modules().items():
        deps = imports_of(name, path)
        if any(d == "whoosh" or d.startswith("whoosh.") for d in deps):
            assert name.startswith(("indexer.", "search_app.whoosh")), f"{name} imports Whoosh"
        if any(d == "numpy" or d.startswith("numpy.") for d in deps):
            # reading postings in blocks, and the full build's bulk writer
            assert name.startswith("search_app.whoosh") or name == "indexer.bulk", f"{name} imports numpy"
        if any(d == "flask" or d.startswith("flask.") for d in deps):
            assert name in {"search_app.app", "search_app.context", "search_app.web", "search_app.api"}, \
                f"{name} imports Flask"
        if name.startswith("indexer"):
            assert not any(d.startswith("search_app") for d in deps), f"{name} imports search_app: data flows one way"


def test_no_import_circle():
    mods = modules()
    graph = {name: {d for d in imports_of(name, path) if d in mods and d != name} for name, path in mods.items()}
    # a package's __init__ importing its own submodules is not a circle
    graph = {n: {d for d in ds if not d.startswith(n + ".")} for n, ds in graph.items()}
    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for dep in graph[node]:
            if seen.get(dep) == 1:
                pytest.fail("import circle: " + " → ".join(stack[stack.index(dep):] + [node, dep]))
            if dep not in seen:
                visit(dep, stack + [node])
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name, [])


def test_whoosh_internals_are_named_in_one_module_only():
    """Whoosh's block internals: read in search_app/whoosh/postings.py, written in indexer/bulk.py."""
    names = ("_read_ids", "_next_block", "._ids", "._values", "._weights", "_perdoc", "_lenfield", "_read_values",
             "_read_weights", "_write_block", "_postwriter", "_maxweight", "_minlength")
    for name, path in modules().items():
        if name in ("search_app.whoosh.postings", "indexer.bulk"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], f"{name} touches Whoosh internals"


@pytest.mark.parametrize("name", sorted(modules()))
def test_rooms_and_functions_are_short(name):
    path = modules()[name]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{name} has {len(text.splitlines())} lines"
    long = [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(ast.parse(text))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == [], f"{name}: functions over {MAX_FUNCTION_LINES} lines: {long}"

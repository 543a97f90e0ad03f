"""The house rules a newcomer relies on: one-way data flow, each engine's library in its own rooms,
backends side by side (never one on the other), query understanding and the search pipeline free of
engine types, one facet registry, URLs built in the view layer, public faces between modules, no
import circle, rooms and functions small enough to read in one sitting."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from indexer.fields import FACET_NAMES

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("indexer", "search_app")
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80
#: the packages of each backend: its engine (search_app) and, for the embedded index, its sink (indexer)
BACKENDS = {"whoosh": ("search_app.whoosh", "indexer.whoosh"), "solr": ("search_app.solr",)}
#: what may stay of private names imported from another module (Whoosh's own internals, read in one place)
MAX_PRIVATE_IMPORTS = 5


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


def _in(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_each_library_stays_in_its_rooms():
    for name, path in modules().items():
        deps = imports_of(name, path)
        if any(_in(d, ("whoosh",)) for d in deps):
            assert _in(name, BACKENDS["whoosh"]), f"{name} imports Whoosh: only the embedded backend's packages may"
        if any(_in(d, ("numpy",)) for d in deps):
            assert _in(name, ("search_app.whoosh", "indexer.whoosh.bulk", "indexer.whoosh.blocks")), f"{name} imports numpy"
        if any(_in(d, ("flask",)) for d in deps):
            assert name in {"search_app.app", "search_app.context", "search_app.web", "search_app.api", "search_app.i18n"}, \
                f"{name} imports Flask"
        if name.startswith("indexer"):
            assert not any(_in(d, ("search_app",)) for d in deps), f"{name} imports search_app: data flows one way"


def test_no_backend_package_imports_another():
    for name, path in modules().items():
        deps = imports_of(name, path)
        for backend, packages in BACKENDS.items():
            if not _in(name, packages):
                continue
            others = [p for b, ps in BACKENDS.items() if b != backend for p in ps]
            assert not [d for d in deps if _in(d, others)], f"{name} ({backend}) imports another backend"


def test_query_understanding_and_the_pipeline_know_no_engine():
    engines = [p for ps in BACKENDS.values() for p in ps]
    for name, path in modules().items():
        if _in(name, ("search_app.query",)) or name in ("search_app.pipeline", "search_app.profiles",
                                                         "search_app.engine", "search_app.viewmodel"):
            deps = imports_of(name, path)
            assert not [d for d in deps if _in(d, engines) or _in(d, ("whoosh",))], f"{name} reaches an engine"
        if _in(name, ("search_app.query",)):
            assert not [d for d in imports_of(name, path) if _in(d, ("search_app",))
                        and not _in(d, ("search_app.query", "search_app.snippets", "search_app.messages"))], \
                f"{name} leaves query understanding"


def test_the_facet_list_is_written_once():
    """No module but the registry spells out a list of facets (three or more facet names, nothing else)."""
    for name, path in modules().items():
        if name == "indexer.fields":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                names = {w for w in words if w in FACET_NAMES}
                is_list = len(names) >= 3 and len(words) == len(node.elts) == len(names)
                assert not is_list, f"{name}:{node.lineno} lists facets {sorted(names)}: read indexer.fields instead"


def test_private_names_stay_in_their_modules():
    found = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found += [f"{name}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    assert len(found) <= MAX_PRIVATE_IMPORTS, found


def test_templates_build_no_url():
    """Every address a page shows comes from the view model (search_app/viewmodel.py)."""
    for path in (ROOT / "search_app" / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.findall(r'(?:href|action|src)="/', text), f"{path.name} writes an address itself"


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
    """Whoosh's block internals: read in search_app/whoosh/postings.py, written in indexer/whoosh/bulk.py and blocks.py."""
    names = ("_read_ids", "_next_block", "._ids", "._values", "._weights", "_perdoc", "_lenfield", "_read_values",
             "_read_weights", "_write_block", "_postwriter", "_maxweight", "_minlength")
    for name, path in modules().items():
        if name in ("search_app.whoosh.postings", "indexer.whoosh.bulk", "indexer.whoosh.blocks"):
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

"""The package shows its pipeline: no import circles, no module over the size guide.

Every ``import`` of every module counts, also those inside functions and under
``TYPE_CHECKING``: a circle that only type checkers follow still means two modules that each
need the other to be understood.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sladsl"
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The sladsl modules that ``name`` imports (a package import counts as its __init__)."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [f"{mod}.{a.name}" for a in node.names] + [mod]
        else:
            continue
        for t in targets:
            if t in known:
                found.add(t)
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(name, path, known) for name, path in known.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _without_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` that re-exports its modules is not a circle with them."""
    return {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}


def test_no_import_circles() -> None:
    circles = _circles(_without_packages(_graph()))
    assert circles == [], "import circles: " + "; ".join(" <-> ".join(c) for c in circles)


def test_the_circle_finder_finds_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_checkers_import_the_context_not_the_engine() -> None:
    graph = _graph()
    for module, targets in graph.items():
        # After the engine: the command, the report model and the charts' data (whose
        # engine measures values per day), which read an evaluation rather than make one.
        if module.startswith("sladsl.evaluate.") and module not in {
                "sladsl.evaluate.engine", "sladsl.evaluate.command", "sladsl.evaluate.report",
                "sladsl.evaluate.series"}:
            assert "sladsl.evaluate.engine" not in targets, module
    assert not {t for t in graph["sladsl.evaluate.context"] if t.startswith("sladsl.evaluate.")} \
        & {"sladsl.evaluate.availability", "sladsl.evaluate.objectives",
           "sladsl.evaluate.tickets", "sladsl.evaluate.credits", "sladsl.evaluate.duties",
           "sladsl.evaluate.exclusions", "sladsl.evaluate.engine"}


@pytest.mark.parametrize("module", sorted(_modules()))
def test_module_size(module: str) -> None:
    lines = _modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines (guide: {MAX_LINES})"


def test_no_flat_stage_modules() -> None:
    """The stages live in their packages; only shared foundations stay at the top."""
    flat = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert flat == sorted([
        "__main__", "api", "atomic", "clauses", "cli", "demo", "dump", "errors", "exits", "frozen",
        "model",
        "quantities", "regions", "runtime", "samples", "usercache"]), flat


def test_every_module_imports_alone() -> None:
    """Each module imported first, in a fresh interpreter, imports cleanly."""
    names = [m for m in sorted(_modules()) if not m.endswith("__main__")]
    code = ("import importlib, sys\n"
            "for name in sys.argv[1:]:\n"
            "    for k in [k for k in sys.modules if k == 'sladsl' or k.startswith('sladsl.')]:\n"
            "        del sys.modules[k]\n"
            "    importlib.import_module(name)\n")
    done = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_every_package_ships_in_the_wheel() -> None:
    """Each folder of ``sladsl/`` with an ``__init__.py`` is listed in pyproject's packages
    (a package left out is silently missing from the wheel)."""
    import re

    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8")
    listed = set(re.findall(r'^  "(sladsl[\w.]*)",$', pyproject, re.MULTILINE))
    root = Path(__file__).resolve().parents[1] / "sladsl"
    found = {".".join(("sladsl", *p.parent.relative_to(root).parts))
             for p in root.rglob("__init__.py")}
    assert found - listed == set()

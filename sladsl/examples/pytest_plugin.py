"""A pytest plugin that runs the worked examples of ``.sla`` files as test items.

Registered as a ``pytest11`` entry point (or loaded with
``pytest -p sladsl.examples.pytest_plugin``), it collects a ``.sla`` file when it is named on
the command line or lies under one of the directories of the ``sla_paths`` ini option
(default: ``specs``), so ``pytest specs/`` runs
each example next to the project's own tests, while ``.sla`` fixtures elsewhere (golden files,
deliberately broken snippets) are left alone. A failing example shows each failed outcome with
what was expected and what the evaluation gave.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from _pytest._code.code import TerminalRepr

    from ..model import Spec
    from ..nodes import Example


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("sla_paths", "directories whose .sla files are collected for their "
                  "worked examples", type="paths", default=[])


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".sla" or not _wanted(parent.config, file_path):
        return None
    return SlaFile.from_parent(parent, path=file_path)


def _wanted(config: pytest.Config, path: Path) -> bool:
    path = path.resolve()
    named = [Path(a.split("::")[0]).resolve() for a in config.args]
    if path in named:
        return True
    roots = [Path(p).resolve() for p in config.getini("sla_paths")] \
        or [config.rootpath / "specs"]
    return any(path.is_relative_to(r) for r in roots)


class SlaFile(pytest.File):
    """A ``.sla`` file: one item per worked example."""

    def collect(self) -> Iterator[pytest.Item]:
        from ..api import load
        from ..errors import SlaError
        from .worked import examples_of

        try:
            spec = load(self.path)
        except SlaError as exc:
            yield SpecError.from_parent(self, name="spec", message=exc.render())
            return
        for example in examples_of(spec):
            yield ExampleItem.from_parent(self, name=example.name, spec=spec, example=example)


class ExampleFailed(Exception):
    """An example whose outcomes the evaluation does not bear out."""


class ExampleItem(pytest.Item):
    """One worked example."""

    def __init__(self, *, spec: Spec, example: Example, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.example = example
        self.funcargs: dict[str, Any] = {}  # other plugins' hooks (pytest-lsp's) expect it

    def runtest(self) -> None:
        from .worked import run_example

        result = run_example(self.spec, self.example)
        if not result.passed:
            raise ExampleFailed(result.failure_text())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | TerminalRepr:
        if isinstance(excinfo.value, ExampleFailed):
            return f"example {self.example.name!r} failed:\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.example.span.line - 1, f"example {self.example.name!r}"


class SpecError(pytest.Item):
    """A ``.sla`` file that does not load: one failing item with its diagnostics."""

    def __init__(self, *, message: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message
        self.funcargs: dict[str, Any] = {}  # other plugins' hooks (pytest-lsp's) expect it

    def runtest(self) -> None:
        raise ExampleFailed(self.message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | TerminalRepr:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, "spec"

"""The stable API that compiled checkers call (``sladsl compile SPEC --target python``).

A compiled checker is a plain Python module that rebuilds the agreement from literals, one
function per clause, and hands it to this module, which evaluates it with the same engine that
``sladsl evaluate`` runs: the same checkers, exclusions, credits and termination rules, so a
compiled checker and the spec it came from can never disagree. Everything a compiled module
uses is listed in ``__all__`` and keeps its meaning across sladsl versions:

* values: :data:`D` (``decimal.Decimal``), :class:`Percent`, :class:`Duration`,
  :class:`Money`, :class:`Count`, :class:`Score` and the AST node classes in :data:`nodes`;
* :class:`Source`: the spec a module was compiled from (file, sha256, title, sladsl version)
  and :meth:`Source.at`, which makes the source positions that clause numbers are keyed by;
* :func:`objective`, :func:`service`: nodes whose derived fields follow from their items;
* :func:`spec`, :func:`evaluate`, :func:`report`: the checked model, an evaluation, a report;
* :func:`main`: the command line, ``python checker.py --data DIR --period 2026-03``, with the
  options and exit codes of ``sladsl evaluate``.

Heavy modules (DuckDB) are imported only when an evaluation runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import nodes
from .errors import Span
from .model import Spec
from .quantities import Count, Duration, Money, Percent, Score

if TYPE_CHECKING:
    from .evaluate.engine import Evaluation

__all__ = [
    "API_VERSION", "Count", "D", "Duration", "Money", "Percent", "Score", "Source", "Span",
    "evaluate", "main", "nodes", "objective", "report", "service", "spec",
]

#: Bumped only when a compiled module's calls would change meaning.
API_VERSION = 1

#: Exact decimals: every number a compiled module holds is written ``D('99.95')``.
D = Decimal

FORMATS = ("text", "json", "markdown", "html")


@dataclass(frozen=True, slots=True)
class Source:
    """The spec a compiled module came from; reports name it exactly as ``sladsl`` would."""

    file: str
    sha256: str
    title: str
    sladsl_version: str

    def at(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        """A position in the spec (1-based; ``end_column`` exclusive)."""
        return Span(self.file, line, column, end_line, end_column)


def objective(span: Span, name: str, name_span: Span,
              items: Sequence[nodes.Node]) -> nodes.Objective:
    """An objective from its statements in source order; targets, rules and prose follow."""
    seq = tuple(items)
    targets = tuple(x for x in seq if isinstance(x, nodes.Target))
    prose = tuple(x for x in seq if isinstance(x, nodes.Prose))
    rules = tuple(x for x in seq if not isinstance(x, nodes.Target | nodes.Prose))
    return nodes.Objective(span, name, name_span, targets, rules,  # type: ignore[arg-type]
                           prose, seq)


def service(span: Span, name: str, name_span: Span,
            items: Sequence[nodes.Node]) -> nodes.Service:
    """A service from its objectives and prose in source order."""
    seq = tuple(items)
    return nodes.Service(span, name, name_span,
                         tuple(x for x in seq if isinstance(x, nodes.Objective)), seq)


@dataclass
class CompiledSpec(Spec):
    """A :class:`~sladsl.model.Spec` rebuilt from a compiled module: no source text, so the
    hash is the one recorded when the module was compiled."""

    recorded_sha256: str = field(default="", kw_only=True)

    @property
    def sha256(self) -> str:
        return self.recorded_sha256


def spec(source: Source, document: nodes.Document) -> Spec:
    """The checked model of a compiled agreement (it was checked when it was compiled)."""
    return CompiledSpec(document, "", source.file, recorded_sha256=source.sha256)


def evaluate(model: Spec, data_dir: str | Path, periods: Sequence[str],
             bindings: str | Path | None = None) -> Evaluation:
    """Evaluates ``model`` on the data in ``data_dir`` for report periods such as ``2026-03``."""
    from .evaluate.bindings import load_bindings
    from .evaluate.engine import Engine
    from .evaluate.periods import parse_period, zone

    tz = zone(model.time_zone)
    binds = load_bindings(str(bindings) if bindings is not None else None)
    return Engine(model, Path(data_dir), binds).run([parse_period(p, tz) for p in periods])


def report(evaluation: Evaluation, fmt: str = "text") -> str:
    """The report of an evaluation in one of :data:`FORMATS`, as ``sladsl evaluate`` writes it."""
    from .evaluate.report import RENDERERS, build

    return RENDERERS[fmt](build(evaluation))


def main(source: Source, document: nodes.Document,
         argv: Sequence[str] | None = None) -> None:
    """The command line of a compiled checker; exits like ``sladsl evaluate``."""
    command = _command(source, document)
    command.main(args=list(argv) if argv is not None else None,
                 prog_name=Path(sys.argv[0]).name or "checker.py")


def _command(source: Source, document: nodes.Document) -> click.Command:
    from .evaluate.command import evaluation_options, run_report

    @click.command(help=f"Evaluate the compiled agreement {source.file!r} "
                        f"(sha256 {source.sha256[:12]}) on measurement data.")
    @evaluation_options
    def run(data_dir: str, bindings: str | None, period: str | None, first: str | None,
            last: str | None, fmt: str, output: str | None, fail_on_breach: bool,
            quiet: bool) -> None:
        run_report(lambda: spec(source, document), source.file,
                   "python checker.py --data DIR --period 2026-03", data_dir, bindings, period,
                   first, last, fmt, output, fail_on_breach, quiet)

    return run


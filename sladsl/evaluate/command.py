"""``sladsl evaluate``: run a spec's checkers on measurement data and write the report.

Heavy modules (DuckDB) are imported inside the command, so ``sladsl --help`` stays fast.
The report is written atomically (:func:`sladsl.atomic.write_atomically`) and only after the
whole evaluation succeeded: bad data writes nothing, and an earlier report stays as it was.

Over many periods the run either finishes or says exactly which periods it could not
evaluate: a period in which an objective could not be judged (no measurements for it fall in
the period) is listed on standard error with the objectives concerned, the report for every
period is still written, and the exit status is 3.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from ..atomic import write_atomically
from .bindings import EXPORTS

if TYPE_CHECKING:
    from ..model import Spec
    from .engine import Engine, Evaluation
    from .periods import Period
    from .resources import Resources


def _bindings_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A bindings file that exists, or the name of bindings shipped with sladsl."""
    if value is None or value in EXPORTS or Path(value).is_file():
        return value
    raise click.BadParameter(f"no file {value!r}, and no bindings of that name ship with "
                             "sladsl (" + ", ".join(EXPORTS) + ")")


def _keep(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Keeps the resource options on the context, for :func:`run_report`."""
    ctx.meta[f"sladsl.{param.name}"] = value


#: ``--memory-limit`` and ``--temp-dir``, kept on the context (read by :func:`memory_settings`).
MEMORY_OPTIONS = [
    click.option("--memory-limit", expose_value=False, callback=_keep,
                 help="most memory the evaluation may use, e.g. 4GiB or 25% (default: half "
                      "of this machine's); past it, it spills to disk"),
    click.option("--temp-dir", expose_value=False, callback=_keep,
                 type=click.Path(file_okay=False),
                 help="folder to spill to (default: the system's temporary folder); "
                      "what is written there is removed afterwards"),
]


def memory_options(command: Callable[..., None]) -> Callable[..., None]:
    """Adds ``--memory-limit`` and ``--temp-dir`` to a command that evaluates."""
    for option in reversed(MEMORY_OPTIONS):
        command = option(command)
    return command


def memory_settings() -> Resources:
    """The memory settings given to the current command (``--memory-limit``, ``--temp-dir``)."""
    from .resources import Resources

    meta = click.get_current_context().meta
    return Resources.from_options(meta.get("sladsl.memory_limit"), meta.get("sladsl.temp_dir"))


def evaluation_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options of ``sladsl evaluate``, shared with compiled checkers (sladsl.runtime)."""
    options = [
        click.option("--data", "data_dir", required=True,
                     type=click.Path(exists=True, file_okay=False),
                     help="directory with the measurement files"),
        click.option("--bindings", callback=_bindings_option,
                     help="TOML file mapping files, columns and values (default: bindings.toml "
                          "beside the spec, if present), or the name of bindings shipped for a "
                          "ticket system's CSV export: " + ", ".join(EXPORTS)),
        click.option("--period", help="one period: 2026-03, 2026-Q1, 2026 or 2026-W10"),
        click.option("--from", "first", help="first period of a range (with --to)"),
        click.option("--to", "last", help="last period of a range (with --from)"),
        click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]),
                     default="text", show_default=True),
        click.option("-o", "--output", type=click.Path(dir_okay=False),
                     help="write the report here instead of standard output"),
        click.option("--fail-on-breach", is_flag=True,
                     help="exit 1 if any objective was missed"),
        *MEMORY_OPTIONS,
        click.option("-q", "--quiet", is_flag=True,
                     help="no progress bar (none is shown on a pipe either)"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@evaluation_options
@click.option("--engine", type=click.Choice(["duckdb", "postgres", "spark"]), default="duckdb",
              show_default=True, help="where the checkers run (DuckDB always reads the files)")
@click.option("--dsn", help="PostgreSQL connection string, for --engine postgres")
@click.option("--master", help="Spark master for --engine spark (default local[*])")
def evaluate(spec: str, data_dir: str, bindings: str | None, period: str | None,
             first: str | None, last: str | None, fmt: str, output: str | None,
             fail_on_breach: bool, quiet: bool, engine: str, dsn: str | None,
             master: str | None) -> None:
    """Evaluate SPEC on the measurement data in --data for one period or a range."""
    from ..api import load

    run_report(lambda: load(spec, measuring=True), spec,
               "sladsl evaluate spec.sla --data DIR --period 2026-03",
               data_dir, bindings, period, first, last, fmt, output, fail_on_breach, quiet,
               engine=(engine, dsn, master))


@contextmanager
def progress_bar(count: int, label: str, quiet: bool = False
                 ) -> Iterator[Callable[[str], None]]:
    """An engine's progress callback that moves a bar on a terminal (one step per period);
    on a pipe, or with ``quiet``, it shows nothing."""
    if quiet or not sys.stderr.isatty():
        yield lambda _message: None
        return
    with click.progressbar(length=count, label=label, file=sys.stderr, show_pos=True) as bar:
        def progress(message: str) -> None:
            if message.startswith("evaluating"):
                bar.update(1)

        yield progress


def run_report(load_spec: Callable[[], Spec], spec: str, example: str, data_dir: str,
               bindings: str | None, period: str | None, first: str | None, last: str | None,
               fmt: str, output: str | None, fail_on_breach: bool,
               quiet: bool = False,
               engine: tuple[str, str | None, str | None] = ("duckdb", None, None)) -> NoReturn:
    """Evaluates, writes the report and exits: the body of ``sladsl evaluate`` and of every
    compiled checker, so both report and exit alike. ``spec`` is the spec's file name."""
    from ..errors import SlaError
    from ..exits import INCOMPLETE, fail
    from .bindings import load_bindings
    from .engine import Engine
    from .periods import parse_period, parse_range, usage_error, zone
    from .report import RENDERERS, build
    from .series import ChartingEngine

    try:
        if period and (first or last) or not period and not (first and last):
            raise usage_error("give either --period, or both --from and --to", example)
        model_spec = load_spec()
        for d in model_spec.diagnostics:
            if d.severity == "error":  # tolerated for measuring (api.MEASURABLE)
                click.echo(d.render(model_spec.source) + "\n  (evaluate measures the contract "
                           "as written)", err=True)
        tz = zone(model_spec.time_zone)
        periods = [parse_period(period, tz)] if period else parse_range(first or "", last or "",
                                                                         tz)
        if bindings is None and (Path(spec).parent / "bindings.toml").is_file():
            bindings = str(Path(spec).parent / "bindings.toml")
        binds = load_bindings(bindings)
        with progress_bar(len(periods), "evaluating", quiet) as progress:
            # The HTML report draws values per day, which its engine measures as well.
            runner = (ChartingEngine if fmt == "html" else Engine)(
                model_spec, Path(data_dir), binds, progress, resources=memory_settings())
            evaluation = _run_on(runner, periods, *engine)
        model = build(evaluation)
        text = RENDERERS[fmt](model)
    except SlaError as exc:
        fail(exc)
    write_output(output, text, "the report")
    if say_missing(spec, evaluation):
        sys.exit(INCOMPLETE)
    sys.exit(1 if fail_on_breach and model["breached"] else 0)


def write_output(output: str | None, data: str | bytes, what: str) -> None:
    """Writes ``data`` to ``output`` atomically (exit 2 if it cannot), or text to standard
    output when there is no ``output``."""
    from ..exits import USAGE

    if not output:
        click.echo(data, nl=False)
        return
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, data)
    except OSError as exc:
        click.echo(f"{output}: cannot write {what}: {exc.strerror or exc}", err=True)
        sys.exit(USAGE)


def say_missing(spec: str, evaluation: Evaluation) -> bool:
    """Names on standard error each period that could not be evaluated; whether any."""
    missing = unevaluated(evaluation)
    for label, objectives in missing.items():
        click.echo(f"{spec}: could not evaluate {label}: no data for "
                   + ", ".join(objectives), err=True)
    if missing:
        click.echo(f"{spec}: {len(missing)} of {len(evaluation.periods)} period(s) could not be "
                   "evaluated: " + ", ".join(missing), err=True)
    return bool(missing)


def _run_on(runner: Engine, periods: list[Period], engine: str, dsn: str | None,
            master: str | None) -> Evaluation:
    """Runs the evaluation on DuckDB, or on the backend of ``engine`` (``sladsl.engines``)."""
    if engine == "duckdb":
        if dsn or master:
            from .periods import usage_error

            raise usage_error("--dsn and --master go with --engine postgres or spark",
                              "sladsl evaluate spec.sla --engine postgres --dsn postgresql://…")
        return runner.run(periods)
    from ..engines import open_backend
    from ..engines.base import attach

    backend = open_backend(engine, dsn, master)
    attach(runner, backend)
    try:
        return runner.run(periods)
    finally:
        backend.close()


def unevaluated(evaluation: Evaluation) -> dict[str, list[str]]:
    """The report periods with an objective that could not be judged, and those objectives.

    An objective could not be judged when a line of it says "no data"; lines "not due" in
    the period (a quarterly target in a monthly report) are not missing anything.
    """
    out: dict[str, list[str]] = {}
    for report in evaluation.periods:
        if any(ln.verdict == "no data" for ln in report.lines):
            out[report.period.label] = sorted(dict.fromkeys(
                f'"{ln.objective}"' for ln in report.lines if ln.verdict == "no data"))
    return out


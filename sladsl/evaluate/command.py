"""``sladsl evaluate``: run a spec's checkers on measurement data and write the report.

Heavy modules (DuckDB) are imported inside the command, so ``sladsl --help`` stays fast.
The report is written atomically (a temporary file renamed into place) and only after the
whole evaluation succeeded: bad data writes nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click


@click.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--data", "data_dir", required=True,
              type=click.Path(exists=True, file_okay=False),
              help="directory with the measurement files")
@click.option("--bindings", type=click.Path(exists=True, dir_okay=False),
              help="TOML file mapping files and columns (default: bindings.toml beside the spec,"
                   " if present)")
@click.option("--period", help="one period: 2026-03, 2026-Q1, 2026 or 2026-W10")
@click.option("--from", "first", help="first period of a range (with --to)")
@click.option("--to", "last", help="last period of a range (with --from)")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]),
              default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="write the report here instead of standard output")
@click.option("--fail-on-breach", is_flag=True, help="exit 1 if any objective was missed")
def evaluate(spec: str, data_dir: str, bindings: str | None, period: str | None,
             first: str | None, last: str | None, fmt: str, output: str | None,
             fail_on_breach: bool) -> None:
    """Evaluate SPEC on the measurement data in --data for one period or a range."""
    from ..api import load
    from ..errors import SlaError
    from .bindings import load_bindings
    from .engine import Engine
    from .periods import parse_period, parse_range, usage_error, zone
    from .report import RENDERERS, build

    try:
        if period and (first or last) or not period and not (first and last):
            raise usage_error("give either --period, or both --from and --to",
                              "sladsl evaluate spec.sla --data DIR --period 2026-03")
        model_spec = load(spec)
        tz = zone(model_spec.time_zone)
        periods = [parse_period(period, tz)] if period else parse_range(first or "", last or "",
                                                                         tz)
        if bindings is None and (Path(spec).parent / "bindings.toml").is_file():
            bindings = str(Path(spec).parent / "bindings.toml")
        binds = load_bindings(bindings)
        show = sys.stderr.isatty() or len(periods) > 1
        with click.progressbar(length=len(periods), label="evaluating", file=sys.stderr,
                               show_pos=True) if show else _Quiet() as bar:
            def progress(message: str) -> None:
                if message.startswith("evaluating") and show:
                    bar.update(1)

            evaluation = Engine(model_spec, Path(data_dir), binds, progress).run(periods)
        model = build(evaluation)
        text = RENDERERS[fmt](model)
    except SlaError as exc:
        click.echo(exc.render(), err=True)
        sys.exit(2)
    if output:
        write_atomically(Path(output), text)
    else:
        click.echo(text, nl=False)
    sys.exit(1 if fail_on_breach and model["breached"] else 0)


class _Quiet:
    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, _n: int) -> None:
        return None


def write_atomically(path: Path, text: str) -> None:
    """Writes ``text`` to ``path`` via a temporary file in the same directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""``sladsl compile``: a spec becomes a standalone Python checker or the SQL it runs.

DuckDB (for the SQL target) is imported only when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .dialects import DIALECTS


@click.command(name="compile")
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--target", type=click.Choice(["python", "sql"]), default="python",
              show_default=True, help="python: a checker module; sql: the queries it runs")
@click.option("--dialect", type=click.Choice(DIALECTS), default="duckdb", show_default=True,
              help="the SQL dialect of --target sql (transpiled from DuckDB's with sqlglot)")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="write here instead of standard output")
def compile_command(spec: str, target: str, dialect: str, output: str | None) -> None:
    """Compile SPEC into a checker (python) or its queries (sql)."""
    from ..api import load
    from ..atomic import write_atomically
    from ..errors import SlaError
    from ..exits import USAGE, fail
    from . import compile_spec

    if dialect != "duckdb" and target != "sql":
        click.echo(f"--dialect {dialect} needs --target sql", err=True)
        sys.exit(USAGE)
    try:
        text = compile_spec(load(spec), target, dialect)
    except SlaError as exc:
        fail(exc)
    if output:
        write_atomically(Path(output), text)
    else:
        click.echo(text, nl=False)

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
@click.option("--target", type=click.Choice(["python", "sql", "prometheus", "openslo"]),
              default="python", show_default=True,
              help="python: a checker module; sql: the queries it runs; prometheus: recording "
                   "and alerting rules; openslo: OpenSLO v1 documents")
@click.option("--dialect", type=click.Choice(DIALECTS), default="duckdb", show_default=True,
              help="the SQL dialect of --target sql (transpiled from DuckDB's with sqlglot)")
@click.option("--bindings", type=click.Path(exists=True, dir_okay=False),
              help="bindings file: metric names for prometheus ([prometheus.services])")
@click.option("-v", "--verbose", is_flag=True,
              help="list on standard error what the target cannot express")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="write here instead of standard output")
def compile_command(spec: str, target: str, dialect: str, bindings: str | None, verbose: bool,
                    output: str | None) -> None:
    """Compile SPEC into a checker (python), its queries (sql), Prometheus rules or OpenSLO
    documents."""
    from ..api import load
    from ..atomic import write_atomically
    from ..errors import SlaError
    from ..evaluate.bindings import load_bindings
    from ..exits import USAGE, fail
    from . import compile_spec

    if dialect != "duckdb" and target != "sql":
        click.echo(f"--dialect {dialect} needs --target sql", err=True)
        sys.exit(USAGE)
    notes: list[str] = []
    try:
        text = compile_spec(load(spec), target, load_bindings(bindings), notes, dialect)
    except SlaError as exc:
        fail(exc)
    if verbose:
        for note in notes:
            click.echo(f"not expressed: {note}", err=True)
    if output:
        write_atomically(Path(output), text)
    else:
        click.echo(text, nl=False)

"""``sladsl render FILE --format html|markdown|text|docx [-o OUT]``: the contract text.

Text formats go to standard output unless ``-o`` is given; Word needs ``-o``. Output files are
written by :func:`sladsl.atomic.write_atomically`, so a failed run never leaves half a contract
behind and an invalid spec leaves an earlier output as it was. Heavy imports happen only
when the command runs.
"""

from __future__ import annotations

import sys

import click

from ..atomic import write_atomically
from ..exits import USAGE, WANTING

FORMATS = ("html", "markdown", "text", "docx")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="html",
              show_default=True, help="html, markdown, text or docx (Word)")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write here instead of standard output (required for docx)")
@click.option("--customers", type=click.Path(exists=True, dir_okay=False),
              help="customers file (CSV) with the values the agreement gives per customer")
@click.option("--customer", "customer_id", help="render the contract of this customer (an id in "
              "--customers): their values and name filled in")
def render(file: str, fmt: str, output: str | None, customers: str | None,
           customer_id: str | None) -> None:
    """Render the contract text of a .sla FILE."""
    from ..api import analyse_file

    if fmt == "docx" and output is None:
        raise click.UsageError("--format docx writes a binary file: give it -o OUT.docx")
    if (customers is None) != (customer_id is None):
        raise click.UsageError("give both --customers FILE and --customer ID, or neither")
    spec, diags, text = analyse_file(file)
    for d in diags:
        click.echo(d.render(text), err=True)
    errors = sum(d.severity == "error" for d in diags)
    if spec is None or errors:
        warnings = sum(d.severity == "warning" for d in diags)
        click.echo(f"{file}: {errors} error(s), {warnings} warning(s)", err=True)
        sys.exit(WANTING)

    from . import render as render_spec

    if customers is not None and customer_id is not None:
        from pathlib import Path

        from ..engines.customers import customer_named, for_customer, read_customers
        from ..errors import SlaError
        from ..exits import fail

        try:
            people = read_customers(Path(customers), spec)
            spec = for_customer(spec, customer_named(people, customer_id, Path(customers)))
        except SlaError as exc:
            fail(exc)
    result = render_spec(spec, fmt)
    data = result if isinstance(result, bytes) else result.encode("utf-8")
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        write_atomically(output, data)
    except OSError as exc:
        click.echo(f"{output}: cannot write the file: {exc.strerror or exc}", err=True)
        sys.exit(USAGE)
    click.echo(f"{file}: wrote {output}", err=True)

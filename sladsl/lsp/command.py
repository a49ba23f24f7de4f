"""``sladsl lsp``: the command; pygls is imported only when it runs (the ``lsp`` extra)."""

from __future__ import annotations

import sys

import click

from ..exits import USAGE


@click.command()
@click.option("--stdio", is_flag=True, help="talk over standard input and output (the default)")
def lsp(stdio: bool) -> None:
    """Run the language server over standard input and output (for editors)."""
    try:
        from .server import build_server
    except ImportError as exc:
        click.echo(f"sladsl lsp needs the lsp extra ({exc.name} is missing): "
                   "pip install 'sladsl[lsp]'", err=True)
        sys.exit(USAGE)
    build_server().start_io()

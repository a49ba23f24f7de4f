"""The ``sladsl`` command line (click). Commands live beside the code they drive."""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import diagnostics_json


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sladsl")
def main() -> None:
    """sladsl: service level agreements as code.

    One .sla file is the contract text, the executable checkers and the published docs.
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for editors and CI")
def validate(files: tuple[str, ...], fmt: str) -> None:
    """Check .sla FILES; exit 1 if any has an error (warnings are allowed)."""
    from .api import analyse_file

    failed = False
    everything = []
    for path in files:
        spec, diags, text = analyse_file(path)
        everything.extend(diags)
        if any(d.severity == "error" for d in diags):
            failed = True
        if fmt == "text":
            lines = text.splitlines()
            for d in diags:
                click.echo(d.render(lines), err=True)
            errors = sum(d.severity == "error" for d in diags)
            warnings = sum(d.severity == "warning" for d in diags)
            if errors:
                click.echo(f"{path}: {errors} error(s), {warnings} warning(s)", err=True)
            else:
                click.echo(f"{path}: ok" + (f" ({warnings} warning(s))" if warnings else ""))
    if fmt == "json":
        click.echo(diagnostics_json(everything))
    sys.exit(1 if failed else 0)


def _register() -> None:
    """Adds the commands that live in other modules, if they are present."""
    import importlib

    for module, name in (
        ("sladsl.render.command", "render"),
        ("sladsl.evaluate.command", "evaluate"),
        ("sladsl.highlight", "show"),
        ("sladsl.fmt", "fmt"),
        ("sladsl.diff", "diff"),
        ("sladsl.demo", "demo"),
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        main.add_command(getattr(mod, name))


_register()


if __name__ == "__main__":
    main()

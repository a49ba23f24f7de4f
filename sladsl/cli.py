"""The ``sladsl`` command line (click). Commands live beside the code they drive."""

from __future__ import annotations

import gc
import sys
from typing import Any

import click

from . import __version__
from .errors import diagnostics_json
from .exits import HELP

#: Commands that live beside the code they drive, imported only when called, so that
#: ``sladsl validate`` does not pay for the renderer, the formatter or DuckDB.
LAZY_COMMANDS = {
    "compile": ("sladsl.compile.command", "compile_command"),
    "demo": ("sladsl.demo", "demo"),
    "diff": ("sladsl.diff.command", "diff"),
    "evaluate": ("sladsl.evaluate.command", "evaluate"),
    "fmt": ("sladsl.fmt.command", "fmt"),
    "import": ("sladsl.compile.openslo_import", "import_command"),
    "portfolio": ("sladsl.engines.portfolio", "portfolio"),
    "lsp": ("sladsl.lsp.command", "lsp"),
    "preview": ("sladsl.publish.preview", "preview"),
    "render": ("sladsl.render.command", "render"),
    "review": ("sladsl.review.command", "review"),
    "show": ("sladsl.publish.highlight", "show"),
    "test": ("sladsl.examples.worked", "test"),
}


_FREEZE_AT_EXIT = False


class LazyGroup(click.Group):
    """A click group whose commands in :data:`LAZY_COMMANDS` are imported on first use."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Runs the command line; at the process's exit, the objects it made are left to the
        operating system.

        At exit Python's cycle collector walks every object the process still holds, up to
        three times, looking for cycles to free (for ``sladsl validate`` on a small spec, more
        than Python's own start-up). The process is ending, so the walk frees nothing anyone
        could use: :func:`gc.freeze`, run at exit (:mod:`atexit`, before those walks), sets
        the objects aside first. Only at exit, so that a process that runs the command line
        in-process (tests, ``CliRunner``) keeps collecting as usual until it ends.
        """
        global _FREEZE_AT_EXIT
        if not _FREEZE_AT_EXIT:
            import atexit

            atexit.register(gc.freeze)
            _FREEZE_AT_EXIT = True
        return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            import importlib

            module, attribute = LAZY_COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        found = super().get_command(ctx, cmd_name)
        if found is not None and not found.epilog:
            found.epilog = HELP  # every --help states the one exit-code rule
        return found


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=HELP)
@click.version_option(__version__, prog_name="sladsl")
def main() -> None:
    """sladsl: service level agreements as code.

    One .sla file is the contract text, the executable checkers and the published docs.
    """


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for editors and CI")
def validate(files: tuple[str, ...], fmt: str) -> None:
    """Check .sla FILES (- reads standard input); exit 1 if any has an error (warnings are
    allowed). Errors are listed before warnings."""
    from .api import analyse_file

    failed = False
    everything = []
    for path in files:
        spec, diags, text = analyse_file(path)
        diags = sorted(diags, key=lambda d: d.severity != "error")  # stable: keeps positions
        path = "<stdin>" if path == "-" else path
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


if __name__ == "__main__":  # python -m sladsl.cli, as earlier versions documented
    main(prog_name="sladsl")

"""Reference pages generated from the code, so the docs cannot drift from it.

:func:`cli_reference` writes the command-line reference in Markdown by walking the click group
:data:`sladsl.cli.main`: every command, its usage line, its help text and every option, in a
stable order. The docs build calls it through ``docs/hooks.py`` on every build.
"""

from __future__ import annotations

import html
import re

import click

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def _md(text: str) -> str:
    """Help text made literal in Markdown (it may hold ``<``, ``*`` or ``|``)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _commands(group: click.Group, ctx: click.Context) -> list[tuple[str, click.Command]]:
    """``(path, command)`` for every command under ``group``, depth first, sorted by name."""
    out: list[tuple[str, click.Command]] = []
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        path = f"{ctx.command_path} {name}"
        out.append((path, command))
        if isinstance(command, click.Group):
            sub = click.Context(command, info_name=name, parent=ctx, **command.context_settings)
            out.extend(_commands(command, sub))
    return out


def _params(command: click.Command, ctx: click.Context) -> list[str]:
    rows: list[str] = []
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option):
            continue  # arguments are in the usage line and the help text
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        # Raw <code> with an entity, because a `|` inside a code span still splits a table cell.
        code = html.escape(names, quote=False).replace("|", "&#124;")
        rows.append(f"| <code>{code}</code> | {_md(help_text)} |")
    return rows


def _section(path: str, command: click.Command, ctx: click.Context) -> list[str]:
    depth = path.count(" ")
    lines = [f"{'#' * min(depth + 2, 4)} {path}", ""]
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines += ["```text", f"{path} {usage}".rstrip(), "```", ""]
    help_text = click.unstyle(command.help or command.short_help or "").strip()
    if help_text:
        # click's help may hold \b (no rewrap) markers; they mean nothing in Markdown.
        paragraphs = [p.replace("\b\n", "").strip() for p in re.split(r"\n\s*\n", help_text)]
        lines += [_md(" ".join(p.split())) + "\n" for p in paragraphs if p]
    rows = _params(command, ctx)
    if rows:
        lines += ["| option | description |", "| --- | --- |", *rows, ""]
    return lines


def cli_reference(group: click.Group | None = None, prog: str = "sladsl") -> str:
    """The Markdown reference of every command of ``group`` (by default ``sladsl.cli.main``)."""
    if group is None:
        from ..cli import main

        group = main
    root = click.Context(group, info_name=prog, **group.context_settings)
    lines = [
        "# Command line",
        "",
        "This page is generated from the commands themselves on every build of the docs, so it",
        f"always matches the installed `{prog}`. Run `{prog} COMMAND --help` for the same text",
        "in a terminal.",
        "",
        "Exit status: 0 on success, 1 when an agreement or its data has errors, 2 when the",
        "command line itself is wrong (an unknown option, a missing file).",
        "",
    ]
    lines += _section(prog, group, root)
    for path, command in _commands(group, root):
        sub = click.Context(command, info_name=path.split(" ")[-1], parent=root,
                            **command.context_settings)
        lines += _section(path, command, sub)
    return "\n".join(lines).rstrip("\n") + "\n"

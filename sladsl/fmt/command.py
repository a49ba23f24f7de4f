"""``sladsl fmt``: rewrite specs in the one canonical layout, keeping every comment and word.

:func:`format_text` parses a spec, prints its tree with :class:`~sladsl.fmt.printer.Printer`
and then proves the result: the output must parse to a tree equal to the input's, ignoring
positions (:func:`structure`), or nothing is written. Files are replaced atomically
(:func:`sladsl.atomic.write_atomically`) and keep their permissions; a file that does not
parse is left alone and its diagnostics are printed.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Hashable
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path

import click

from .. import exits
from .. import nodes as n
from ..atomic import write_atomically
from ..errors import Diagnostic, SlaError, SlaSyntaxError, SlaUsageError, Span
from ..exits import code_for
from .document import FormatError
from .printer import Printer


def structure(value: object) -> Hashable:
    """A hashable, position-free picture of a node (or quantity, or tuple of them).

    Two documents with equal structures say the same thing in the same order with the same
    comments; only their layout differs. Decimals compare by their digits (``99.0`` is not
    ``99``), because the formatter promises to keep numbers as written. Comment text is
    compared without trailing spaces, which the formatter drops.
    """
    if isinstance(value, n.Comment):
        return ("Comment", value.text.rstrip())
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    if isinstance(value, tuple | list):
        return tuple(structure(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(
            (f.name, structure(getattr(value, f.name))) for f in fields(value)
            if f.name != "span" and not f.name.endswith("_span")))
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"structure() has no rule for {type(value).__name__}")


def parse_document(text: str, file: str = "<string>") -> tuple[n.Document, str]:
    """The tree of a spec and the normalised text it came from; raises on syntax errors."""
    from ..syntax.builder import build
    from ..syntax.parser import normalise, parse

    clean, diags = normalise(text, file)
    if clean is None:
        raise SlaSyntaxError(diags, text)
    result = parse(clean, file)
    if result.tree is None:
        raise SlaSyntaxError(result.diagnostics, clean)
    return build(result.tree, result.comments, file), clean


def format_document(document: n.Document, source: str) -> str:
    """The canonical text of a parsed document (``source`` is the text it was parsed from)."""
    return Printer(document, source).format()


def format_text(text: str, file: str = "<string>") -> str:
    """The canonical text of a spec; raises :class:`SlaError` if it does not parse.

    The result is checked by parsing it again: if its tree differs from the input's in
    anything but positions, :class:`FormatError` is raised instead of returning it.
    """
    document, clean = parse_document(text, file)
    output = format_document(document, clean)
    try:
        again, _ = parse_document(output, file)
    except SlaSyntaxError as exc:
        raise _internal(file, "its output does not parse: " + exc.diagnostics[0].message,
                        text) from exc
    if structure(again) != structure(document):
        raise _internal(file, "its output would change the meaning of the file", text)
    return output


def _internal(file: str, what: str, text: str) -> FormatError:
    return FormatError([Diagnostic(
        "F002", "error", f"the formatter cannot format this file safely: {what}",
        Span.point(file, 1, 1), "the file is left as it was; please report this with the file")],
        text)


def read_source(path: str) -> str:
    """The text of a spec file (``-`` is standard input); raises :class:`SlaError`."""
    from ..syntax.parser import decode

    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise SlaUsageError([Diagnostic(
            "E007", "error", f"cannot read the file: {exc.strerror or type(exc).__name__}",
            Span.point(path, 1, 1), "check the path and permissions")]) from exc
    text, diags = decode(data, path)
    if text is None:
        raise SlaSyntaxError(diags)
    # decode() normalises line endings; the comparison with the output must see the original.
    return data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else data.decode("utf-8")


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        fromfile=f"{path} (original)",
                                        tofile=f"{path} (formatted)"))


def sla_files(paths: tuple[str, ...]) -> list[str]:
    """The files named, with each folder replaced by the ``.sla`` files under it, sorted."""
    out: list[str] = []
    for path in paths:
        if path != "-" and Path(path).is_dir():
            out.extend(str(p) for p in sorted(Path(path).rglob("*.sla")))
        else:
            out.append(path)
    return out


@click.command("fmt")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, allow_dash=True))
@click.option("--check", is_flag=True,
              help="write nothing; list the files that would change and exit 1 if any would")
@click.option("--diff", "show_diff", is_flag=True,
              help="write nothing; print a unified diff of the changes")
def fmt(files: tuple[str, ...], check: bool, show_diff: bool) -> None:
    """Rewrite .sla FILES in the canonical layout (- reads standard input; a folder means
    every .sla file under it).

    Comments and prose are kept exactly, and the meaning never changes: fmt checks that the
    formatted file parses to the same agreement before it writes anything.
    """
    failed = changed = False
    unusable = False  # a file that could not be read or written back: a usage error (2)
    for path in sla_files(files):
        try:
            before = read_source(path)
            after = format_text(before, path)
        except SlaError as exc:
            click.echo(exc.render(), err=True)
            click.echo(f"{path}: not formatted", err=True)
            if code_for(exc) == exits.USAGE:
                unusable = True
            else:
                failed = True
            continue
        if path == "-" and not (check or show_diff):
            click.echo(after, nl=False)
            continue
        if after == before:
            continue
        changed = True
        if show_diff:
            click.echo(unified_diff(path, before, after), nl=False)
        if check:
            click.echo(f"would reformat {path}")
        elif not show_diff:
            try:
                write_atomically(path, after)
            except OSError as exc:
                click.echo(f"{path}: cannot write the file: {exc.strerror or exc}; "
                           "it is left as it was", err=True)
                unusable = True
                continue
            click.echo(f"reformatted {path}", err=True)
    if unusable:
        sys.exit(exits.USAGE)
    sys.exit(exits.WANTING if failed or (check and changed) else exits.OK)

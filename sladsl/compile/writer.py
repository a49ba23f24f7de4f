"""The code writer every target writes through: lines, indentation, comments, literals.

Nothing from a spec is ever glued into generated code as raw text. Strings become
``repr()`` literals (split into pieces that fit the line), names become identifiers only
through :func:`identifier` (``[a-z0-9_]`` plus a counter), and comments pass through
:func:`comment_text`, which escapes anything that could end a comment line.
"""

from __future__ import annotations

import re
import unicodedata

LINE_LIMIT = 99


class CodeWriter:
    """Accumulates lines at an indentation level (``writeline``/``indent``/``outdent``)."""

    def __init__(self, unit: str = "    ", comment: str = "#") -> None:
        self.unit = unit
        self.comment_prefix = comment
        self.level = 0
        self.lines: list[str] = []

    @property
    def width(self) -> int:
        """Characters left on a line at the current indentation."""
        return LINE_LIMIT - len(self.unit) * self.level

    def writeline(self, text: str = "") -> None:
        self.lines.append((self.unit * self.level + text).rstrip() if text else "")

    def blank(self, count: int = 1) -> None:
        """Ends the text with at least ``count`` empty lines (none at the very start)."""
        trailing = 0
        for line in reversed(self.lines):
            if line:
                break
            trailing += 1
        if self.lines:
            self.lines.extend([""] * max(0, count - trailing))

    def indent(self) -> None:
        self.level += 1

    def outdent(self) -> None:
        if self.level == 0:
            raise ValueError("outdent below the left margin")
        self.level -= 1

    def comment(self, text: str) -> None:
        """One or more comment lines, wrapped to fit; ``text`` is escaped first."""
        prefix = self.comment_prefix + " "
        for line in wrap(comment_text(text), self.width - len(prefix)):
            self.writeline(prefix + line)

    def getvalue(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def comment_text(text: str) -> str:
    """Text safe inside a one-line comment: no line breaks, no invisible or control
    characters (they are written as ``\\n``, ``\\u202e`` …), no NUL."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == " " or (ch.isprintable() and unicodedata.category(ch)[0] not in "CZ"):
            out.append(ch)
        else:
            out.append(ascii(ch)[1:-1])
    return "".join(out)


def wrap(text: str, width: int) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` characters (a long word stays whole
    only if it must; it is then cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def string_pieces(text: str, width: int) -> list[str]:
    """``text`` as one or more Python string literals (``repr``) each at most ``width``
    characters long; written one per line inside parentheses they concatenate to ``text``."""
    if len(repr(text)) <= width:
        return [repr(text)]
    pieces: list[str] = []
    current = ""
    for ch in text:
        if current and len(repr(current + ch)) > width:
            pieces.append(repr(current))
            current = ""
        current += ch
        # Break after spaces and line ends so the pieces read like the text.
        if ch == "\n" or (ch == " " and len(repr(current)) > width * 3 // 4):
            pieces.append(repr(current))
            current = ""
    if current:
        pieces.append(repr(current))
    return pieces


_IDENT = re.compile(r"[^a-z0-9]+")


def identifier(prefix: str, counter: int, name: str = "", limit: int = 40) -> str:
    """A safe identifier: ``prefix_counter_name`` with ``name`` reduced to ``[a-z0-9_]``.

    The prefix makes it start with a letter and never a keyword; the counter keeps two
    names that reduce to the same text apart.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    tail = _IDENT.sub("_", ascii_name.lower()).strip("_")[:limit].strip("_")
    return f"{prefix}_{counter}" + (f"_{tail}" if tail else "")


def sql_string(text: str) -> str:
    """A SQL string literal: quotes doubled, nothing else to escape in standard SQL."""
    return "'" + text.replace("'", "''") + "'"

"""The output side of the formatter: a line writer and the word-level spelling of values.

:class:`Writer` is the small Jinja-style writer the printer goes through (``writeline``,
``indent``, ``outdent``); it owns indentation, blank lines and the wrapping of long sentences.
The functions below spell strings, numbers and quantities the one canonical way.
"""

from __future__ import annotations

from decimal import Decimal

from ..quantities import Count, Duration, Money, Percent, Quantity, Score

#: Sentences are wrapped to stay within this many columns where the words allow it.
WIDTH = 100
#: Spaces per block level, and the extra indentation of a sentence's continuation lines.
STEP = 2


class Writer:
    """Collects output lines at the current indentation level.

    Blank lines are requested with :meth:`blank` and written lazily, so that a block never
    starts with a blank line, two requests never make two blank lines, and the file never
    starts or ends with one.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.level = 0
        self._blank = False
        self._block_start = True

    def indent(self) -> None:
        self.level += 1
        self._block_start = True

    def outdent(self) -> None:
        self.level -= 1

    def blank(self) -> None:
        """Asks for one blank line before the next line written (ignored at a block start)."""
        self._blank = True

    def writeline(self, text: str, extra: int = 0) -> None:
        """Writes one line at the current level (plus ``extra`` spaces); ``""`` is blank."""
        if self._blank and self.lines and not self._block_start:
            self.lines.append("")
        self._blank = False
        self._block_start = False
        self.lines.append((" " * (self.level * STEP + extra) + text) if text else "")

    def sentence(self, words: list[str], trailing: str | None = None) -> None:
        """Writes one statement, wrapped at :data:`WIDTH` with continuation lines indented.

        A line may break between two words unless :func:`joined` says they belong together
        ("calendar month", "priority 1", "2 business days", a word ending in ``:`` and the
        next), and never inside a word: a quoted string is one word. A run of joined words
        longer than the line is written whole.
        """
        margin = self.level * STEP
        lines: list[list[str]] = [[]]
        for word in words:
            current = lines[-1]
            width = margin + (STEP if len(lines) > 1 else 0) + len(" ".join(current))
            if not current or width + 1 + len(word) <= WIDTH:
                current.append(word)
                continue
            run = current + [word]
            cut = next((k for k in range(len(run) - 1, 0, -1)
                        if not joined(run[k - 1], run[k])), None)
            if cut is None:
                current.append(word)
            else:
                lines[-1] = run[:cut]
                lines.append(run[cut:])
        for i, line in enumerate(lines):
            text = " ".join(line)
            if trailing is not None and i == len(lines) - 1:
                text += "  " + trailing
            self.writeline(text, STEP if i else 0)

    def getvalue(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


#: Words that read as one phrase with the word after them: "calendar month", "rolling 30
#: days", "business days", "priority 1", "at least", "more than", "time zone".
_GLUE_AFTER = frozenset({"calendar", "rolling", "business", "priority", "at", "more", "less",
                         "time", "public", "per", "each", "the", "a", "an"})


def joined(before: str, after: str) -> bool:
    """Whether a line must not break between ``before`` and ``after``."""
    return (before.endswith(":") or before.lower() in _GLUE_AFTER
            or before[:1].isdigit() or after[:1].isdigit())


# ---------------------------------------------------------------- spelling of values

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def quote(text: str) -> str:
    """A string literal for ``text``: the inverse of the builder's ``unquote``."""
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'


def number(value: Decimal) -> str:
    """Digits as written (``99.0`` stays ``99.0``), never in exponent form."""
    return format(value, "f")


def money_amount(value: Decimal) -> str:
    """Money with thousands separators: ``12000.50`` → ``12,000.50``."""
    return format(value, ",f")


def plural(word: str, count: Decimal) -> str:
    return word if count == 1 else word + "s"


def duration(q: Duration) -> str:
    unit = "ms" if q.unit == "ms" else plural(q.unit, q.value)
    business = "business " if q.business else ""
    suffix = f" of {q.calendar}" if q.calendar else ""
    return f"{number(q.value)} {business}{unit}{suffix}"


def quantity(q: Quantity) -> str:
    """The canonical spelling of a quantity, e.g. ``99.95%``, ``EUR 12,000``, ``4 hours``."""
    if isinstance(q, Percent):
        return f"{number(q.value)}%"
    if isinstance(q, Duration):
        return duration(q)
    if isinstance(q, Money):
        amount = money_amount(q.amount)
        return f"{q.currency} {amount}" if q.currency else amount
    if isinstance(q, Score):
        return f"{number(q.value)} out of {number(q.scale)}"
    if isinstance(q, Count):
        return number(q.value)
    raise TypeError(f"no spelling for quantity type {type(q).__name__}")


def ordinal(value: Decimal) -> str:
    """``95`` → ``95th``, ``1`` → ``1st``, ``99.9`` → ``99.9th``."""
    text = number(value)
    if "." in text:
        return text + "th"
    tens = int(text) % 100
    suffix = "th" if 10 <= tens <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(tens % 10, "th")
    return text + suffix

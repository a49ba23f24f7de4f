"""The situation of a syntax error, and the registry of the rules that explain it.

Lark reports what token it found and which it expected. :func:`situation` turns that into a
:class:`Situation` (the word as written, what was expected, the statement and the block it
sits in); the curated rules of :mod:`sladsl.syntax.messages` register themselves with
:func:`rule` or :func:`when` and read it.

Lark's keywords carry no word boundary, so ``availabilty`` lexes as the keyword ``a`` and fails
on ``vailabilty``. When an error falls inside a word, the statement is parsed again up to the
start of that word, so that the rules see the whole word and what was expected in its place.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from .layout import end_of_words, strip_comment

#: Parses a text with the entry point of the failing statement; returns the failure, if any.
Reparse = Callable[[str], "BaseException | None"]


@dataclass(frozen=True, slots=True)
class Problem:
    """A syntax error ready for display, positioned within the parsed text (1-based)."""

    code: str
    message: str
    hint: str
    line: int
    column: int
    width: int = 1


@dataclass(frozen=True, slots=True)
class Situation:
    found_type: str  # terminal name, or "" when no token could be formed
    found: str  # the offending word or character as written
    expected: frozenset[str]  # terminal names the parser would have accepted
    keywords: frozenset[str]  # literal words among them
    context: str  # kind of block the statement sits in
    statement: str  # the statement's first line, without a trailing comment
    before: str  # text of the line before the error
    after: str  # text of the line from the error on
    line: int
    column: int
    prev_end: tuple[int, int]  # just after the last word of the line above the error

    @property
    def chunk(self) -> str:
        """The text from the error to the next space, without trailing punctuation."""
        m = re.match(r"\S*", self.after)
        return (m.group(0) if m else "").rstrip(".,:;") or self.found

    @property
    def starts_line(self) -> bool:
        """Whether the error is at the first word of a line other than the statement's first."""
        return self.line > 1 and not self.before.strip()


_FRIENDLY = {
    "NUMBER": "a number", "STRING": 'a quoted name such as "Monthly Fee"',
    "PROSE": 'a prose block in """ quotes', "WORD": "a word",
    "NAME": "a capitalised name such as the Customer or Monthly Fee",
    "DATE": "a date such as 2026-01-01", "TIME": "a time such as 09:00",
    "PERIOD": "a month such as April 2026", "ORDINAL": "a percentile such as 95th",
    "CURRENCY": "a currency code such as EUR", "TZ": "a time zone such as Europe/London",
    "REGION": "a country or region code such as GB or US-CA", "DAY": "a day such as Monday",
    "POSSESSIVE": "'s", "_NL": "the end of the line", "_INDENT": "an indented block",
    "_DEDENT": "the end of the block", "$END": "the end of the file",
}

SECTION_WORDS = ("definitions", "service", "responsibilities", "exclusions", "service credits",
                  "reporting", "examples")
UNITS = ("ms", "milliseconds", "seconds", "minutes", "hours", "days", "weeks", "months",
          "years", "business hours", "business days")
#: Abbreviations people write for units, and the word the language wants instead.
UNIT_ALIASES = {"msec": "ms", "msecs": "ms", "millis": "milliseconds", "sec": "seconds",
                 "secs": "seconds", "s": "seconds", "min": "minutes", "mins": "minutes",
                 "m": "minutes", "hr": "hours", "hrs": "hours", "h": "hours", "d": "days",
                 "wk": "weeks", "wks": "weeks", "mo": "months", "mos": "months",
                 "yr": "years", "yrs": "years"}
WINDOW_WORDS = {"every", "per", "each", "monthly", "quarterly", "yearly", "annually", "weekly",
                 "daily", "a", "within"}
NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {
    "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "ninety": "90", "hundred": "100"}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


@functools.cache
def _terminal_words(parser: Lark) -> dict[str, tuple[str, ...]]:
    """Terminal name to the literal words it matches (empty for pattern terminals)."""
    words: dict[str, tuple[str, ...]] = {}
    for term in parser.terminals:
        pattern = term.pattern
        if isinstance(pattern, PatternStr):
            words[term.name] = (pattern.value,)
        elif re.fullmatch(r"\(\?:[a-z |'\\ ]+(?:\|[a-z |'\\ ]+)*\)", pattern.value):
            words[term.name] = tuple(w.replace("\\ ", " ") for w in pattern.value[3:-1].split("|"))
        else:
            words[term.name] = ()
    return words


def describe(names: frozenset[str], parser: Lark) -> str:
    """'"shall", "must" or a number': the expected terminals, in words, sorted."""
    table = _terminal_words(parser)
    items: set[str] = set()
    for name in names:
        words = table.get(name, ())
        if words and name not in _FRIENDLY:
            items.update(f"`{w}`" for w in words)
        else:
            items.add(_FRIENDLY.get(name, name.lower()))
    ordered = sorted(items, key=lambda s: (not s.startswith("`"), s))
    if len(ordered) > 12:
        ordered = ordered[:12] + ["…"]
    if len(ordered) <= 1:
        return "".join(ordered)
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def error_offset(exc: UnexpectedInput, text: str) -> int:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream
    else:
        assert isinstance(exc, UnexpectedToken)
        pos = exc.token.start_pos
    return pos if isinstance(pos, int) else len(text)


def situation(exc: UnexpectedInput, text: str, context: str, parser: Lark,
               word_start: int | None = None) -> Situation:
    table = _terminal_words(parser)
    lines = text.split("\n")
    if isinstance(exc, UnexpectedCharacters):
        expected = frozenset(exc.allowed or ())
        found_type = ""
    else:
        assert isinstance(exc, UnexpectedToken)
        expected = frozenset(exc.expected or ())
        found_type = exc.token.type
    pos = error_offset(exc, text) if word_start is None else word_start
    if found_type in ("_NL", "_INDENT", "_DEDENT", "$END"):
        # A line break stands for the end of the line: point just after its last word.
        found = ""
        pos = end_of_words(text, min(pos, len(text)))
    elif word_start is not None:
        found = re.match(r"[\w'’-]*", text[pos:]).group(0) or text[pos:pos + 1]  # type: ignore[union-attr]
    elif isinstance(exc, UnexpectedCharacters):
        m = re.match(r"[\w'’%€$£.,:/+-]+|.", text[pos:])
        found = m.group(0) if m else ""
    else:
        found = str(exc.token)
    found = _shown(found)
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    keywords = frozenset(w for name in expected for w in table.get(name, ()))
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    prev = strip_comment(lines[line - 2]) if line >= 2 else ""
    return Situation(found_type, found, expected, keywords, context,
                      strip_comment(lines[0]), src[: max(0, column - 1)],
                      src[max(0, column - 1):], line, column,
                      (max(1, line - 1), len(prev) + 1))


def _shown(found: str) -> str:
    """The offending text as a message quotes it: one line, printable, not too long."""
    found = found.split("\n", 1)[0]
    found = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in found)
    return found if len(found) <= 40 else found[:40] + "…"


Hit = tuple[str, str, str]
Rule = Callable[[Situation], "Hit | None"]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    """Registers a curated rule; rules run in the order they are defined."""
    RULES.append(fn)
    return fn


def when(code: str, message: str, hint: str) -> Callable[[Callable[[Situation], bool]], Rule]:
    """Registers a rule with a fixed message; ``{found}`` and ``{chunk}`` are filled in."""

    def register(test: Callable[[Situation], bool]) -> Rule:
        def fn(s: Situation) -> Hit | None:
            if not test(s):
                return None
            return code, message.format(found=s.found, chunk=s.chunk), hint
        fn.__name__ = test.__name__
        return rule(fn)

    return register


_EXAMPLES = {
    "top": 'service "Compute API":',
    "header": "time zone Europe/London",
    "definitions": '"Monthly Fee" is EUR 12,000.',
    "service": 'objective "Monthly Availability":',
    "objective": "the service shall be available at least 99.95% of the time in each "
                 "calendar month.",
    "responsibilities": "the Customer shall name a technical contact before 2026-01-15.",
    "exclusions": "scheduled maintenance announced at least 72 hours in advance, up to "
                  "4 hours in each calendar month.",
    "credits": 'for "Latency": 5% of the Monthly Fee when missed.',
    "tier": "below 99.95% and at least 99.0%: 10% of the Monthly Fee.",
    "reporting": 'the Provider shall report every calendar month through "the portal".',
    "examples": 'example "A 45-minute outage":',
    "example": "given 45 minutes of downtime in April 2026",
}
TITLE = 'agreement "Acme Cloud Platform Service Level Agreement"'
COMPARATORS = "at least, at most, more than, less than, below or above"


def example_for(context: str) -> str:
    """A valid statement of the given kind of block, for hints."""
    return _EXAMPLES.get(context, _EXAMPLES["top"])


def corrected(s: Situation, word: str, fallback: str, tight: bool = False) -> str:
    """The line as it should read, with ``word`` in place of the offending one."""
    line = ((s.before.rstrip() if tight else s.before) + word + s.after[len(s.found):]).strip()
    return f"write it as: {line}" if len(line) <= 100 and not s.found.endswith("…") else fallback


def with_end(statement: str, end: str) -> str:
    return statement + end if len(statement) <= 100 else f"… {statement[-60:].lstrip()}{end}"

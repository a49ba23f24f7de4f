"""Syntax highlighting for ``.sla`` files: a Pygments lexer and the ``sladsl show`` command.

:class:`SlaLexer` is registered through the ``pygments.lexers`` entry point, so
``pygmentize -l sla``, Markdown code fences (```` ```sla ````) and any other Pygments-based tool
highlight agreements once sladsl is installed.

The vocabulary comes from the grammar, but importing this module must stay cheap
(``pygmentize`` loads it for one file), so the words are kept here as constants rather than read
from the Lark parser at import time. :func:`grammar_vocabulary` reads them from the grammar, and
a test fails with the new constants to paste when the two drift apart.

Token types, chosen so that the parts a reader checks stand out from the connecting words:

========================  ====================================================================
``Keyword.Declaration``   block heads: ``agreement``, ``definitions:``, ``service "…":`` …
``Keyword``               every other word of the grammar (``shall``, ``at least``, ``within``)
``Keyword.Type``          units: ``%``, ``ms``, ``hours``, ``business days``, ``EUR``, ``month``
``Number``                the number of a quantity (``99.95``, ``12,000``), ordinals (``95th``)
``Literal.Date``          dates, times, periods and days: ``2026-01-01``, ``09:00``, ``Q2 2026``
``String.Double``         quoted text: titles, party names, objective names
``String.Doc``            ``\"\"\"`` prose blocks, rendered verbatim and never executed
``Name.Constant``         defined terms and parties: ``"Monthly Fee" means``, ``the Customer``
``Name.Builtin``          names from outside registries: time zones, holiday regions
``Comment.Single``        ``# comments``
========================  ====================================================================
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, ClassVar

import click
from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Punctuation,
    String,
    Text,
    Token,
    Whitespace,
    _TokenType,
)

from .. import exits

# Pygments' stubs leave `bygroups` untyped; it returns a token callback.
_groups: Callable[..., Any] = bygroups

__all__ = ["KEYWORDS", "UNITS", "SlaLexer", "grammar_vocabulary", "show"]

#: Lowercase words of the grammar that are not units (checked against the grammar by a test).
KEYWORDS: tuple[str, ...] = (
    "a", "above", "advance", "after", "agreement", "all", "an", "and", "announced", "any",
    "applies", "are", "as", "assessed", "at", "availability", "available", "average", "be",
    "before", "below", "billed", "buckets", "by", "calendar", "called", "capped", "caused",
    "claim", "claimed", "closure", "complete", "computed", "consecutive", "contact", "counts",
    "credit", "credits", "currency", "customer", "decimal", "definitions", "did", "down",
    "downtime", "during", "each", "effective", "emergency", "end", "error", "even", "every",
    "example", "examples", "except", "excluded", "exclusions", "exclusive", "fail", "failed",
    "fails", "fees", "first", "for", "force", "forfeited", "from", "full", "given", "half",
    "histogram", "holidays", "if", "in", "incident", "incidents", "interpolation", "interval",
    "is", "issued", "it", "least", "left", "less", "linear", "longer", "maintenance", "majeure",
    "may", "means", "measured", "measurement", "met", "minus", "missed", "more", "most", "must",
    "nearest", "net", "no", "not", "objective", "of", "on", "only", "or", "out", "over", "paid",
    "per",
    "percentage", "percentages", "percentile", "percentiles", "period", "places", "planned",
    "previous", "priority", "probe", "probes", "promoter", "provider", "public", "rank", "rate",
    "rates", "receive", "received", "receives", "remedy", "renewing", "report", "reporting",
    "request", "requests", "resolution", "resolved", "response", "responses", "responsibilities",
    "reviewed", "rolling", "rounded", "runs", "satisfaction", "scheduled", "score", "scores",
    "service", "shall", "sole", "succeed", "takes", "terminate", "than", "the", "then", "this",
    "through", "ticket", "tickets", "time", "times", "to", "together", "turnaround", "unavailable",
    "until", "up", "version", "waiting", "were", "when", "within", "without", "zone",
)

#: Unit words: the grammar's ``*_UNIT`` terminals and ``business`` (as in ``2 business days``).
UNITS: tuple[str, ...] = (
    "business", "day", "days", "hour", "hours", "millisecond", "milliseconds", "minute",
    "minutes", "month", "months", "ms", "quarter", "quarters", "second", "seconds", "week",
    "weeks", "year", "years",
)

#: Block heads, highlighted as declarations where they open a block (a subset of KEYWORDS).
DECLARATIONS: tuple[str, ...] = (
    "agreement", "definitions", "examples", "example", "exclusions", "objective", "reporting",
    "responsibilities", "service",
)

# A word of the language ends where the grammar's WORD terminal would end; `\b` is not enough
# because `at-least` or `45-minute` must not light up a keyword inside a hyphenated word.
_BEFORE = r"(?<![\w'’-])"
_AFTER = r"(?![\w'’-])"
_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)"
_STRING = r'"(?:[^"\\\n]|\\.)*"'
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
           "|December")
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NAME = r"[A-Z][A-Za-z0-9_&-]*(?:[ ][A-Z][A-Za-z0-9_&-]*)*(?:['’]s(?!\w))?"
_HS = r"[ \t]+"


class SlaLexer(RegexLexer):
    """Pygments lexer for ``.sla`` service level agreements."""

    name = "SLA"
    aliases: ClassVar[list[str]] = ["sla"]
    filenames: ClassVar[list[str]] = ["*.sla"]
    mimetypes: ClassVar[list[str]] = ["text/x-sla"]
    url = "https://pypi.org/project/sladsl/"
    flags = re.MULTILINE
    # Slash also claims `*.sla`; without any text to look at, prefer the agreement language.
    priority = 0.1

    tokens: ClassVar[dict[str, Any]] = {
        "root": [
            # A prose block left open runs to the end of the text, as it would while typing.
            (r'"""[\s\S]*?(?:"""|\Z)', String.Doc),
            (r"#[^\n]*", Comment.Single),
            # Block heads, where they open a block; elsewhere the same words are plain keywords.
            (rf"^([ \t]*)(service)({_HS})(credits)(?=[ \t]*:)",
             _groups(Whitespace, Keyword.Declaration, Whitespace, Keyword.Declaration)),
            (r"^([ \t]*)(definitions|responsibilities|exclusions|reporting|examples)(?=[ \t]*:)",
             _groups(Whitespace, Keyword.Declaration)),
            (rf"^([ \t]*)(agreement|service|objective|example)(?={_HS}\")",
             _groups(Whitespace, Keyword.Declaration)),
            # The term a definition introduces, and the name a party is called by.
            (rf"^([ \t]*)({_STRING})(?={_HS}(?:means|is|are){_AFTER})",
             _groups(Whitespace, Name.Constant)),
            (rf"{_BEFORE}(called)({_HS})({_STRING})",
             _groups(Keyword, Whitespace, Name.Constant)),
            (_STRING, String.Double),
            (r'"(?:[^"\\\n]|\\.)*\\?', String.Double),  # unterminated: colour it while typing
            # Dates, times and periods come before numbers: `2026-04` is not `2026` and `-04`.
            (r"\d{4}-\d{2}-\d{2}", Literal.Date),
            (rf"(?:{_MONTHS})[ ]\d{{4}}(?!\d)|Q[1-4][ ]\d{{4}}(?!\d)|\d{{4}}-\d{{2}}(?![-\d])",
             Literal.Date),
            (r"\d{1,2}:\d{2}", Literal.Date),
            (rf"(?:{_DAYS}){_AFTER}", Literal.Date),
            (r"\d+(?:\.\d+)?(?:st|nd|rd|th)(?!\w)", Number),
            # Quantities: the number and its unit are separate tokens of distinct types.
            (rf"[A-Z]{{3}}(?={_HS}{_NUMBER})", Keyword.Type),
            (rf"(currency)({_HS})([A-Z]{{3}})(?!\w)", _groups(Keyword, Whitespace, Keyword.Type)),
            (rf"{_NUMBER}\.\d+", Number.Float),
            (_NUMBER, Number.Integer),
            (r"%", Keyword.Type),
            (words(UNITS, prefix=_BEFORE, suffix=_AFTER), Keyword.Type),
            # Names that come from outside registries: IANA time zones and ISO 3166 regions.
            (rf"(zone)({_HS})([A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*)",
             _groups(Keyword, Whitespace, Name.Builtin)),
            (rf"(holidays)({_HS})(in)({_HS})([A-Z]{{2}}(?:-[A-Z0-9]{{1,3}})?)(?!\w)",
             _groups(Keyword, Whitespace, Keyword, Whitespace, Name.Builtin)),
            (words(KEYWORDS, prefix=_BEFORE, suffix=_AFTER), Keyword),
            (_NAME, Name.Constant),
            (r"[A-Za-z][A-Za-z'’-]*", Text),  # free words: the action of a responsibility
            (r"[:.,]", Punctuation),
            # Newlines end a token so that `^` rules see the start of the next line.
            (r"\s*\n", Whitespace),
            (r"[^\S\n]+", Whitespace),
        ],
    }

    @staticmethod
    def analyse_text(text: str) -> float:
        """Guesses ``.sla`` for text that opens with an agreement line."""
        if re.search(r'^agreement[ \t]+"', text, re.MULTILINE):
            return 0.6
        if re.search(r'^[ \t]*(?:service|objective)[ \t]+"[^"\n]*"[ \t]*:', text, re.MULTILINE):
            return 0.3
        return 0.0


def grammar_vocabulary() -> tuple[set[str], set[str]]:
    """The grammar's literal words, as (keywords, units); for the test that guards the constants.

    Builds the Lark parser, so it is for tests and tools, never for the lexer itself.
    """
    from lark.lexer import PatternStr

    from ..syntax.parser import lark_parser

    keywords: set[str] = set()
    units: set[str] = {"business"}
    for terminal in lark_parser().terminals:
        value = terminal.pattern.value
        found: list[str] = []
        if isinstance(terminal.pattern, PatternStr):
            if re.fullmatch(r"[a-z]+", value):
                found = [value]
        else:
            # Lark compiles `A: "x" | "y z"` to `(?:x|y\ z)`; other regexes are not words.
            match = re.fullmatch(r"\(\?:((?:[a-z|]|\\ )+)\)", value)
            if match:
                found = [w for alt in match.group(1).split("|") for w in alt.split("\\ ")]
        (units if terminal.name.endswith("_UNIT") else keywords).update(found)
    return keywords - units, units


def _formatter(style: str | None) -> Any:
    from pygments.formatters import Terminal256Formatter, TerminalFormatter

    if style is not None:
        return Terminal256Formatter(style=style)
    return TerminalFormatter(colorscheme=_SCHEME)


# Pygments' stock 16-colour scheme leaves dates plain and gives numbers the keyword colour; the
# values a reader checks (numbers, dates, defined terms) should each stand out. Pairs are the
# colours for light and dark backgrounds; `*x*` is bold.
_SCHEME: dict[_TokenType, tuple[str, str]] = {
    Token: ("", ""),
    Comment: ("gray", "brightblack"),
    Keyword: ("blue", "brightblue"),
    Keyword.Declaration: ("*blue*", "*brightblue*"),
    Keyword.Type: ("cyan", "brightcyan"),
    Number: ("magenta", "brightmagenta"),
    Literal.Date: ("green", "brightgreen"),
    String: ("yellow", "yellow"),
    String.Doc: ("", ""),  # prose is the contract's own wording: keep it plain and readable
    Name.Constant: ("red", "brightred"),
    Name.Builtin: ("cyan", "brightcyan"),
    Error: ("_brightred_", "_brightred_"),
}


@click.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--color/--no-color", default=None,
              help="colour the output (default: only when writing to a terminal)")
@click.option("--style", default=None, metavar="NAME",
              help="a Pygments style for 256-colour terminals, e.g. monokai")
def show(spec: str, color: bool | None, style: str | None) -> None:
    """Print SPEC with syntax highlighting."""
    from pygments import highlight
    from pygments.styles import get_all_styles

    from ..syntax.parser import decode

    with open(spec, "rb") as handle:
        text, diags = decode(handle.read(), spec)
    if text is None:
        for d in diags:
            click.echo(d.render(), err=True)
        sys.exit(exits.WANTING)
    if color is None:
        color = sys.stdout.isatty()
    if not color:
        click.echo(text, nl=False)
        return
    if style is not None and style not in set(get_all_styles()):
        raise click.BadParameter(f"unknown style {style!r}; try `pygmentize -L styles`",
                                 param_hint="--style")
    lexer = SlaLexer(stripnl=False, ensurenl=True)
    click.echo(highlight(text, lexer, _formatter(style)), nl=False, color=True)

"""Curated syntax error messages: common mistakes explained in a lawyer's terms.

Lark reports what token it found and which it expected. :func:`explain` turns that into a
:class:`Problem`: a code, a plain-English message, the position, and a hint with a valid
example. The rules are tried in order; the first that recognises the mistake wins, and a
generic "expected one of …" message is the fallback.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr


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
class _Situation:
    found_type: str  # terminal name, or "" when no token could be formed
    found: str  # the offending word or character as written
    expected: frozenset[str]  # terminal names the parser would have accepted
    keywords: frozenset[str]  # literal words among them
    context: str  # kind of block the statement sits in
    statement: str  # the statement's first line
    before: str  # text of the line before the error
    line: int
    column: int


_FRIENDLY = {
    "NUMBER": "a number",
    "STRING": 'a quoted name such as "Monthly Fee"',
    "PROSE": 'a prose block in """ quotes',
    "NAME": "a capitalised name such as the Customer or Monthly Fee",
    "WORD": "a word",
    "DATE": "a date such as 2026-01-01",
    "TIME": "a time such as 09:00",
    "PERIOD": "a month such as April 2026",
    "ORDINAL": "a percentile such as 95th",
    "CURRENCY": "a currency code such as EUR",
    "REGION": "a country or region code such as GB or US-CA",
    "TZ": "a time zone such as Europe/London",
    "DAY": "a day such as Monday",
    "POSSESSIVE": "'s",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the block",
    "$END": "the end of the file",
}

_SECTION_WORDS = ("definitions", "service", "responsibilities", "exclusions", "service credits",
                  "reporting", "examples")
_UNITS = ("ms", "milliseconds", "seconds", "minutes", "hours", "days", "weeks", "months",
          "years", "business hours", "business days")


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


def _situation(exc: UnexpectedInput, text: str, context: str, parser: Lark) -> _Situation:
    table = _terminal_words(parser)
    lines = text.split("\n")
    if isinstance(exc, UnexpectedCharacters):
        expected = frozenset(exc.allowed or ())
        line, column = exc.line, exc.column
        rest = text[exc.pos_in_stream:]
        m = re.match(r"[\w'’%€$£.,:/-]+|.", rest)
        found = m.group(0) if m else ""
        found_type = ""
    else:
        assert isinstance(exc, UnexpectedToken)
        expected = frozenset(exc.expected or ())
        tok = exc.token
        found_type = tok.type
        found = "" if tok.type in ("_NL", "_INDENT", "_DEDENT", "$END") else str(tok)
        line = tok.line if isinstance(tok.line, int) else len(lines)
        column = tok.column if isinstance(tok.column, int) else 1
    keywords = frozenset(w for name in expected for w in table.get(name, ()))
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    return _Situation(found_type, found, expected, keywords, context, lines[0],
                      src[: max(0, column - 1)], line, column)


Rule = Callable[[_Situation], "tuple[str, str, str] | None"]
_RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    _RULES.append(fn)
    return fn


def _example_for(context: str) -> str:
    return {
        "top": 'service "Compute API":',
        "header": 'time zone Europe/London',
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
    }.get(context, 'service "Compute API":')


# ---- lexical mistakes -------------------------------------------------------------------


@rule
def _unclosed_prose(s: _Situation) -> tuple[str, str, str] | None:
    if s.found_type == "" and s.found == '"' and s.before.rstrip().endswith('""') is False \
            and s.statement.lstrip().startswith('"""') and s.line == 1 and s.column == 1:
        return ("E102", "this prose block is never closed",
                'end the block with """ after its last word')
    return None


@rule
def _unclosed_string(s: _Situation) -> tuple[str, str, str] | None:
    if s.found_type == "" and s.found == '"':
        return ("E101", "this quoted text is not closed on the same line",
                'close the quotes before the end of the line: "Monthly Fee"')
    return None


@rule
def _smart_quotes(s: _Situation) -> tuple[str, str, str] | None:
    if s.found[:1] in ("“", "”", "‘", "«", "»"):
        return ("E128", "curly quotes are not allowed around names",
                'use straight double quotes: "Monthly Fee"')
    return None


@rule
def _decimal_comma(s: _Situation) -> tuple[str, str, str] | None:
    if re.search(r"\d$", s.before) and re.match(r",\d{1,2}(?!\d)", s.found):
        return ("E138", "decimals are written with a point, not a comma",
                "write 99.95% rather than 99,95%")
    return None


@rule
def _currency_symbol(s: _Situation) -> tuple[str, str, str] | None:
    if s.found[:1] in ("€", "$", "£", "¥"):
        return ("E116", "money is written with a currency code, not a symbol",
                "write the code then the amount: EUR 12,000")
    if s.found_type == "CURRENCY" or (
        re.fullmatch(r"[A-Z]{3}", s.found) and re.search(r"\d\s*$", s.before)
    ):
        return ("E116", "the currency code goes before the amount",
                "write EUR 12,000 rather than 12,000 EUR")
    return None


@rule
def _percent_first(s: _Situation) -> tuple[str, str, str] | None:
    if s.found.startswith("%") and "NUMBER" in s.expected:
        return ("E137", "the percent sign goes after the number", "write 99.9%, not %99.9")
    return None


@rule
def _time_format(s: _Situation) -> tuple[str, str, str] | None:
    if "TIME" in s.expected and s.found:
        return ("E131", f"`{s.found}` is not a time of day",
                "write times as 24-hour HH:MM: 09:00 to 17:00")
    return None


@rule
def _day_name(s: _Situation) -> tuple[str, str, str] | None:
    if "DAY" in s.expected and s.found:
        day = s.found.capitalize()
        if day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
            return ("E132", "day names are capitalised", f"write {day}")
        return ("E132", f"`{s.found}` is not a day of the week",
                "name days in full: Monday to Friday")
    return None


@rule
def _region(s: _Situation) -> tuple[str, str, str] | None:
    if "REGION" in s.expected and s.found:
        return ("E133", f"`{s.found}` is not a holiday region code",
                "use an ISO 3166 code in capitals, optionally with a subdivision: GB, DE, US-CA")
    return None


@rule
def _date_format(s: _Situation) -> tuple[str, str, str] | None:
    if "DATE" in s.expected and s.found_type != "_NL":
        return ("E114", f"`{s.found or 'this'}` is not a date in the form YYYY-MM-DD",
                "write dates as 2026-01-15")
    return None


@rule
def _period_format(s: _Situation) -> tuple[str, str, str] | None:
    if "PERIOD" in s.expected and s.found_type not in ("_NL",):
        return ("E139", "an example names the month it happens in",
                "write the month and year: in April 2026 (or 2026-04, or Q2 2026)")
    return None


@rule
def _time_zone(s: _Situation) -> tuple[str, str, str] | None:
    if "TZ" in s.expected:
        return ("E115", "a time zone is an IANA name",
                "write the zone as Region/City: time zone Europe/London")
    return None


# ---- structure --------------------------------------------------------------------------


@rule
def _unexpected_indent(s: _Situation) -> tuple[str, str, str] | None:
    if s.found_type == "_INDENT":
        return ("E109", "this line is indented, but the line above does not open a block",
                "indent a line only under a heading that ends with a colon, or line it up "
                "with the statements around it")
    return None


@rule
def _missing_block(s: _Situation) -> tuple[str, str, str] | None:
    if "_INDENT" in s.expected and s.found_type in ("_NL", "_DEDENT", "$END", "") or (
        s.expected == frozenset({"_INDENT"})
    ):
        return ("E110", "this heading needs an indented block of statements below it",
                f"indent the statements under it by two spaces, e.g.\n    {_example_for(s.context)}")
    return None


@rule
def _missing_colon(s: _Situation) -> tuple[str, str, str] | None:
    if "COLON" in s.expected and s.found_type in ("_NL", "_INDENT", "$END"):
        return ("E103", "a heading ends with a colon",
                f"add a colon at the end of the line: {s.statement.rstrip()}:")
    return None


@rule
def _missing_period(s: _Situation) -> tuple[str, str, str] | None:
    if "DOT" in s.expected and s.found_type in ("_NL", "$END", "_DEDENT"):
        return ("E104", "a sentence must end with a full stop",
                f"add a full stop at the end: {s.statement.rstrip()}.")
    return None


@rule
def _text_after_end(s: _Situation) -> tuple[str, str, str] | None:
    if s.expected <= {"_NL", "DOT"} and "_NL" in s.expected and s.found:
        return ("E126", "there is more text after the end of this statement",
                "put each statement on its own line")
    return None


@rule
def _unknown_section(s: _Situation) -> tuple[str, str, str] | None:
    if s.context == "top" and s.line == 1 and s.column == 1 and s.found:
        word = s.found.rstrip(":")
        near = difflib.get_close_matches(word, [*_SECTION_WORDS, "agreement"], n=1, cutoff=0.6)
        if near:
            return ("E105", f"unknown heading `{word}`; did you mean `{near[0]}`?",
                    f"sections are: {', '.join(_SECTION_WORDS)}")
        return ("E111", f"`{word}` does not start a section",
                f"top-level lines start a section: {', '.join(_SECTION_WORDS)}, or are "
                'a """ prose block """')
    return None


@rule
def _example_line(s: _Situation) -> tuple[str, str, str] | None:
    if s.context == "example" and s.line == 1 and s.column == 1 and s.found_type != "PROSE":
        return ("E135", "each line of a worked example starts with `given`, `then` or `and`",
                "given 45 minutes of downtime in April 2026")
    return None


@rule
def _credit_without_for(s: _Situation) -> tuple[str, str, str] | None:
    if s.context == "credits" and s.found_type == "STRING" and s.line == 1 and s.column == 1:
        return ("E136", "a credit rule starts with `for` and the objective's name",
                'for "Monthly Availability":')
    return None


@rule
def _tier_needs_threshold(s: _Situation) -> tuple[str, str, str] | None:
    if s.context == "tier" and "NUMBER" in s.expected and s.found_type in ("COLON", "AND", "DOT"):
        return ("E107", "a credit tier needs a percentage as its threshold",
                "below 99.9%: 10% of the Monthly Fee.")
    return None


@rule
def _credit_needs_amount(s: _Situation) -> tuple[str, str, str] | None:
    if s.context in ("tier", "credits") and {"NUMBER", "CURRENCY"} <= s.expected:
        return ("E108", "a credit needs an amount",
                "write a percentage of a fee or a fixed sum: 10% of the Monthly Fee, or EUR 500")
    return None


@rule
def _missing_unit(s: _Situation) -> tuple[str, str, str] | None:
    if "PERCENT" in s.expected and "TIME_UNIT" in s.expected and s.found:
        near = difflib.get_close_matches(s.found.lower(), _UNITS, n=1, cutoff=0.5)
        if near and s.found_type in ("", "WORD", "NAME"):
            return ("E122", f"unknown unit `{s.found}`; did you mean `{near[0]}`?",
                    "units are %, ms, seconds, minutes, hours, days, business hours, "
                    "business days")
    return None


@rule
def _missing_value(s: _Situation) -> tuple[str, str, str] | None:
    if "NUMBER" in s.expected and s.found_type in ("_NL", "DOT", "OF", "COLON"):
        return ("E106", "a number is missing here",
                "give the value with its unit: 99.95%, 300 ms, 4 hours, EUR 500")
    return None


@rule
def _percentile(s: _Situation) -> tuple[str, str, str] | None:
    if "ORDINAL" in s.expected:
        return ("E118", "a percentile is written as an ordinal",
                "the 95th percentile of response time shall be at most 300 ms in each "
                "calendar month.")
    return None


@rule
def _priority_number(s: _Situation) -> tuple[str, str, str] | None:
    if "NUMBER" in s.expected and re.search(r"\bpriority\s*$", s.before):
        return ("E119", "priorities are numbered", "priority 1 tickets, priority 2 tickets, …")
    return None


@rule
def _comparator(s: _Situation) -> tuple[str, str, str] | None:
    if {"AT", "BELOW"} <= s.expected and "NUMBER" not in s.expected:
        return ("E120", "say how the value compares with the target",
                "use at least, at most, more than, less than, below or above: "
                "at least 99.95%")
    return None


@rule
def _shall(s: _Situation) -> tuple[str, str, str] | None:
    if "SHALL" in s.expected and s.found.lower() in ("must", "will", "should", "shal", "shall:"):
        return ("E121", f"obligations are written with `shall`, not `{s.found}`",
                "the Provider shall …")
    return None


@rule
def _party_name(s: _Situation) -> tuple[str, str, str] | None:
    if "NAME" in s.expected and s.found[:1].islower():
        return ("E123", f"`{s.found}` should be a capitalised defined name",
                "write parties and defined terms as they are defined: the Customer, "
                "the Monthly Fee")
    return None


@rule
def _window(s: _Situation) -> tuple[str, str, str] | None:
    if re.search(r"\bin\s*$", s.before) and "EACH" in s.expected:
        return ("E117", "a measurement window reads `in each calendar month` or "
                "`in each rolling 30 days`", "… at least 99.95% of the time in each calendar month.")
    if "PERIOD_UNIT" in s.expected and "NUMBER" not in s.expected and s.found:
        return ("E134", f"`{s.found}` is not a calendar period",
                "use month, quarter, year or week, or a rolling window: in each rolling 30 days")
    return None


@rule
def _quoted_name(s: _Situation) -> tuple[str, str, str] | None:
    if "STRING" in s.expected and s.found_type in ("NAME", "WORD", "") and s.found[:1] != '"':
        return ("E125", "names and titles are written in double quotes",
                f'put the name in quotes, e.g. {_example_for(s.context)}')
    return None


@rule
def _called(s: _Situation) -> tuple[str, str, str] | None:
    if "CALLED" in s.expected:
        return ("E130", "a party needs the name the agreement calls it",
                'provider "Acme Cloud Ltd." called "the Provider"')
    return None


@rule
def _misspelt_keyword(s: _Situation) -> tuple[str, str, str] | None:
    word = s.found.rstrip(".:,")
    if word and re.fullmatch(r"[A-Za-z'’-]+", word):
        candidates = sorted(w for w in s.keywords if " " not in w)
        near = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.7)
        if near:
            return ("E105", f"unknown word `{word}`; did you mean `{near[0]}`?",
                    f"for example: {_example_for(s.context)}")
    return None


def explain(exc: UnexpectedInput, text: str, context: str, parser: Lark) -> Problem:
    """The first curated rule that recognises the mistake, or a generic message."""
    s = _situation(exc, text, context, parser)
    width = max(1, len(s.found))
    for fn in _RULES:
        hit = fn(s)
        if hit is not None:
            code, message, hint = hit
            return Problem(code, message, hint, s.line, s.column, width)
    what = f"`{s.found}`" if s.found else describe(frozenset({s.found_type}), parser)
    return Problem("E100", f"unexpected {what}; expected {describe(s.expected, parser)}",
                   f"for example: {_example_for(context)}", s.line, s.column, width)


def rule_count() -> int:
    """How many curated rules there are (the docs and tests report it)."""
    return len(_RULES)

"""Curated syntax error messages: common mistakes explained in a lawyer's terms.

Lark reports what token it found and which it expected. :func:`explain` turns that into a
:class:`Problem`: a code, a plain-English message, the position, and a hint with a valid
example. The rules are tried in order; the first that recognises the mistake wins, and a
generic "expected one of …" message is the fallback.

Lark's keywords carry no word boundary, so ``availabilty`` lexes as the keyword ``a`` and fails
on ``vailabilty``. When an error falls inside a word, the statement is parsed again up to the
start of that word, so that the rules see the whole word and what was expected in its place.
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
class _Situation:
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

_SECTION_WORDS = ("definitions", "service", "responsibilities", "exclusions", "service credits",
                  "reporting", "examples")
_UNITS = ("ms", "milliseconds", "seconds", "minutes", "hours", "days", "weeks", "months",
          "years", "business hours", "business days")
#: Abbreviations people write for units, and the word the language wants instead.
_UNIT_ALIASES = {"msec": "ms", "msecs": "ms", "millis": "milliseconds", "sec": "seconds",
                 "secs": "seconds", "s": "seconds", "min": "minutes", "mins": "minutes",
                 "m": "minutes", "hr": "hours", "hrs": "hours", "h": "hours", "d": "days",
                 "wk": "weeks", "wks": "weeks", "mo": "months", "mos": "months",
                 "yr": "years", "yrs": "years"}
_WINDOW_WORDS = {"every", "per", "each", "monthly", "quarterly", "yearly", "annually", "weekly",
                 "daily", "a", "within"}
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {
    "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "ninety": "90", "hundred": "100"}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


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


def _error_offset(exc: UnexpectedInput, text: str) -> int:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream
    else:
        assert isinstance(exc, UnexpectedToken)
        pos = exc.token.start_pos
    return pos if isinstance(pos, int) else len(text)


def _situation(exc: UnexpectedInput, text: str, context: str, parser: Lark,
               word_start: int | None = None) -> _Situation:
    table = _terminal_words(parser)
    lines = text.split("\n")
    if isinstance(exc, UnexpectedCharacters):
        expected = frozenset(exc.allowed or ())
        found_type = ""
    else:
        assert isinstance(exc, UnexpectedToken)
        expected = frozenset(exc.expected or ())
        found_type = exc.token.type
    pos = _error_offset(exc, text) if word_start is None else word_start
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
    return _Situation(found_type, found, expected, keywords, context,
                      strip_comment(lines[0]), src[: max(0, column - 1)],
                      src[max(0, column - 1):], line, column,
                      (max(1, line - 1), len(prev) + 1))


def _shown(found: str) -> str:
    """The offending text as a message quotes it: one line, printable, not too long."""
    found = found.split("\n", 1)[0]
    found = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in found)
    return found if len(found) <= 40 else found[:40] + "…"


Hit = tuple[str, str, str]
Rule = Callable[[_Situation], "Hit | None"]
_RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    """Registers a curated rule; rules run in the order they are defined."""
    _RULES.append(fn)
    return fn


def when(code: str, message: str, hint: str) -> Callable[[Callable[[_Situation], bool]], Rule]:
    """Registers a rule with a fixed message; ``{found}`` and ``{chunk}`` are filled in."""

    def register(test: Callable[[_Situation], bool]) -> Rule:
        def fn(s: _Situation) -> Hit | None:
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
_TITLE = 'agreement "Acme Cloud Platform Service Level Agreement"'
_COMPARATORS = "at least, at most, more than, less than, below or above"


def example_for(context: str) -> str:
    """A valid statement of the given kind of block, for hints."""
    return _EXAMPLES.get(context, _EXAMPLES["top"])


def _corrected(s: _Situation, word: str, fallback: str, tight: bool = False) -> str:
    """The line as it should read, with ``word`` in place of the offending one."""
    line = ((s.before.rstrip() if tight else s.before) + word + s.after[len(s.found):]).strip()
    return f"write it as: {line}" if len(line) <= 100 and not s.found.endswith("…") else fallback


def _with_end(statement: str, end: str) -> str:
    return statement + end if len(statement) <= 100 else f"… {statement[-60:].lstrip()}{end}"


# ---- whole-file and lexical mistakes -----------------------------------------------------


@rule
def _no_agreement(s: _Situation) -> Hit | None:
    if "AGREEMENT" in s.expected and "SERVICE" not in s.expected and s.found:
        if difflib.get_close_matches(s.found.lower(), ["agreement"], n=1, cutoff=0.75):
            return ("E105", f"unknown word `{s.found}`; did you mean `agreement`?", _TITLE)
        return ("E113", "a spec starts with the agreement's title line",
                f"begin the file with: {_TITLE}")
    return None


@when("E102", "this prose block is never closed",
      'end the block with """ on a line after its last word')
def _unclosed_prose(s: _Situation) -> bool:
    return s.found_type == "" and s.found == '"' and s.after.startswith('"""')


@when("E101", "this quoted text is not closed on the same line",
      'close the quotes before the end of the line: "Monthly Fee"')
def _unclosed_string(s: _Situation) -> bool:
    return s.found_type == "" and s.found == '"'


@when("E128", "curly quotes are not allowed around names",
      'use straight double quotes: "Monthly Fee"')
def _smart_quotes(s: _Situation) -> bool:
    return s.found[:1] in ("“", "”", "„", "«", "»")


@when("E129", "names are written in double quotes, not single quotes",
      'use straight double quotes: "Monthly Fee"')
def _single_quotes(s: _Situation) -> bool:
    return s.found[:1] in ("'", "‘", "’") and bool({"STRING", "PROSE"} & s.expected)


@when("E138", "decimals are written with a point, not a comma",
      "write 99.95% rather than 99,95%")
def _decimal_comma(s: _Situation) -> bool:
    return bool(re.search(r"\d$", s.before) and re.match(r",\d{1,2}(?!\d)", s.after))


@when("E116", "money is written with a currency code, not a symbol",
      "write the code then the amount: EUR 12,000")
def _currency_symbol(s: _Situation) -> bool:
    return s.found[:1] in ("€", "$", "£", "¥")


@when("E116", "the currency code goes before the amount",
      "write EUR 12,000 rather than 12,000 EUR")
def _currency_after(s: _Situation) -> bool:
    return s.found_type == "CURRENCY" or bool(
        re.fullmatch(r"[A-Z]{3}", s.found) and re.search(r"\d\s*$", s.before))


@rule
def _currency_case(s: _Situation) -> Hit | None:
    if "CURRENCY" in s.expected and re.fullmatch(r"[A-Za-z]{3}", s.found) \
            and not s.found.isupper():
        return ("E141", f"`{s.found}` is not a currency code; codes are three capital letters",
                "write the ISO 4217 code in capitals: " + _corrected(s, s.found.upper(),
                                                                     s.found.upper()))
    return None


@when("E137", "the percent sign goes after the number", "write 99.9%, not %99.9")
def _percent_first(s: _Situation) -> bool:
    return s.found.startswith("%") and "NUMBER" in s.expected


@when("E140", "percentages are written with the % sign",
      "write 99.95% rather than 99.95 percent")
def _percent_word(s: _Situation) -> bool:
    return "PERCENT" in s.expected and s.found.lower() in ("percent", "per", "pct", "percentage")


@when("E146", "comparisons are written in words, not symbols",
      f"write {_COMPARATORS}: at least 99.95%")
def _comparison_symbol(s: _Situation) -> bool:
    return s.found[:1] in ("<", ">", "≥", "≤", "=") and s.found_type in ("", "COLON")


@when("E148", "round-the-clock targets are written `, at any time`",
      "priority 1 tickets shall receive a first response within 15 minutes, at any time.")
def _round_the_clock(s: _Situation) -> bool:
    return bool(re.match(r"24\s*[/x×]\s*7\b|round the clock|24 hours a day", s.after))


@when("E131", "`{chunk}` is not a time of day", "write times as 24-hour HH:MM: 09:00 to 17:00")
def _time_format(s: _Situation) -> bool:
    return "TIME" in s.expected and bool(s.found)


@when("E131", "times are written on the 24-hour clock, without am or pm",
      "write 09:00 to 17:00")
def _am_pm(s: _Situation) -> bool:
    return bool(re.search(r"\d:\d\d$", s.before)) and s.found.lower() in ("am", "pm", "h")


@rule
def _day_name(s: _Situation) -> Hit | None:
    if "DAY" in s.expected and s.found:
        day = s.found.capitalize()
        if day in _DAYS:
            return ("E132", "day names are capitalised", f"write {day}")
        return ("E132", f"`{s.found}` is not a day of the week",
                "name days in full: Monday to Friday")
    return None


@when("E133", "`{found}` is not a holiday region code",
      "use an ISO 3166 code in capitals, optionally with a subdivision: GB, DE, US-CA")
def _region(s: _Situation) -> bool:
    return "REGION" in s.expected and bool(s.found)


@when("E114", "`{chunk}` is not a date in the form YYYY-MM-DD", "write dates as 2026-01-15")
def _date_format(s: _Situation) -> bool:
    return "DATE" in s.expected and bool(s.found)


@when("E139", "an example names the month it happens in",
      "write the month and year: in April 2026 (or 2026-04, or Q2 2026)")
def _period_format(s: _Situation) -> bool:
    return "PERIOD" in s.expected and bool(s.found)


@when("E115", "a time zone is an IANA name",
      "write the zone as Region/City: time zone Europe/London")
def _time_zone(s: _Situation) -> bool:
    return "TZ" in s.expected or bool(re.search(r"\btime\s+zone\s+\S+$", s.before))


# ---- structure --------------------------------------------------------------------------


@rule
def _missing_colon(s: _Situation) -> Hit | None:
    if "COLON" in s.expected and (s.found_type in ("_NL", "_INDENT", "$END") or s.starts_line):
        return ("E103", "a heading ends with a colon",
                f"add a colon at the end of the line: {_with_end(s.statement, ':')}")
    return None


@rule
def _missing_period(s: _Situation) -> Hit | None:
    if "DOT" in s.expected and (s.found_type in ("_NL", "$END", "_DEDENT") or s.starts_line):
        return ("E104", "a sentence must end with a full stop",
                f"add a full stop at the end: {_with_end(s.statement, '.')}")
    return None


@when("E109", "this line is indented more than the line above it, so it reads as part of "
      "that sentence", "line it up with the statement above; indent a line only under a "
      "heading that ends with a colon")
def _unexpected_indent(s: _Situation) -> bool:
    return s.found_type == "_INDENT" or (s.starts_line and "_NL" in s.expected)


@rule
def _missing_block(s: _Situation) -> Hit | None:
    if "_INDENT" in s.expected and s.found_type in ("_NL", "_DEDENT", "$END", "") or (
        s.expected == frozenset({"_INDENT"})
    ):
        return ("E110", "this heading needs an indented block of statements below it",
                f"indent the statements under it by two spaces, e.g.\n    {example_for(s.context)}")
    return None


@when("E126", "there is more text after the end of this statement",
      "put each statement on its own line, and end it with its full stop")
def _text_after_end(s: _Situation) -> bool:
    return s.expected <= {"_NL", "DOT"} and "_NL" in s.expected and bool(s.found)


@rule
def _unknown_section(s: _Situation) -> Hit | None:
    if s.context != "top" or s.line != 1 or s.column != 1 or not s.found:
        return None
    word = s.found.rstrip(":")
    sections = f"top-level lines start a section: {', '.join(_SECTION_WORDS)}"
    if not word.strip():
        return ("E111", "this line does not start a section", sections)
    near = difflib.get_close_matches(word.lower(), [*_SECTION_WORDS, "agreement"], n=1,
                                     cutoff=0.6)
    if near == ["agreement"]:
        return ("E105", f"unknown word `{word}`; did you mean `agreement`?", _TITLE)
    if near:
        return ("E105", f"unknown heading `{word}`; did you mean `{near[0]}`?", sections)
    return ("E111", f"`{word}` does not start a section", sections + ', or a """ prose block')


@when("E135", "each line of a worked example starts with `given`, `then` or `and`",
      "given 45 minutes of downtime in April 2026")
def _example_line(s: _Situation) -> bool:
    return s.context == "example" and s.line == s.column == 1 and s.found_type != "PROSE"


@when("E136", "a credit rule starts with `for` and the objective's name",
      'for "Monthly Availability": 5% of the Monthly Fee when missed.')
def _credit_without_for(s: _Situation) -> bool:
    return s.context == "credits" and s.found_type == "STRING" and s.line == s.column == 1


@when("E107", "a credit tier needs a percentage", "e.g. `below 99.9%: 10% of the Monthly Fee.`")
def _tier_needs_threshold(s: _Situation) -> bool:
    return s.context == "tier" and "NUMBER" in s.expected and s.found_type in (
        "COLON", "AND", "DOT")


@when("E108", "a credit needs an amount",
      "write a percentage of a fee or a fixed sum: 10% of the Monthly Fee, or EUR 500")
def _credit_needs_amount(s: _Situation) -> bool:
    return s.context in ("tier", "credits") and {"NUMBER", "CURRENCY"} <= s.expected


# ---- words ------------------------------------------------------------------------------


@rule
def _unit(s: _Situation) -> Hit | None:
    if {"TIME_UNIT", "PERCENT", "BUSINESS"} & s.expected and re.fullmatch(r"[A-Za-z]+", s.found):
        word = s.found.lower()
        near = [_UNIT_ALIASES[word]] if word in _UNIT_ALIASES else \
            difflib.get_close_matches(word, _UNITS, n=1, cutoff=0.7)
        if near:
            return ("E122", f"unknown unit `{s.found}`; did you mean `{near[0]}`?",
                    _corrected(s, near[0], "units are %, ms, seconds, minutes, hours, days, "
                               "business hours, business days"))
    return None


@rule
def _misspelt_keyword(s: _Situation) -> Hit | None:
    word = s.found.split(" ", 1)[0].rstrip(".:,")
    if word and word.lower() in s.keywords and word != word.lower():
        return ("E105", f"`{word}` is written in lower case: `{word.lower()}`",
                _corrected(s, s.found.lower(), f"for example: {example_for(s.context)}"))
    if word and re.fullmatch(r"[A-Za-z'’-]+", word):
        candidates = sorted(w for w in s.keywords if " " not in w)
        near = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.7)
        if near:
            return ("E105", f"unknown word `{word}`; did you mean `{near[0]}`?",
                    _corrected(s, near[0] + s.found[len(word):],
                               f"for example: {example_for(s.context)}"))
    return None


@rule
def _number_words(s: _Situation) -> Hit | None:
    if "NUMBER" in s.expected and s.found.lower() in _NUMBER_WORDS:
        return ("E142", "numbers are written in digits",
                f"write {_NUMBER_WORDS[s.found.lower()]} rather than {s.found}")
    return None


@when("E106", "a number is missing here",
      "give the value with its unit: 99.95%, 300 ms, 4 hours, EUR 500")
def _missing_value(s: _Situation) -> bool:
    return "NUMBER" in s.expected and s.found_type in ("_NL", "DOT", "OF", "COLON", "$END")


@when("E118", "a percentile is written as an ordinal",
      "the 95th percentile of response time shall be at most 300 ms in each calendar month.")
def _percentile(s: _Situation) -> bool:
    return "ORDINAL" in s.expected


@rule
def _priority_number(s: _Situation) -> Hit | None:
    if re.fullmatch(r"[Pp]\d+", s.found) and {"PRIORITY", "NUMBER"} & s.expected:
        return ("E119", f"priorities are written out: priority {s.found[1:]}, not {s.found}",
                f"priority {s.found[1:]} tickets shall receive a first response within "
                "15 minutes, at any time.")
    if "NUMBER" in s.expected and re.search(r"\bpriority\s*$", s.before):
        return ("E119", "priorities are numbered", "priority 1 tickets, priority 2 tickets, …")
    return None


@when("E147", "a range is written as two bounds joined by `and`",
      "below 99.9% and at least 99.0%: 10% of the Monthly Fee.")
def _between(s: _Situation) -> bool:
    return s.found.lower() == "between" and {"AT", "BELOW"} <= s.expected


@when("E120", "say how the value compares with the target",
      f"use {_COMPARATORS}: at least 99.95%")
def _comparator(s: _Situation) -> bool:
    return {"AT", "BELOW"} <= s.expected and "NUMBER" not in s.expected


@rule
def _shall(s: _Situation) -> Hit | None:
    if "SHALL" in s.expected and s.found.lower() in (
            "must", "will", "should", "shal", "can", "agrees", "is", "are"):
        return ("E121", f"obligations are written with `shall`, not `{s.found}`",
                _corrected(s, "shall", "the Provider shall …"))
    return None


@when("E123", "`{found}` should be a capitalised defined name",
      "write parties and defined terms as they are defined: the Customer, the Monthly Fee")
def _party_name(s: _Situation) -> bool:
    return "NAME" in s.expected and s.found[:1].islower()


@when("E117", "a measurement window reads `in each calendar month` or "
      "`in each rolling 30 days`", "… at least 99.95% of the time in each calendar month.")
def _window(s: _Situation) -> bool:
    return (bool(re.search(r"\bin\s*$", s.before)) and "EACH" in s.expected) or (
        "IN" in s.expected and s.found.lower() in _WINDOW_WORDS and "EACH" not in s.expected
    ) or ({"CALENDAR", "ROLLING"} <= s.expected and bool(s.found))


@when("E134", "`{found}` is not a calendar period",
      "use month, quarter, year or week, or a rolling window: in each rolling 30 days")
def _period_unit(s: _Situation) -> bool:
    return "PERIOD_UNIT" in s.expected and "NUMBER" not in s.expected and bool(s.found)


@rule
def _stray_colon(s: _Situation) -> Hit | None:
    if s.found == ":" and "COLON" not in s.expected:
        return ("E127", "there is no colon here; only headings end with one",
                _corrected(s, "", "remove the colon"))
    if s.found_type in ("NUMBER", "CURRENCY") and "COLON" in s.expected and s.context == "tier":
        return ("E143", "a colon goes between the threshold and the credit",
                _corrected(s, ": " + s.found, example_for("tier"), tight=True))
    return None


@rule
def _missing_the(s: _Situation) -> Hit | None:
    if s.found_type == "NAME" and "THE" in s.expected and "NAME" not in s.expected:
        return ("E124", f"a defined term is written with `the`: the {s.found}",
                _corrected(s, "the " + s.found, "the Monthly Fee"))
    return None


@rule
def _quoted_name(s: _Situation) -> Hit | None:
    if "STRING" in s.expected and s.found and s.found[:1] != '"' \
            and s.found_type not in ("STRING", "PROSE"):
        name = strip_comment(s.after).rstrip(".:").strip()
        end = s.after.strip()[len(name):len(name) + 1] if s.after.strip().startswith(name) else ""
        example = f'{s.before.strip()} "{name}"{end}'.strip()
        if len(example) > 100 or not name:
            example = example_for(s.context)
        return ("E125", "names and titles are written in double quotes",
                f"put it in double quotes: {example}")
    return None


@when("E130", "a party needs the name the agreement calls it",
      'provider "Acme Cloud Ltd." called "the Provider"')
def _called(s: _Situation) -> bool:
    return "CALLED" in s.expected


def explain(exc: UnexpectedInput, text: str, context: str, parser: Lark,
            reparse: Reparse | None = None) -> Problem:
    """The first curated rule that recognises the mistake, or a generic message."""
    s = _situation(exc, text, context, parser)
    pos = _error_offset(exc, text)
    if reparse is not None and 0 < pos < len(text) and _WORD_CHAR.match(text[pos]) \
            and _WORD_CHAR.match(text[pos - 1]):
        # The error is inside a word whose start was taken for a keyword: look again at the
        # whole word, with what the parser expected where the word starts.
        start = pos
        while start > 0 and _WORD_CHAR.match(text[start - 1]):
            start -= 1
        again = reparse(text[:start] + "\0")
        if isinstance(again, UnexpectedCharacters) and again.pos_in_stream == start:
            s = _situation(again, text, context, parser, word_start=start)
    width = max(1, len(s.found))
    for fn in _RULES:
        hit = fn(s)
        if hit is not None:
            code, message, hint = hit
            line, column = s.line, s.column
            if s.starts_line and code in ("E103", "E104"):
                # The missing mark belongs at the end of the line above.
                (line, column), width = s.prev_end, 1
            return Problem(code, message, hint, line, column, width)
    what = f"`{s.found}`" if s.found else describe(frozenset({s.found_type}), parser)
    return Problem("E100", f"unexpected {what}; expected {describe(s.expected, parser)}",
                   f"for example: {example_for(context)}", s.line, s.column, width)


def rule_count() -> int:
    """How many curated rules there are (the docs and tests report it)."""
    return len(_RULES)

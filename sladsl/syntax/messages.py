"""Curated syntax error messages: common mistakes explained in a lawyer's terms.

:func:`explain` turns Lark's error into a :class:`~sladsl.syntax.situation.Problem`: a code, a
plain-English message, the position, and a hint with a valid example. The rules below are
tried in order; the first that recognises the mistake wins, and a generic "expected one of …"
message is the fallback.
"""

from __future__ import annotations

import re

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput

from .layout import strip_comment
from .sentences import unknown_sentence
from .situation import (
    COMPARATORS,
    DAYS,
    NUMBER_WORDS,
    RULES,
    SECTION_WORDS,
    TITLE,
    UNIT_ALIASES,
    UNITS,
    WINDOW_WORDS,
    WORD_CHAR,
    Hit,
    Problem,
    Reparse,
    Situation,
    corrected,
    describe,
    error_offset,
    example_for,
    rule,
    situation,
    when,
    with_end,
)

# ---- whole-file and lexical mistakes -----------------------------------------------------


@rule
def _no_agreement(s: Situation) -> Hit | None:
    if "AGREEMENT" in s.expected and "SERVICE" not in s.expected and s.found:
        import difflib  # only on this path: it is slow to import
        if difflib.get_close_matches(s.found.lower(), ["agreement"], n=1, cutoff=0.75):
            return ("E105", f"unknown word `{s.found}`; did you mean `agreement`?", TITLE)
        return ("E113", "a spec starts with the agreement's title line",
                f"begin the file with: {TITLE}")
    return None


@when("E102", "this prose block is never closed",
      'end the block with """ on a line after its last word')
def _unclosed_prose(s: Situation) -> bool:
    return s.found_type == "" and s.found == '"' and s.after.startswith('"""')


@when("E101", "this quoted text is not closed on the same line",
      'close the quotes before the end of the line: "Monthly Fee"')
def _unclosed_string(s: Situation) -> bool:
    return s.found_type == "" and s.found == '"'


@when("E128", "curly quotes are not allowed around names",
      'use straight double quotes: "Monthly Fee"')
def _smart_quotes(s: Situation) -> bool:
    return s.found[:1] in ("“", "”", "„", "«", "»")


@when("E129", "names are written in double quotes, not single quotes",
      'use straight double quotes: "Monthly Fee"')
def _single_quotes(s: Situation) -> bool:
    return s.found[:1] in ("'", "‘", "’") and bool({"STRING", "PROSE"} & s.expected)


@when("E138", "decimals are written with a point, not a comma",
      "write 99.95% rather than 99,95%")
def _decimal_comma(s: Situation) -> bool:
    return bool(re.search(r"\d$", s.before) and re.match(r",\d{1,2}(?!\d)", s.after))


@when("E116", "money is written with a currency code, not a symbol",
      "write the code then the amount: EUR 12,000")
def _currency_symbol(s: Situation) -> bool:
    return s.found[:1] in ("€", "$", "£", "¥")


@when("E116", "the currency code goes before the amount",
      "write EUR 12,000 rather than 12,000 EUR")
def _currency_after(s: Situation) -> bool:
    return s.found_type == "CURRENCY" or bool(
        re.fullmatch(r"[A-Z]{3}", s.found) and re.search(r"\d\s*$", s.before))


@rule
def _currency_case(s: Situation) -> Hit | None:
    if "CURRENCY" in s.expected and re.fullmatch(r"[A-Za-z]{3}", s.found) \
            and not s.found.isupper():
        return ("E141", f"`{s.found}` is not a currency code; codes are three capital letters",
                "write the ISO 4217 code in capitals: " + corrected(s, s.found.upper(),
                                                                     s.found.upper()))
    return None


@when("E137", "the percent sign goes after the number", "write 99.9%, not %99.9")
def _percent_first(s: Situation) -> bool:
    return s.found.startswith("%") and "NUMBER" in s.expected


@when("E140", "percentages are written with the % sign",
      "write 99.95% rather than 99.95 percent")
def _percent_word(s: Situation) -> bool:
    return "PERCENT" in s.expected and s.found.lower() in ("percent", "per", "pct", "percentage")


@when("E146", "comparisons are written in words, not symbols",
      f"write {COMPARATORS}: at least 99.95%")
def _comparison_symbol(s: Situation) -> bool:
    return s.found[:1] in ("<", ">", "≥", "≤", "=") and s.found_type in ("", "COLON")


@when("E148", "round-the-clock targets are written `, at any time`",
      "priority 1 tickets shall receive a first response within 15 minutes, at any time.")
def _round_the_clock(s: Situation) -> bool:
    return bool(re.match(r"24\s*[/x×]\s*7\b|round the clock|24 hours a day", s.after))


@when("E131", "`{chunk}` is not a time of day", "write times as 24-hour HH:MM: 09:00 to 17:00")
def _time_format(s: Situation) -> bool:
    return "TIME" in s.expected and bool(s.found)


@when("E131", "times are written on the 24-hour clock, without am or pm",
      "write 09:00 to 17:00")
def _am_pm(s: Situation) -> bool:
    return bool(re.search(r"\d:\d\d$", s.before)) and s.found.lower() in ("am", "pm", "h")


@rule
def _day_name(s: Situation) -> Hit | None:
    if "DAY" in s.expected and s.found:
        day = s.found.capitalize()
        if day in DAYS:
            return ("E132", "day names are capitalised", f"write {day}")
        return ("E132", f"`{s.found}` is not a day of the week",
                "name days in full: Monday to Friday")
    return None


@when("E133", "`{found}` is not a holiday region code",
      "use an ISO 3166 code in capitals, optionally with a subdivision: GB, DE, US-CA")
def _region(s: Situation) -> bool:
    return "REGION" in s.expected and bool(s.found)


@when("E114", "`{chunk}` is not a date in the form YYYY-MM-DD", "write dates as 2026-01-15")
def _date_format(s: Situation) -> bool:
    return "DATE" in s.expected and bool(s.found)


@when("E139", "an example names the month it happens in",
      "write the month and year: in April 2026 (or 2026-04, or Q2 2026)")
def _period_format(s: Situation) -> bool:
    return "PERIOD" in s.expected and bool(s.found)


@when("E115", "a time zone is an IANA name",
      "write the zone as Region/City: time zone Europe/London")
def _time_zone(s: Situation) -> bool:
    return "TZ" in s.expected or bool(re.search(r"\btime\s+zone\s+\S+$", s.before))


# ---- structure --------------------------------------------------------------------------


@rule
def _missing_colon(s: Situation) -> Hit | None:
    if "COLON" in s.expected and (s.found_type in ("_NL", "_INDENT", "$END") or s.starts_line):
        return ("E103", "a heading ends with a colon",
                f"add a colon at the end of the line: {with_end(s.statement, ':')}")
    return None


@rule
def _missing_period(s: Situation) -> Hit | None:
    if "DOT" in s.expected and (s.found_type in ("_NL", "$END", "_DEDENT") or s.starts_line):
        return ("E104", "a sentence must end with a full stop",
                f"add a full stop at the end: {with_end(s.statement, '.')}")
    return None


@when("E109", "this line is indented more than the line above it, so it reads as part of "
      "that sentence", "line it up with the statement above; indent a line only under a "
      "heading that ends with a colon")
def _unexpected_indent(s: Situation) -> bool:
    return s.found_type == "_INDENT" or (s.starts_line and "_NL" in s.expected)


@rule
def _missing_block(s: Situation) -> Hit | None:
    if "_INDENT" in s.expected and s.found_type in ("_NL", "_DEDENT", "$END", "") or (
        s.expected == frozenset({"_INDENT"})
    ):
        return ("E110", "this heading needs an indented block of statements below it",
                f"indent the statements under it by two spaces, e.g.\n    {example_for(s.context)}")
    return None


@when("E126", "there is more text after the end of this statement",
      "put each statement on its own line, and end it with its full stop")
def _text_after_end(s: Situation) -> bool:
    return s.expected <= {"_NL", "DOT"} and "_NL" in s.expected and bool(s.found)


@rule
def _unknown_section(s: Situation) -> Hit | None:
    if s.context != "top" or s.line != 1 or s.column != 1 or not s.found:
        return None
    word = s.found.rstrip(":")
    sections = f"top-level lines start a section: {', '.join(SECTION_WORDS)}"
    if not word.strip():
        return ("E111", "this line does not start a section", sections)
    import difflib  # only on this path: it is slow to import
    near = difflib.get_close_matches(word.lower(), [*SECTION_WORDS, "agreement"], n=1,
                                     cutoff=0.6)
    if near == ["agreement"]:
        return ("E105", f"unknown word `{word}`; did you mean `agreement`?", TITLE)
    if near:
        return ("E105", f"unknown heading `{word}`; did you mean `{near[0]}`?", sections)
    return ("E111", f"`{word}` does not start a section", sections + ', or a """ prose block')


@when("E135", "each line of a worked example starts with `given`, `then` or `and`",
      "given 45 minutes of downtime in April 2026")
def _example_line(s: Situation) -> bool:
    return s.context == "example" and s.line == s.column == 1 and s.found_type != "PROSE"


@when("E136", "a credit rule starts with `for` and the objective's name",
      'for "Monthly Availability": 5% of the Monthly Fee when missed.')
def _credit_without_for(s: Situation) -> bool:
    return s.context == "credits" and s.found_type == "STRING" and s.line == s.column == 1


@when("E107", "a credit tier needs a percentage", "e.g. `below 99.9%: 10% of the Monthly Fee.`")
def _tier_needs_threshold(s: Situation) -> bool:
    return s.context == "tier" and "NUMBER" in s.expected and s.found_type in (
        "COLON", "AND", "DOT")


@when("E108", "a credit needs an amount",
      "write a percentage of a fee or a fixed sum: 10% of the Monthly Fee, or EUR 500")
def _credit_needs_amount(s: Situation) -> bool:
    return s.context in ("tier", "credits") and {"NUMBER", "CURRENCY"} <= s.expected


# ---- words ------------------------------------------------------------------------------


@rule
def _unit(s: Situation) -> Hit | None:
    if {"TIME_UNIT", "PERCENT", "BUSINESS"} & s.expected and re.fullmatch(r"[A-Za-z]+", s.found):
        word = s.found.lower()
        import difflib  # only on this path: it is slow to import
        near = [UNIT_ALIASES[word]] if word in UNIT_ALIASES else \
            difflib.get_close_matches(word, UNITS, n=1, cutoff=0.7)
        if near:
            return ("E122", f"unknown unit `{s.found}`; did you mean `{near[0]}`?",
                    corrected(s, near[0], "units are %, ms, seconds, minutes, hours, days, "
                               "business hours, business days"))
    return None


@rule
def _misspelt_keyword(s: Situation) -> Hit | None:
    word = s.found.split(" ", 1)[0].rstrip(".:,")
    if word and word.lower() in s.keywords and word != word.lower():
        return ("E105", f"`{word}` is written in lower case: `{word.lower()}`",
                corrected(s, s.found.lower(), f"for example: {example_for(s.context)}"))
    if word and re.fullmatch(r"[A-Za-z'’-]+", word):
        candidates = sorted(w for w in s.keywords if " " not in w)
        import difflib  # only on this path: it is slow to import
        near = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.7)
        if near:
            return ("E105", f"unknown word `{word}`; did you mean `{near[0]}`?",
                    corrected(s, near[0] + s.found[len(word):],
                               f"for example: {example_for(s.context)}"))
    return None


@rule
def _number_words(s: Situation) -> Hit | None:
    if "NUMBER" in s.expected and s.found.lower() in NUMBER_WORDS:
        return ("E142", "numbers are written in digits",
                f"write {NUMBER_WORDS[s.found.lower()]} rather than {s.found}")
    return None


@when("E106", "a number is missing here",
      "give the value with its unit: 99.95%, 300 ms, 4 hours, EUR 500")
def _missing_value(s: Situation) -> bool:
    return "NUMBER" in s.expected and s.found_type in ("_NL", "DOT", "OF", "COLON", "$END")


@when("E118", "a percentile is written as an ordinal",
      "the 95th percentile of response time shall be at most 300 ms in each calendar month.")
def _percentile(s: Situation) -> bool:
    return "ORDINAL" in s.expected


@rule
def _priority_number(s: Situation) -> Hit | None:
    if re.fullmatch(r"[Pp]\d+", s.found) and {"PRIORITY", "NUMBER"} & s.expected:
        return ("E119", f"priorities are written out: priority {s.found[1:]}, not {s.found}",
                f"priority {s.found[1:]} tickets shall receive a first response within "
                "15 minutes, at any time.")
    if "NUMBER" in s.expected and re.search(r"\bpriority\s*$", s.before):
        return ("E119", "priorities are numbered", "priority 1 tickets, priority 2 tickets, …")
    return None


@when("E147", "a range is written as two bounds joined by `and`",
      "below 99.9% and at least 99.0%: 10% of the Monthly Fee.")
def _between(s: Situation) -> bool:
    return s.found.lower() == "between" and {"AT", "BELOW"} <= s.expected


@when("E120", "say how the value compares with the target",
      f"use {COMPARATORS}: at least 99.95%")
def _comparator(s: Situation) -> bool:
    return {"AT", "BELOW"} <= s.expected and "NUMBER" not in s.expected


@rule
def _shall(s: Situation) -> Hit | None:
    if "SHALL" in s.expected and s.found.lower() in (
            "must", "will", "should", "shal", "can", "agrees", "is", "are"):
        return ("E121", f"obligations are written with `shall`, not `{s.found}`",
                corrected(s, "shall", "the Provider shall …"))
    return None


@when("E123", "`{found}` should be a capitalised defined name",
      "write parties and defined terms as they are defined: the Customer, the Monthly Fee")
def _party_name(s: Situation) -> bool:
    return "NAME" in s.expected and s.found[:1].islower()


@when("E117", "a measurement window reads `in each calendar month` or "
      "`in each rolling 30 days`", "… at least 99.95% of the time in each calendar month.")
def _window(s: Situation) -> bool:
    return (bool(re.search(r"\bin\s*$", s.before)) and "EACH" in s.expected) or (
        "IN" in s.expected and s.found.lower() in WINDOW_WORDS and "EACH" not in s.expected
    ) or ({"CALENDAR", "ROLLING"} <= s.expected and bool(s.found))


@when("E134", "`{found}` is not a calendar period",
      "use month, quarter, year or week, or a rolling window: in each rolling 30 days")
def _period_unit(s: Situation) -> bool:
    return "PERIOD_UNIT" in s.expected and "NUMBER" not in s.expected and bool(s.found)


@rule
def _stray_colon(s: Situation) -> Hit | None:
    if s.found == ":" and "COLON" not in s.expected:
        return ("E127", "there is no colon here; only headings end with one",
                corrected(s, "", "remove the colon"))
    if s.found_type in ("NUMBER", "CURRENCY") and "COLON" in s.expected and s.context == "tier":
        return ("E143", "a colon goes between the threshold and the credit",
                corrected(s, ": " + s.found, example_for("tier"), tight=True))
    return None


@rule
def _missing_the(s: Situation) -> Hit | None:
    if s.found_type == "NAME" and "THE" in s.expected and "NAME" not in s.expected:
        return ("E124", f"a defined term is written with `the`: the {s.found}",
                corrected(s, "the " + s.found, "the Monthly Fee"))
    return None


@rule
def _quoted_name(s: Situation) -> Hit | None:
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
def _called(s: Situation) -> bool:
    return "CALLED" in s.expected


def explain(exc: UnexpectedInput, text: str, context: str, parser: Lark,
            reparse: Reparse | None = None) -> Problem:
    """The first curated rule that recognises the mistake, or a generic message."""
    s = situation(exc, text, context, parser)
    pos = error_offset(exc, text)
    if reparse is not None and 0 < pos < len(text) and WORD_CHAR.match(text[pos]) \
            and WORD_CHAR.match(text[pos - 1]):
        # The error is inside a word whose start was taken for a keyword: look again at the
        # whole word, with what the parser expected where the word starts.
        start = pos
        while start > 0 and WORD_CHAR.match(text[start - 1]):
            start -= 1
        again = reparse(text[:start] + "\0")
        if isinstance(again, UnexpectedCharacters) and again.pos_in_stream == start:
            s = situation(again, text, context, parser, word_start=start)
    width = max(1, len(s.found))
    if s.line == 1:
        unknown = unknown_sentence(s.statement, s.before, s.chunk, s.keywords, context)
        if unknown is not None:
            return Problem("E160", unknown[0], unknown[1], s.line, s.column, width)
    for fn in RULES:
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
    return len(RULES)

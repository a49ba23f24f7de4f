"""Curated syntax errors: each common mistake gives its code, message, line and column.

Every case puts one mistake into an otherwise valid agreement (``BASE``, a copy of the cloud
platform example kept here so that edits to ``specs/`` cannot move the expected positions) and
checks that exactly one error comes back, where the mistake is, with the curated message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import sladsl
from sladsl.cli import main
from sladsl.errors import Diagnostic
from sladsl.syntax import messages, situation
from sladsl.syntax.parser import LINE_STARTS, decode, lark_parser, parse

ROOT = Path(__file__).resolve().parent.parent

BASE = """\
# Service Level Agreement for the Acme Cloud Platform

agreement "Acme Cloud Platform Service Level Agreement"
  version "2.1"
  provider "Acme Cloud Ltd." called "the Provider"
  customer "Globex Corporation" called "the Customer"
  effective 2026-01-01 until 2026-12-31, renewing for 12 months
  time zone Europe/London
  currency EUR
  reviewed every quarter

  \"\"\"
  This agreement sets out the service levels that the Provider commits to
  deliver for the Acme Cloud Platform, how they are measured, and the service
  credits that apply when they are missed.
  \"\"\"

definitions:
  "Monthly Fee" means "the fees payable by the Customer for a calendar month".
  "Monthly Fee" is EUR 12,000.
  "Business Hours" are 09:00 to 17:00, Monday to Friday, except public holidays in GB.
  priority 1 means "the Service is unavailable or unusable for all users".
  priority 2 means "a major function is unavailable for many users".
  priority 3 means "a minor function is impaired".

service "Compute API":
  objective "Monthly Availability":
    the service shall be available at least 99.95% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 5% of requests fail.
    a minute without requests counts as available.
    downtime counts only in runs of at least 5 minutes.  # short blips are not outages
    excluded time counts as available.

  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms
      in each calendar month.
    percentiles are computed by nearest rank.

  objective "Error Rate":
    at most 0.1% of requests shall fail in each rolling 30 days.
    the percentage is computed over all requests together.

service "Support Desk":
  objective "Incident Response":
    priority 1 tickets shall receive a first response within 15 minutes, at any time.
    priority 2 tickets shall receive a first response within 1 hour, at any time.
    priority 3 tickets shall receive a first response within 4 hours of Business Hours.

  objective "Incident Resolution":
    at least 95% of priority 1 tickets shall be resolved within 4 hours in each calendar month.
    at least 90% of priority 2 tickets shall be resolved within 2 business days
      in each calendar month.

  objective "First Contact Resolution":
    at least 80% of tickets shall be resolved on first contact in each calendar month.

  objective "Satisfaction":
    the average satisfaction score shall be at least 4.2 out of 5 in each calendar quarter.

  objective "Net Promoter Score":
    the net promoter score shall be at least 30 in each calendar quarter.

responsibilities:
  the Customer shall report each incident within 24 hours of discovering it.
  the Customer shall name a technical contact before 2026-01-15.
  the Provider shall publish a service report within 5 business days after each calendar month.
  the Provider shall deliver a root cause analysis within 10 business days
    after each priority 1 incident.

exclusions:
  scheduled maintenance announced at least 72 hours in advance,
    up to 4 hours in each calendar month.
  force majeure.
  incidents caused by the Customer.
  incidents the Customer did not report on time.
  \"\"\"
  Any suspension of the Service under clause 9 of the Master Services Agreement.
  \"\"\"

service credits:
  for "Monthly Availability":
    below 99.95% and at least 99.0%: 10% of the Monthly Fee.
    below 99.0% and at least 95.0%: 25% of the Monthly Fee.
    below 95.0%: 50% of the Monthly Fee.
  for "Incident Response": 2% of the Monthly Fee for each missed priority 1 ticket.
  for "Latency": 5% of the Monthly Fee when missed.
  credits in a calendar month are capped at 50% of the Monthly Fee.
  credits are rounded half up to 2 decimal places.
  credits are the Customer's sole and exclusive remedy.
  the Customer must claim a credit within 30 days after the end of the calendar month.
  if "Monthly Availability" is missed in 3 consecutive calendar months,
    the Customer may terminate this agreement.

reporting:
  the Provider shall report every calendar month through "the customer portal".

examples:
  example "A 45-minute outage in April":
    given 45 minutes of downtime in April 2026
    then "Monthly Availability" is 99.896%
    and the Customer receives a credit of 10% of the Monthly Fee.
"""


def errors(text: str) -> list[Diagnostic]:
    """The error diagnostics of ``text`` (warnings are the semantic checker's business)."""
    spec, diags = sladsl.analyse(text, "spec.sla")
    return [d for d in diags if d.severity == "error"]


def test_base_is_valid() -> None:
    assert errors(BASE) == []


# (name, text in BASE, replacement, code, line, column, message fragment)
MISTAKES = [
    ('misspelt-keyword',
     '  version "2.1"',
     '  verison "2.1"',
     'E105', 4, 3, 'did you mean `version`?'),
    ('misspelt-keyword-inside-word',
     '    availability is measured',
     '    availabilty is measured',
     'E105', 29, 5, 'did you mean `availability`?'),
    ('misspelt-heading',
     'definitions:',
     'defintions:',
     'E105', 18, 1, 'did you mean `definitions`?'),
    ('misspelt-agreement',
     'agreement "Acme',
     'agrement "Acme',
     'E105', 3, 1, 'did you mean `agreement`?'),
    ('missing-colon-heading',
     'service "Compute API":',
     'service "Compute API"',
     'E103', 26, 22, 'a heading ends with a colon'),
    ('missing-colon-credit-table',
     '  for "Monthly Availability":',
     '  for "Monthly Availability"',
     'E103', 82, 29, 'a heading ends with a colon'),
    ('missing-colon-section',
     'responsibilities:',
     'responsibilities',
     'E103', 64, 17, 'a heading ends with a colon'),
    ('missing-full-stop',
     '  force majeure.',
     '  force majeure',
     'E104', 74, 16, 'a sentence must end with a full stop'),
    ('missing-full-stop-before-comment',
     '  force majeure.',
     '  force majeure  # by law',
     'E104', 74, 16, 'a sentence must end with a full stop'),
    ('unknown-unit',
     'at most 300 ms',
     'at most 300 msec',
     'E122', 36, 63, 'unknown unit `msec`; did you mean `ms`?'),
    ('unit-abbreviation',
     'within 15 minutes,',
     'within 15 mins,',
     'E122', 46, 65, 'unknown unit `mins`; did you mean `minutes`?'),
    ('indented-too-deep',
     '    availability is measured',
     '      availability is measured',
     'E109', 29, 7, 'this line is indented more than the line'),
    ('indentation-matches-no-block',
     '  objective "Latency":',
     '   objective "Latency":',
     'E003', 35, 4, "this line's indentation matches no enclosing"),
    ('tab-indentation',
     '  "Business Hours" are',
     '\t"Business Hours" are',
     'E002', 21, 1, 'indentation uses a tab'),
    ('unterminated-string',
     '  version "2.1"',
     '  version "2.1',
     'E101', 4, 11, 'this quoted text is not closed on the same'),
    ('unterminated-prose',
     '  Any suspension of the Service under clause 9 of the Master Services Agreement.\n  """',
     '  Any suspension of the Service under clause 9 of the Master Services Agreement.',
     'E102', 77, 3, 'this prose block is never closed'),
    ('tier-without-percentage',
     '    below 95.0%: 50%',
     '    below: 50%',
     'E107', 85, 10, 'a credit tier needs a percentage'),
    ('credit-without-amount',
     '    below 95.0%: 50% of the Monthly Fee.',
     '    below 95.0%: of the Monthly Fee.',
     'E108', 85, 18, 'a credit needs an amount'),
    ('missing-amount',
     '"Monthly Fee" is EUR 12,000.',
     '"Monthly Fee" is EUR.',
     'E106', 20, 23, 'a number is missing here'),
    ('unquoted-name',
     'service "Compute API":',
     'service Compute API:',
     'E125', 26, 9, 'names and titles are written in double quotes'),
    ('unquoted-version',
     'version "2.1"',
     'version 2.1',
     'E125', 4, 11, 'names and titles are written in double quotes'),
    ('curly-quotes',
     'service "Compute API":',
     'service “Compute API”:',
     'E128', 26, 9, 'curly quotes are not allowed around names'),
    ('single-quotes',
     '  "Monthly Fee" means',
     "  'Monthly Fee' means",
     'E129', 19, 3, 'names are written in double quotes, not'),
    ('currency-symbol',
     'is EUR 12,000.',
     'is €12,000.',
     'E116', 20, 20, 'money is written with a currency code, not a'),
    ('currency-after-amount',
     'is EUR 12,000.',
     'is 12,000 EUR.',
     'E116', 20, 27, 'the currency code goes before the amount'),
    ('currency-lowercase',
     '  currency EUR',
     '  currency eur',
     'E141', 9, 12, '`eur` is not a currency code; codes are'),
    ('decimal-comma',
     'at least 99.95% of the time',
     'at least 99,95% of the time',
     'E138', 28, 47, 'decimals are written with a point, not a'),
    ('percent-sign-first',
     'at least 99.95% of the time',
     'at least %99.95 of the time',
     'E137', 28, 45, 'the percent sign goes after the number'),
    ('percent-as-word',
     'at least 80% of tickets',
     'at least 80 percent of tickets',
     'E140', 56, 17, 'percentages are written with the % sign'),
    ('date-format',
     'before 2026-01-15',
     'before 15/01/2026',
     'E114', 66, 54, '`15/01/2026` is not a date in the form'),
    ('date-without-zeros',
     'effective 2026-01-01',
     'effective 2026-1-1',
     'E114', 7, 13, '`2026-1-1` is not a date in the form'),
    ('time-format',
     '09:00 to 17:00',
     '9am to 17:00',
     'E131', 21, 24, '`9am` is not a time of day'),
    ('time-am-pm',
     '09:00 to 17:00',
     '9:00am to 17:00',
     'E131', 21, 28, 'times are written on the 24-hour clock,'),
    ('day-name-lowercase',
     'Monday to Friday',
     'monday to Friday',
     'E132', 21, 40, 'day names are capitalised'),
    ('day-name-abbreviated',
     'Monday to Friday',
     'Mon to Fri',
     'E132', 21, 40, '`Mon` is not a day of the week'),
    ('region-code',
     'holidays in GB',
     'holidays in Britain',
     'E133', 21, 84, '`Britain` is not a holiday region code'),
    ('time-zone',
     'time zone Europe/London',
     'time zone GMT+1',
     'E115', 8, 16, 'a time zone is an IANA name'),
    ('example-month',
     'in April 2026',
     'in Apr 2026',
     'E139', 100, 37, 'an example names the month it happens in'),
    ('percentile-p95',
     'the 95th percentile of',
     'the p95 of',
     'E118', 36, 9, 'a percentile is written as an ordinal'),
    ('priority-without-number',
     '    priority 1 tickets shall receive',
     '    priority tickets shall receive',
     'E119', 46, 14, 'priorities are numbered'),
    ('priority-p1',
     '    priority 1 tickets shall receive',
     '    P1 tickets shall receive',
     'E119', 46, 5, 'priorities are written out: priority 1, not'),
    ('missing-comparator',
     'be available at least 99.95%',
     'be available 99.95%',
     'E120', 28, 36, 'say how the value compares with the target'),
    ('comparison-symbol',
     '    below 99.95% and at least 99.0%',
     '    < 99.95% and at least 99.0%',
     'E146', 83, 5, 'comparisons are written in words, not symbols'),
    ('range-between',
     '    below 99.95% and at least 99.0%',
     '    between 99.95% and 99.0%',
     'E147', 83, 5, 'a range is written as two bounds joined by'),
    ('must-not-shall',
     'the Customer shall name',
     'the Customer must name',
     'E121', 66, 16, 'obligations are written with `shall`, not'),
    ('will-not-shall',
     'the Customer shall name',
     'the Customer will name',
     'E121', 66, 16, 'obligations are written with `shall`, not'),
    ('lowercase-party',
     'incidents caused by the Customer.',
     'incidents caused by the customer.',
     'E123', 75, 27, '`customer` should be a capitalised defined'),
    ('window-every-month',
     'fail in each rolling 30 days.',
     'fail every month.',
     'E117', 41, 41, 'a measurement window reads `in each calendar'),
    ('not-a-period',
     'each calendar quarter.\n\n  objective',
     'each calendar fortnight.\n\n  objective',
     'E134', 59, 84, '`fortnight` is not a calendar period'),
    ('window-in-every-month',
     'of the time in each calendar month.',
     'of the time in every month.',
     'E117', 28, 67, 'a measurement window reads `in each calendar'),
    ('window-in-each-month',
     'of the time in each calendar month.',
     'of the time in each month.',
     'E117', 28, 72, 'a measurement window reads `in each calendar'),
    ('misspelt-period',
     'in each calendar quarter.\n\n  objective',
     'in each calendar qaurter.\n\n  objective',
     'E105', 59, 84, 'did you mean `quarter`?'),
    ('number-in-words',
     'rolling 30 days',
     'rolling thirty days',
     'E142', 41, 57, 'numbers are written in digits'),
    ('round-the-clock',
     'within 15 minutes, at any time',
     'within 15 minutes, 24/7',
     'E148', 46, 74, 'round-the-clock targets are written `, at'),
    ('party-without-called',
     '  customer "Globex Corporation" called "the Customer"',
     '  customer "Globex Corporation"',
     'E130', 6, 32, 'a party needs the name the agreement calls it'),
    ('wrong-section-responsibility',
     '  force majeure.',
     '  force majeure.\n  the Customer shall name a technical contact before 2026-02-01.',
     'E112', 75, 3, 'this statement belongs under'),
    ('wrong-section-header-item',
     'definitions:',
     'currency EUR\ndefinitions:',
     'E112', 18, 1, 'this statement belongs in the agreement'),
    ('wrong-section-tier',
     '  for "Latency": 5% of the Monthly Fee when missed.',
     '  below 99%: 5% of the Monthly Fee.',
     'E112', 87, 3, 'this statement belongs inside a credit table'),
    ('wrong-section-objective',
     '  objective "Latency":',
     'objective "Latency":',
     'E112', 35, 1, 'this statement belongs directly under a'),
    ('unknown-section',
     'definitions:',
     'glossary:',
     'E111', 18, 1, '`glossary` does not start a section'),
    ('example-line-start',
     '    then "Monthly',
     '    so "Monthly',
     'E135', 101, 5, 'each line of a worked example starts with'),
    ('credit-without-for',
     '  for "Latency": 5%',
     '  "Latency": 5%',
     'E136', 87, 3, 'a credit rule starts with `for` and the'),
    ('text-after-end',
     '  force majeure.',
     '  force majeure. Really.',
     'E126', 74, 18, 'there is more text after the end of this'),
    ('heading-without-block',
     'reporting:\n  the Provider shall report every calendar month through "the customer portal".'
     '\n',
     'reporting:\n',
     'E110', 95, 1, 'this heading needs an indented block of'),
    ('keyword-capitalised',
     '  force majeure.',
     '  Force Majeure.',
     'E105', 74, 3, '`Force` is written in lower case: `force`'),
    ('tier-without-colon',
     '    below 95.0%: 50%',
     '    below 95.0% 50%',
     'E143', 85, 17, 'a colon goes between the threshold and the credit'),
    ('term-without-the',
     '    below 95.0%: 50% of the Monthly Fee.',
     '    below 95.0%: 50% of Monthly Fee.',
     'E124', 85, 25, 'a defined term is written with `the`'),
    ('stray-colon',
     '  version "2.1"',
     '  version: "2.1"',
     'E127', 4, 10, 'there is no colon here'),
]


@pytest.mark.parametrize(("old", "new", "code", "line", "column", "fragment"),
                         [case[1:] for case in MISTAKES], ids=[case[0] for case in MISTAKES])
def test_curated_mistake(old: str, new: str, code: str, line: int, column: int,
                         fragment: str) -> None:
    assert old in BASE
    found = errors(BASE.replace(old, new, 1))
    assert [(d.code, d.span.line, d.span.column) for d in found] == [(code, line, column)], \
        "\n".join(d.render(BASE) for d in found)
    assert fragment in found[0].message
    assert found[0].hint, "every curated message comes with a hint"


def test_at_least_thirty_distinct_mistakes() -> None:
    assert len({case[0] for case in MISTAKES}) >= 30
    assert len({case[3] for case in MISTAKES}) >= 30
    assert messages.rule_count() >= 30


def test_tier_without_percentage_reads_as_in_the_brief() -> None:
    [d] = errors(BASE.replace("    below 95.0%: 50%", "    below: 50%"))
    assert d.render().startswith("spec.sla:85:10: error[E107]: a credit tier needs a percentage")
    assert "below 99.9%: 10% of the Monthly Fee" in d.hint


def test_did_you_mean_names_the_keyword() -> None:
    [d] = errors(BASE.replace("  force majeure.", "  force majuere."))
    assert d.message == "unknown word `majuere`; did you mean `majeure`?"
    assert d.hint == "write it as: force majeure."


def test_hints_hold_valid_examples() -> None:
    """The example statement in each hint parses with the entry point of its block."""
    for context, start in LINE_STARTS.items():
        lark_parser().parse(situation.example_for(context) + "\n", start=start)


def test_rendered_diagnostic_shows_line_caret_and_hint() -> None:
    text = BASE.replace("at most 300 ms", "at most 300 msec")
    [d] = errors(text)
    lines = d.render(text).split("\n")
    assert lines[0] == "spec.sla:36:63: error[E122]: unknown unit `msec`; did you mean `ms`?"
    assert lines[1] == "  36 |     the 95th percentile of response time shall be at most 300 msec"
    assert lines[2] == " " * 69 + "^^^^"
    assert lines[3] == ("  hint: write it as: the 95th percentile of response time shall be at "
                        "most 300 ms")


# ---- whole-file mistakes ------------------------------------------------------------------

WHOLE_FILES = [
    ("empty", b"", "E001", 1, 1, "holds no agreement"),
    ("whitespace", b"  \n\n   \n", "E001", 1, 1, "holds no agreement"),
    ("comments-only", b"# nothing here\n  # at all\n", "E001", 1, 1, "holds no agreement"),
    ("no-agreement-line", b"definitions:\n  \"Fee\" is EUR 1.\n", "E113", 1, 1,
     "starts with the agreement"),
    ("indented-agreement", b"\n  agreement \"X\"\n", "E003", 2, 3, "left margin"),
    ("nul-byte", b"agreement \"X\"\n  version \"1\0\"\n", "E004", 2, 13, "NUL byte"),
    ("invalid-utf8", b"agreement \"X\"\n  version \"\xe9\"\n", "E004", 2, 12, "not valid UTF-8"),
    ("binary", bytes(range(256)) * 4, "E004", 1, 1, "NUL byte"),
    ("too-large", b"# x\n" * 300_000, "E005", 1, 1, "larger than"),
]


@pytest.mark.parametrize(("data", "code", "line", "column", "fragment"),
                         [case[1:] for case in WHOLE_FILES], ids=[case[0] for case in WHOLE_FILES])
def test_whole_file_mistake(tmp_path: Path, data: bytes, code: str, line: int, column: int,
                            fragment: str) -> None:
    path = tmp_path / "spec.sla"
    path.write_bytes(data)
    spec, diags, _ = sladsl.analyse_file(path)
    assert spec is None
    assert [(d.code, d.span.line, d.span.column) for d in diags] == [(code, line, column)]
    assert fragment in diags[0].message


# ---- recovery -----------------------------------------------------------------------------

FIVE_MISTAKES = [
    ('  version "2.1"', '  verison "2.1"'),
    ('service "Compute API":', 'service "Compute API"'),
    ("at most 300 ms", "at most 300 msec"),
    ('  objective "Incident Resolution":', "  objective Incident Resolution:"),
    ("the Customer shall name", "the Customer must name"),
    ("  force majeure.", "  force majeure"),
    ("    below 95.0%: 50%", "    below: 50%"),
    ('    then "Monthly', '    so "Monthly'),
]


def test_every_mistake_in_a_file_is_reported_once_in_order() -> None:
    text = BASE
    for old, new in FIVE_MISTAKES:
        text = text.replace(old, new, 1)
    found = errors(text)
    assert [(d.code, d.span.line, d.span.column) for d in found] == [
        ("E105", 4, 3), ("E103", 26, 22), ("E122", 36, 63), ("E125", 50, 13),
        ("E121", 66, 16), ("E104", 74, 16), ("E107", 85, 10), ("E135", 101, 5)]


def test_a_broken_heading_does_not_cascade() -> None:
    """The statements of a misplaced or misspelt block are read as that block's."""
    for old, new in [('  objective "Latency":', 'objective "Latency":'),
                     ("definitions:", "defintions:"), ("exclusions:", "glossary:"),
                     ('  objective "Latency":', '  objectve "Latency":'),
                     ('service "Compute API":', 'service "Compute API"')]:
        found = errors(BASE.replace(old, new, 1))
        assert len(found) == 1, (new, found)


def test_a_file_indented_with_tabs_gets_one_report() -> None:
    text = "\n".join("\t" * ((len(ln) - len(ln.lstrip(" "))) // 2) + ln.lstrip(" ")
                    if ln.startswith("  ") else ln for ln in BASE.split("\n"))
    [d] = errors(text)
    assert (d.code, d.span.line, d.span.column) == ("E002", 4, 1)
    assert re.search(r"so do \d+ more statements", d.message)


def test_too_many_errors_stop_early() -> None:
    text = 'agreement "X"\ndefinitions:\n' + '  "Fee" is EUR.\n' * 500
    found = errors(text)
    assert len(found) == 101
    assert found[-1].code == "E009"


# ---- valid input is untouched -----------------------------------------------------------

@pytest.mark.parametrize("path", sorted((ROOT / "specs").glob("*.sla")), ids=lambda p: p.name)
def test_example_specs_parse_without_syntax_errors(path: Path) -> None:
    text, diags = decode(path.read_bytes(), str(path))
    assert text is not None and diags == []
    result = parse(text, str(path))
    assert result.tree is not None and result.diagnostics == []


def test_line_entry_points_build() -> None:
    """Recovery parses statements with the ``*_line`` start rules; each one must exist."""
    parser = lark_parser()
    for start in LINE_STARTS.values():
        assert start in parser.options.start
        parser.parse('"""\nprose\n"""\n', start=start)


def test_validate_prints_every_error(tmp_path: Path) -> None:
    text = BASE
    for old, new in FIVE_MISTAKES:
        text = text.replace(old, new, 1)
    path = tmp_path / "broken.sla"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output.count(": error[E") == len(FIVE_MISTAKES)
    assert f"{path}:26:22: error[E103]: a heading ends with a colon" in result.output

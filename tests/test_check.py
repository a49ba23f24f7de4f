"""Semantic checks: each mistake gives its code, message and position; clean specs stay clean."""

from __future__ import annotations

import pytest

import sladsl

BASE = '''agreement "Test Agreement"
  provider "Acme Ltd." called "the Provider"
  customer "Globex plc" called "the Customer"
  effective 2026-01-01 until 2026-12-31
  time zone Europe/London
  currency EUR

definitions:
  "Monthly Fee" is EUR 1,000.
  "Business Hours" are 09:00 to 17:00, Monday to Friday, except public holidays in GB.
  priority 1 means "down".

service "API":
  objective "Availability":
    the service shall be available at least 99.9% of the time in each calendar month.
  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.
  objective "Response":
    priority 1 tickets shall receive a first response within 1 hour, at any time.

service credits:
  for "Availability":
    below 99.9% and at least 99.0%: 10% of the Monthly Fee.
    below 99.0%: 25% of the Monthly Fee.
  for "Latency": 5% of the Monthly Fee when missed.
  for "Response": 1% of the Monthly Fee for each missed priority 1 ticket.
  credits in a calendar month are capped at 50% of the Monthly Fee.
'''


def diags(text: str) -> list[sladsl.Diagnostic]:
    spec, found = sladsl.analyse(text, "t.sla")
    assert spec is not None, [d.render(text) for d in found]
    return found


def test_base_is_clean() -> None:
    assert diags(BASE) == []


def test_clean_specs_have_no_errors() -> None:
    from pathlib import Path

    for path in sorted((Path(__file__).parent.parent / "specs").glob("*.sla")):
        spec, found = sladsl.analyse_file(path)[:2]
        assert [d for d in found if d.severity == "error"] == [], path


CASES = [
    # (old text, new text, code, line, message fragment)
    ("effective 2026-01-01", "effective 2026-02-30", "S105", 4, "not a real date"),
    ("until 2026-12-31", "until 2025-12-31", "S105", 4, "ends before it takes effect"),
    ("time zone Europe/London", "time zone Europe/Londn", "S106", 5,
     "did you mean `Europe/London`"),
    ("EUR 1,000.", "1,000.", "S103", 9, "needs a currency"),
    ("EUR 1,000.", "USD 1,000.", "S103", 9, "agreement's currency is EUR"),
    ("holidays in GB", "holidays in GX", "S107", 10, "no public holiday calendar"),
    ("holidays in GB", "holidays in US-XX", "S107", 10, "US-XX"),
    ("09:00 to 17:00", "17:00 to 09:00", "S104", 10, "before they start"),
    ("09:00 to 17:00", "09:00 to 25:00", "S105", 10, "not a time of day"),
    ("at least 99.9% of the time", "at least 101% of the time", "S104", 15, "out of range"),
    ("at least 99.9% of the time", "at least 99.9 of the time", "S103", 15, "percentage"),
    ("of the time in each calendar month", "of the time", "S113", 15, "no measurement window"),
    ("95th percentile", "0th percentile", "S104", 17, "between 0 and 100"),
    ("at most 300 ms", "at most 30%", "S103", 17, "length of time"),
    ("at most 300 ms", "at most -300 ms", "S104", 17, "longer than zero"),
    ("within 1 hour", "within 1 hour of Busness Hours", "S102", 19,
     "did you mean `Business Hours`"),
    ("priority 1 tickets", "priority 4 tickets", "S102", 19, "priority 4 is not defined"),
    ('for "Availability":\n', 'for "Availabilty":\n', "S102", 22, "did you mean `Availability`"),
    ("below 99.0%: 25%", "below 98.0%: 25%", "S109", 22, "a measured value of 98"),
    ("below 99.9% and at least 99.0%", "below 99.95% and at least 99.0%", "S111", 23,
     "meets the target"),
    ("below 99.0%: 25%", "below 99.5%: 25%", "S108", 24, "overlaps the tier on line 23"),
    ("below 99.0%: 25%", "below 99.0%: 5%", "S110", 24, "pays less"),
    ("below 99.0%: 25%", "below 99.0: 25%", "S103", 24, "needs a percentage"),
    ("capped at 50%", "capped at 20%", "S112", 27, "cap is below"),
    ("of the Monthly Fee when missed", "of the Monthly Charge when missed", "S102", 25,
     "unknown fee `Monthly Charge`"),
    ("for each missed priority 1 ticket", "for each full hour of downtime", "S115", 26,
     "no downtime hours"),
    ('"Response": 1%', '"Latency": 1%', "S115", 26, "no ticket target"),
    ('  objective "Latency":', '  objective "Availability":', "S101", 16, "already defined"),
    ('customer "Globex plc" called "the Customer"', 'provider "Globex plc" called "the Other"',
     "S101", 3, "second provider"),
    ('priority 1 means "down".', 'priority 1 means "down".\n  priority 1 means "again".',
     "S101", 12, "priority 1 is already defined"),
    ("below 99.9% and at least 99.0%", "below 99.0% and at least 99.9%", "S108", 23,
     "range is empty"),
]


@pytest.mark.parametrize(("old", "new", "code", "line", "fragment"), CASES,
                         ids=[f"{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_semantic_mistake(old: str, new: str, code: str, line: int, fragment: str) -> None:
    assert old in BASE
    found = diags(BASE.replace(old, new, 1))
    hits = [d for d in found if d.code == code and d.span.line == line]
    assert hits, "\n".join(f"{d.code} {d.span.line}: {d.message}" for d in found)
    assert any(fragment in d.message for d in hits), [d.message for d in hits]
    assert all(d.hint for d in found)


def test_warnings_do_not_fail_validation() -> None:
    text = BASE.replace('  for "Latency": 5% of the Monthly Fee when missed.\n', "")
    found = diags(text)
    assert [d.code for d in found] == ["W201"]
    sladsl.loads(text)  # warnings only: no exception


def test_errors_raise_with_every_diagnostic() -> None:
    text = BASE.replace("effective 2026-01-01", "effective 2026-02-30").replace(
        "time zone Europe/London", "time zone Mars/Base")
    with pytest.raises(sladsl.SlaSemanticError) as info:
        sladsl.loads(text, "t.sla")
    codes = [d.code for d in info.value.diagnostics]
    assert codes == ["S105", "S106"]
    assert "t.sla:4:3: error[S105]" in str(info.value)


def test_late_report_exclusion_needs_a_reporting_duty() -> None:
    text = BASE + "\nexclusions:\n  incidents the Customer did not report on time.\n"
    found = diags(text)
    assert any(d.code == "S102" and "must report incidents" in d.message for d in found)
    text += "\nresponsibilities:\n  the Customer shall report each incident within 24 hours " \
            "of discovering it.\n"
    assert not any(d.severity == "error" for d in diags(text))


def test_ambiguous_objective_reference() -> None:
    text = BASE.replace('service credits:', 'service "Other":\n  objective "Latency":\n'
                        '    the 99th percentile of response time shall be at most 1 second in '
                        'each calendar month.\n\nservice credits:')
    found = diags(text)
    assert any(d.code == "S102" and "more than one service" in d.message for d in found)
    fixed = text.replace('for "Latency": 5%', 'for "Latency" of "API": 5%')
    assert not any("more than one service" in d.message for d in diags(fixed))


@pytest.mark.parametrize(("payload", "code"), [
    ("\u202e", "S120"), ("\u2067", "S120"), ("\u200b", "S121"), ("\ufeff", "S121")])
def test_hidden_characters_are_flagged_even_in_comments(payload: str, code: str) -> None:
    text = BASE.replace("  currency EUR", f"  currency EUR  # note{payload}here")
    found = diags(text)
    assert [(d.code, d.span.line, d.span.column) for d in found] == [(code, 6, 23)]


def test_mixed_script_names_are_flagged() -> None:
    text = BASE.replace('objective "Latency"', 'objective "L\u0430tency"')
    found = diags(text)
    assert any(d.code == "S122" and "CYRILLIC and LATIN" in d.message for d in found)

"""`the percentage is the average of the percentages for each day`: measured where it applies,
refused where it cannot; every expected number is worked out in the comment beside it."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from test_evaluate_helpers import HEADER, run, spec, write

import sladsl

INCIDENT_UPTIME = '''service "API":
  objective "Uptime":
    the service shall be available at least 99.95% of the time in each calendar month.
    availability is measured from incidents.
{rule}'''

DAILY = "    the percentage is the average of the percentages for each day.\n"


def _uptime(ev: object) -> Fraction:
    line = ev.periods[0].lines[0]  # type: ignore[attr-defined]
    return Fraction(line.measured)


def test_daily_average_of_availability_across_the_clock_change(tmp_path: Path) -> None:
    # 29 March 2026 in London has 23 hours. Down from 00:00 GMT to 12:00 BST: 11 real hours.
    write(tmp_path, {"incidents.csv": "id,start,end\nI1,2026-03-29 00:00:00,2026-03-29 12:00:00"})
    daily = _uptime(run(spec(INCIDENT_UPTIME.format(rule=DAILY)), tmp_path, "2026-03"))
    # 30 days at 100% and one at 12/23: (3000 + 1200/23) / 31 = 70200/713.
    assert daily == Fraction(70200, 713)
    pooled = _uptime(run(spec(INCIDENT_UPTIME.format(rule="")), tmp_path, "2026-03"))
    # The whole month: 743 hours, 11 of them down → 732/743.
    assert pooled == Fraction(73200, 743)


def test_hourly_average_counts_each_hour(tmp_path: Path) -> None:
    # April: 720 hours. Down 10:30 to 11:15 on 10 April: hour 10 is 50% down, hour 11 75% up.
    write(tmp_path, {"incidents.csv": "id,start,end\nI1,2026-04-10 10:30:00,2026-04-10 11:15:00"})
    rule = "    the percentage is the average of the percentages for each hour.\n"
    ev = run(spec(INCIDENT_UPTIME.format(rule=rule)), tmp_path, "2026-04")
    assert _uptime(ev) == (718 * 100 + 50 + 75) / Fraction(720)
    assert ev.periods[0].lines[0].details["hours measured"] == "720"


def test_a_day_left_out_entirely_has_no_percentage(tmp_path: Path) -> None:
    s = spec('''service "API":
  objective "Uptime":
    the service shall be available at least 99.95% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 50% of requests fail.
    a minute without requests counts as excluded.
    excluded time is left out of the measurement.
''' + DAILY)
    write(tmp_path, {"requests.csv": "time,status\n2026-04-01 10:00:00,200\n"
                     "2026-04-02 10:00:00,503\n2026-04-02 10:01:00,200\n"
                     "2026-04-02 10:02:00,200"})
    ev = run(s, tmp_path, "2026-04")
    # Only 1 and 2 April have measured minutes: 100% and 2/3 → (100 + 200/3) / 2 = 250/3.
    # (Over the month at once it would be 3 of 4 measured minutes: 75%.)
    assert _uptime(ev) == Fraction(250, 3)
    assert ev.periods[0].lines[0].details["days measured"] == "2"


def test_request_days_follow_local_midnight(tmp_path: Path) -> None:
    s = spec('''service "API":
  objective "Errors":
    at most 10% of requests shall fail in each calendar month.
''' + DAILY)
    # 2026-03-29T23:30Z is 00:30 BST on 30 March. Local days: 29 March 0 of 1 failed (0%),
    # 30 March 1 of 3 (1/3) → mean 50/3 %. (Days of 24 hours from 1 March 00:00 GMT would put
    # the failure on 29 March: 1/2 and 0/2 → 25%.)
    write(tmp_path, {"requests.csv": "time,status\n2026-03-29T12:00:00+01:00,200\n"
                     "2026-03-29T23:30:00Z,503\n2026-03-30T12:00:00+01:00,200\n"
                     "2026-03-30T12:01:00+01:00,200"})
    line = run(s, tmp_path, "2026-03").periods[0].lines[0]
    assert (line.measured, line.verdict) == (Fraction(50, 3), "missed")


def test_monthly_parts_of_a_quarter(tmp_path: Path) -> None:
    s = spec('''service "API":
  objective "Errors":
    at most 10% of requests shall fail in each calendar quarter.
    the percentage is the average of the percentages for each month.
''')
    # January 1 of 4 failed (25%), February 0 of 1, March none (no percentage) → 12.5%.
    write(tmp_path, {"requests.csv": "time,status\n2026-01-05 10:00:00,503\n"
                     + "".join(f"2026-01-05 10:0{i}:00,200\n" for i in range(1, 4))
                     + "2026-02-05 10:00:00,200"})
    line = run(s, tmp_path, "2026-Q1").periods[0].lines[0]
    assert line.measured == Fraction(25, 2)
    assert line.details["months with requests"] == "2"


def _codes(body: str) -> list[tuple[str, str]]:
    _, found = sladsl.analyse(HEADER + body, "t.sla")
    return [(d.code, d.message) for d in found if d.severity == "error"]


@pytest.mark.parametrize(("body", "words"), [
    # A percentage of survey answers has nothing to average per day.
    ('''service "Support":
  objective "Satisfaction":
    the average satisfaction score shall be at least 4 out of 5 in each calendar month.
    the percentage is the average of the percentages for each day.
''', "no percentage of requests or of time"),
    # A year is longer than the month it would split.
    ('''service "API":
  objective "Errors":
    at most 1% of requests shall fail in each calendar month.
    the percentage is the average of the percentages for each year.
''', "cannot be averaged over each year"),
    # Pooling probes on an objective that counts requests.
    ('''service "API":
  objective "Errors":
    at most 1% of requests shall fail in each calendar month.
    the percentage is computed over all probes together.
''', "this objective counts requests"),
    ('''service "API":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from probes.
    the percentage is computed over all requests together.
''', "this objective counts probes"),
    # Incidents have no samples to pool.
    (INCIDENT_UPTIME.format(rule="    the percentage is computed over all requests together.\n"),
     "no samples"),
])
def test_aggregation_refused_where_it_cannot_apply(body: str, words: str) -> None:
    found = _codes(body)
    assert [c for c, _ in found] == ["S130"], found
    assert words in found[0][1]


@pytest.mark.parametrize("rule", [
    "the percentage is computed over all probes together.",
    "the percentage is the average of the percentages for each minute.",
    "the percentage is the average of the percentages for each week.",
])
def test_aggregation_accepted_where_it_applies(rule: str) -> None:
    assert _codes(f'''service "API":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from probes.
    {rule}
''') == []


def test_rendered_contract_states_the_rule_and_the_default() -> None:
    from sladsl.render import render

    daily = render(spec(INCIDENT_UPTIME.format(rule=DAILY)), "text")
    assert isinstance(daily, str)
    assert "The availability of each day (from midnight to midnight)" in " ".join(daily.split())
    plain = render(spec(INCIDENT_UPTIME.format(rule="")), "text")
    assert isinstance(plain, str)
    assert "availability is computed over the whole period at once" in " ".join(plain.split())


AVAIL = '''service "API":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
{rules}'''


@pytest.mark.parametrize(("rules", "words"), [
    ("    availability is measured from incidents.\n"
     "    a minute counts as unavailable when more than 5% of requests fail.\n",
     "which are not cut into slices"),
    ("    availability is measured from requests.\n"
     "    a minute counts as unavailable when any probe fails.\n",
     "this rule counts probes, but the objective is measured from requests"),
    ("    a minute counts as unavailable when more than 5% of requests fail.\n"
     "    a minute without probes counts as available.\n",
     "this rule counts probes, but the objective is measured from requests"),
    ("    availability is measured from probes.\n"
     "    a minute counts as unavailable when any probe fails.\n"
     "    an hour without probes counts as excluded.\n",
     "an objective has one slice length"),
])
def test_slice_rules_the_measurement_would_not_use(rules: str, words: str) -> None:
    found = _codes(AVAIL.format(rules=rules))
    assert [c for c, _ in found] == ["S131"], found
    assert words in found[0][1]


def test_slice_rules_that_agree_are_accepted() -> None:
    assert _codes(AVAIL.format(rules="    availability is measured from probes.\n"
                               "    a period of 5 minutes counts as unavailable when any probe "
                               "fails.\n    a period of 5 minutes without probes counts as "
                               "excluded.\n")) == []


EXAMPLE = '''service "API":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.

service credits:
  for "Uptime": 5% of the Monthly Fee when missed.
  if "Uptime" is missed in 2 consecutive calendar months, the Customer may terminate this agreement.

examples:
  example "Two bad months":
    given 60 minutes of downtime in April 2026
    and 60 minutes of downtime in May 2026
    then {outcome}
'''


@pytest.mark.parametrize(("outcome", "code"), [
    ("the Customer receives a credit of 5% of the Monthly Fee", None),
    ("the Provider receives a credit of 5% of the Monthly Fee", "S132"),
    ("the Provider receives no credit", "S132"),
    ("the Customer may terminate this agreement", None),
    ("the Provider may terminate this agreement", "S132"),
])
def test_outcome_parties(outcome: str, code: str | None) -> None:
    found = _codes(EXAMPLE.format(outcome=outcome))
    assert [c for c, _ in found] == ([code] if code else []), found


def test_the_clock_stops_only_for_the_customer() -> None:
    body = '''service "Desk":
  objective "Fix":
    priority 1 tickets shall be resolved within 4 hours, at any time.
    time waiting for the {who} is left out.
'''
    assert _codes(body.format(who="Customer")) == []
    assert [c for c, _ in _codes(body.format(who="Provider"))] == ["S132"]

"""Published contract terms, each evaluated at its edges (issue 13, first half).

Billing periods, interval-average availability, cumulative credit tables, gaps in credit
tables, "or less" minimums, forfeiture of unclaimed credits and minimum sample sizes. Every
expected number is worked out in the comment beside it. Times are UTC, so a quarter has no
daylight-saving hour: Q1 2026 is 90 days = 129,600 minutes; January 44,640; April 43,200.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_evaluate_helpers import run, write

import sladsl
from sladsl.api import analyse
from sladsl.check.billing import billing
from sladsl.cli import main
from sladsl.evaluate.credits import CreditSummary
from sladsl.evaluate.engine import Evaluation
from sladsl.evaluate.results import Line
from sladsl.model import Spec
from sladsl.render import render

HEAD = '''agreement "Published"
  provider "Nimbus Inc." called "the Provider"
  customer "Initech LLC" called "the Customer"
  effective 2026-01-01
  time zone UTC
  currency USD

definitions:
  "Quarterly Fee" is USD 30,000.
  "Monthly Fee" is USD 30,000.

'''


def load(body: str, measuring: bool = False) -> Spec:
    if not measuring:
        return sladsl.loads(HEAD + body, "published.sla")
    path = Path(__file__).parent / "published.sla"  # not written: loads() with tolerance
    spec, diags = analyse(HEAD + body, str(path))
    assert spec is not None
    spec.diagnostics = diags
    return spec


def codes(body: str) -> list[str]:
    return [d.code for d in analyse(HEAD + body, "published.sla")[1]]


def lines(ev: Evaluation, objective: str) -> list[Line]:
    return [ln for p in ev.periods for ln in p.lines if ln.objective == objective]


def total(ev: Evaluation) -> Decimal:
    return sum((p.credits.total for p in ev.periods if p.credits is not None), Decimal(0))


def incident(start: str, end: str) -> dict[str, str]:
    return {"incidents.csv": f"id,start,end\nI1,{start},{end}"}


def april(spec: Spec, folder: Path, end: str) -> CreditSummary:
    """The credits of April 2026 with one incident from 10 April 00:00 until ``end``."""
    write(folder, incident("2026-04-10 00:00", end))
    credits = run(spec, folder, "2026-04").periods[0].credits
    assert credits is not None
    return credits


# ---------------------------------------------------------------- 1. billing periods

QUARTERLY = '''service "Storage":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar quarter.
    availability is measured from incidents.

service credits:
'''


def test_a_stated_quarter_prices_the_quarters_fee_row(tmp_path: Path) -> None:
    s = load(QUARTERLY + '''  fees are billed every calendar quarter.
  for "Uptime": 10% of the Quarterly Fee when missed.
''')
    # 200 minutes down in Q1: missed. The fees row for 2026-Q1 is USD 27,000: 10% = 2,700.
    write(tmp_path, {**incident("2026-02-01 00:00", "2026-02-01 03:20"),
                     "fees.csv": "period,amount\n2026-Q1,27000\n2026-01,1"})
    ev = run(s, tmp_path, "2026-03")
    credits = ev.periods[0].credits
    assert credits is not None and credits.period == "2026-Q1"
    assert credits.total == Decimal("2700.00")
    assert "fees data, row 2026-Q1" in credits.lines[0].reason
    assert "billing period: calendar quarter (stated" in credits.notes[0]


@pytest.mark.parametrize(("rows", "expected", "source"), [
    # Every month of the quarter has a row: 9,000 + 9,500 + 10,000 = 28,500; 10% = 2,850.
    ("2026-01,9000\n2026-02,9500\n2026-03,10000", "2850.00", "rows 2026-01, 2026-02, 2026-03"),
    # One month missing: the rows do not make the quarter; the defined USD 30,000 applies.
    ("2026-01,9000\n2026-03,10000", "3000.00", '"Quarterly Fee" as defined'),
])
def test_a_quarters_fee_from_its_months(tmp_path: Path, rows: str, expected: str,
                                        source: str) -> None:
    s = load(QUARTERLY + '''  fees are billed every calendar quarter.
  for "Uptime": 10% of the Quarterly Fee when missed.
''')
    write(tmp_path, {**incident("2026-02-01 00:00", "2026-02-01 03:20"),
                     "fees.csv": "period,amount\n" + rows})
    credits = run(s, tmp_path, "2026-Q1").periods[0].credits
    assert credits is not None and str(credits.total) == expected
    assert source in credits.lines[0].reason


def test_a_years_fee_from_its_quarters(tmp_path: Path) -> None:
    s = sladsl.loads(HEAD.replace('"Quarterly Fee" is USD 30,000.\n  "Monthly Fee" is USD 30,000.',
                                  '"Annual Fee" is USD 1.')
                     + '''service "Storage":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar year.
    availability is measured from incidents.

service credits:
  fees are billed every calendar year.
  for "Uptime": 10% of the Annual Fee when missed.
''')
    # 2026 has 525,600 minutes; 600 minutes down is 99.8858%: missed. Fees: four quarter rows
    # of 25,000 = 100,000; 10% = 10,000.
    write(tmp_path, {**incident("2026-05-01 00:00", "2026-05-01 10:00"),
                     "fees.csv": "period,amount\n2026-Q1,25000\n2026-Q2,25000\n"
                                 "2026-Q3,25000\n2026-Q4,25000"})
    credits = run(s, tmp_path, "2026").periods[0].credits
    assert credits is not None and credits.total == Decimal("10000.00")


def test_fees_during_the_downtime_divide_by_the_quarters_minutes(tmp_path: Path) -> None:
    s = load(QUARTERLY + '''  fees are billed every calendar quarter.
  for "Uptime": 10 times the fees paid during the downtime when missed.
''')
    # 200 minutes down: USD 30,000 x 200 / 129,600 = 46.2962…; 10 times = 462.96. A month's
    # minutes (44,640 in January) would have given 1,344.09.
    write(tmp_path, incident("2026-01-10 00:00", "2026-01-10 03:20"))
    credits = run(s, tmp_path, "2026-Q1").periods[0].credits
    assert credits is not None and credits.total == Decimal("462.96")
    assert "÷ 129600 min" in credits.lines[0].reason


def test_the_billing_period_is_derived_from_the_fees_name() -> None:
    # No cap, no claim clause, no stated period: "Quarterly Fee" names a quarter.
    s = load(QUARTERLY + '''  for "Uptime": 10% of the Quarterly Fee when missed.
''')
    found = billing(s)
    assert (found.unit, found.ambiguous) == ("quarter", False)
    assert '"Quarterly Fee" is a quarterly fee' in found.reason


def test_a_monthly_cap_on_a_quarterly_fee_is_ambiguous() -> None:
    body = QUARTERLY + '''  for "Uptime": 10% of the Quarterly Fee when missed.
  credits in a calendar month are capped at 50% of the Quarterly Fee.
'''
    assert "S130" in codes(body)
    # Stating the billing period settles it.
    assert "S130" not in codes(body + "  fees are billed every calendar month.\n")


def test_the_contract_states_the_billing_rule() -> None:
    s = load(QUARTERLY + '''  fees are billed every calendar quarter.
  for "Uptime": 10% of the Quarterly Fee when missed.
''')
    text = render(s, "text")
    assert "The billing period is the Calendar Quarter" in text
    assert "divided by the\n    minutes of the billing period" in text or \
        "minutes of the billing period" in " ".join(text.split())


def test_a_quarter_billed_monthly_report_counts_every_month(tmp_path: Path) -> None:
    s = load('''service "Storage":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from incidents.

service credits:
  fees are billed every calendar quarter.
  for "Uptime":
    below 99.9%: USD 100.
''')
    # January and February are missed (60 minutes each); the March report prices the
    # quarter: the tier pays for each window, and both earlier months count: 2 x USD 100.
    write(tmp_path, {"incidents.csv": "id,start,end\nI1,2026-01-05 00:00,2026-01-05 01:00\n"
                                      "I2,2026-02-05 00:00,2026-02-05 01:00"})
    ev = run(s, tmp_path, "2026-01", "2026-03")
    assert [p.credits is None for p in ev.periods] == [True, True, False]
    assert total(ev) == Decimal("200.00")


# ---------------------------------------------------------------- 2. interval averages

AVERAGED = '''service "Storage":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is 100% minus the average of the error rates of each {interval}.
{extra}'''


def requests(rows: list[tuple[str, bool]]) -> dict[str, str]:
    return {"requests.csv": "time,success\n" + "\n".join(
        f"{t},{'true' if ok else 'false'}" for t, ok in rows)}


@pytest.mark.parametrize(("failed", "verdict", "value"), [
    # April: 720 one-hour intervals. One interval with f of 100 requests failed: the average
    # error rate is (f/100)/720; 72 failed gives exactly 0.1%, so 99.9% (met).
    (71, "met", Fraction(100) - Fraction(71, 720)),
    (72, "met", Fraction(999, 10)),
    (73, "missed", Fraction(100) - Fraction(73, 720)),
])
def test_interval_average_at_the_target(tmp_path: Path, failed: int, verdict: str,
                                        value: Fraction) -> None:
    s = load(AVERAGED.format(interval="hour", extra=""))
    rows = [(f"2026-04-10 10:{i // 60:02d}:{i % 60:02d}", i >= failed) for i in range(100)]
    write(tmp_path, requests(rows))
    ln = lines(run(s, tmp_path, "2026-04"), "Uptime")[0]
    assert (ln.verdict, ln.measured) == (verdict, value)
    assert ln.details["intervals"] == "720" and ln.details["intervals with requests"] == "1"


def test_interval_average_of_five_minute_intervals(tmp_path: Path) -> None:
    # January: 8,928 intervals of 5 minutes. Interval 0: 2 of 10 fail (20%); interval 1:
    # 4 of 4 fail (100%); every other interval has no requests (0%). The average error rate
    # is 1.2 / 8,928, so availability is 100 − 120/8,928 % = 99.98655…%.
    rows = [(f"2026-01-01 00:00:{k:02d}", k >= 2) for k in range(10)]
    rows += [(f"2026-01-01 00:05:{k:02d}", False) for k in range(4)]
    write(tmp_path, requests(rows))
    ln = lines(run(load(AVERAGED.format(interval="interval of 5 minutes", extra="")),
                   tmp_path, "2026-01"), "Uptime")[0]
    assert ln.measured == 100 - Fraction(120, 8928)
    # The equivalent downtime is 1.2 intervals of 5 minutes: 6 minutes.
    assert ln.downtime_us == 6 * 60_000_000


def test_a_partial_interval_at_the_edge_weighs_its_length(tmp_path: Path) -> None:
    # January's 44,640 minutes are 6,377 intervals of 7 minutes and one of 1 minute. One
    # failed request in the last minute: error 100% over 1 minute, so availability is
    # 100 − 100/44,640 % (not 100 − 100/6,378 %, which counting intervals would give).
    write(tmp_path, requests([("2026-01-31 23:59:30", False)]))
    ln = lines(run(load(AVERAGED.format(interval="interval of 7 minutes", extra="")),
                   tmp_path, "2026-01"), "Uptime")[0]
    assert ln.measured == 100 - Fraction(100, 44640)


def test_empty_intervals_as_the_spec_says(tmp_path: Path) -> None:
    # One hour of April with 1 of 2 requests failed; the other 719 hours are empty. Counted
    # as unavailable, they are 100% errors: (0.5 + 719) / 720 → 0.0694…%.
    write(tmp_path, requests([("2026-04-01 00:10", True), ("2026-04-01 00:20", False)]))
    unavailable = load(AVERAGED.format(
        interval="hour", extra="    an hour without requests counts as unavailable.\n"))
    excluded = load(AVERAGED.format(
        interval="hour", extra="    an hour without requests counts as excluded.\n"))
    assert lines(run(unavailable, tmp_path, "2026-04"), "Uptime")[0].measured == \
        100 - Fraction(7195, 72)
    # Left out: the average is over the one hour with requests: 50%.
    assert lines(run(excluded, tmp_path, "2026-04"), "Uptime")[0].measured == 50


def test_slow_requests_fail_and_probes_work(tmp_path: Path) -> None:
    s = load(AVERAGED.format(interval="hour", extra="    a request counts as failed when it "
                             "takes longer than 2 seconds.\n"))
    # One hour of April: 4 requests, 1 took 2,001 ms (failed), 1 took exactly 2,000 ms (not).
    write(tmp_path, {"requests.csv": "time,success,latency_ms\n2026-04-01 00:01,true,2001\n"
                     "2026-04-01 00:02,true,2000\n2026-04-01 00:03,true,5\n"
                     "2026-04-01 00:04,true,5"})
    assert lines(run(s, tmp_path, "2026-04"), "Uptime")[0].measured == \
        100 - Fraction(25, 720)
    probes = load(AVERAGED.format(interval="minute", extra="    availability is measured from "
                                  "probes.\n"))
    write(tmp_path, {"probes.csv": "time,up\n2026-04-01 00:00:10,false\n"
                                   "2026-04-01 00:00:40,true"})
    # 43,200 minutes; one at 50%: 100 − 50/43,200 %.
    assert lines(run(probes, tmp_path, "2026-04"), "Uptime")[0].measured == \
        100 - Fraction(50, 43200)


def test_maintenance_in_an_interval_average(tmp_path: Path) -> None:
    s = load(AVERAGED.format(interval="hour", extra="") + '''
exclusions:
  scheduled maintenance announced at least 72 hours in advance.
''')
    write(tmp_path, {
        # 01:00-03:00 on 5 April, announced in time: excluded; its failed requests do not
        # count, and its two hours count as available (error rate 0%).
        # 01:00-01:30 on 20 April, announced 71 hours before: downtime whatever the requests.
        "maintenance.csv": "id,start,end,announced_at,kind\n"
                           "MW1,2026-04-05 01:00,2026-04-05 03:00,2026-04-01 00:00,scheduled\n"
                           "MW2,2026-04-20 01:00,2026-04-20 01:30,2026-04-17 02:00,scheduled",
        # The hour 20 April 01:00 has 4 requests, 1 failed (25%), all outside MW2's half hour.
        **requests([("2026-04-05 01:30", False), ("2026-04-05 02:30", False),
                    ("2026-04-20 01:40", True), ("2026-04-20 01:45", True),
                    ("2026-04-20 01:50", True), ("2026-04-20 01:55", False)]),
    })
    ln = lines(run(s, tmp_path, "2026-04"), "Uptime")[0]
    # The 20 April hour: 30 minutes forced down + 30 minutes at 25% = 37.5 minutes of 60, an
    # error rate of 62.5%; the average over 720 hours is 0.625/720, so 100 − 62.5/720 %.
    assert ln.measured == 100 - Fraction(625, 7200)
    assert ln.details["downtime whatever the requests"] == "30 min"


def test_rules_that_cannot_apply_to_an_interval_average_are_refused() -> None:
    assert "S115" in codes(AVERAGED.format(interval="hour", extra="    downtime counts only "
                                           "in runs of at least 5 minutes.\n"))
    assert "S115" in codes(AVERAGED.format(interval="hour", extra="    availability is "
                                           "measured from incidents.\n"))
    assert "S104" in codes(AVERAGED.format(interval="hour", extra="    a minute without "
                                           "requests counts as available.\n"))
    assert "S104" in codes(AVERAGED.format(interval="hour", extra="").replace("100%", "99%"))


# ---------------------------------------------------------------- 4. cumulative tables

MONTHLY_UPTIME = '''service "Storage":
  objective "Uptime":
    the service shall be available at least 99.95% of the time in each calendar month.
    availability is measured from incidents.

service credits:
  for "Uptime":
'''
CUMULATIVE = MONTHLY_UPTIME + '''    less than 99.95%: 10% of the Monthly Fee.
    less than 99%: 25% of the Monthly Fee.
    less than 95%: 100% of the Monthly Fee.
'''


@pytest.mark.parametrize(("end", "credit", "rows"), [
    # April: 43,200 minutes. 432 minutes down is exactly 99%: not less than 99%, only the
    # first row: 10% of 30,000.
    ("2026-04-10 07:12", "3000.00", 1),
    # 433 minutes: 98.9976…%: the first two rows match; the more severe pays 25%.
    ("2026-04-10 07:13", "7500.00", 2),
    # 2,160 minutes is exactly 95%: not less than 95%: 25%.
    ("2026-04-11 12:00", "7500.00", 2),
    # 2,161 minutes: all three rows match: 100%.
    ("2026-04-11 12:01", "30000.00", 3),
])
def test_cumulative_rows_pay_the_most_severe_match(tmp_path: Path, end: str, credit: str,
                                                   rows: int) -> None:
    credits = april(load(CUMULATIVE), tmp_path, end)
    assert str(credits.total) == credit
    assert len(credits.lines) == 1
    if rows > 1:
        assert f"the most severe of the {rows} rows it matches" in credits.lines[0].reason


def test_cumulative_tables_are_accepted_and_rendered_as_written() -> None:
    assert codes(CUMULATIVE) == []
    text = " ".join(render(load(CUMULATIVE), "text").split())
    assert "the service credit of the most severe matching row only" in text
    assert "less than 99%" in text and "less than 95%" in text
    # Overlapping bands that are not nested are still refused.
    assert "S108" in codes(CUMULATIVE.replace("less than 99%:", "below 99.9% and at least 90%:"))


# ---------------------------------------------------------------- 5. gaps and paying while met

GAPPED = MONTHLY_UPTIME + '''    below 99.95% and at least 99.0%: 10% of the Monthly Fee.
    below 95.0%: 50% of the Monthly Fee.
'''


def test_validate_reports_the_gap_with_the_actual_fix() -> None:
    diags = analyse(HEAD + GAPPED, "published.sla")[1]
    gap = next(d for d in diags if d.code == "S109")
    assert gap.severity == "error"
    assert "add the row `below 99% and at least 95%: …` to the table on line 18" in gap.hint
    assert "widen the row on line 19 to `below 99.95% and at least 95%`" in gap.hint
    met = analyse(HEAD + GAPPED.replace("below 99.95% and", "below 99.99% and"),
                  "published.sla")[1]
    paying = next(d for d in met if d.code == "S111")
    assert "on line 19, write `below 99.95% and at least 99%:`" in paying.hint


@pytest.mark.parametrize(("end", "credit", "gap"), [
    ("2026-04-10 07:12", "3000.00", False),     # exactly 99%: the first row
    ("2026-04-10 07:13", "0.00", True),         # 98.9976…%: in the gap
    ("2026-04-11 12:00", "0.00", True),         # exactly 95%: not below 95%: in the gap
    ("2026-04-11 12:01", "15000.00", False),    # 94.9976…%: below 95%: 50%
])
def test_evaluate_measures_a_gapped_table(tmp_path: Path, end: str, credit: str,
                                          gap: bool) -> None:
    credits = april(load(GAPPED, measuring=True), tmp_path, end)
    assert str(credits.total) == credit
    assert gap == ("falls in no credit tier (a gap in the contract at"
                   in credits.lines[0].reason)


def test_the_cli_evaluates_a_gapped_contract_and_validate_refuses_it(tmp_path: Path) -> None:
    spec = tmp_path / "gapped.sla"
    spec.write_text(HEAD + GAPPED, encoding="utf-8")
    data = write(tmp_path / "data", incident("2026-04-10 00:00", "2026-04-10 07:13"))
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(spec)]).exit_code == 1
    result = runner.invoke(main, ["evaluate", str(spec), "--data", str(data),
                                  "--period", "2026-04"])
    assert result.exit_code == 0, result.output
    assert "error[S109]" in result.stderr and "measures the contract as written" in \
        result.stderr
    assert "falls in no credit tier" in result.stdout


def test_a_tier_that_pays_while_met_pays_as_written(tmp_path: Path) -> None:
    s = load(GAPPED.replace("below 99.95% and", "below 99.99% and"), measuring=True)
    # 10 minutes down in April: 99.9768…%, meets 99.95% but is below 99.99%.
    credits = april(s, tmp_path, "2026-04-10 00:10")
    assert credits.total == Decimal("3000.00")
    assert "pays although the objective was met" in credits.lines[0].notes[0]


# ---------------------------------------------------------------- 6. minimums and forfeiture

FIXED = '''service "Storage":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from incidents.

service credits:
  for "Uptime": USD {amount} when missed.
  {rule}
'''


@pytest.mark.parametrize(("amount", "rule", "paid"), [
    ("40", "credits of USD 40 or less are not issued.", "0.00"),      # equal: not issued
    ("39.99", "credits of USD 40 or less are not issued.", "0.00"),
    ("40.01", "credits of USD 40 or less are not issued.", "40.01"),
    ("40", "credits below USD 40 are not paid.", "40.00"),            # equal: paid
    ("39.99", "credits below USD 40 are not paid.", "0.00"),
])
def test_or_less_and_below(tmp_path: Path, amount: str, rule: str, paid: str) -> None:
    s = load(FIXED.format(amount=amount, rule=rule))
    write(tmp_path, incident("2026-04-10 00:00", "2026-04-10 01:00"))
    credits = run(s, tmp_path, "2026-04").periods[0].credits
    assert credits is not None and str(credits.total) == paid


FORFEIT = QUARTERLY + '''  for "Uptime": 10% of the Quarterly Fee when missed.
  the Customer must claim a credit within 30 days after the end of the calendar quarter.
  a credit not claimed in time is forfeited.
'''


@pytest.mark.parametrize(("claims", "last", "paid", "why"), [
    # The Q1 deadline is 30 April: a claim at 23:59:59 that day is in time.
    ("2026-Q1,,2026-04-30 23:59:59", "2026-05", "3000.00", None),
    # One second later it is late: forfeited.
    ("2026-Q1,,2026-05-01 00:00:00", "2026-05", "0.00", "claimed only on 2026-05-01"),
    # No claim and the deadline has passed by the end of May: forfeited.
    (None, "2026-05", "0.00", "not claimed"),
    # No claim yet, but the deadline has not passed at the end of March: still owed.
    (None, "2026-03", "3000.00", None),
    # A claim for another objective does not claim this credit.
    ("2026-Q1,Latency,2026-04-02 10:00", "2026-05", "0.00", "not claimed"),
    ("2026-Q1,uptime ,2026-04-02 10:00", "2026-05", "3000.00", None),
])
def test_forfeiture_from_the_claims_data(tmp_path: Path, claims: str | None, last: str,
                                         paid: str, why: str | None) -> None:
    s = load(FORFEIT)
    files = incident("2026-02-01 00:00", "2026-02-01 03:20")
    if claims is not None:
        files["claims.csv"] = "period,objective,claimed_at\n" + claims
    write(tmp_path, files)
    ev = run(s, tmp_path, "2026-01", last)
    q1 = next(p.credits for p in ev.periods if p.credits is not None)
    assert str(q1.total) == paid
    notes = " ".join(q1.lines[0].notes)
    if why is None:
        assert "forfeited" not in notes
    else:
        assert f"forfeited: USD 3000.00 {why}" in notes and "claim deadline 2026-04-30" in notes


def test_forfeiture_needs_a_claim_deadline() -> None:
    assert "S102" in codes(QUARTERLY + '''  for "Uptime": 10% of the Quarterly Fee when missed.
  a credit not claimed in time is forfeited.
''')


# ---------------------------------------------------------------- 7. minimum samples

SURVEYED = '''service "Care":
  objective "Satisfaction":
    the average satisfaction score shall be at least 4 out of 5 in each calendar month.
    the objective applies only when at least 20 responses were received.

service credits:
  for "Satisfaction": USD 100 when missed.
  if "Satisfaction" is missed in 1 consecutive calendar month, the Customer may terminate
    this agreement.
'''


@pytest.mark.parametrize(("answers", "verdict", "paid", "terminate"), [
    (19, "not assessed", "0.00", False),
    (20, "missed", "100.00", True),
    (21, "missed", "100.00", True),
])
def test_minimum_responses(tmp_path: Path, answers: int, verdict: str, paid: str,
                           terminate: bool) -> None:
    s = load(SURVEYED)
    rows = "\n".join(f"2026-04-{1 + i:02d} 10:00,3" for i in range(answers))
    write(tmp_path, {"surveys.csv": "time,satisfaction\n" + rows})
    ev = run(s, tmp_path, "2026-04")
    ln = lines(ev, "Satisfaction")[0]
    assert ln.verdict == verdict and ln.measured == 3
    assert str(total(ev)) == paid
    assert ev.terminations[0].triggered is terminate
    if verdict == "not assessed":
        assert ln.margin is None and "19 responses received" in ln.note


@pytest.mark.parametrize(("tickets", "verdict"), [(2, "not assessed"), (3, "missed")])
def test_minimum_tickets(tmp_path: Path, tickets: int, verdict: str) -> None:
    s = load('''service "Support":
  objective "Response":
    at least 90% of tickets shall receive a first response within 1 hour in each calendar month.
    the objective applies only when at least 3 tickets were received.
''')
    rows = "\n".join(f"T{i},2026-04-0{i + 1} 10:00,2026-04-0{i + 1} 12:00" for i in range(tickets))
    write(tmp_path, {"tickets.csv": "id,opened_at,first_response_at\n" + rows})
    assert lines(run(s, tmp_path, "2026-04"), "Response")[0].verdict == verdict


def test_a_minimum_of_the_wrong_kind_is_refused() -> None:
    assert "S115" in codes('''service "Storage":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    the objective applies only when at least 20 responses were received.
''')
    assert "S115" in codes(SURVEYED.replace("20 responses", "20 tickets"))


# ---------------------------------------------------------------- comparing versions


@pytest.mark.parametrize(("old", "new", "effect", "kind"), [
    ("credits below USD 40 are not paid.", "credits of USD 40 or less are not paid.",
     "weaker", "de-minimis-inclusive"),
    ("fees are billed every calendar quarter.", "fees are billed every calendar month.",
     "review", "billing-period-changed"),
])
def test_diff_compares_the_new_credit_sentences(old: str, new: str, effect: str,
                                                kind: str) -> None:
    from sladsl.diff.rules import compare

    base = QUARTERLY + '''  for "Uptime": 10% of the Quarterly Fee when missed.
  {}
'''
    changes = compare(load(base.format(old)), load(base.format(new)))
    assert [(c.effect, c.kind) for c in changes] == [(effect, kind)]


def test_diff_compares_minimums_and_forfeiture() -> None:
    from sladsl.diff.rules import compare

    changes = compare(load(SURVEYED), load(SURVEYED.replace("20 responses", "30 responses")))
    assert [(c.effect, c.kind) for c in changes] == [("weaker", "minimum-sample-raised")]
    added = compare(load(FORFEIT.replace("  a credit not claimed in time is forfeited.\n", "")),
                    load(FORFEIT))
    assert [(c.effect, c.kind) for c in added] == [("weaker", "forfeiture-added")]


def test_a_single_month_report_of_a_quarterly_bill_sees_the_quarters_exclusions(
        tmp_path: Path) -> None:
    s = load('''service "Storage":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from incidents.

exclusions:
  scheduled maintenance announced at least 72 hours in advance.

service credits:
  fees are billed every calendar quarter.
  for "Uptime":
    below 99.9%: USD 100.
''')
    # January: one hour down (60 of 44,640 minutes: 99.8656%, missed). February: a 2-hour
    # incident entirely inside announced maintenance (excluded: met). Reporting March alone
    # prices the whole quarter, with February's exclusions: one credit of USD 100, not two.
    write(tmp_path, {
        "incidents.csv": "id,start,end\nI1,2026-01-06 00:00,2026-01-06 01:00\n"
                         "I2,2026-02-05 01:00,2026-02-05 03:00",
        "maintenance.csv": "id,start,end,announced_at,kind\n"
                           "MW1,2026-02-05 00:00,2026-02-05 04:00,2026-02-01 00:00,scheduled"})
    february = lines(run(s, tmp_path, "2026-02"), "Uptime")[0]
    assert february.downtime_us == 0 and february.verdict == "met"
    ev = run(s, tmp_path, "2026-03")
    assert total(ev) == Decimal("100.00")

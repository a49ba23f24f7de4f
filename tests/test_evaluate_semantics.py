"""Hand-computed scenarios: every expected number below is worked out in the comment beside it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from test_evaluate_helpers import run, spec, write

from sladsl.evaluate.calendars import Clocks
from sladsl.evaluate.periods import from_us, parse_period, parse_range, to_us, zone
from sladsl.evaluate.results import Line

LONDON = zone("Europe/London")

UPTIME = '''service "API":
  objective "Uptime":
    the service shall be available at least 99.95% of the time in each calendar month.
    availability is measured from incidents.
'''

TIERS = '''
service credits:
  for "Uptime":
    below 99.95% and at least 99.0%: 10% of the Monthly Fee.
    below 99.0%: 25% of the Monthly Fee.
  the Customer must claim a credit within 30 days after the end of the calendar month.
'''


def line(ev: object, objective: str, index: int = 0) -> Line:
    lines = [ln for p in ev.periods for ln in p.lines if ln.objective == objective]  # type: ignore[attr-defined]
    return lines[index]


# ---------------------------------------------------------------- periods and calendars


def test_dst_months_have_743_and_745_hours() -> None:
    assert parse_period("2026-03", LONDON).hours == 743
    assert parse_period("2026-10", LONDON).hours == 745
    assert parse_period("2026-04", LONDON).hours == 720
    assert parse_period("2026-Q1", LONDON).hours == 90 * 24 - 1
    assert [p.label for p in parse_range("2025-11", "2026-02", LONDON)] == \
        ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_business_deadline_across_holiday_and_weekend() -> None:
    clocks = Clocks(spec(UPTIME))
    cal = clocks.default()
    # Thursday 2 April 2026 15:00; Good Friday (3 April) is a GB holiday, then a weekend.
    # 16 business hours: Thursday 2 h, Monday 8 h, Tuesday 6 h → Tuesday 7 April 15:00.
    start = to_us(datetime(2026, 4, 2, 15, 0, tzinfo=LONDON))
    due = cal.deadline_us(start, 16 * 3_600_000_000)
    assert from_us(due, LONDON) == datetime(2026, 4, 7, 15, 0, tzinfo=LONDON)
    assert cal.elapsed_us(start, due) == 16 * 3_600_000_000


# ---------------------------------------------------------------- availability and tiers


@pytest.mark.parametrize(("end", "verdict", "credit"), [
    # April 2026 has 30 × 1440 = 43,200 minutes. 432 min down → exactly 99.0%: the
    # "below 99.95% and at least 99.0%" tier (10% of EUR 10,000), not the 25% one.
    ("2026-04-10 07:12:00", "missed", "1000.00"),
    # 21.6 min = 1,296 s down → exactly 99.95%: "at least 99.95%" is met, no credit.
    ("2026-04-10 00:21:36", "met", "0.00"),
    # 433 min → 42,767/43,200 = 98.99768…% → the 25% tier.
    ("2026-04-10 07:13:00", "missed", "2500.00"),
])
def test_tier_edges(tmp_path: Path, end: str, verdict: str, credit: str) -> None:
    s = spec(UPTIME + TIERS)
    write(tmp_path, {"incidents.csv": f"id,start,end\nI1,2026-04-10 00:00:00,{end}"})
    ev = run(s, tmp_path, "2026-04")
    ln = line(ev, "Uptime")
    assert ln.verdict == verdict
    credits = ev.periods[0].credits
    assert credits is not None and str(credits.total) == credit
    assert credits.claim_deadline is not None
    assert credits.claim_deadline.isoformat() == "2026-05-30"  # April ends, then 30 days


def test_dst_month_availability(tmp_path: Path) -> None:
    # March 2026 in London has 743 h = 44,580 min; 45 min down → 44,535/44,580.
    write(tmp_path, {"incidents.csv": "id,start,end\nI1,2026-03-29 00:30,2026-03-29 02:15"})
    # 00:30 GMT to 02:15 BST is 00:30Z to 01:15Z: 45 minutes of real time.
    ln = line(run(spec(UPTIME), tmp_path, "2026-03"), "Uptime")
    assert ln.measured == Fraction(44535 * 100, 44580)
    assert ln.downtime_us == 45 * 60_000_000


def test_maintenance_allowance_and_late_notice(tmp_path: Path) -> None:
    s = spec(UPTIME + '''
exclusions:
  scheduled maintenance announced at least 72 hours in advance,
    up to 4 hours in each calendar month.
''')
    write(tmp_path, {
        "incidents.csv": "id,start,end",
        "maintenance.csv": """id,start,end,announced_at,kind
MW1,2026-04-05 01:00,2026-04-05 06:00,2026-04-01 00:00,scheduled
MW2,2026-04-20 01:00,2026-04-20 02:00,2026-04-17 02:00,scheduled
MW3,2026-05-20 01:00,2026-05-20 02:00,2026-05-17 01:00,scheduled""",
    })
    ev = run(s, tmp_path, "2026-04", "2026-05")
    april, may = line(ev, "Uptime", 0), line(ev, "Uptime", 1)
    # MW1: 5 h announced in time → 4 h excluded, 1 h beyond the allowance is downtime.
    # MW2: announced 71 h before → all 60 min downtime. Total 120 of 43,200 minutes.
    assert april.downtime_us == 120 * 60_000_000
    assert april.measured == Fraction(43080 * 100, 43200)
    # MW3: announced exactly 72 h before → excluded ("at least"); May is 100%.
    assert may.downtime_us == 0 and may.verdict == "met"


def test_customer_caused_and_late_reported_incidents(tmp_path: Path) -> None:
    s = spec(UPTIME + '''
responsibilities:
  the Customer shall report each incident within 24 hours of discovering it.

exclusions:
  incidents caused by the Customer.
  incidents the Customer did not report on time.
''')
    write(tmp_path, {"incidents.csv": """id,start,end,cause,discovered_at,reported_at
I1,2026-04-01 10:00,2026-04-01 11:00,customer,,
I2,2026-04-02 10:00,2026-04-02 11:00,provider,2026-04-02 10:00,2026-04-03 10:01
I3,2026-04-03 10:00,2026-04-03 10:30,provider,2026-04-03 10:00,2026-04-04 10:00"""})
    ev = run(s, tmp_path, "2026-04")
    ln = line(ev, "Uptime")
    # I1 customer-caused, I2 reported 24 h 1 min after discovery: both excluded.
    # I3 reported exactly 24 h after: counts. 30 of 43,200 minutes down.
    assert ln.downtime_us == 30 * 60_000_000
    assert sorted(e.ref for e in ln.exclusions) == ["incident I1", "incident I2"]
    duty = ev.periods[0].duties[0]
    assert duty.status == "missed" and "I2" in duty.detail


HOURLY = '''service "API":
  objective "Weekly":
    the service shall be available at least 97% of the time in each calendar week.
    availability is measured from requests.
    a period of 1 hour counts as unavailable when more than 5% of requests fail.
    a period of 1 hour without requests counts as {empty}.
'''


def _hourly_requests(folder: Path) -> None:
    # Week 2026-W03 (12–18 January, no DST change) has 168 hours. Hours 10–12 have no
    # requests; hour 20 has 1 failure in 20 (5%: not "more than 5%"); hour 30 has 2 in 20.
    rows = ["time,success"]
    for h in range(168):
        if h in (10, 11, 12):
            continue
        for k in range(20):
            fail = (h == 20 and k == 0) or (h == 30 and k < 2)
            minute = datetime(2026, 1, 12, tzinfo=LONDON).timestamp() + h * 3600 + k * 60
            stamp = datetime.fromtimestamp(minute, LONDON).strftime("%Y-%m-%d %H:%M:%S")
            rows.append(f"{stamp},{'false' if fail else 'true'}")
    write(folder, {"requests.csv": "\n".join(rows)})


@pytest.mark.parametrize(("empty", "expected"), [
    ("unavailable", Fraction(164 * 100, 168)),  # 3 empty + 1 failing hour down of 168
    ("available", Fraction(167 * 100, 168)),  # only the failing hour
    ("excluded", Fraction(164 * 100, 165)),  # empty hours left out of the 168
])
def test_empty_slices(tmp_path: Path, empty: str, expected: Fraction) -> None:
    _hourly_requests(tmp_path)
    ln = line(run(spec(HOURLY.format(empty=empty)), tmp_path, "2026-W03"), "Weekly")
    assert ln.measured == expected


def test_minimum_downtime_run(tmp_path: Path) -> None:
    _hourly_requests(tmp_path)
    text = HOURLY.format(empty="unavailable") + \
        "    downtime counts only in runs of at least 2 hours.\n"
    ln = line(run(spec(text), tmp_path, "2026-W03"), "Weekly")
    # The 3-hour empty run counts; the lone failing hour 30 is a run of 1 hour and does not.
    assert ln.measured == Fraction(165 * 100, 168)


@pytest.mark.parametrize(("rule", "expected", "verdict"), [
    ("the percentage is computed over all requests together.", Fraction(1), "met"),
    ("the percentage is the average of the percentages for each day.", Fraction(50), "missed"),
])
def test_pooled_versus_averaged(tmp_path: Path, rule: str, expected: Fraction,
                                verdict: str) -> None:
    s = spec(f'''service "API":
  objective "Errors":
    at most 10% of requests shall fail in each calendar week.
    {rule}
''')
    # Monday: 1 request, failed (100%). Tuesday: 99 requests, none failed (0%).
    # Pooled: 1/100 = 1%. Averaged per day: (100% + 0%) / 2 = 50%.
    rows = ["time,status", "2026-01-12 10:00:00,503"]
    rows += [f"2026-01-13 10:{i // 60:02d}:{i % 60:02d},200" for i in range(99)]
    write(tmp_path, {"requests.csv": "\n".join(rows)})
    ln = line(run(s, tmp_path, "2026-W03"), "Errors")
    assert (ln.measured, ln.verdict) == (expected, verdict)


@pytest.mark.parametrize(("method", "limit", "expected", "verdict"), [
    # Ten latencies 1..10 ms. Nearest rank: ⌈0.95 × 10⌉ = 10th value = 10 ms.
    ("nearest rank", "9.6", Fraction(10), "missed"),
    # Linear: h = 0.95 × 9 = 8.55 → x[8] + 0.55 × (x[9] − x[8]) = 9 + 0.55 = 9.55 ms.
    ("linear interpolation", "9.6", Fraction(955, 100), "met"),
])
def test_percentile_methods(tmp_path: Path, method: str, limit: str, expected: Fraction,
                            verdict: str) -> None:
    s = spec(f'''service "API":
  objective "Latency":
    the 95th percentile of response time shall be at most {limit} ms in each calendar week.
    percentiles are computed by {method}.
''')
    rows = ["time,latency_ms,success"] + [f"2026-01-13 10:00:{i:02d},{11 - i},true"
                                          for i in range(1, 11)]
    write(tmp_path, {"requests.csv": "\n".join(rows)})
    ln = line(run(s, tmp_path, "2026-W03"), "Latency")
    assert (ln.measured, ln.verdict) == (expected, verdict)


# ---------------------------------------------------------------- tickets and surveys


TICKETS = '''service "Desk":
  objective "Response":
    priority 3 tickets shall receive a first response within 4 hours of Business Hours.
  objective "Resolution":
    at least 90% of priority 2 tickets shall be resolved within 2 business days
      in each calendar month.
'''


def test_business_hours_ticket_limits(tmp_path: Path) -> None:
    write(tmp_path, {"tickets.csv": """id,priority,opened_at,first_response_at,resolved_at
T1,P3,2026-04-02 16:00,2026-04-06 12:00,
T2,P3,2026-04-02 16:00,2026-04-06 12:01,
T3,P3,2026-04-10 16:30,2026-04-13 12:30,
T4,P2,2026-04-02 15:00,2026-04-02 15:05,2026-04-07 15:00
T5,P2,2026-04-02 15:00,2026-04-02 15:05,2026-04-07 15:01"""})
    ev = run(spec(TICKETS), tmp_path, "2026-04")
    response = line(ev, "Response")
    # T1: Thursday 16:00–17:00 (1 h), Good Friday and the weekend closed, Monday 09:00–12:00
    # (3 h) = 4 h: met. T2 is one minute later: missed. T3: Friday 10 April 0.5 h (Easter
    # Monday 13 April is not a holiday for GB as a whole) + Monday 3.5 h = 4 h: met.
    assert response.details["missed"] == "1" and response.worst[0]["ticket"] == "T2"
    resolution = line(ev, "Resolution")
    # 2 business days = 16 business hours: T4 Thu 2 h + Mon 8 h + Tue 6 h = 16 h (met);
    # T5 one minute more (missed): 1 of 2 = 50%, below 90%.
    assert (resolution.measured, resolution.verdict) == (Fraction(50), "missed")


def test_dst_weekend_response(tmp_path: Path) -> None:
    # Friday 27 March 16:30 GMT to Monday 30 March 12:30 BST: 0.5 h + 3.5 h = 4 h: met.
    write(tmp_path, {"tickets.csv": "id,priority,opened_at,first_response_at,resolved_at\n"
                                    "T1,3,2026-03-27 16:30,2026-03-30 12:30,"})
    ln = line(run(spec(TICKETS), tmp_path, "2026-03"), "Response")
    assert ln.verdict == "met" and ln.details["within the limit"] == "1"


def test_net_promoter_score_and_first_contact(tmp_path: Path) -> None:
    s = spec('''service "Desk":
  objective "NPS":
    the net promoter score shall be at least 40 in each calendar month.
  objective "FCR":
    at least 80% of tickets shall be resolved on first contact in each calendar month.
''')
    write(tmp_path, {
        "surveys.jsonl": "\n".join(f'{{"time": "2026-04-0{i + 1}T10:00:00Z", "promoter": {p}}}'
                                   for i, p in enumerate([10, 9, 9, 7, 3])),
        "tickets.csv": "id,opened_at,first_contact\nA,2026-04-01 10:00,true\n"
                       "B,2026-04-01 11:00,true\nC,2026-04-01 12:00,true\n"
                       "D,2026-04-01 13:00,false\nE,2026-04-01 14:00,yes",
    })
    ev = run(s, tmp_path, "2026-04")
    # Promoters 3 (10, 9, 9), detractors 1 (3) of 5 → (3 − 1) / 5 = 40: "at least 40" is met.
    assert (line(ev, "NPS").measured, line(ev, "NPS").verdict) == (Fraction(40), "met")
    # 4 of 5 on first contact = 80%: met exactly.
    assert (line(ev, "FCR").measured, line(ev, "FCR").verdict) == (Fraction(80), "met")


# ---------------------------------------------------------------- credits and termination


RESPONSE = '''
service "Desk":
  objective "Response":
    priority 1 tickets shall receive a first response within 15 minutes, at any time.
'''
LATE_TICKETS = ("id,priority,opened_at,first_response_at\n"
                "T1,1,2026-04-01 10:00,2026-04-01 10:16\n"
                "T2,1,2026-04-01 11:00,2026-04-01 11:15\n"
                "T3,1,2026-04-01 12:00,2026-04-01 13:00")


def test_cap(tmp_path: Path) -> None:
    s = spec(UPTIME + RESPONSE + '''
service credits:
  for "Uptime":
    below 99.95%: 45% of the Monthly Fee.
  for "Response": EUR 300 for each missed priority 1 ticket.
  credits in a calendar month are capped at 50% of the Monthly Fee.
''')
    write(tmp_path, {"incidents.csv": "id,start,end\nI1,2026-04-10 00:00,2026-04-10 01:00",
                     "tickets.csv": LATE_TICKETS})
    credits = run(s, tmp_path, "2026-04").periods[0].credits
    assert credits is not None
    # Tier: 45% × 10,000 = 4,500. Tickets: T1 (16 min) and T3 (60 min) missed, T2 at exactly
    # 15 min is met: 2 × 300 = 600. Subtotal 5,100, capped at 50% = 5,000.
    assert [str(c.amount) for c in credits.lines] == ["4500.00", "600.00"]
    assert (credits.subtotal, credits.cap, credits.capped, credits.total) == \
        (Decimal("5100.00"), Decimal("5000.00"), True, Decimal("5000.00"))


def test_minimum_credit(tmp_path: Path) -> None:
    s = spec(UPTIME + RESPONSE + '''
service credits:
  for "Response": EUR 10 for each missed priority 1 ticket.
  each credit is at least EUR 100.
''')
    write(tmp_path, {"incidents.csv": "id,start,end", "tickets.csv": LATE_TICKETS})
    credits = run(s, tmp_path, "2026-04").periods[0].credits
    # 2 missed × EUR 10 = 20, raised to the minimum credit of EUR 100.
    assert credits is not None and str(credits.total) == "100.00"
    assert "minimum" in credits.lines[0].notes[0]


def test_de_minimis(tmp_path: Path) -> None:
    s = spec(UPTIME + '''
service credits:
  for "Uptime": EUR 40 when missed.
  credits below EUR 50 are not paid.
''')
    write(tmp_path, {"incidents.csv": "id,start,end\nI1,2026-04-10 00:00,2026-04-10 01:00"})
    credits = run(s, tmp_path, "2026-04").periods[0].credits
    assert credits is not None and credits.total == 0


@pytest.mark.parametrize(("february", "triggered"), [("02-10", True), (None, False)])
def test_termination_after_three_consecutive_misses(tmp_path: Path, february: str | None,
                                                    triggered: bool) -> None:
    s = spec(UPTIME + '''
service credits:
  if "Uptime" is missed in 3 consecutive calendar months, the Customer may terminate this agreement.
''')
    rows = ["id,start,end", "I1,2026-01-10 00:00,2026-01-10 01:00",
            "I3,2026-03-10 00:00,2026-03-10 01:00"]
    if february:
        rows.append(f"I2,2026-{february} 00:00,2026-{february} 01:00")
    write(tmp_path, {"incidents.csv": "\n".join(rows)})
    (result,) = run(s, tmp_path, "2026-03").terminations
    assert result.triggered is triggered
    assert [h[0] for h in result.history] == ["2026-01", "2026-02", "2026-03"]

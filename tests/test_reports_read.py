"""Reports say what a reader checks: due times, the right word for a late ticket, notes only
where they matter, W201 only where credits are paid, defaults stated in every contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_evaluate_helpers import HEADER, run, spec, write

import sladsl
from sladsl.render import render

RESPONSE = '''service "Desk":
  objective "Response":
    priority 1 tickets shall receive a first response within 4 hours of Business Hours.
    time waiting for the Customer is left out.
'''


def test_late_first_response_shows_its_due_time(tmp_path: Path) -> None:
    # Friday 5 June 2026 16:00 London: 1 business hour on Friday (to 17:00), 3 on Monday →
    # due Monday 8 June 12:00. Answered Monday 15:00: 7 business hours, 3 over. T2 has no
    # response yet; opened Monday 8 June 09:00 with a 1-hour pause 10:00-11:00, so due at 14:00.
    write(tmp_path, {
        "tickets.csv": "id,priority,opened_at,first_response_at\n"
                       "T1,1,2026-06-05 16:00,2026-06-08 15:00\nT2,1,2026-06-08 09:00,",
        "ticket_pauses.csv": "ticket_id,start,end\nT2,2026-06-08 10:00,2026-06-08 11:00"})
    line = run(spec(RESPONSE), tmp_path, "2026-06").periods[0].lines[0]
    worst = {w["ticket"]: w for w in line.worst}
    assert worst["T1"]["due"] == "2026-06-08T12:00:00+01:00"
    assert worst["T1"]["over by"] == "3 h 00 min"
    assert worst["T1"]["status"] == "responded late"  # not "closed late"
    assert worst["T2"]["due"] == "2026-06-08T14:00:00+01:00"
    assert worst["T2"]["status"] == "no response yet"


def test_late_resolution_says_resolved_late(tmp_path: Path) -> None:
    write(tmp_path, {"tickets.csv": "id,priority,opened_at,resolved_at\n"
                                    "T1,1,2026-06-02 10:00,2026-06-02 16:00"})
    s = spec('''service "Desk":
  objective "Fix":
    priority 1 tickets shall be resolved within 4 hours, at any time.
''')
    w = run(s, tmp_path, "2026-06").periods[0].lines[0].worst[0]
    assert (w["status"], w["due"], w["over by"]) == ("resolved late",
                                                      "2026-06-02T14:00:00+01:00", "2 h 00 min")


UPTIME = '''service "API":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from incidents.
'''


@pytest.mark.parametrize(("exclusions", "noted"), [
    ("", False),  # nothing to exclude: the missing file is no news
    ("exclusions:\n  scheduled maintenance announced at least 5 days in advance.\n", True),
])
def test_maintenance_note_only_with_a_maintenance_exclusion(tmp_path: Path, exclusions: str,
                                                            noted: bool) -> None:
    write(tmp_path, {"incidents.csv": "id,start,end\nI1,2026-06-02 10:00,2026-06-02 10:30"})
    ev = run(spec(UPTIME + exclusions), tmp_path, "2026-06")
    assert any("no maintenance data" in x for x in ev.notes) is noted


def test_no_maintenance_note_for_a_ticket_service(tmp_path: Path) -> None:
    write(tmp_path, {"tickets.csv": "id,priority,opened_at,first_response_at\n"
                                    "T1,1,2026-06-02 10:00,2026-06-02 10:30"})
    body = RESPONSE + ("\nexclusions:\n  scheduled maintenance announced at least 5 days in "
                       "advance.\n")
    assert run(spec(body), tmp_path, "2026-06").notes == []


def _warnings(body: str, header: str = HEADER) -> list[sladsl.Diagnostic]:
    return [d for d in sladsl.analyse(header + body, "t.sla")[1] if d.code == "W201"]


def test_w201_only_where_the_agreement_pays_credits() -> None:
    assert _warnings(UPTIME) == []  # no service credits section: no credit is missing
    credited = UPTIME + '''
  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.

service credits:
  for "Uptime": 5% of the Monthly Fee when missed.
'''
    found = _warnings(credited)
    assert [d.message for d in found] == ['objective "Latency" has no service credit']
    assert 'for "Latency": 5% of the Monthly Fee when missed.' in found[0].hint


def test_w201_hint_without_a_defined_fee() -> None:
    header = HEADER.replace('  "Monthly Fee" is EUR 10,000.\n', "")
    body = UPTIME + '''
  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.

service credits:
  for "Uptime": EUR 100 when missed.
'''
    found = _warnings(body, header)
    assert len(found) == 1 and 'for "Latency": EUR 500 when missed.' in found[0].hint


@pytest.mark.parametrize("name", ["cloud-platform", "saas-analytics", "telecom-network",
                                  "service-desk", "bpo-claims"])
def test_every_contract_states_the_availability_defaults(name: str) -> None:
    s = sladsl.load(Path(__file__).parent.parent / "specs" / f"{name}.sla")
    text = " ".join(str(render(s, "text")).split())
    for entry in s.objectives:
        rules = {type(r) for r in entry.objective.rules}
        if not any(isinstance(t, sladsl.nodes.AvailabilityTarget)
                   for t in entry.objective.targets):
            continue
        # Each default is stated unless the spec states its own rule.
        if sladsl.nodes.AggregationRule not in rules:
            assert "availability is computed over the whole period at once" in text
        if sladsl.nodes.ExcludedTimeRule not in rules:
            assert "counts as Available" in text
        if sladsl.nodes.MinimumRunRule not in rules:
            assert "counts as downtime, however short the outage" in text

"""The fast statements `sladsl evaluate` runs and the reference statements `sladsl compile`
records give byte-identical reports on the same data."""

from __future__ import annotations

from pathlib import Path

import pytest

import sladsl
from sladsl.evaluate.bindings import Bindings
from sladsl.evaluate.engine import Engine
from sladsl.evaluate.periods import parse_period, zone
from sladsl.evaluate.report import build, to_json
from sladsl.samples import generate, sample_months

SPECS = Path(__file__).resolve().parent.parent / "specs"


@pytest.mark.parametrize("name", ["cloud-platform", "service-desk", "saas-analytics"])
def test_fast_and_reference_statements_agree(name: str, tmp_path: Path) -> None:
    spec = sladsl.load(SPECS / f"{name}.sla")
    generate(spec, tmp_path)
    tz = zone(spec.time_zone)
    periods = [parse_period(m, tz) for m in sample_months(spec)]
    reports = []
    for portable in (False, True):
        engine = Engine(spec, tmp_path, Bindings())
        engine.portable = portable
        reports.append(to_json(build(engine.run(periods))))
    assert reports[0] == reports[1]


TICKETS = '''service "Desk":
  objective "Response":
    at least 90% of priority 1 tickets shall receive a first response within 1 hour
      in each calendar month.
    at least 80% of tickets shall receive a first response within 4 hours of Business Hours
      in each calendar quarter.
    at least 70% of priority 2 tickets shall be resolved within 2 business days
      in each rolling 10 days.
'''


def test_ticket_windows_of_every_kind_agree(tmp_path: Path) -> None:
    """Monthly, quarterly and rolling ticket targets over a range of months: the fast path
    answers every period from one grouped query, the reference asks window by window."""
    from test_evaluate_helpers import HEADER

    from sladsl.evaluate.bindings import load_bindings
    from sladsl.evaluate.periods import parse_range

    spec = sladsl.loads(HEADER + TICKETS, "desk.sla")
    rows = ["id,priority,opened_at,first_response_at,resolved_at"]
    for i in range(400):  # tickets every 11 hours and 7 minutes, answered and resolved late
        opened = 1767225600 + i * (11 * 3600 + 7 * 60)  # from 2026-01-01 UTC
        answer = opened + (i * 997 % 300) * 60
        resolved = "" if i % 37 == 0 else str(opened + (i * 7919 % 200) * 3600)
        rows.append(f"T{i},{1 + i % 3},{opened},{answer},{resolved}")
    for j, boundary in enumerate((1769904000, 1772323200, 1775001600)):  # 1 Feb, Mar, Apr
        rows.append(f"B{j},1,{boundary},{boundary + 7200},{boundary + 90000}")
    (tmp_path / "tickets.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text('[tickets]\nunits = { opened_at = "epoch_s", '
                                     'first_response_at = "epoch_s", resolved_at = "epoch_s" }\n',
                                     encoding="utf-8")
    periods = parse_range("2026-01", "2026-06", zone(spec.time_zone))
    reports = []
    for portable in (False, True):
        engine = Engine(spec, tmp_path, load_bindings(tmp_path / "b.toml"))
        engine.portable = portable
        reports.append(to_json(build(engine.run(periods))))
    assert reports[0] == reports[1]
    assert '"resolved late"' in reports[0] and '"missed"' in reports[0]

"""The bad measurement data corpus in ``tests/bad_data/``: one folder a case, one outcome each.

A case is either refused with a :class:`~sladsl.errors.SlaDataError` that names the file, the
line, the row and the column (and nothing is written), or handled the way
``docs/data-model.md`` documents, which the test pins down to the exact number: overlapping
incidents are downtime once, not twice; naive timestamps are read in the agreement's zone
(Europe/London, so an April 10:00 is 09:00 UTC); rows may come in any order.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_evaluate_helpers import HEADER, run, spec

from sladsl.cli import main
from sladsl.errors import SlaDataError

CORPUS = Path(__file__).resolve().parent / "bad_data"
MINUTE = 60_000_000  # microseconds

SPECS = {
    "requests": '''service "API":
  objective "Uptime":
    the service shall be available at least 99% of the time in each calendar month.
    availability is measured from requests.
''',
    "probes": '''service "API":
  objective "Uptime":
    the service shall be available at least 99% of the time in each calendar month.
    availability is measured from probes.
''',
    "incidents": '''service "API":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from incidents.

exclusions:
  scheduled maintenance announced at least 24 hours in advance.
''',
    "tickets": '''service "Desk":
  objective "Response":
    priority 1 tickets shall receive a first response within 15 minutes, at any time.
''',
    "surveys": '''service "Desk":
  objective "NPS":
    the net promoter score shall be at least 30 in each calendar month.
''',
}
KIND = {"requests": "requests", "probes": "probes", "incidents": "incidents",
        "maintenance": "incidents", "tickets": "tickets", "surveys": "surveys"}

#: Refused: the case and the start of the first line of the message after the folder name.
REFUSED = {
    "broken-jsonl": "incidents.jsonl:3:1: error[D200]: cannot read the file as JSONL",
    "duplicate-id": "incidents.csv:4:1: error[D200]: row 3, column 'id': duplicate id 'I1'",
    "empty-file": "requests.csv:1:1: error[D200]: the file is empty",
    "empty-required-value": "incidents.csv:3:2: error[D200]: row 2, column 'start': the value "
                            "is empty",
    "end-before-start": "incidents.csv:3:1: error[D200]: row 2, column 'end': end is before "
                        "start",
    "end-before-start-maintenance": "maintenance.csv:2:1: error[D200]: row 1, column 'end': "
                                    "end is before start",
    "impossible-date": "incidents.csv:2:2: error[D200]: row 1, column 'start': cannot read "
                       "'2026-02-30 10:00' as a timestamp",
    "invalid-utf8": "incidents.csv:3:1: error[D200]: cannot read the file as CSV",
    "missing-column": "requests.csv:1:1: error[D200]: column 'time' is missing",
    "missing-outcome": "requests.csv:1:1: error[D200]: requests need a 'success' or a 'status' "
                       "column",
    "nul-bytes": "incidents.csv:2:2: error[D200]: row 1, column 'start': cannot read "
                 "'2026-04-01 10:00\\x00' as a timestamp",
    "parquet-wrong-type": "incidents.parquet:1:2: error[D200]: row 1, column 'start': cannot "
                          "read '17' as a timestamp",
    "promoter-out-of-range": "surveys.csv:3:1: error[D200]: row 2, column 'promoter': promoter "
                             "score 11 is outside 0 to 10",
    "truncated-parquet": "incidents.parquet:1:1: error[D200]: cannot read the file as PARQUET",
    "unknown-cause": "incidents.csv:2:4: error[D200]: row 1, column 'cause': cannot read "
                     "'aliens' as a cause",
    "unknown-priority": "incidents.csv:3:1: error[D200]: row 2, column 'priority': unknown "
                        "priority 9",
    "unparsable-timestamp": "incidents.csv:3:2: error[D200]: row 2, column 'start': cannot read "
                            "'1st of April' as a timestamp",
    "unreadable-priority": "tickets.csv:2:2: error[D200]: row 1, column 'priority': cannot read "
                           "'urgent' as a priority",
    "wrong-type-flag": "probes.csv:3:2: error[D200]: row 2, column 'up': cannot read 'maybe' as "
                       "true or false",
    "wrong-type-number": "requests.csv:3:2: error[D200]: row 2, column 'latency_ms': cannot read "
                         "'fast' as a number",
}

#: Handled: the case, its period, the downtime in minutes and the exact measured value (%).
APRIL = 30 * 24 * 60  # minutes; April has no clock change
HANDLED = {
    # 10:00-11:00, 10:30-11:30 and 10:40-10:50 are one outage from 10:00 to 11:30: 90 minutes,
    # not the 130 minutes their lengths add up to.
    "overlapping-incidents": ("2026-04", 90, 100 - Fraction(90 * 100, APRIL)),
    "out-of-order-rows": ("2026-04", 90, 100 - Fraction(90 * 100, APRIL)),
    # 09:00Z-10:45 London (09:45Z), 10:00+01:00-09:15Z and 12:00+03:00-10:30 London:
    # 45 + 15 + 30 minutes.
    "mixed-time-zones": ("2026-04", 90, 100 - Fraction(90 * 100, APRIL)),
    "naive-timestamps": ("2026-04", 45, 100 - Fraction(45 * 100, APRIL)),
    "parquet-naive-timestamps": ("2026-04", 45, 100 - Fraction(45 * 100, APRIL)),
    "crlf-and-bom": ("2026-04", 45, 100 - Fraction(45 * 100, APRIL)),
    # London springs forward at 01:00 on 29 March: 00:30 GMT to 03:30 BST is two hours, in a
    # month of 743 hours.
    "dst-gap-naive": ("2026-03", 120, 100 - Fraction(120 * 100, 743 * 60)),
    # Identical rows are two requests: both failed, so 10:00 is an unavailable minute.
    "duplicate-rows": ("2026-04", 1, 100 - Fraction(100, APRIL)),
    # No rows: every minute is empty, and an empty minute counts as available by default.
    "header-only": ("2026-04", 0, Fraction(100)),
}


def _case(name: str) -> tuple[Path, str]:
    folder = CORPUS / name
    (data,) = list(folder.iterdir())
    return folder, KIND[data.stem]


def test_every_case_has_an_expected_outcome() -> None:
    cases = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert cases == set(REFUSED) | set(HANDLED)
    assert not set(REFUSED) & set(HANDLED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_file_row_and_column(name: str) -> None:
    folder, kind = _case(name)
    period = "2026-03" if name == "impossible-date" else "2026-04"
    with pytest.raises(SlaDataError) as info:
        run(spec(SPECS[kind]), folder, period)
    first = info.value.render().splitlines()[0]
    assert first.startswith(f"{folder}/{REFUSED[name]}"), first
    assert info.value.diagnostics[0].hint, "every data error says how to fix it"


@pytest.mark.parametrize("name", sorted(HANDLED))
def test_handled_as_documented(name: str) -> None:
    folder, kind = _case(name)
    period, minutes, percent = HANDLED[name]
    line = run(spec(SPECS[kind]), folder, period).periods[0].lines[0]
    assert line.downtime_us == minutes * MINUTE
    assert line.measured == percent


def test_refused_data_writes_no_report(tmp_path: Path) -> None:
    (tmp_path / "spec.sla").write_text(HEADER + SPECS["incidents"], encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "spec.sla"), "--data",
                                       str(CORPUS / "truncated-parquet"), "--period", "2026-04",
                                       "-o", str(out)])
    assert result.exit_code == 1
    assert "incidents.parquet:1:1: error[D200]" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()

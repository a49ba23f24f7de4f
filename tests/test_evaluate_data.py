"""Bad measurement data: each problem names the file, row and column, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_evaluate_helpers import HEADER, run, spec, write

from sladsl.cli import main
from sladsl.errors import SlaDataError

DESK = '''service "Desk":
  objective "Response":
    priority 1 tickets shall receive a first response within 15 minutes, at any time.
'''
GOOD = "id,priority,opened_at,first_response_at\nT1,1,2026-04-01 10:00,2026-04-01 10:05"


@pytest.mark.parametrize(("files", "expected"), [
    ({}, "missing data file tickets.csv"),
    ({"tickets.csv": "id,priority,opened_at\nT1,1,2026-04-01 10:00"},
     "column 'first_response_at' is missing"),
    ({"tickets.csv": GOOD + "\nT2,1,2026-04-31 10:00,2026-04-01 10:05"},
     "tickets.csv:3:3: error[D200]: row 2, column 'opened_at': cannot read '2026-04-31 10:00'"),
    ({"tickets.csv": GOOD + "\nT2,1,2026-04-02 10:00,2026-04-02 09:00"},
     "row 2, column 'first_response_at': first_response_at is before opened_at"),
    ({"tickets.csv": GOOD + "\nT2,P7,2026-04-02 10:00,2026-04-02 10:05"},
     "row 2, column 'priority': unknown priority 7"),
    ({"tickets.csv": GOOD + "\nT1,1,2026-04-02 10:00,2026-04-02 10:05"},
     "row 2, column 'id': duplicate id 'T1'"),
    ({"tickets.csv": GOOD + "\nT2,1,2026-04-02 10:00\nT3,1,2026-04-02 10:00,2026-04-02 10:05"},
     "tickets.csv:3:1: error[D200]: cannot read the file as CSV: Invalid Input Error: CSV Error "
     "on Line: 3 Expected Number of Columns: 4 Found: 3"),
])
def test_bad_data_is_named(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    write(tmp_path, files)
    with pytest.raises(SlaDataError) as info:
        run(spec(DESK), tmp_path, "2026-04")
    assert expected in info.value.render()


def test_incident_end_before_start_in_jsonl(tmp_path: Path) -> None:
    s = spec('''service "API":
  objective "Uptime":
    the service shall be available at least 99.9% of the time in each calendar month.
''')
    write(tmp_path, {"incidents.jsonl": '{"id": "I1", "start": "2026-04-01T10:00:00Z", '
                                        '"end": "2026-04-01T09:00:00Z"}'})
    with pytest.raises(SlaDataError, match="incidents.jsonl:1:1: .*row 1, column 'end': end is "
                                           "before start"):
        run(s, tmp_path, "2026-04")


def test_offsets_taken_as_given_and_naive_in_agreement_zone(tmp_path: Path) -> None:
    # 10:00+01:00 and 10:00 naive (London is on BST in April) are the same instant: both
    # responses 20 minutes after opening, so both tickets miss the 15-minute limit.
    write(tmp_path, {"tickets.csv": "id,priority,opened_at,first_response_at\n"
                                    "T1,1,2026-04-01 09:40,2026-04-01T10:00:00+01:00\n"
                                    "T2,1,2026-04-01T08:40:00Z,2026-04-01 10:00"})
    ln = run(spec(DESK), tmp_path, "2026-04").periods[0].lines[0]
    assert ln.details["missed"] == "2"


def test_bindings_map_files_and_columns(tmp_path: Path) -> None:
    write(tmp_path, {"support.csv": "ref,prio,created,answered\nT1,1,1775034000,1775034300",
                     "b.toml": '[tickets]\nfile = "support.csv"\nunits = { opened_at = '
                               '"epoch_s", first_response_at = "epoch_s" }\n[tickets.columns]\n'
                               'id = "ref"\npriority = "prio"\nopened_at = "created"\n'
                               'first_response_at = "answered"\n'})
    (tmp_path / "spec.sla").write_text(HEADER + DESK, encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "spec.sla"), "--data",
                                       str(tmp_path), "--bindings", str(tmp_path / "b.toml"),
                                       "--period", "2026-04", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"within the limit": "1"' in result.output


def test_bad_data_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"tickets.csv": GOOD + "\nT1,1,2026-04-02 10:00,2026-04-02 10:05"})
    (tmp_path / "spec.sla").write_text(HEADER + DESK, encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "spec.sla"), "--data",
                                       str(tmp_path), "--period", "2026-04", "-o", str(out)])
    assert result.exit_code == 1
    assert "duplicate id" in result.output
    assert not out.exists()
    assert not list(tmp_path.glob(".report.json*"))


def test_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "spec.sla").write_text(HEADER + DESK, encoding="utf-8")
    args = ["evaluate", str(tmp_path / "spec.sla"), "--data", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--period", "2026-13"])
    assert result.exit_code == 2 and "cannot read '2026-13' as a period" in result.output
    result = CliRunner().invoke(main, [*args, "--from", "2026-01", "--to", "2026-Q2"])
    assert result.exit_code == 2 and "different kinds of period" in result.output


def test_timestamps_with_a_zone_name_keep_their_zone(tmp_path: Path) -> None:
    # 10:00 in Paris is 08:00 UTC (09:00 in London): the response at 08:10 UTC came after
    # 10 minutes. Read as London time, the ticket would open after its response.
    write(tmp_path, {"tickets.csv": "id,priority,opened_at,first_response_at\n"
                                    "T1,1,2026-04-01 10:00:00 Europe/Paris,"
                                    "2026-04-01 08:10:00 UTC"})
    ln = run(spec(DESK), tmp_path, "2026-04").periods[0].lines[0]
    assert ln.details["within the limit"] == "1"


def test_the_first_bad_row_is_named_whatever_its_column(tmp_path: Path) -> None:
    # Row 3 has an unreadable priority, row 2 an unreadable response time: row 2 comes first.
    write(tmp_path, {"tickets.csv": GOOD + "\nT2,1,2026-04-02 10:00,soon\n"
                                    "T3,urgent,2026-04-02 10:00,2026-04-02 10:05"})
    with pytest.raises(SlaDataError, match=r"row 2, column 'first_response_at': cannot read "
                                           r"'soon' as a timestamp"):
        run(spec(DESK), tmp_path, "2026-04")


def test_an_empty_required_value_is_named(tmp_path: Path) -> None:
    write(tmp_path, {"tickets.csv": GOOD + "\nT2,1,   ,2026-04-02 10:05"})
    with pytest.raises(SlaDataError, match=r"tickets.csv:3:3: .*row 2, column 'opened_at': "
                                           "the value is empty"):
        run(spec(DESK), tmp_path, "2026-04")


UPTIME = '''service "API":
  objective "Uptime":
    the service shall be available at least 99% of the time in each calendar month.
    availability is measured from probes.
    a minute counts as unavailable when all probes fail.
'''


def test_typed_parquet_reads_like_text(tmp_path: Path) -> None:
    """A Parquet file with native types (naive timestamps, booleans) gives the numbers the same
    data gives as text, including the words a flag may be written as."""
    import duckdb

    rows = [("2026-04-01 10:00:00", "up"), ("2026-04-01 10:01:00", "DOWN"),
            ("2026-04-01 10:02:00", "ok"), ("2026-04-01 10:03:00", " false "),
            ("2026-04-01 10:04:00", "yes")]
    text = tmp_path / "text"
    write(text, {"probes.csv": "time,up\n" + "\n".join(f"{t},{u}" for t, u in rows)})
    typed = tmp_path / "typed"
    typed.mkdir()
    con = duckdb.connect()
    con.execute("CREATE TABLE p (time TIMESTAMP, up BOOLEAN)")
    con.executemany("INSERT INTO p VALUES (?, ?)",
                    [(t, u.strip().lower() in ("up", "ok", "yes")) for t, u in rows])
    con.execute(f"COPY p TO '{typed / 'probes.parquet'}' (FORMAT parquet)")
    con.close()
    a = run(spec(UPTIME), text, "2026-04").periods[0].lines[0]
    b = run(spec(UPTIME), typed, "2026-04").periods[0].lines[0]
    assert a.measured == b.measured
    assert a.details == b.details
    assert (a.details["unavailable slices"], a.details["failed probes"]) == ("2", "2")


def test_loading_leaves_the_session_time_zone_alone(tmp_path: Path) -> None:
    import duckdb

    from sladsl.evaluate.bindings import Bindings
    from sladsl.evaluate.data import Dataset

    write(tmp_path, {"tickets.csv": GOOD})
    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/New_York'")
    data = Dataset(con, tmp_path, Bindings(), "Europe/London", [])
    assert data.has("tickets")
    assert con.execute("SELECT current_setting('TimeZone')").fetchone() == ("America/New_York",)
    # 10:00 in London (BST) is 09:00 UTC.
    assert con.execute("SELECT opened_at, _row FROM tickets").fetchone() == (
        1775034000000000, 1)


def test_an_unreadable_value_in_json_lines_is_shown(tmp_path: Path) -> None:
    write(tmp_path, {"tickets.jsonl": '{"id": "T1", "priority": 1, "opened_at": "2026-04-01 '
                                      '10:00", "first_response_at": "2026-04-01 10:05"}\n'
                                      '{"id": "T2", "priority": 1, "opened_at": "yesterday", '
                                      '"first_response_at": "2026-04-01 10:05"}'})
    with pytest.raises(SlaDataError, match=r"tickets.jsonl:2:\d+: .*row 2, column 'opened_at': "
                                           r"cannot read 'yesterday' as a timestamp"):
        run(spec(DESK), tmp_path, "2026-04")


def test_a_zone_duckdb_does_not_know_is_a_data_error(tmp_path: Path) -> None:
    import duckdb

    from sladsl.evaluate.bindings import Bindings
    from sladsl.evaluate.data import Dataset

    write(tmp_path, {"tickets.csv": GOOD})
    data = Dataset(duckdb.connect(), tmp_path, Bindings(), "Mars/Olympus", [])
    with pytest.raises(SlaDataError, match="DuckDB does not know the time zone 'Mars/Olympus'"):
        data.has("tickets")


def test_every_kind_has_a_required_column() -> None:
    """Loading relies on it: a file with no required column would have nothing to flag."""
    from sladsl.evaluate.data import SCHEMAS

    assert all(any(c.required for c in cols) for cols in SCHEMAS.values())

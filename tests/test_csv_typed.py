"""CSV read with its column types declared first, as text only when that fails.

``sladsl.evaluate.data`` reads a CSV file with its time, number and flag columns declared to
``read_csv`` (DuckDB parses them as it reads), and again as text, converted by
``sladsl.evaluate.convert``, when the typed read stops or leaves a problem. These tests prove
the two reads cannot disagree: value by value, every value the typed read accepts is read as
the text conversion reads it (in several time zones); and file by file (good files, every kind
of bad cell, quoting, spacing, headers, empty files, the bad-data corpus), the report or the
error message is the same with the typed read as with the text read alone.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_bad_data import CORPUS, KIND, SPECS
from test_evaluate_helpers import run, spec

from sladsl.errors import SlaDataError
from sladsl.evaluate.convert import DECLARED, Col, expr
from sladsl.evaluate.data import Dataset
from sladsl.evaluate.report import build, to_json

TIMES = ["2026-03-01T10:00:00Z", "2026-03-01 10:00", "2026-03-01T10:00:00+01:00",
         "2026-03-01 10:00:00 Europe/Paris", " 2026-03-01 10:00", "2026-03-01 10:00 ",
         "2026-03-01", "2026-3-1 1:2:3", "2026-03-01T10:00:00.123456789Z",
         "2026-03-01 10:00:00+0530", "2026-03-01T10:00:00.5+01", "infinity", "-infinity",
         "epoch", "2026-03-29 02:30", "2026-10-25 02:30", "26-03-01", "2026/03/01 10:00",
         "20260301", "2026-03-01 24:00:00", "2026-02-30", "1e3", "now", "10:00",
         "2026-03-01T10:00:00 UTC", "2026-03-01 10:00:00 America/New_York",
         "2026-03-01 10:00:00-08", "2026-03-01 10:00:00 +01:00", "2026-03-01 10:00:00.1234567",
         "0001-01-01 00:00:00", "294247-01-10 04:00:54.775807", "2026-03-01T10:00:00z",
         "2026-03-01t10:00:00", "2026-03-01 10:00\x00"]
NUMBERS = ["12.5", " 12.5", "12.5 ", "1.2345675", "1.23456749", "1e3", "1E-2", "+5", "-0", ".5",
           "5.", "1,5", "0x10", "1_000", "1e20", "999999999999.9999995", "123456789012.5",
           "1234567890123", "nan", "inf", "-", "  ", "12.5.1", "\u0663", "1 000", "00012",
           "-1.0000005", "0.0000005", "0.0000015", "fast"]
FLAGS = ["true", "false", "t", "f", "1", "0", "yes", "no", "y", "n", "TRUE", "True", " true",
         "true ", "ok", "2", "on", "off", "T", "YES", "Y", "N", "tru", "maybe", "down"]
ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"]


def _one(folder: Path, i: int, value: str) -> str:
    path = folder / f"v{i}.csv"  # a file each: DuckDB remembers what it read of a file
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["x"], [value]])
    return str(path).replace("'", "''")


@pytest.mark.parametrize(("kind", "values", "zones"), [
    ("time", TIMES, ZONES), ("decimal", NUMBERS, ["UTC"]), ("bool", FLAGS, ["UTC"])])
def test_what_the_typed_read_accepts_it_reads_as_the_text_conversion(
        tmp_path: Path, kind: str, values: list[str], zones: list[str]) -> None:
    con = duckdb.connect()
    options = "header=true, auto_detect=false, delim=',', quote='\"', escape='\"'"
    col = Col("x", kind)
    typed_value = expr(col, '"x"', DECLARED[kind].replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME "
                                                                         "ZONE"), None)
    text_value = expr(col, '"x"', "VARCHAR", None)
    accepted = refused = 0
    for zone in zones:
        con.execute(f"SET TimeZone = '{zone}'")
        for i, value in enumerate(values):
            path = _one(tmp_path, len(values) * zones.index(zone) + i, value)
            # trim("x") too, so DuckDB cannot push the conversion into the read.
            (want,) = con.execute(f"SELECT {text_value}, trim(\"x\") FROM read_csv('{path}', "
                                  f"{options}, columns={{'x': 'VARCHAR'}})").fetchall()
            try:
                got = con.execute(f"SELECT {typed_value} FROM read_csv('{path}', {options}, "
                                  f"columns={{'x': '{DECLARED[kind]}'}})").fetchall()
            except duckdb.Error:
                refused += 1  # read again as text: the same value either way
                continue
            accepted += 1
            assert got == [want[:1]], (zone, value, got, want)
    assert accepted and refused, "both reads tried"


def _outcome(body: str, folder: Path, period: str) -> str:
    try:
        return to_json(build(run(spec(body), folder, period)))
    except SlaDataError as exc:
        return exc.render()


def _both(monkeypatch: pytest.MonkeyPatch, body: str, folder: Path,
          period: str) -> tuple[str, str, list[bool]]:
    """The outcome with the typed read, which reads were made, and the outcome as text only."""
    made: list[bool] = []
    load_as = Dataset._load_as

    def spy(self: Dataset, kind: str, path: Path, typed: bool) -> Any:
        made.append(typed)
        return load_as(self, kind, path, typed)

    monkeypatch.setattr(Dataset, "_load_as", spy)
    typed = _outcome(body, folder, period)
    reads = list(made)

    def text_only(self: Dataset, kind: str, path: Path) -> None:
        load_as(self, kind, path, False)

    monkeypatch.setattr(Dataset, "_load", text_only)
    return typed, _outcome(body, folder, period), reads


REQUESTS = SPECS["requests"] + '''
  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.
    percentiles are computed by nearest rank.
'''
HEAD = "time,latency_ms,success\n"
GOOD_ROWS = ("2026-04-01T10:00:00Z,120.5,true\n2026-04-01T10:00:30Z,80,false\n"
             "2026-04-01 12:00,99.25,true\n")

#: name: (file text, whether the typed read gives the result). All others fall back to text.
FILES = {
    "good": (HEAD + GOOD_ROWS, True),
    "good, CRLF": ((HEAD + GOOD_ROWS).replace("\n", "\r\n"), True),
    "good, quoted values": (HEAD + '"2026-04-01T10:00:00Z","120.5","true"\n', True),
    "good, semicolons": (HEAD.replace(",", ";") + GOOD_ROWS.replace(",", ";"), True),
    "good, columns in another order and an extra one": (
        "note,success,latency_ms,time\nhi,true,1.5,2026-04-01T10:00:00Z\n", True),
    "good, empty optional latency": (HEAD + "2026-04-01T10:00:00Z,,true\n", True),
    "header only": (HEAD, True),
    "words for flags": (HEAD + "2026-04-01T10:00:00Z,12,ok\n2026-04-01T10:01:00Z,12,failed\n",
                        False),
    "spaces around a flag": (HEAD + "2026-04-01T10:00:00Z,12, true\n", False),
    "spaces around a number": (HEAD + "2026-04-01T10:00:00Z, 12 ,true\n", False),
    "bad time": (HEAD + GOOD_ROWS + "1st of April,12,true\n", False),
    "impossible date": (HEAD + "2026-02-30 10:00,12,true\n", False),
    "bad number": (HEAD + GOOD_ROWS + "2026-04-01T10:00:00Z,fast,true\n", False),
    "number too large": (HEAD + "2026-04-01T10:00:00Z,1e20,true\n", False),
    "bad flag": (HEAD + GOOD_ROWS + "2026-04-01T10:00:00Z,12,maybe\n", False),
    "empty time": (HEAD + GOOD_ROWS + ",12,true\n", False),
    "blank time": (HEAD + GOOD_ROWS + "  ,12,true\n", False),
    "ragged row": (HEAD + GOOD_ROWS + "2026-04-01T10:00:00Z,12\n", False),
    "too many values": (HEAD + GOOD_ROWS + "2026-04-01T10:00:00Z,12,true,x\n", False),
    "unclosed quote": (HEAD + '"2026-04-01T10:00:00Z,12,true\n', False),
    "missing column": ("time,success\n2026-04-01T10:00:00Z,true\n", False),
    "empty file": ("", False),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_typed_and_text_reads_give_the_same_outcome(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    text, typed_ok = FILES[name]
    (tmp_path / "requests.csv").write_bytes(text.encode("utf-8"))
    typed, as_text, reads = _both(monkeypatch, REQUESTS, tmp_path, "2026-04")
    assert typed == as_text
    if typed_ok:
        assert reads == [True], "a good file is read once, typed"
        assert typed.startswith("{")
    elif reads:
        assert reads[0] is True


def test_a_bad_cell_is_named_by_row_and_column_as_before(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "requests.csv").write_text(FILES["bad number"][0], encoding="utf-8")
    typed, _, reads = _both(monkeypatch, REQUESTS, tmp_path, "2026-04")
    assert reads == [True, False]
    assert "requests.csv:5:2: error[D200]: row 4, column 'latency_ms': cannot read 'fast' as " \
           "a number" in typed


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()
                                        if any(p.glob("*.csv"))))
def test_the_bad_data_corpus_reads_alike(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    folder = CORPUS / name
    (data,) = list(folder.iterdir())
    period = "2026-03" if name in ("impossible-date", "dst-gap-naive") else "2026-04"
    typed, as_text, _ = _both(monkeypatch, SPECS[KIND[data.stem]], folder, period)
    assert typed == as_text

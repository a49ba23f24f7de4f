"""``sladsl portfolio`` on DuckDB, PostgreSQL and Spark reads the data once and prefetches what
every customer needs (``sladsl.engines.batch``); its reports must be the ones the evaluation of
each customer's own split files gives (``split_evaluations``), byte for byte."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

import sladsl
from sladsl.engines import batch
from sladsl.engines.customers import read_customers
from sladsl.engines.portfolio import split_evaluations
from sladsl.evaluate import availability
from sladsl.evaluate.bindings import Bindings
from sladsl.evaluate.periods import parse_range, zone
from sladsl.evaluate.report import RENDERERS, build
from sladsl.evaluate.resources import connection
from sladsl.samples import main as samples_main
from sladsl.samples import sample_months

ROOT = Path(__file__).resolve().parent.parent


def portfolio_data(spec_file: Path, folder: Path, shared: bool) -> None:
    """The spec's sample data as three customers' data: ``a`` has every row, ``b`` every
    other row of requests and surveys, its own tickets and fees; ``c`` has none. Incidents,
    maintenance, deliverables and claims have no customer column: every customer's. With
    ``shared``, every 25th request has no customer (it is every customer's too)."""
    sample = folder.parent / "sample"
    samples_main([str(spec_file), str(sample)])
    folder.mkdir()
    con = duckdb.connect()
    for path in sorted(sample.iterdir()):
        kind, ext = path.stem, path.suffix
        out = folder / path.name
        if ext == ".parquet":
            read = f"read_parquet('{path}')"
        elif ext == ".csv":
            read = f"read_csv('{path}', all_varchar=true, header=true)"
        else:
            read = f"read_json('{path}', format='newline_delimited')"
        if kind in ("requests", "probes", "surveys"):
            mine = "CASE WHEN r % 25 = 0 THEN '' ELSE 'a' END" if shared and kind == "requests" \
                else "'a'"
            select = (f"SELECT * EXCLUDE (r), {mine} AS customer FROM (SELECT *, row_number() "
                      f"OVER () AS r FROM {read}) UNION ALL SELECT * EXCLUDE (r), "
                      f"'b' FROM (SELECT *, row_number() OVER () AS r FROM {read}) WHERE r % 2 = 0")
        elif kind == "tickets":
            select = (f"SELECT *, 'a' AS customer FROM {read} UNION ALL SELECT * REPLACE "
                      f"(id || '-b' AS id), 'b' FROM {read}")
        elif kind == "fees":
            select = (f"SELECT *, 'a' AS customer FROM {read} UNION ALL SELECT * REPLACE "
                      f"(CAST(CAST(amount AS INTEGER) * 3 AS VARCHAR) AS amount), 'b' FROM {read}")
        else:
            select = f"SELECT * FROM {read}"
        fmt = {".parquet": "parquet", ".csv": "csv, header", ".jsonl": "json"}[ext]
        con.execute(f"COPY ({select}) TO '{out}' (FORMAT {fmt})")
    con.close()


def _ticket_rows(model: Any) -> list[tuple[str, str]]:
    """Takes the row out of every ticket named in a report model: (ticket, row) pairs."""
    found: list[tuple[str, str]] = []
    if isinstance(model, dict):
        if "ticket" in model and "row" in model:
            found.append((model["ticket"], model.pop("row")))
        for value in model.values():
            found += _ticket_rows(value)
    elif isinstance(model, list):
        for value in model:
            found += _ticket_rows(value)
    return found


@pytest.mark.parametrize("shared", [False, True], ids=["own-rows", "shared-requests"])
def test_batched_reports_are_the_split_ones(tmp_path: Path, shared: bool,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind of data of a sample agreement (availability from requests of two services,
    latency, tickets, surveys, incidents and maintenance every customer shares, credits from
    each customer's fees) over four months, for three customers. Requests every customer
    shares are not prefetched (each customer's slices are measured on their views)."""
    check_batched(tmp_path, shared, monkeypatch, None)


def test_batched_reports_with_empty_minutes_unavailable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An agreement that counts a minute without requests as unavailable: the checkers list the
    runs of empty minutes, which the bit strings give (customer b has every other request, so
    many minutes of theirs are empty)."""
    check_batched(tmp_path, False, monkeypatch, None, empty_as="unavailable")


def test_empty_runs_from_bits_and_candidates() -> None:
    """Slices 1 and 3 have a bit, slice 2 only failed rows (a candidate: not empty either)."""
    assert batch._empty_runs("0101000000", [2], 10) == [(0, 0), (4, 9)]
    assert batch._empty_runs(None, [0, 5], 7) == [(1, 4), (6, 6)]  # no bit set at all
    assert batch._empty_runs("1111", [], 4) == []


def test_batched_reports_without_bit_strings(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the bit budget, DuckDB groups the rows by customer and slice: the same reports."""
    monkeypatch.setattr(batch, "BIT_BUDGET", 0)
    check_batched(tmp_path, False, monkeypatch, None)


def test_batched_reports_on_spark_are_the_split_ones(tmp_path: Path, spark_session: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The same on Spark (the checkers' reference statements and the prefetch run there), for
    the sample's bad month only and with no tickets: every statement is a Spark job, and the
    business-hours ticket queries take minutes (``test_engines`` runs them on Spark). The
    split run it is compared with is DuckDB's: the engines give the same reports byte for
    byte (``test_engines``)."""
    from sladsl.engines.spark import SparkBackend

    backend = SparkBackend(spark_session)
    try:
        check_batched(tmp_path, False, monkeypatch, backend, emptied=("tickets",))
    finally:
        backend.close()


def test_batched_reports_on_postgres_are_the_split_ones(tmp_path: Path, pg_dsn: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same on PostgreSQL: the checked data copied once into the session's temporary
    tables, every customer's views over them, the slices grouped there (the report periods'
    last month, tickets included)."""
    from sladsl.engines.postgres import PostgresBackend

    backend = PostgresBackend.connect(pg_dsn)
    try:
        check_batched(tmp_path, False, monkeypatch, backend)
        assert backend.temporary() == set()  # nothing of the run is left in the session
    finally:
        backend.close()


def check_batched(tmp_path: Path, shared: bool, monkeypatch: pytest.MonkeyPatch,
                  backend: Any, emptied: tuple[str, ...] = (), empty_as: str = "available"
                  ) -> None:
    """The batched run's reports (on ``backend``, or DuckDB) against the split run's on
    DuckDB, for the data of :func:`portfolio_data` with no rows of the kinds ``emptied``."""
    spec_file = ROOT / "specs" / "cloud-platform.sla"
    if empty_as != "available":
        text = spec_file.read_text(encoding="utf-8")
        rule = "a minute without requests counts as available."
        assert rule in text
        spec_file = tmp_path / "cloud-platform.sla"
        spec_file.write_text(text.replace(rule, rule.replace("available", empty_as)),
                             encoding="utf-8")
    spec = sladsl.load(spec_file)
    data = tmp_path / "data"
    portfolio_data(spec_file, data, shared)
    for path in [p for p in data.iterdir() if p.stem in emptied]:  # CSV: the header only
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n",
                        encoding="utf-8")
    people_file = tmp_path / "customers.csv"
    people_file.write_text("customer,name\na,Alpha\nb,Beta Ltd\nc,Gamma\n", encoding="utf-8")
    people = read_customers(people_file, spec)
    tz = zone(spec.time_zone)
    periods = parse_range(*sample_months(spec), tz)
    if backend is not None:
        periods = periods[-1:]
    asked: list[object] = []  # a customer's window, grouped for every customer
    prefetched: list[object] = []  # and given to the customer's checkers
    measured: list[object] = []  # slices a customer's checkers measured themselves
    bits: list[object] = []  # statements of the non-empty slices as bit strings
    window, fill, bit_sql = batch.Prefetch._window, batch.Prefetch._fill, batch.Prefetch._bits
    monkeypatch.setattr(batch.Prefetch, "_bits", staticmethod(
        lambda *a: bits.append(a) or bit_sql(*a)))
    monkeypatch.setattr(batch.Prefetch, "_window", lambda self, *a: asked.append(a)
                        or window(self, *a))
    monkeypatch.setattr(batch.Prefetch, "_fill", lambda self, *a: prefetched.append(a)
                        or fill(self, *a))

    def reports(runs: object) -> dict[str, str]:
        return {c.id: RENDERERS["json"](build(e)) for c, e in runs}  # type: ignore[attr-defined]

    with contextlib.ExitStack() as stack:
        split = reports(split_evaluations(stack, spec, people, data, Bindings(), periods, None))
    for name in ("_stats", "_slices_reference"):
        plain = getattr(availability, name)
        monkeypatch.setattr(availability, name, lambda *a, plain=plain: measured.append(a)
                            or plain(*a))
    with connection(None) as con:
        batched = reports(batch.evaluations(con, spec, people, data, Bindings(), periods, None,
                                            backend))
    # With shared requests, a window holding some is measured by each customer's own scan;
    # else every customer's slices are the prefetched ones.
    assert prefetched and (len(prefetched) < len(asked) if shared
                           else len(prefetched) == len(asked))
    assert bool(measured) == shared
    spark = getattr(backend, "dialect", None) == "spark"  # Spark: its own bitmaps
    assert bool(bits) == (spark or (backend is None and batch.BIT_BUDGET > 0))
    assert list(batched) == ["a", "b", "c"]
    # A ticket's row is its row in the file given, in both (the split run's parts keep it).
    tickets = (data / "tickets.csv").read_text(encoding="utf-8").splitlines()
    named: dict[str, list[int]] = {}
    for customer in batched:
        for ticket, row in _ticket_rows(json.loads(batched[customer])):
            assert tickets[int(row)].startswith(ticket + ","), (ticket, row)
            named.setdefault(customer, []).append(int(row))
        assert batched[customer] == split[customer], customer
    # Customer b's tickets are not the file's first rows: a part's own numbering would differ.
    assert "tickets" in emptied or max(named.get("b", [0])) > len(named.get("b", [])), named
    assert '"verdict": "missed"' in batched["b"]
    if empty_as != "available":  # runs of empty minutes were listed, from the bit strings
        assert re.search(r'"empty slices": "[1-9][0-9]* \(count as', batched["b"]), batched["b"]

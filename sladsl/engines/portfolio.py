"""``sladsl portfolio``: one agreement, many customers, one run (on any of the engines).

The measurement files (``requests``, ``incidents``, ``fees``, ...) carry a ``customer`` column;
a row without a customer (a shared incident, a platform-wide maintenance window) applies to
every customer. A customers file (CSV: ``customer`` and ``name``) lists who is measured. The
run:

1. checks every file once with the ordinary loader (so a bad row is reported at its line in
   the file given);
2. evaluates the agreement for each customer over views of their rows, with what would scan
   the data once per customer computed once for all of them (:mod:`sladsl.engines.batch`; on
   PostgreSQL and Spark, over the engine's copy of the checked data). The reference the
   batched run is tested against (:func:`split_evaluations`) splits each file by customer in
   one DuckDB pass (``COPY … PARTITION_BY``) into Parquet files under a temporary directory,
   keeping the file's own columns, so the bindings (column names, units, time zones) apply
   unchanged (the shared rows go to every customer), and evaluates each customer's part in
   turn, as a separate run per customer would;
3. writes one report per customer and a summary (customer, objectives missed, credit owed,
   termination rights) as JSON, CSV and HTML, each file atomically; like ``sladsl evaluate``,
   it exits 3 (after writing) when a customer has a period that could not be judged.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from ..atomic import write_files_atomically
from ..errors import Diagnostic, SlaDataError, Span
from ..evaluate.command import memory_options
from .customers import Customer, for_customer, read_customers


def split(con: Any, data: Any, customers: list[Customer], root: Path) -> dict[int, Any]:
    """Writes each customer's rows of every loaded kind under ``root``; the bindings that
    read them, by customer number."""
    from ..evaluate.bindings import Bindings, KindBinding
    from ..evaluate.data import lit, q

    con.execute("CREATE TEMP TABLE sladsl_customers (n BIGINT, id VARCHAR)")
    con.executemany("INSERT INTO sladsl_customers VALUES (?, ?)",
                    [(c.number, c.id) for c in customers])
    files: dict[int, dict[str, KindBinding]] = {c.number: {} for c in customers}
    for kind, loaded in sorted(data.loaded.items()):
        source = _source(loaded.path, loaded.fmt)
        columns = [str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        column = next((c for c in columns if c.strip().lower() == "customer"), None)
        target = root / kind
        # Each row keeps its number in the file given (``sladsl_row``, read as the part's row
        # numbers: KindBinding.row), so that reports and messages name the file's rows. The
        # readers keep the file's order and a positional join pairs rows in order (the
        # loader counted them).
        numbered = (f"(SELECT * FROM {source} POSITIONAL JOIN (SELECT range + 1 AS sladsl_row "
                    f"FROM range({int(loaded.rows)})))")
        if column is None:  # no customer column: every row is shared
            select = (f"SELECT src.*, c.n AS sladsl_part FROM {numbered} src, "
                      "sladsl_customers c")
        else:
            key = f"NULLIF(trim(CAST(src.{q(column)} AS VARCHAR)), '')"
            select = (f"SELECT src.* EXCLUDE ({q(column)}), c.n AS sladsl_part FROM {numbered} "
                      f"src JOIN sladsl_customers c ON {key} = c.id OR {key} IS NULL")
        con.execute(f"COPY ({select}) TO {lit(str(target))} (FORMAT parquet, "
                    "PARTITION_BY (sladsl_part), FILENAME_PATTERN 'rows')")
        # A customer with no rows of a kind gets an empty file of it: their objectives are
        # then "no data" (exit 3), not a missing file.
        empty = target / "sladsl_empty.parquet"
        con.execute(f"COPY (SELECT * FROM ({select}) LIMIT 0) TO {lit(str(empty))} "
                    "(FORMAT parquet)")
        binding = data.bindings.of(kind)
        for c in customers:
            parts = sorted((target / f"sladsl_part={c.number}").glob("rows*.parquet"))
            if len(parts) > 1:
                raise _error(loaded.path, 1, f"DuckDB split the rows of one customer into "
                             f"{len(parts)} files; sladsl reads one per kind")
            found = parts[0] if parts else empty
            files[c.number][kind] = replace(binding, file=str(found.relative_to(root)),
                                            row="sladsl_row")
    return {n: Bindings(kinds, data.bindings.path) for n, kinds in files.items()}


def split_evaluations(stack: contextlib.ExitStack[Any], spec: Any, people: list[Customer],
                      data_dir: Path, binds: Any, periods: list[Any], limits: Any
                      ) -> Iterator[tuple[Customer, Any]]:
    """Each customer's evaluation on DuckDB as a run of its own would be: the files checked
    once and split into a folder per customer, evaluated one at a time (the reference
    ``tests/test_portfolio_batch.py`` holds :mod:`sladsl.engines.batch` to)."""
    from ..evaluate.data import SCHEMAS, Dataset
    from ..evaluate.engine import Engine
    from ..evaluate.resources import connection, plain_failures

    folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="sladsl-portfolio-"))
    with connection(limits) as con, plain_failures(limits):
        data = Dataset(con, data_dir, binds, spec.time_zone, sorted(spec.priorities))
        for kind in SCHEMAS:
            data.has(kind)
        per_customer = split(con, data, people, Path(folder))
    database = stack.enter_context(connection(limits))
    for c in people:
        runner = Engine(for_customer(spec, c), Path(folder), per_customer[c.number],
                        resources=limits)
        runner.database = database  # one DuckDB database, a connection per customer
        evaluation = runner.run(periods)
        evaluation.files = {kind: (str(data.loaded[kind].path), rows)
                            for kind, (_, rows) in evaluation.files.items()}
        yield c, evaluation


def _source(path: Path, fmt: str) -> str:
    from ..evaluate.data import lit

    if fmt == "csv":
        return f"read_csv({lit(str(path))}, all_varchar=true, header=true)"
    if fmt == "parquet":
        return f"read_parquet({lit(str(path))})"
    return f"read_json({lit(str(path))}, format='newline_delimited')"


def summary_row(customer: Customer, model: dict[str, Any]) -> dict[str, str]:
    """One line of the summary from one customer's report model."""
    missed = sorted({ln["objective"] for p in model["periods"] for ln in p["lines"]
                     if ln["verdict"] == "missed"})
    owed = sum((Decimal(p["credits"]["total"]) for p in model["periods"] if p.get("credits")),
               Decimal(0))
    rights = [t["objective"] for t in model.get("termination") or [] if t.get("triggered")]
    return {"customer": customer.id, "name": customer.name,
            "objectives_missed": str(len(missed)), "missed": "; ".join(missed),
            "credit_owed": f"{owed:.2f}", "currency": str(model["agreement"]["currency"] or ""),
            "termination_rights": "; ".join(rights) or "none"}


def summary_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:  # a value a spreadsheet would run as a formula is quoted as text
        writer.writerow({k: "'" + v if v[:1] in "=+-@" and not _NUMBER.match(v) else v
                         for k, v in row.items()})
    return out.getvalue()


_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def summary_html(title: str, rows: list[dict[str, str]]) -> str:
    head = "".join(f"<th>{html.escape(k.replace('_', ' '))}</th>" for k in rows[0])
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row.values())
                     + "</tr>" for row in rows)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}: portfolio</title></head><body>\n"
            f"<h1>{html.escape(title)}: portfolio</h1>\n<table>\n<tr>{head}</tr>\n{body}\n"
            "</table>\n</body></html>\n")


def _error(path: Path, line: int, message: str, hint: str = "") -> SlaDataError:
    return SlaDataError([Diagnostic("D300", "error", message, Span.point(str(path), line, 1),
                                    hint)])


@click.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--customers", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV file: customer, name, and a column for each value the agreement "
              "gives per customer (one row per customer)")
@click.option("--data", "data_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="measurement files with a customer column (rows without one are shared)")
@click.option("--bindings", type=click.Path(exists=True, dir_okay=False))
@click.option("--period", help="one period: 2026-03, 2026-Q1, ...")
@click.option("--from", "first", help="first period of a range (with --to)")
@click.option("--to", "last", help="last period of a range (with --from)")
@click.option("--format", "fmt", type=click.Choice(["json", "text", "markdown", "html"]),
              default="json", show_default=True, help="format of each customer's report")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="directory for the reports and summary.{json,csv,html}")
@click.option("--engine", type=click.Choice(["duckdb", "postgres", "spark"]), default="duckdb",
              show_default=True)
@click.option("--dsn", help="PostgreSQL connection string, for --engine postgres")
@click.option("--master", help="Spark master for --engine spark (default local[*])")
@click.option("--fail-on-breach", is_flag=True, help="exit 1 if any customer missed one")
@memory_options
def portfolio(spec: str, customers: str, data_dir: str, bindings: str | None,
              period: str | None, first: str | None, last: str | None, fmt: str, output: str,
              engine: str, dsn: str | None, master: str | None, fail_on_breach: bool) -> None:
    """Evaluate SPEC for every customer in --customers: a report each and a summary."""
    from ..api import load
    from ..errors import SlaError
    from ..evaluate.bindings import load_bindings
    from ..evaluate.command import memory_settings, unevaluated
    from ..evaluate.periods import parse_period, parse_range, usage_error, zone
    from ..evaluate.report import RENDERERS, build
    from ..evaluate.resources import connection, plain_failures
    from ..exits import INCOMPLETE, USAGE, fail
    from . import open_backend

    backend = None
    try:
        if period and (first or last) or not period and not (first and last):
            raise usage_error("give either --period, or both --from and --to",
                              "sladsl portfolio spec.sla --customers c.csv --data DIR "
                              "--period 2026-03 -o OUT")
        model_spec = load(spec)
        tz = zone(model_spec.time_zone)
        periods = [parse_period(period, tz)] if period else parse_range(first or "",
                                                                        last or "", tz)
        people = read_customers(Path(customers), model_spec)
        binds = load_bindings(bindings)
        texts: dict[str, str] = {}
        rows = []
        unjudged: list[str] = []  # "customer: period, ..." for periods with no data
        suffix = {"json": "json", "text": "txt", "markdown": "md", "html": "html"}[fmt]
        limits = memory_settings()  # one bound for the reading and every customer's run
        with contextlib.ExitStack() as stack:
            # The data read once, every customer's views over it (on DuckDB, or on the
            # engine's copy of the checked data).
            from .batch import evaluations

            if engine != "duckdb":
                backend = open_backend(engine, dsn, master)
            con = stack.enter_context(connection(limits))
            stack.enter_context(plain_failures(limits))
            runs = evaluations(con, model_spec, people, Path(data_dir), binds, periods, limits,
                               backend)
            for i, (c, evaluation) in enumerate(runs, 1):
                click.echo(f"evaluating customer {i} of {len(people)}", err=True)
                model = build(evaluation)
                missing = unevaluated(evaluation)
                if missing:
                    unjudged.append(f"{c.id}: " + ", ".join(
                        f"{label} (no data for {', '.join(objs)})"
                        for label, objs in missing.items()))
                model["customer"] = {"id": c.id, "name": c.name}
                for entry in model["data"]["files"]:  # the file given, not a part of it
                    entry["file"] = Path(evaluation.files[entry["kind"]][0]).name
                texts[f"customers/{c.number:05d}.{suffix}"] = RENDERERS[fmt](model)
                rows.append(summary_row(c, model))
    except SlaError as exc:
        fail(exc)
    finally:
        if backend is not None:
            backend.close()
    texts["summary.json"] = json.dumps({"schema": "sladsl-portfolio/1",
                                        "agreement": model_spec.agreement.title,
                                        "periods": [p.label for p in periods],
                                        "customers": rows}, indent=2, ensure_ascii=False) + "\n"
    texts["summary.csv"] = summary_csv(rows)
    texts["summary.html"] = summary_html(model_spec.agreement.title, rows)
    try:
        write_files_atomically({Path(output) / name: text for name, text in texts.items()})
    except OSError as exc:
        click.echo(f"{output}: cannot write the reports: {exc.strerror or exc}", err=True)
        sys.exit(USAGE)
    click.echo(f"{len(people)} customers evaluated; summary in {Path(output) / 'summary.csv'}",
               err=True)
    for line in unjudged:
        click.echo(f"{spec}: could not evaluate for customer {line}", err=True)
    if unjudged:
        sys.exit(INCOMPLETE)
    sys.exit(1 if fail_on_breach and any(r["objectives_missed"] != "0" for r in rows) else 0)

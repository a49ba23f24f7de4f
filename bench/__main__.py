"""``python -m bench``: run every workload, print the table, optionally write the docs page.

Sizes are options; the defaults take a few minutes on a 2-core machine. Data is generated into
a temporary directory (deleted afterwards) from a fixed recipe, so runs are comparable.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from datetime import date
from pathlib import Path

from .harness import Row, machine, table

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
FORMATS = ("parquet", "csv")
WORKLOADS = ("requests", "probes", "tickets", "counts", "frontend", "startup", "portfolio",
             "keystroke", "charts")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--requests", type=int, nargs="+", default=[10_000_000],
                   help="request log rows (several sizes: one row of the table each)")
    p.add_argument("--formats", choices=FORMATS, nargs="+",
                   default=list(FORMATS), help="formats of the request logs")
    p.add_argument("--sample", type=int, default=1_000_000,
                   help="rows of the request sample evaluated in plain Python (0: none)")
    p.add_argument("--data-cache", type=Path, metavar="DIR",
                   help="generate the request logs into DIR once and reuse them (large sizes)")
    p.add_argument("--memory-limit", metavar="AMOUNT",
                   help="memory limit of sladsl and of every DuckDB baseline alike "
                        "(default: sladsl's, half of the machine)")
    p.add_argument("--services", type=int, default=20, help="probed services (a year each)")
    p.add_argument("--tickets", type=int, default=1_000_000, help="tickets over a year")
    p.add_argument("--count-services", type=int, default=100,
                   help="services with a year of per-minute request counts")
    p.add_argument("--count-days", type=int, default=365, help="days of per-minute counts")
    p.add_argument("--spec-lines", type=int, default=10_000, help="lines of the large spec")
    p.add_argument("--customers", type=int, default=1000,
                   help="customers of the portfolio (a month of minutes each)")
    p.add_argument("--portfolio-engine", choices=("duckdb", "spark"), action="append",
                   help="engines of the portfolio workload (default both)")
    p.add_argument("--portfolio-baseline", choices=("grouped", "bits"), default="grouped",
                   help="the hand-written DuckDB query: grouped by customer and minute (the "
                        "way one writes it), or with sladsl's own bit strings")
    p.add_argument("--keystroke-lines", type=int, default=1_000,
                   help="lines of the spec edited in the keystroke workload")
    p.add_argument("--reps", type=int, default=3, help="repetitions of each timing")
    p.add_argument("--only", choices=WORKLOADS, action="append",
                   help="run only this workload (repeatable)")
    p.add_argument("--write-docs", action="store_true", help=f"write {DOCS.name}")
    return p.parse_args(argv)


def run(args: argparse.Namespace) -> tuple[list[Row], list[str]]:
    from . import evaluation, frontend, workloads

    chosen = args.only or list(WORKLOADS)
    evaluation.MEMORY_LIMIT = args.memory_limit
    rows: list[Row] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sladsl-bench-") as tmp:
        root = Path(tmp)
        if "frontend" in chosen:
            # At least 5: a front-end timing is under a second, and the median of 3 on a
            # shared machine let one disturbed repetition decide the ratio.
            rows += frontend.frontend(args.spec_lines, max(5, args.reps))
        if "keystroke" in chosen:
            from . import keystroke

            rows += keystroke.keystroke(args.keystroke_lines, max(20, args.reps))
        if "startup" in chosen:
            rows += frontend.startup(max(7, args.reps))
        if "requests" in chosen:
            for i, size in enumerate(args.requests):
                last = i == len(args.requests) - 1
                r, p = workloads.requests(root, size, args.sample if last else 0, args.reps,
                                          tuple(args.formats), args.data_cache)
                rows, problems = rows + r, problems + p
        if "probes" in chosen:
            r, p = workloads.probes(root, args.services, args.reps)
            rows, problems = rows + r, problems + p
        if "tickets" in chosen:
            r, p = workloads.tickets(root, args.tickets, args.reps)
            rows, problems = rows + r, problems + p
        if "counts" in chosen:
            from . import counts

            r, p = counts.counts(root, args.count_services, args.count_days, args.reps)
            rows, problems = rows + r, problems + p
        if "portfolio" in chosen:
            from . import portfolio

            r, p = portfolio.portfolio(root, args.customers,
                                       args.portfolio_engine or ["duckdb", "spark"], args.reps,
                                       args.portfolio_baseline)
            rows, problems = rows + r, problems + p
        if "charts" in chosen:
            from . import charts

            r, p = charts.charts(root, args.services, args.reps)
            rows, problems = rows + r, problems + p
    return rows, problems


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows, problems = run(args)
    text = table(rows)
    print(text)
    for r in rows:
        if r.note:
            print(f"- {r.workload}: {r.note}")
    for p in problems:
        print("RESULTS DIFFER: " + p, file=sys.stderr)
    if args.write_docs:
        command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
        write_docs(command.strip(), rows)
    return 1 if problems else 0


def write_docs(command: str, rows: list[Row]) -> None:
    """Replaces the generated part of ``docs/benchmarks.md`` (between the markers)."""
    m = machine()
    notes = "\n".join(f"- {r.workload}: {r.note}" for r in rows if r.note)
    generated = (f"<!-- generated by python -m bench --write-docs -->\n"
                 f"Command: `{command}`  \n"
                 f"Date: {date.today().isoformat()}  \n"
                 f"Machine: {m['cores']} cores, {m['memory']} memory, {m['cpu']}; "
                 f"{m['os']}; Python {m['python']}, DuckDB {m['duckdb']}, Lark {m['lark']}\n\n"
                 f"{table(rows)}\n\n{notes}\n<!-- end of generated part -->")
    start, end = "<!-- generated by python -m bench --write-docs -->", \
        "<!-- end of generated part -->"
    old = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    if start in old and end in old:
        new = old[:old.index(start)] + generated + old[old.index(end) + len(end):]
    elif old:
        # Never drop the hand-written analysis: add the run at the end instead.
        new = old.rstrip("\n") + "\n\n## Latest run\n\n" + generated + "\n"
    else:
        new = "# Benchmarks\n\n" + generated + "\n"
    DOCS.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

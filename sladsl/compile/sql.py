"""The SQL target: the queries each objective runs, for engineers to run where their data is.

The queries are not written a second time here: the engine's own checkers run once per target
against empty tables of the data model (``docs/data-model.md``) through a connection that
records every statement, on a sentinel window whose bounds are then replaced by named
parameters (``$window_start``, ``$window_end``, ``$history_start``, ``$evaluated_until``). So
the file shows exactly the SQL ``sladsl evaluate`` runs, and cannot drift from it.

Strings from the spec reach the SQL only as string literals with quotes doubled (the engine
writes them that way); comments pass through :func:`~sladsl.compile.writer.comment_text`.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from .. import __version__
from .. import nodes as n
from ..clauses import clause_index
from ..model import Spec
from . import Target, register
from .dialects import dialect_statements, param_name
from .writer import CodeWriter

PARAMETERS = (
    ("$window_start", "start of the measurement window, microseconds since 1970-01-01 UTC"),
    ("$window_end", "end of the window (exclusive), microseconds"),
    ("$history_start", "where the evaluation starts reading history, microseconds"),
    ("$evaluated_until", "end of the last report period: the evaluation's \"now\""),
)

_KEYWORDS = re.compile(r" (FROM|WHERE|GROUP BY|ORDER BY|LEFT JOIN|ASOF LEFT JOIN|JOIN|"
                       r"UNION ALL|LIMIT) ")


class _Recorder:
    """A DuckDB connection that remembers the statements it runs."""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.log: list[tuple[str, list[Any]]] = []
        self.recording = False

    def execute(self, sql: str, params: list[Any] | None = None) -> Any:
        if self.recording:
            self.log.append((sql, list(params or [])))
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def executemany(self, sql: str, rows: list[Any]) -> Any:
        if self.recording:
            table = sql.split()[2] if len(sql.split()) > 2 else "the table"
            self.log.append((f"-- {table} holds the open intervals of a business calendar "
                             "(start_us, end_us, and cum_us: the business time before start_us), "
                             "computed by sladsl from the calendar's hours and public holidays",
                             []))
        return self.con.executemany(sql, rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


@register
class SqlTarget(Target):
    """``sladsl compile SPEC --target sql``."""

    name = "sql"
    suffix = ".sql"

    def generate(self, spec: Spec) -> str:
        from ..evaluate.bindings import Bindings
        from ..evaluate.calendars import Clocks
        from ..evaluate.data import SCHEMAS, Dataset
        from ..evaluate.engine import CHECKERS, open_context
        from ..evaluate.periods import calendar_period, rolling, zone
        from ..evaluate.resources import connect

        tz = zone(spec.time_zone)
        index = clause_index(spec)
        history = calendar_period("month", date(2100, 1, 1), tz)
        until = calendar_period("month", date(2101, 6, 1), tz)
        w = CodeWriter(comment="--")
        self._header(w, spec)
        with tempfile.TemporaryDirectory(prefix="sladsl-sql-") as folder:
            for kind, cols in SCHEMAS.items():  # header-only files: empty tables of each kind
                (Path(folder) / f"{kind}.csv").write_text(
                    ",".join(c.name for c in cols) + "\n", encoding="utf-8")
            con = connect()
            try:
                rec = _Recorder(con)
                data = Dataset(rec, Path(folder), Bindings(), spec.time_zone,  # type: ignore[arg-type]
                               sorted(spec.priorities))
                for kind in SCHEMAS:
                    data.has(kind)
                ctx = open_context(spec, rec, data, Clocks(spec), tz,  # type: ignore[arg-type]
                                   history.start_us, until.start_us, portable=True)
                names = {history.start_us: "$history_start", until.start_us: "$evaluated_until"}
                rec.recording = True
                for service in spec.services:
                    ctx.exclusions.of(service)
                    self._section(w, f"Exclusions applied to service {service!r}: maintenance "
                                  "windows and incidents read as intervals", rec, names)
                for entry in spec.objectives:
                    obj = entry.objective
                    found = index.get(obj)
                    number = f"Clause {found.number}" if found else "Objective"
                    w.blank(1)
                    w.comment("=" * 90)
                    w.comment(f"{number}, line {obj.span.line}: objective {obj.name!r} of "
                              f"service {entry.service.name!r}")
                    w.comment("=" * 90)
                    for target in obj.targets:
                        win = getattr(target, "window", None)
                        if isinstance(win, n.RollingWindow):
                            window = rolling(int(win.days), date(2101, 2, 1), tz)
                        else:
                            unit = win.unit if isinstance(win, n.CalendarWindow) else "month"
                            window = calendar_period(unit, date(2101, 1, 1), tz)
                        clause = index.get(target)
                        label = f"Clause {clause.number}" if clause else "Target"
                        text = spec.source.split("\n")[target.span.line - 1].strip()
                        window_names = {**names, window.start_us: "$window_start",
                                        window.end_us: "$window_end"}
                        CHECKERS[type(target)](ctx, entry, target, window)
                        self._section(w, f"{label}, line {target.span.line}: {text}", rec,
                                      window_names, window.start_us, window.end_us)
                        if isinstance(target, n.PercentileTarget):
                            w.comment("When there are values, the percentile is read with "
                                      "SELECT value ... ORDER BY value LIMIT 2 OFFSET k: k = "
                                      "ceil(p/100 * count) - 1 by nearest rank, floor((count - 1) "
                                      "* p/100) by linear interpolation.")
            finally:
                con.close()
        return w.getvalue()

    def _header(self, w: CodeWriter, spec: Spec) -> None:
        w.comment(f"The queries of the agreement {spec.agreement.title!r}, compiled by sladsl "
                  f"{__version__} from {PurePath(spec.file).name!r} (sha256 {spec.sha256}). "
                  "Do not edit: run `sladsl compile SPEC --target sql` again.")
        w.comment("")
        w.comment("The tables are the kinds of docs/data-model.md as sladsl loads them: one table "
                  "per kind (requests, probes, incidents, maintenance, tickets, ticket_changes, "
                  "ticket_pauses, surveys, ...), timestamps as BIGINT microseconds since "
                  "1970-01-01 UTC, numbers as DECIMAL(18,6), flags as BOOLEAN, priorities as "
                  "DECIMAL(9,3), _row the 1-based row of the file, and requests.ok = "
                  "coalesce(success, status < 500, false).")
        w.comment("")
        if self.dialect == "duckdb":
            w.comment("Bind these named parameters (DuckDB: execute(sql, {'window_start': ...})):")
        else:
            w.comment(f"Written for {self.dialect}: transpiled by sqlglot from the DuckDB "
                      "statements sladsl runs (sladsl.compile.dialects). Bind these parameters:")
        for name, meaning in PARAMETERS:
            w.comment(f"  {param_name(name, self.dialect):<17} {meaning}")
        w.comment("")
        w.comment("Excluded time (the exclusions clauses) is left out of request measurements by "
                  "adding AND NOT (time >= a AND time < b) for each excluded interval [a, b) "
                  "that the exclusion queries return; the statements below show a window "
                  "without exclusions. Statements that start with CREATE make helper tables "
                  "that the next statements of the same target read.")

    def _section(self, w: CodeWriter, title: str, rec: _Recorder, names: dict[int, str],
                 start: int | None = None, end: int | None = None) -> None:
        statements = list(rec.log)
        rec.log.clear()
        if not statements:
            return
        w.blank(1)
        w.comment(title)
        sizes = {int(x) for sql, _ in statements for x in re.findall(r"// (\d+) AS i", sql)}
        for sql, params in statements:
            if sql.startswith("-- "):
                w.comment(sql[3:])
                continue
            if self.dialect == "duckdb":
                texts = [_symbolic(sql, params, names, start, end, sizes)]
            else:
                texts = dialect_statements(sql, params, self.dialect, names, start, end, sizes)
            for text in texts:
                for line in _layout(text + ";").split("\n"):
                    w.writeline(line)


def _symbolic(sql: str, params: list[Any], names: dict[int, str], start: int | None,
              end: int | None, sizes: set[int]) -> str:
    """Replaces sentinel numbers by parameter names and ``?`` by the parameters' names."""
    if start is not None and end is not None:
        # The number of slices in a window is written as a number; say how it is computed.
        for size in sorted(sizes):
            count = -(-(end - start) // size)
            sql = sql.replace(f"UNION ALL SELECT {count})",
                              f"UNION ALL SELECT ($window_end - $window_start + {size} - 1) "
                              f"// {size})")
    for value, name in names.items():
        sql = re.sub(rf"(?<![0-9]){value}(?![0-9])", name, sql)  # names hold no backslash
    out = []
    values = iter(params)
    in_string = False
    for ch in sql:
        if ch == "'":
            in_string = not in_string
        if ch == "?" and not in_string:
            param = next(values, None)
            if isinstance(param, int) and param in names:
                out.append(names[param])
            elif isinstance(param, int):
                out.append(str(param))
            else:
                out.append("'" + str(param).replace("'", "''") + "'")
            continue
        out.append(ch)
    return "".join(out)


def _layout(sql: str) -> str:
    """Line breaks before the main keywords, outside string literals and quoted names."""
    out: list[str] = []
    quote = ""
    i = 0
    while i < len(sql):
        ch = sql[i]
        if quote:
            out.append(ch)
            if ch == quote:
                quote = ""
            i += 1
            continue
        if ch in "'\"":
            quote = ch
            out.append(ch)
            i += 1
            continue
        m = _KEYWORDS.match(sql, i)
        if m:
            out.append("\n  " + m.group(1) + " ")
            i = m.end()
            continue
        out.append(ch)
        i += 1
    return "".join(out)

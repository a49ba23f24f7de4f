"""Measurement data: files found, read and validated by DuckDB, never row by row in Python.

Each kind of measurement (see :data:`SCHEMAS` and ``docs/data-model.md``) is read from
``<kind>.csv``, ``<kind>.jsonl`` or ``<kind>.parquet`` in the data directory (or the file the
bindings name) and seen through a view named after the kind: timestamps become integer
microseconds since the epoch (``BIGINT``), numbers ``DECIMAL``, flags ``BOOLEAN``, and
``_row`` is the 1-based data row, for messages (conversions: ``sladsl.evaluate.convert``).

Parquet whose columns are of the model's types already is read where it lies: the view reads
the file, and one streaming scan counts its rows and finds the first problem; once it has found
none, the view reads numbers with plain casts (a checking cast on every read kept DuckDB from
pushing time ranges into the scan). Anything else (CSV after one sniff, JSON Lines, Parquet
that needs parsing) is read once by a query that converts every column and flags the first
problem of each row into a table ``_data_<kind>``: in memory when CSV's fits well within the
limit, else in a database file in the spill folder that DuckDB compresses as it writes (a
large CSV file of raw requests or probes, often not at all: :mod:`sladsl.evaluate.onepass`).
CSV is read with its time, number and flag columns declared first, and as text (whose
conversions name the first bad value) only when that read fails.

Timestamps with an offset or a zone name (``2026-03-01T10:00:00+01:00``, ``…Z``,
``… Europe/Paris``) are taken as given. Naive timestamps are read in the time zone the
bindings give the file, else the agreement's zone. The first problem found (in row order)
raises :class:`~sladsl.errors.SlaDataError` naming file, row and column.
"""

from __future__ import annotations

import contextlib
import csv
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, SlaDataError, Span
from .bindings import Bindings
from .convert import (
    SQL_TYPES,
    WHAT,
    Col,
    as_text,
    checked,
    declared,
    expr,
    hint,
    match,
    native,
    text_columns,
)
from .convert import Retry as _Retry
from .convert import lit as lit  # re-exported: the checkers quote through data
from .convert import q as q
from .resources import SPILL_PREFIX, in_memory, out_of_memory, table_bytes
from .schemas import ORDERED as ORDERED  # re-exported with SCHEMAS: the kinds' columns
from .schemas import SCHEMAS as SCHEMAS

if TYPE_CHECKING:
    import duckdb

    from .grouped import Grouped


EXTENSIONS = (".csv", ".jsonl", ".ndjson", ".parquet")
#: Kinds whose large CSV files are read in one pass (:mod:`sladsl.evaluate.onepass`).
ONE_PASS = ("requests", "probes")
ONE_PASS_BYTES = 2**28  # from an estimated table of 256 MiB (about 8 million requests) up
_TZ_NAME = re.compile(r"^[A-Za-z0-9_/+-]+$")


@dataclass
class DeferredRead:
    """How a kind deferred for the one pass is read (its file's source, values, view)."""

    path: Path
    fmt: str
    tz: str
    source: str
    values: list[str]
    bad: str
    columns: list[str]


@dataclass
class Loaded:
    """A kind that was found: its file, row count and which model columns it has."""

    kind: str
    path: Path
    rows: int
    columns: set[str]
    fmt: str

    def line(self, row: int) -> int:
        """The line of a 1-based data row (CSV has a header line)."""
        return row + 1 if self.fmt == "csv" else row


class Dataset:
    """The measurement tables of one evaluation, in one DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, data_dir: Path, bindings: Bindings,
                 time_zone: str, priorities: list[Decimal]) -> None:
        self.con = con
        self.dir = data_dir
        self.bindings = bindings
        self.tz = time_zone
        self.priorities = priorities
        self.loaded: dict[str, Loaded] = {}
        self.missing: set[str] = set()
        self._store: str | None = None  # the attached database of converted tables
        self._held: dict[str, int] = {}  # the converted tables in memory: estimated bytes
        self._sniffed: dict[Path, tuple[tuple[Any, ...] | None, list[str]]] = {}
        #: The one pass over a large CSV file (:mod:`sladsl.evaluate.onepass`): whether this is
        #: the planning run, the kinds it deferred, the groupings asked of them, and after the
        #: pass each grouping's rows.
        self.planning = False
        self.deferred: dict[str, DeferredRead] = {}
        self.plans: dict[str, list[Grouped]] = {}
        self.passes: dict[Grouped, str] = {}

    # ---- public

    def has(self, kind: str) -> bool:
        return self.ensure(kind, required=False)

    def has_column(self, kind: str, column: str) -> bool:
        return self.has(kind) and column in self.loaded[kind].columns

    def need(self, kind: str, column: str | None = None, why: str = "") -> None:
        """Loads ``kind``; a data error if it or ``column`` is missing."""
        self.ensure(kind, required=True, why=why)
        if column is not None and column not in self.loaded[kind].columns:
            loaded = self.loaded[kind]
            src = self.bindings.of(kind).columns.get(column, column)
            raise self._error(loaded.path, 1, 1, f"column {src!r} is missing"
                              + (f"; {why} needs it" if why else ""),
                              f"add the column or map it in the bindings: [{kind}] columns = "
                              f"{{ {column} = \"your name\" }}")

    def ensure(self, kind: str, required: bool, why: str = "") -> bool:
        if kind in self.loaded:
            return True
        if kind in self.missing and not required:
            return False
        path = self._find(kind)
        if path is None and kind == "ticket_pauses" and self.ensure("ticket_statuses", False):
            statuses = self.loaded["ticket_statuses"]
            self.con.execute(
                "CREATE TEMP VIEW ticket_pauses AS SELECT _row, ticket_id, time AS start, nxt AS "
                "\"end\" FROM (SELECT *, lead(time) OVER (PARTITION BY ticket_id ORDER BY time) AS "
                "nxt FROM ticket_statuses) WHERE status = 'waiting'")
            self.loaded[kind] = Loaded(kind, statuses.path, statuses.rows,
                                       {"ticket_id", "start", "end"}, statuses.fmt)
            return True
        if path is None:
            if required:
                binding = self.bindings.of(kind)
                wanted = binding.file or f"{kind}.csv (or .jsonl, .parquet)"
                raise self._error(self.dir / (binding.file or kind), 0, 0,
                                  f"missing data file {wanted} in {self.dir}"
                                  + (f"; {why} needs it" if why else ""),
                                  f"add the file, or name it in a bindings file under [{kind}]")
            self.missing.add(kind)
            return False
        self._load(kind, path)
        return True

    # ---- finding and reading

    def schema(self, kind: str) -> tuple[Col, ...]:
        """The columns read from a file of ``kind`` (``sladsl portfolio`` adds the customer)."""
        return SCHEMAS[kind]

    def _find(self, kind: str) -> Path | None:
        from .prometheus_json import first_file, mapping

        answers = mapping(self.bindings.extra, kind)
        if answers is not None:  # Prometheus query_range answers (sladsl.evaluate.prometheus_json)
            return first_file(self.dir, kind, answers, Path(self.bindings.path or "bindings.toml"),
                              self._error)
        binding = self.bindings.of(kind)
        if binding.table:
            return self._table(kind, binding.table)
        if binding.file:
            path = self.dir / binding.file
            if not path.is_file():
                raise self._error(path, 0, 0, f"the bindings name {binding.file} for {kind}, "
                                  "but there is no such file",
                                  "check the file name in the bindings")
            return path
        found = [self.dir / (kind + ext) for ext in EXTENSIONS
                 if (self.dir / (kind + ext)).is_file()]
        if len(found) > 1:
            raise self._error(found[1], 0, 0, f"two files for {kind}: "
                              f"{found[0].name} and {found[1].name}", "keep only one")
        return found[0] if found else None

    def _table(self, kind: str, name: str) -> Path:
        """A table in another engine, as a file (:class:`sladsl.engines.base.ShippingDataset`)."""
        raise self._error(Path(self.bindings.path or "bindings.toml"), 1, 1, f"[{kind}] names "
                          f"the table {name!r}: only --engine postgres or spark reads tables")

    def _source(self, kind: str, path: Path,
                typed: bool) -> tuple[str, str, list[str], dict[str, str]]:
        """The format, a ``FROM`` source that reads the file, and its column names and types.

        CSV and Parquet are read straight from the file by the normalising query; JSON Lines
        objects are first spread into a table of text columns (one per key).
        """
        from .prometheus_json import mapping, matrix_source

        if path.stat().st_size == 0:
            raise self._error(path, 0, 0, "the file is empty",
                              f"a {kind} file needs at least its header row (or for JSON Lines, "
                              "one object)")
        suffix = path.suffix.lower()
        fmt = "csv" if suffix == ".csv" else "parquet" if suffix == ".parquet" else "jsonl"
        answers = mapping(self.bindings.extra, kind)
        if answers is not None:
            fmt = "prometheus"
        with self._reading(path, fmt):
            if answers is not None:
                source = matrix_source(self.con, kind, self.dir, answers, self._error)
            elif fmt == "csv":
                source = self._csv_source(path, kind if typed else None)
            elif fmt == "parquet":
                source = f"read_parquet({lit(str(path))})"
            else:
                source = f"raw_{kind}"
                self.con.execute(f"CREATE TEMP TABLE objs_{kind} AS SELECT json FROM "
                                 "read_json_objects(?, format='newline_delimited')",
                                 [str(path)])
                keys = [r[0] for r in self.con.execute(
                    f"SELECT DISTINCT unnest(json_keys(json)) AS k FROM objs_{kind} "
                    "ORDER BY k").fetchall()]
                cols = ", ".join(f"json_extract_string(json, {lit('$.' + _json_key(k))}) AS {q(k)}"
                                 for k in keys) or "NULL AS _empty"
                self.con.execute(f"CREATE TEMP TABLE {source} AS SELECT {cols} "
                                 f"FROM objs_{kind} ORDER BY rowid")
                self.con.execute(f"DROP TABLE objs_{kind}")
            described = self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        names = [str(r[0]) for r in described]
        types = {str(r[0]): str(r[1]) for r in described}
        return fmt, source, names, types

    def _csv_source(self, path: Path, typed: str | None) -> str:
        """``read_csv`` with the dialect DuckDB's sniffer finds, every column as text, or
        with ``typed`` (a kind) its time, number and flag columns declared (``declared``).

        The sniffer runs once, here: it costs as much as reading a small file, and a
        ``read_csv`` that is told the dialect does not run it again.
        """
        if path not in self._sniffed:
            cursor = self.con.execute("SELECT * FROM sniff_csv(?, header=true, "
                                      "all_varchar=true)", [str(path)])
            self._sniffed[path] = (cursor.fetchone(),
                                   [str(d[0]) for d in cursor.description or ()])
        row, fields = self._sniffed[path]
        if row is None:
            if typed:
                raise _Retry
            return f"read_csv({lit(str(path))}, all_varchar=true, header=true)"
        found = dict(zip(fields, row, strict=True))

        def option(key: str) -> str:
            value = found.get(key)
            return "" if value in (None, "(empty)") else str(value)

        names = [str(c["name"]) for c in found["Columns"]]
        if len(names) == 1 and "," in names[0]:
            # The sniffer gives up on a comma-separated file with a ragged row and takes each
            # line as one value. Read it as what its header says it is, so that the read stops
            # at the ragged row and names it.
            if typed:
                raise _Retry
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
                names = next(csv.reader(handle), names)
            return (f"read_csv({lit(str(path))}, auto_detect=false, header=true, delim=',', "
                    f"quote='\"', escape='\"', columns={{{text_columns(names)}}})")
        comment = f", comment={lit(option('Comment'))}" if "Comment" in found else ""
        types = declared(SCHEMAS[typed], self.bindings.of(typed), names) if typed else {}
        if typed and not types:
            raise _Retry
        return (f"read_csv({lit(str(path))}, auto_detect=false, header=true, "
                f"delim={lit(option('Delimiter'))}, quote={lit(option('Quote'))}, "
                f"escape={lit(option('Escape'))}, new_line={lit(option('NewLineDelimiter'))}, "
                f"skip={int(found.get('SkipRows') or 0)}{comment}, "
                f"columns={{{text_columns(names, types)}}})")

    @contextmanager
    def _in_zone(self, path: Path, tz: str) -> Iterator[None]:
        """The session's time zone set to the file's (text timestamps without an offset are
        read in it), and put back afterwards."""
        import duckdb

        (previous,) = self.con.execute("SELECT current_setting('TimeZone')").fetchone()  # type: ignore[misc]
        try:
            self.con.execute(f"SET TimeZone = {lit(tz)}")
        except duckdb.Error as exc:  # a zone the tz database has and DuckDB's ICU lacks
            raise self._error(path, 0, 0, f"DuckDB does not know the time zone {tz!r}: "
                              f"{str(exc).splitlines()[0]}",
                              "name the file's zone in the bindings: timezone = \"UTC\"") from None
        try:
            yield
        finally:
            self.con.execute(f"SET TimeZone = {lit(str(previous))}")

    @contextmanager
    def _reading(self, path: Path, fmt: str, typed: bool = False) -> Iterator[None]:
        """Turns DuckDB's complaint about an unreadable file into a data error at its line
        (on a typed read, into :class:`_Retry`: the text read finds and names the problem)."""
        import duckdb

        try:
            yield
        except duckdb.Error as exc:
            if out_of_memory(exc, None) is not None:
                raise  # not the file's fault: resources.plain_failures says what to change
            if typed:
                raise _Retry from None
            lines = str(exc).splitlines()
            # DuckDB says what is wrong with a ragged row on a line of its own.
            message = " ".join([lines[0], *(ln for ln in lines[1:]
                                            if ln.startswith("Expected Number of Columns"))])
            # DuckDB names the line it choked on in its own words; point the caret there.
            where = re.search(r"\b[Ll]ine:? (\d+)", message)
            raise self._error(path, int(where.group(1)) if where else 0, 0,
                              f"cannot read the file as {fmt.upper()}: {message}",
                              "check the file's format and encoding") from None

    def _load(self, kind: str, path: Path) -> None:
        """Reads ``kind``. CSV is read first with the types of its time, number and flag columns
        declared, which DuckDB parses as it reads (as the same casts would: no text conversion
        after); when that read stops at a value DuckDB cannot parse so, or leaves a problem, the
        file is read again as text, whose conversions find and name the first bad value."""
        if path.suffix.lower() == ".csv":
            try:
                return self._load_as(kind, path, typed=True)
            except _Retry:
                pass
        self._load_as(kind, path, typed=False)

    def _load_as(self, kind: str, path: Path, typed: bool) -> None:
        fmt, source, names, types = self._source(kind, path, typed)
        binding = self.bindings.of(kind)
        tz = binding.timezone or self.tz
        if not _TZ_NAME.match(tz):
            raise self._error(path, 0, 0, f"unusable time zone {tz!r}")
        schema = self.schema(kind)
        known = {c.name for c in schema}
        for model in binding.columns:
            if model not in known:
                raise self._error(Path(self.bindings.path or "bindings.toml"), 1, 1,
                                  f"[{kind}] maps {model!r}, which is not a column of {kind}",
                                  "columns: " + ", ".join(sorted(known)))
        loaded = Loaded(kind, path, 0, set(), fmt)
        deferred = False  # the planning run of the one pass: no rows yet (_deferring)
        values: list[str] = []  # the converted columns, read from the file
        flags: list[str] = []  # per column: the code of its problem in a row, else NULL
        found: list[tuple[Col, str]] = []
        for col in schema:
            src = match(binding.columns.get(col.name, col.name), names)
            if src is None:
                if col.required:
                    wanted = binding.columns.get(col.name, col.name)
                    raise self._error(path, 1, 1, f"column {wanted!r} is missing",
                                      f"the columns of {kind} are: "
                                      + ", ".join(c.name for c in SCHEMAS[kind])
                                      + "; map other names in a bindings file")
                continue
            loaded.columns.add(col.name)
            mapped = binding.values.get(col.name)
            if mapped:
                # Values the file spells its own way become the model's, before conversion.
                pairs = ", ".join(f"{lit(k)}: {lit(v)}" for k, v in sorted(mapped.items()))
                text = as_text(q(src), types[src])
                column = f"coalesce(MAP {{{pairs}}}[lower(trim({text}))], {text})"
                value = expr(col, column, "VARCHAR", binding.units.get(col.name))
            else:
                value = expr(col, q(src), types[src], binding.units.get(col.name))
            values.append(f"{value} AS {q(col.name)}")
            # A value that is there but cannot be read is code 2i, an empty required one 2i+1.
            # The inner CASE runs only on the rows whose value is NULL.
            i = len(found)
            given = as_text(q(src), types[src])
            empty = f" ELSE {2 * i + 1}" if col.required else ""
            flags.append(f"CASE WHEN ({value}) IS NULL THEN CASE WHEN trim({given}) <> '' "
                         f"THEN {2 * i}{empty} END END")
            found.append((col, src))
        if kind == "requests" and not {"success", "status"} & loaded.columns:
            raise self._error(path, 1, 1, "requests need a 'success' or a 'status' column",
                              "success is true/false; status is an HTTP status (5xx fails)")
        bad = f"least({', '.join(flags)}) AS _bad"
        # The rows' own numbers, when they were taken from a larger file (KindBinding.row).
        numbered = match(binding.row, names) if binding.row else None
        own = None if numbered is None else f"CAST({q(numbered)} AS BIGINT)"
        if fmt == "parquet" and "file_row_number" not in names and all(
                native(c, types[s], c.name in binding.values, binding.units.get(c.name))
                for c, s in found):
            # Parquet whose columns need no parsing is read where it lies: the kind is a view
            # over the file, and one streaming scan counts the rows and finds the first
            # problem (none of the conversions depends on the session's time zone).
            read = f"read_parquet({lit(str(path))}"
            scan = f"{read}, file_row_number=true)" if own is None else \
                f"(SELECT *, {own} - 1 AS file_row_number FROM {read}))"
            rows = f"(SELECT file_row_number, {', '.join(values)} FROM {scan})"
            row_sql = "file_row_number + 1"
            with self._reading(path, fmt):
                count, first_row, first_code = self.con.execute(
                    "SELECT count(*), min(file_row_number) FILTER (_bad IS NOT NULL), "
                    "arg_min(_bad, file_row_number) FILTER (_bad IS NOT NULL) "
                    f"FROM (SELECT file_row_number, {bad} FROM {scan})").fetchone()  # type: ignore[misc]
            first = None if first_row is None else (int(first_row) + 1, first_code)
            if first is None:  # every value reads: the view reads them with plain casts
                plain = [f"{checked(c, q(s), types[s], binding.units.get(c.name))} AS "
                         f"{q(c.name)}" for c, s in found]
                rows = f"(SELECT file_row_number, {', '.join(plain)} FROM {scan})"
        else:
            # One pass over the file: read, convert, and flag the first problem of each row
            # (the least code: the first column in model order) into a table, which spills to
            # the temporary folder past the memory limit. Every kind has a required column,
            # so there is a flag. No ORDER BY: the connection preserves insertion order, so
            # the table's rowid is the row. (Its estimate: the columns and _bad.)
            stored = [SQL_TYPES[c.type] for c, _ in found] + ["INTEGER"]
            estimate = table_bytes(path, stored) if fmt == "csv" else 0
            deferred = typed and own is None and self._deferring(kind, estimate)
            create, rows = (f"CREATE TEMP TABLE {q('_sladsl_plan_' + kind)}",
                            q("_sladsl_plan_" + kind)) if deferred \
                else self._table_for(kind, estimate)
            row_sql = "CAST(rowid AS BIGINT) + 1" if own is None else "_own_row"
            keep = "" if own is None else f", {own} AS _own_row"
            with self._in_zone(path, tz), self._reading(path, fmt, typed):
                self.con.execute(f"{create} AS SELECT {', '.join(values)}, {bad}{keep} "
                                 f"FROM {source}{' LIMIT 0' if deferred else ''}")
            count = self.con.execute(f"SELECT count(*) FROM {rows}").fetchone()[0]  # type: ignore[index]
            first = self.con.execute(f"SELECT {row_sql}, _bad FROM {rows} WHERE _bad IS NOT "
                                     f"NULL ORDER BY {row_sql} LIMIT 1").fetchone()
            if typed and first is not None:
                self.con.execute(f"DROP TABLE {rows}")
                raise _Retry
        # The view: the row number, every column of the model (NULL when the file lacks it),
        # and for requests whether each succeeded: it says so, or (without a success flag) its
        # status is not a 5xx.
        columns = [q(c.name) if c.name in loaded.columns
                   else f"CAST(NULL AS {SQL_TYPES[c.type]}) AS {q(c.name)}" for c in schema]
        if kind == "requests":
            columns.append("coalesce(success, status < 500, false) AS ok")
        if kind == "tickets" and "status" in loaded.columns:
            # An open (reopened) ticket is not resolved, whatever the export's resolution date
            # says; a resolved or closed one without a resolution date was resolved when closed.
            res, closed = (c if c in loaded.columns else "CAST(NULL AS BIGINT)"
                           for c in ("resolved_at", "closed_at"))
            columns[[c.name for c in schema].index("resolved_at")] = (
                f"CASE WHEN status IN ('open', 'waiting') THEN NULL WHEN status IS NULL THEN "
                f"{res} ELSE coalesce({res}, {closed}) END AS resolved_at")
        self.con.execute(f"CREATE TEMP VIEW {q(kind)} AS SELECT {row_sql} AS _row, "
                         f"{', '.join(columns)} FROM {rows}")
        loaded.rows = int(count)
        if deferred:
            self.deferred[kind] = DeferredRead(path, fmt, tz, source, values, bad, columns)
        if first is not None:
            row, code = int(first[0]), int(first[1])
            col, src = found[code // 2]
            colno = names.index(src) + 1
            if code % 2:
                raise self._row_error(loaded, row, colno, src, "the value is empty",
                                      f"every row needs a {col.name}")
            value = self._raw_value(source, src, row)
            shown = value if len(value) <= 60 else value[:57] + "..."
            raise self._row_error(loaded, row, colno, src,
                                  f"cannot read {shown!r} as {WHAT[col.type]}", hint(col.type))
        if fmt == "jsonl":
            self.con.execute(f"DROP TABLE {source}")
        self.loaded[kind] = loaded
        self._checks(loaded)

    def _deferring(self, kind: str, estimate: int) -> bool:
        """Whether the planning run of the one pass defers ``kind`` (a large CSV file)."""
        held = sum(self._held.values())
        return self.planning and kind in ONE_PASS and bool(estimate) and (
            estimate >= ONE_PASS_BYTES or not in_memory(self.con, estimate, held))

    def materialize(self, kind: str, typed: bool = True) -> None:
        """Loads a deferred kind as any other (not ``typed``: a problem the text read names)."""
        self.deferred.pop(kind)
        path = self.loaded.pop(kind).path
        self.con.execute(f"DROP VIEW IF EXISTS {q(kind)}; DROP TABLE IF EXISTS "
                         f"{q('_sladsl_plan_' + kind)}")
        self._load(kind, path) if typed else self._load_as(kind, path, typed=False)

    def _table_for(self, kind: str, estimate: int) -> tuple[str, str]:
        """``CREATE TABLE …`` and the name of the converted table of ``kind``: a temporary
        table when its ``estimate`` (bytes; 0: none) fits well within the memory limit
        (:func:`sladsl.evaluate.resources.in_memory`), else a table in a DuckDB database file
        of its own in the connection's spill folder (:func:`~.resources.connection`), which
        DuckDB compresses as it writes (200 million requests: about a gigabyte, against four
        in temporary blocks). Without a spill folder, a temporary table."""
        name = q(f"_data_{kind}")
        self._held.pop(kind, None)  # a typed read that gave up dropped its table
        if estimate and in_memory(self.con, estimate, sum(self._held.values())):
            self._held[kind] = estimate
            return f"CREATE TEMP TABLE {name}", name
        if self._store is None:
            got = self.con.execute("SELECT current_setting('temp_directory')").fetchone()
            folder = Path(str(got[0] if got else ""))
            self._store = ""
            if folder.is_absolute() and folder.is_dir() and folder.name.startswith(SPILL_PREFIX):
                alias = f"sladsl_data_{uuid.uuid4().hex}"
                self.con.execute(f"ATTACH {lit(str(folder / alias))} AS {alias}")
                self._store = alias
        if not self._store:
            return f"CREATE TEMP TABLE {name}", name
        return f"CREATE TABLE {self._store}.{name}", f"{self._store}.{name}"

    def release(self) -> None:
        """Detaches the database file of the converted tables (see :meth:`_table_for`)."""
        import duckdb

        store, self._store = self._store, None
        if store:
            with contextlib.suppress(duckdb.Error):  # the connection failed: it goes anyway
                got = self.con.execute("SELECT current_setting('temp_directory')").fetchone()
                self.con.execute(f"DETACH {store}")
                path = Path(str(got[0] if got else "")) / store
                for leftover in (path, path.with_name(path.name + ".wal")):
                    leftover.unlink(missing_ok=True)

    def _raw_value(self, source: str, column: str, row: int) -> str:
        """The text of one value as the file has it (read again: only for a message)."""
        got = self.con.execute(f"SELECT trim(CAST({q(column)} AS VARCHAR)) FROM {source} "
                               f"LIMIT 1 OFFSET {row - 1}").fetchone()
        return str(got[0]) if got is not None else ""

    def _checks(self, loaded: Loaded) -> None:
        kind = loaded.kind
        for col in SCHEMAS[kind]:
            if col.key and col.name in loaded.columns:
                dup = self.con.execute(
                    f"SELECT _row, {q(col.name)} FROM (SELECT _row, {q(col.name)}, row_number() "
                    f"OVER (PARTITION BY {q(col.name)} ORDER BY _row) AS n FROM {q(kind)} "
                    f"WHERE {q(col.name)} IS NOT NULL) WHERE n = 2 ORDER BY _row LIMIT 1"
                ).fetchone()
                if dup is not None:
                    raise self._row_error(loaded, int(dup[0]), 0, col.name,
                                          f"duplicate {col.name} {dup[1]!r}",
                                          f"each {col.name} may appear only once")
            if col.type == "priority" and col.name in loaded.columns and self.priorities:
                allowed = ", ".join(f"CAST({lit(str(p))} AS DECIMAL(9,3))"
                                    for p in self.priorities)
                bad = self.con.execute(
                    f"SELECT _row, {q(col.name)} FROM {q(kind)} WHERE {q(col.name)} IS NOT NULL "
                    f"AND {q(col.name)} NOT IN ({allowed}) ORDER BY _row LIMIT 1").fetchone()
                if bad is not None:
                    known = ", ".join(str(p) for p in self.priorities)
                    raise self._row_error(loaded, int(bad[0]), 0, col.name,
                                          f"unknown priority {_num(bad[1])}",
                                          f"the agreement defines priorities {known}")
        for early, late in ORDERED.get(kind, ()):
            if early in loaded.columns and late in loaded.columns:
                bad = self.con.execute(
                    f"SELECT _row FROM {q(kind)} WHERE {q(late)} < {q(early)} "
                    "ORDER BY _row LIMIT 1").fetchone()
                if bad is not None:
                    raise self._row_error(loaded, int(bad[0]), 0, late,
                                          f"{late} is before {early}",
                                          "check the two timestamps and their time zones")
        if kind == "surveys" and "promoter" in loaded.columns:
            bad = self.con.execute("SELECT _row, promoter FROM surveys WHERE promoter < 0 OR "
                                   "promoter > 10 ORDER BY _row LIMIT 1").fetchone()
            if bad is not None:
                raise self._row_error(loaded, int(bad[0]), 0, "promoter",
                                      f"promoter score {bad[1]} is outside 0 to 10",
                                      "promoter scores are whole numbers from 0 to 10")

    # ---- errors

    def _row_error(self, loaded: Loaded, row: int, colno: int, column: str, message: str,
                   hint: str = "") -> SlaDataError:
        src = self.bindings.of(loaded.kind).columns.get(column, column)
        return self._error(loaded.path, loaded.line(row), max(colno, 1),
                           f"row {row}, column {src!r}: {message}", hint)

    def _error(self, path: Path, line: int, column: int, message: str,
               hint: str = "") -> SlaDataError:
        span = Span.point(str(path), max(line, 1), max(column, 1))
        return SlaDataError([Diagnostic("D200", "error", message, span, hint)])


def _json_key(key: str) -> str:
    """A JSON path step for any key (quoted so dots and spaces are safe)."""
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(value: object) -> str:
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text

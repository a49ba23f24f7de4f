"""What every engine shares: the connection the checkers see, and the data shipped to it.

:class:`Remote` looks to the checkers like a DuckDB connection (``execute``, ``executemany``,
``fetchone``, ``fetchall``): each DuckDB statement is transpiled to the engine's dialect
(:func:`sladsl.compile.dialects.transpile`) and run by the :class:`Backend`, which returns rows
of plain Python values as DuckDB would (``int`` for integers, ``Decimal`` for decimals,
``bool``, ``str``, ``None``). :class:`ShippingDataset` reads and checks each file with DuckDB
as :class:`sladsl.evaluate.data.Dataset` does, then ships the loaded table to the backend.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..compile.dialects import Untranslatable, inline, transpile
from ..errors import SlaError
from ..evaluate.bindings import Bindings
from ..evaluate.data import Dataset, q
from . import engine_error, engine_title

_CREATE = re.compile(r"^CREATE TEMP TABLE (\w+) \(([\w ,]+)\)$")
_INSERT = re.compile(r"^INSERT INTO (\w+) VALUES ")


class Unrunnable(Exception):
    """A checker's statement that the engine's dialect cannot express."""

    def __init__(self, engine: str, reason: str, sql: str) -> None:
        super().__init__(reason)
        self.engine = engine
        self.reason = reason
        self.sql = sql


def attach(runner: Any, backend: Backend) -> None:
    """Runs ``runner`` (an :class:`~sladsl.evaluate.engine.Engine`) on ``backend``; a statement
    the engine cannot run stops it with the clause, objective and line it was measuring."""
    from ..clauses import clause_index

    runner.backend = backend
    index = clause_index(runner.spec)
    plain = runner.check

    def check(entry: Any, target: Any, window: Any) -> Any:
        try:
            return plain(entry, target, window)
        except Unrunnable as exc:
            found = index.get(target)
            clause = f"clause {found.number}" if found else "a clause"
            raise engine_error(exc.engine, f"{clause} (objective {entry.objective.name!r}, "
                               f"line {target.span.line}) cannot be measured here: {exc.reason}",
                               "evaluate it with --engine duckdb; the statement: "
                               f"{exc.sql[:200]}") from None

    vars(runner)["check"] = check


class Backend:
    """An engine the checkers can run on: subclasses run statements and hold tables."""

    #: ``--engine`` name and sqlglot dialect.
    name = ""
    dialect = ""

    def run(self, statement: str) -> tuple[list[tuple[Any, ...]], list[str]]:
        """Runs one statement of the dialect: its rows (normalised) and column names."""
        raise NotImplementedError

    def put(self, name: str, table: Any) -> None:
        """Makes the Arrow ``table`` the engine's (temporary) table ``name``."""
        raise NotImplementedError

    def create(self, name: str, columns: list[tuple[str, str]]) -> None:
        """An empty temporary table of (column, SQL type) pairs."""
        raise NotImplementedError

    def insert(self, name: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def export(self, table: str, path: Path) -> None:
        """Writes the engine's ``table`` (``name`` or ``schema.name``) to the Parquet file
        ``path``; an error naming the engine and the table when there is none."""
        raise engine_error(self.name, f"cannot read the table {table!r}: this engine reads "
                           "files only")

    def share(self, name: str, path: Path) -> None:
        """Makes the Parquet file ``path`` the engine's table ``name``, read where it lies or
        copied in (``sladsl portfolio``: every customer's rows, each customer's views over
        them)."""
        raise engine_error(self.name, "cannot read a Parquet file as a table")

    def temporary(self) -> set[str]:
        """The names of the session's temporary tables and views."""
        raise NotImplementedError

    def drop(self, names: set[str]) -> None:
        """Drops these temporary tables or views (:meth:`temporary`)."""
        raise NotImplementedError

    def reset(self) -> None:
        """Drops every table of an earlier evaluation."""

    def close(self) -> None:
        """Ends the session (the backend cannot be used afterwards)."""

    # ---- what the engine needs

    def dataset(self, con: Any, data_dir: Path, bindings: Bindings, time_zone: str,
                priorities: list[Decimal]) -> Dataset:
        self.reset()
        return ShippingDataset(self, con, data_dir, bindings, time_zone, priorities)

    def connection(self) -> Remote:
        return Remote(self)


class Result:
    """The answer to one statement, read as from a DuckDB cursor."""

    def __init__(self, rows: list[tuple[Any, ...]], names: list[str]) -> None:
        self.rows = rows
        self.description = [(name, None, None, None, None, None, None) for name in names]

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self.rows)


class Remote:
    """The checkers' connection on another engine (see the module docstring)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Result:
        created = _CREATE.match(sql)
        if created:  # a business-clock table, filled by executemany
            columns = [tuple(c.strip().split(" ", 1)) for c in created[2].split(",")]
            self.backend.create(created[1], [(a, b) for a, b in columns])
            return Result([], [])
        if _INSERT.match(sql):
            self.executemany(sql, [list(params or [])])
            return Result([], [])
        try:
            statements = transpile(sql, self.backend.dialect, params)
        except Untranslatable as exc:
            raise Unrunnable(self.backend.name, str(exc), sql) from None
        result = Result([], [])
        for statement in statements:
            rows, names = self.backend.run(statement)
            result = Result(rows, names)
        return result

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """``INSERT INTO name VALUES (?, ..., literal)`` for each row (the clock tables)."""
        import sqlglot
        from sqlglot import exp

        found = _INSERT.match(sql)
        if not found:
            raise engine_error(self.backend.name, f"cannot run {sql[:80]!r} for many rows")
        values: list[tuple[Any, ...]] = []
        for row in rows:
            tree = sqlglot.parse_one(inline(sql, row), read="duckdb")
            tuples = tree.expression.expressions
            values.extend(tuple(_value(v) for v in t.expressions) for t in tuples
                          if isinstance(t, exp.Tuple))
        self.backend.insert(found[1], values)

    def close(self) -> None:
        return None


def _value(node: Any) -> Any:
    from sqlglot import exp

    if isinstance(node, exp.Neg):
        return -_value(node.this)
    if isinstance(node, exp.Literal):
        return node.this if node.is_string else int(node.this)
    if isinstance(node, exp.Null):
        return None
    raise ValueError(f"not a plain value: {node.sql()}")


class ShippingDataset(Dataset):
    """DuckDB reads and checks each file; the loaded table is then shipped to the backend.

    A kind bound to a table of the engine (``[requests] table = "metrics.requests"``) is
    exported by the backend to a Parquet file first (:meth:`Backend.export`), so its columns
    and values get the same checks as a file's, with the table named in every message.
    """

    def __init__(self, backend: Backend, con: Any, data_dir: Path, bindings: Bindings,
                 time_zone: str, priorities: list[Decimal]) -> None:
        super().__init__(con, data_dir, bindings, time_zone, priorities)
        self.backend = backend
        self._exported: dict[str, str] = {}  # exported file → "PostgreSQL table metrics.x"

    def _table(self, kind: str, name: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix="sladsl-table-")) / f"{kind}.parquet"
        self._exported[str(path)] = f"{engine_title(self.backend.name)} table {name}"
        try:
            self.backend.export(name, path)
        except BaseException:
            shutil.rmtree(path.parent, ignore_errors=True)
            raise
        return path

    def _load(self, kind: str, path: Path) -> None:
        named = self._exported.get(str(path))
        try:
            super()._load(kind, path)
            if named is not None:
                # Parquet of the model's types is read where it lies (a view over the file);
                # the exported file is about to go, so the rows become DuckDB's own first.
                copy = q(f"_exported_{kind}")
                self.con.execute(f"CREATE TEMP TABLE {copy} AS SELECT * FROM {q(kind)}")
                self.con.execute(f"CREATE OR REPLACE TEMP VIEW {q(kind)} AS SELECT * FROM {copy}")
        except SlaError as exc:
            if named is None:
                raise
            raise type(exc)([dataclasses.replace(d, span=dataclasses.replace(d.span, file=named))
                             if d.span.file == str(path) else d for d in exc.diagnostics]) \
                from None
        finally:  # nothing reads the exported file after this
            if named is not None:
                shutil.rmtree(path.parent, ignore_errors=True)
        if named is not None:
            self.loaded[kind].path = Path(named)
        relation = self.con.sql(f"SELECT * FROM {q(kind)}")
        fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
        self.backend.put(kind, fetch())


def normal(value: Any) -> Any:
    """A value as DuckDB returns it: whole-number ``Decimal`` results of integer arithmetic
    (PostgreSQL's ``numeric`` sums and divisions) become ``int``."""
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent == 0:
        return int(value)
    return value

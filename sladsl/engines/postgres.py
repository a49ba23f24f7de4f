"""PostgreSQL (``sladsl evaluate --engine postgres --dsn …``), through psycopg 3.

One session, in autocommit: the measurement tables are temporary tables of that session
(filled with ``COPY``), so nothing is left on the server and two evaluations never see each
other's tables. Statements come with every value already written as a quoted literal
(:func:`sladsl.compile.dialects.inline`), so none is sent with placeholders.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import engine_error
from .base import Backend, normal

_CHUNK = 1 << 20  # bytes of CSV per write to COPY
_BATCH = 100_000  # rows per fetch when a table is read (``export``)

#: Arrow types of the loaded tables → PostgreSQL types.
_TYPES = {"int64": "BIGINT", "bool": "BOOLEAN", "string": "TEXT", "large_string": "TEXT",
          "int32": "INTEGER", "double": "DOUBLE PRECISION"}


def where(dsn: str) -> str:
    """The server a DSN names, without its password (for messages)."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(dsn)
    except Exception:  # noqa: BLE001 - a DSN psycopg cannot read is named as unreadable
        return "the server of an unreadable DSN"
    host = parts.get("host") or "localhost"
    port = parts.get("port") or 5432
    db = parts.get("dbname") or parts.get("user") or ""
    return f"{host}:{port}/{db}"


class PostgresBackend(Backend):
    name = "postgres"
    dialect = "postgres"

    def __init__(self, conn: Any, dsn: str) -> None:
        self.conn = conn
        self.dsn = dsn
        self.tables: list[str] = []

    @classmethod
    def connect(cls, dsn: str) -> PostgresBackend:
        try:
            import psycopg
        except ModuleNotFoundError:
            raise engine_error("postgres", "the psycopg package is not installed",
                               "pip install 'sladsl[postgres]'") from None
        try:
            conn = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
        except psycopg.ProgrammingError as exc:  # a DSN it cannot parse
            raise engine_error("postgres", f"the DSN cannot be read: {_first(exc)}",
                               "e.g. postgresql://user@localhost:5432/db") from None
        except psycopg.Error as exc:
            raise engine_error("postgres", f"cannot connect to {where(dsn)}: {_first(exc)}",
                               "check that the server runs and the DSN (host, port, user, "
                               "database, password)") from None
        conn.execute("SET TIME ZONE 'UTC'")
        return cls(conn, dsn)

    def run(self, statement: str) -> tuple[list[tuple[Any, ...]], list[str]]:
        import psycopg

        try:
            cur = self.conn.execute(statement.encode("utf-8"))
            if cur.description is None:
                return [], []
            names = [d.name for d in cur.description]
            return [tuple(normal(v) for v in row) for row in cur.fetchall()], names
        except psycopg.errors.UndefinedTable as exc:
            raise engine_error("postgres", f"a table is missing on {where(self.dsn)}: "
                               f"{_first(exc)}", usage=False) from None
        except psycopg.OperationalError as exc:
            raise engine_error("postgres", f"the connection to {where(self.dsn)} failed during "
                               f"the evaluation: {_first(exc)}",
                               "run the evaluation again once the server is back") from None
        except psycopg.Error as exc:
            raise engine_error("postgres", f"a statement failed: {_first(exc)}",
                               f"the statement: {statement[:300]}") from None

    def export(self, table: str, path: Path) -> None:
        """The table, read in batches through a server-side cursor into a Parquet file:
        integers, booleans, floats, dates and timestamps keep their types, anything else
        (``numeric`` included, exactly) is written as text for the loader to read."""
        import psycopg
        import pyarrow as pa
        import pyarrow.parquet as pq
        from psycopg import sql

        query = sql.SQL("SELECT * FROM {}").format(sql.Identifier(*table.split(".")))
        try:
            with self.conn.transaction(), self.conn.cursor(name="sladsl_export") as cur:
                cur.execute(query)
                assert cur.description is not None
                known = _arrow_types()
                types = [known.get(self._type_name(d.type_code), pa.string())
                         for d in cur.description]
                schema = pa.schema([(d.name, t) for d, t in zip(cur.description, types,
                                                                strict=True)])
                with pq.ParquetWriter(str(path), schema) as out:
                    while rows := cur.fetchmany(_BATCH):
                        columns = [pa.array([_text(r[i], t) for r in rows], t)
                                   for i, t in enumerate(types)]
                        out.write_batch(pa.record_batch(columns, schema=schema))
        except psycopg.errors.UndefinedTable:
            raise engine_error("postgres", f"there is no table {table} on {where(self.dsn)}",
                               "check the table named in the bindings ([kind] table = …) and "
                               "the DSN's database and user", usage=False) from None
        except psycopg.OperationalError as exc:
            raise engine_error("postgres", f"the connection to {where(self.dsn)} failed while "
                               f"reading the table {table}: {_first(exc)}") from None
        except psycopg.Error as exc:
            raise engine_error("postgres", f"cannot read the table {table}: {_first(exc)}",
                               usage=False) from None

    def _type_name(self, oid: int) -> str:
        info = self.conn.adapters.types.get(oid)
        return info.name if info is not None else ""

    def put(self, name: str, table: Any) -> None:
        self._fill(name, table.schema, table.to_batches())

    def share(self, name: str, path: Path) -> None:
        """The Parquet file's rows copied into a temporary table ``name``, a batch at a time
        (a portfolio's every customer: the file is never all in memory)."""
        import pyarrow.parquet as pq

        with pq.ParquetFile(str(path)) as rows:
            self._fill(name, rows.schema_arrow, rows.iter_batches(batch_size=_BATCH))

    def _fill(self, name: str, schema: Any, batches: Any) -> None:
        """A temporary table of ``schema``'s columns, filled by one ``COPY`` from the Arrow
        record ``batches``."""
        import pyarrow.csv

        columns = []
        for field in schema:
            kind = str(field.type)
            if kind.startswith("decimal"):
                sqltype = "NUMERIC" + kind[kind.index("("):]
            else:
                sqltype = _TYPES.get(kind, "TEXT")
            columns.append((field.name, sqltype))
        self.create(name, columns)
        options = pyarrow.csv.WriteOptions(include_header=False)

        def copy() -> None:
            from psycopg import sql

            # Arrow writes the rows as CSV (NULL unquoted and empty, text quoted) a batch at a
            # time, streamed into COPY: millions of probes in seconds, none converted one by
            # one.
            with self.conn.cursor() as cur, cur.copy(sql.SQL(
                    "COPY {} FROM STDIN (FORMAT csv)").format(sql.Identifier(name))) as out:
                for batch in batches:
                    buffer = io.BytesIO()
                    pyarrow.csv.write_csv(batch, buffer, options)
                    data = buffer.getbuffer()
                    for start in range(0, len(data), _CHUNK):
                        out.write(data[start:start + _CHUNK])

        self._guard(copy)

    def temporary(self) -> set[str]:
        rows, _ = self.run("SELECT relname FROM pg_class WHERE relnamespace = "
                           "pg_my_temp_schema() AND relkind IN ('r', 'v')")
        return {str(r[0]) for r in rows}

    def drop(self, names: set[str]) -> None:
        """Drops these temporary tables and views (views first: they read the tables)."""
        from psycopg import sql

        if not names:
            return
        rows, _ = self.run("SELECT relname, relkind FROM pg_class WHERE relnamespace = "
                           "pg_my_temp_schema() AND relkind IN ('r', 'v')")
        kinds = {str(name): str(kind) for name, kind in rows}
        for name in sorted(names, key=lambda x: (kinds.get(x) != "v", x)):
            if name in kinds:
                what = sql.SQL("VIEW" if kinds[name] == "v" else "TABLE")
                self._guard(lambda what=what, name=name: self.conn.execute(sql.SQL(
                    "DROP {} IF EXISTS pg_temp.{} CASCADE").format(what, sql.Identifier(name))))
        self.tables = [t for t in self.tables if t not in names]

    def create(self, name: str, columns: list[tuple[str, str]]) -> None:
        from psycopg import sql

        ident = sql.Identifier(name)
        self.conn.execute(sql.SQL("DROP TABLE IF EXISTS pg_temp.{}").format(ident))
        cols = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t))
                                  for c, t in columns)
        self._guard(lambda: self.conn.execute(
            sql.SQL("CREATE TEMP TABLE {} ({})").format(ident, cols)))
        self.tables.append(name)

    def insert(self, name: str, rows: Sequence[Sequence[Any]]) -> None:
        from psycopg import sql

        def copy() -> None:
            with self.conn.cursor() as cur, cur.copy(
                    sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(name))) as out:
                for row in rows:
                    out.write_row(row)

        self._guard(copy)

    def reset(self) -> None:
        self._guard(lambda: self.conn.execute("DISCARD TEMP"))
        self.tables.clear()

    def close(self) -> None:
        self.conn.close()

    def _guard(self, action: Any) -> None:
        import psycopg

        try:
            action()
        except psycopg.Error as exc:
            raise engine_error("postgres", f"loading the data into {where(self.dsn)} failed: "
                               f"{_first(exc)}") from None


def _arrow_types() -> dict[str, Any]:
    """PostgreSQL types read as their own Arrow type; any other is read as text."""
    import pyarrow as pa

    return {"int2": pa.int64(), "int4": pa.int64(), "int8": pa.int64(), "bool": pa.bool_(),
            "float4": pa.float64(), "float8": pa.float64(), "date": pa.date32(),
            "timestamp": pa.timestamp("us"), "timestamptz": pa.timestamp("us", tz="UTC")}


def _text(value: Any, kind: Any) -> Any:
    """A value for an Arrow column of ``kind``: text columns get ``str`` of it."""
    import pyarrow as pa

    if value is None or kind != pa.string():
        return value
    return value if isinstance(value, str) else str(value)


def _first(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]

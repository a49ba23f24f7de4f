"""Apache Spark (``sladsl evaluate --engine spark [--master local[*] | spark://host:7077]``).

The measurement tables become temporary views of one Spark session (from Arrow, cached); the
business-clock tables too. Spark SQL has no temporary tables, so a ``CREATE OR REPLACE TEMP
TABLE`` of the checkers is a cached view (:mod:`sladsl.compile.dialects`). The session's time
zone is UTC and ANSI mode is on (overflow is an error, never a wrong number); nothing the
checkers compute depends on either, since timestamps are integer microseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import engine_error
from .base import Backend

#: The configuration every sladsl session gets (also the test suite's shared session).
SETTINGS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
}


def builder(session_class: Any, master: str) -> Any:
    """A ``SparkSession.builder`` for ``master`` with :data:`SETTINGS`."""
    build = session_class.builder.master(master).appName("sladsl")
    for key, value in SETTINGS.items():
        build = build.config(key, value)
    return build


class SparkBackend(Backend):
    name = "spark"
    dialect = "spark"

    def __init__(self, session: Any, owned: bool = False) -> None:
        #: A session of its own (temporary views are per session), sharing the context.
        self.session = session.newSession()
        self.owned = session if owned else None
        self.views: set[str] = set()

    @classmethod
    def connect(cls, master: str) -> SparkBackend:
        try:
            from pyspark.sql import SparkSession
        except ModuleNotFoundError:
            raise engine_error("spark", "the pyspark package is not installed",
                               "pip install 'sladsl[spark]' (and a Java 17 runtime)") from None
        try:
            session = builder(SparkSession, master).getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
        except Exception as exc:  # noqa: BLE001 - Java missing, a master that is not there
            raise engine_error("spark", f"cannot start a session on master {master}: "
                               f"{_first(exc)}", "check JAVA_HOME (Java 17) and the --master "
                               "URL (local[*], spark://host:7077)") from None
        return cls(session, owned=True)

    def run(self, statement: str) -> tuple[list[tuple[Any, ...]], list[str]]:
        try:
            frame = self.session.sql(statement)
            names = list(frame.columns)
            rows = [tuple(row) for row in frame.collect()] if names else []
        except Exception as exc:  # noqa: BLE001 - Py4J and analysis errors alike
            text = _first(exc)
            if "TABLE_OR_VIEW_NOT_FOUND" in str(exc):
                raise engine_error("spark", f"a table is missing: {text}", usage=False) from None
            raise engine_error("spark", f"a statement failed: {text}",
                               f"the statement: {statement[:300]}") from None
        return rows, names

    def export(self, table: str, path: Path) -> None:
        """The table (or view) of the session's catalog, through Arrow into a Parquet file."""
        import pyarrow.parquet as pq

        try:
            frame = self.session.table(table)
            arrow = frame.toArrow()
        except Exception as exc:  # noqa: BLE001 - Py4J and analysis errors alike
            if "TABLE_OR_VIEW_NOT_FOUND" in str(exc):
                raise engine_error("spark", f"there is no table {table} in the session's "
                                   "catalog", "check the table named in the bindings ([kind] "
                                   "table = …); a temporary view of another session is not "
                                   "seen, a global one is (global_temp.name)",
                                   usage=False) from None
            raise engine_error("spark", f"cannot read the table {table}: {_first(exc)}",
                               usage=False) from None
        pq.write_table(arrow, str(path))

    def put(self, name: str, table: Any) -> None:
        frame = self.session.createDataFrame(table) if table.num_rows else \
            self.session.createDataFrame([], _ddl(table.schema))
        self._view(name, frame.cache())

    def create(self, name: str, columns: list[tuple[str, str]]) -> None:
        ddl = ", ".join(f"`{c}` {t}" for c, t in columns)
        self._view(name, self.session.createDataFrame([], ddl))

    def insert(self, name: str, rows: Sequence[Sequence[Any]]) -> None:
        table = self.session.table(name)
        added = self.session.createDataFrame([tuple(r) for r in rows], table.schema)
        self._view(name, table.unionAll(added).cache() if rows else table)

    def share(self, name: str, path: Path) -> None:
        self._view(name, self.session.read.parquet(str(path)))

    def temporary(self) -> set[str]:
        return {str(row[1]) for row in self.session.sql("SHOW VIEWS").collect()
                if row[2]}  # namespace, viewName, isTemporary

    def drop(self, names: set[str]) -> None:
        for name in sorted(names):  # a cached one (CACHE TABLE) is uncached too
            self.session.catalog.dropTempView(name)
        self.views -= names

    def _view(self, name: str, frame: Any) -> None:
        frame.createOrReplaceTempView(name)
        self.views.add(name)

    def reset(self) -> None:
        for name in sorted(self.views):
            self.session.catalog.dropTempView(name)
        self.session.catalog.clearCache()
        self.views.clear()

    def close(self) -> None:
        self.reset()
        if self.owned is not None:
            self.owned.stop()


def _ddl(schema: Any) -> str:
    """A Spark DDL string for an (empty) Arrow schema."""
    out = []
    for field in schema:
        kind = str(field.type)
        sql = "BIGINT" if kind == "int64" else "BOOLEAN" if kind == "bool" else \
            kind.upper() if kind.startswith("decimal") else "STRING"
        out.append(f"`{field.name}` {sql}")
    return ", ".join(out)


def _first(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]

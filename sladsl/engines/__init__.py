"""The checkers on other engines: PostgreSQL and Apache Spark, with DuckDB still the default.

Measurement files are read and checked by DuckDB exactly as for ``sladsl evaluate`` (the same
messages for bad data), then each loaded table is shipped to the engine; the checkers then run
their reference statements (``Context.portable``) there, each one transpiled from DuckDB's SQL
by :mod:`sladsl.compile.dialects` and its results normalised to the Python types DuckDB gives,
so the report is byte-identical. :func:`open_backend` is the entry point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Diagnostic, SlaDataError, SlaError, SlaUsageError, Span

if TYPE_CHECKING:
    from .base import Backend

ENGINES = ("duckdb", "postgres", "spark")
_TITLES = {"postgres": "PostgreSQL", "spark": "Spark"}


def engine_title(engine: str) -> str:
    """``PostgreSQL`` for ``postgres``: the engine as messages name it."""
    return _TITLES.get(engine, engine)


def engine_error(engine: str, message: str, hint: str = "", usage: bool = True) -> SlaError:
    """An error of ``engine``: a usage error (exit 2: the engine cannot be reached or cannot do
    what was asked) or, with ``usage=False``, input found wanting (exit 1)."""
    cls = SlaUsageError if usage else SlaDataError
    title = _TITLES.get(engine, engine)
    return cls([Diagnostic("E950", "error", f"{title}: {message}",
                           Span.point(f"<{engine}>", 1, 1), hint)])


def open_backend(engine: str, dsn: str | None = None, master: str | None = None) -> Backend:
    """A connected backend for ``engine`` (``postgres`` needs a DSN; ``spark`` a master, by
    default ``local[*]``); an :class:`~sladsl.errors.SlaUsageError` if it cannot connect."""
    if engine == "postgres":
        from .postgres import PostgresBackend

        if not dsn:
            raise engine_error(engine, "--engine postgres needs --dsn",
                               "e.g. --dsn 'postgresql://user@localhost:5432/db'")
        return PostgresBackend.connect(dsn)
    if engine == "spark":
        from .spark import SparkBackend

        return SparkBackend.connect(master or "local[*]")
    raise engine_error(engine, f"unknown engine {engine!r}", "engines: " + ", ".join(ENGINES))

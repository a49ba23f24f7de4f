"""Bindings: the TOML file that maps the data model onto files and columns an engineer has.

The contract names no files. Each kind of measurement has default file and column names
(see ``docs/data-model.md``); a bindings file changes them without touching the contract::

    [requests]
    file = "access-log.parquet"     # relative to the data directory
    timezone = "UTC"                # zone of naive timestamps in this file
    columns = { time = "ts", latency_ms = "duration" }
    units = { latency_ms = "s", time = "epoch_ms" }

A ``values`` table maps the values a file uses onto the model's (case and surrounding spaces
ignored; a value not listed is read as it is)::

    [tickets.values]
    priority = { "Highest" = "1", "Severity 3" = "3" }
    status = { "Waiting for customer" = "waiting", "Resolved" = "resolved" }

A time column's unit may be a ``strptime`` format (``"%d/%b/%y %I:%M %p"``) for exports that
write dates for people. Bindings for the CSV exports of common ticket systems ship with sladsl
(:data:`EXPORTS`) and are named instead of a file: ``--bindings jira-service-management``.

Bindings are read with :mod:`tomllib` (Python 3.11+), or the ``tomli`` package on 3.10.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, SlaDataError, SlaUsageError, Span

KINDS = ("requests", "probes", "incidents", "maintenance", "tickets", "ticket_changes",
         "ticket_pauses", "ticket_statuses", "surveys", "deliverables", "fees", "claims",
         "request_counts", "probe_counts", "latency_buckets")
#: Tables of a bindings file that are not kinds of measurement: read by their own modules.
EXTRA_TABLES = ("prometheus",)

#: Units a column may be given in, per column family.
LATENCY_UNITS = {"ms": "1", "s": "1000", "us": "0.001"}
TIME_UNITS = ("iso", "epoch_s", "epoch_ms", "epoch_us")
#: Bindings shipped with sladsl, by the name ``--bindings`` accepts (files in ``exports/``).
EXPORTS = ("jira-service-management", "servicenow", "zendesk")


@dataclass(frozen=True)
class KindBinding:
    """Where one kind of measurement lives and how its columns are named."""

    file: str | None = None
    timezone: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    #: The interval of pre-aggregated counts (``"1m"``), else inferred from the data.
    interval: str | None = None
    #: Per model column: file value (lower case, trimmed) → model value.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    #: A table already in the engine (``metrics.requests``), read instead of a file
    #: (``--engine postgres|spark``; see :mod:`sladsl.engines.base`).
    table: str | None = None
    #: A column holding each row's number in the file the rows were taken from (the parts
    #: ``sladsl portfolio`` splits a file into), for messages and reports; not read from a
    #: bindings file.
    row: str | None = None


@dataclass(frozen=True)
class Bindings:
    """All kinds; a kind without a table in the file uses the defaults."""

    kinds: dict[str, KindBinding] = field(default_factory=dict)
    path: str | None = None
    #: The other tables (``[prometheus]``), as read.
    extra: dict[str, Any] = field(default_factory=dict)

    def of(self, kind: str) -> KindBinding:
        return self.kinds.get(kind, KindBinding())


def _toml_loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the tomli backport, a dependency there
        try:
            import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
        except ModuleNotFoundError as exc:
            raise SlaUsageError([Diagnostic(
                "E901", "error", "reading a bindings file needs Python 3.11 or the tomli package",
                Span.point("<command>", 1, 1), "pip install tomli")]) from exc
    data: dict[str, Any] = tomllib.loads(text)
    return data


def load_bindings(path: str | os.PathLike[str] | None) -> Bindings:
    """Reads and checks a bindings file; ``None`` gives the defaults."""
    if path is None:
        return Bindings()
    name = str(path)
    try:
        if name in EXPORTS and not Path(path).exists():
            from importlib.resources import files

            text = files("sladsl.evaluate.exports").joinpath(f"{name}.toml").read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(name, 1, f"cannot read the bindings file: {exc}",
                     "bindings shipped with sladsl: " + ", ".join(EXPORTS)) from exc
    try:
        data = _toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise _error(name, _line_of(str(exc)), f"not valid TOML: {exc}") from exc
    kinds: dict[str, KindBinding] = {}
    extra: dict[str, Any] = {}
    for kind, table in data.items():
        line = _find_line(text, f"[{kind}")
        if kind in EXTRA_TABLES:
            extra[kind] = table
            continue
        if kind not in KINDS:
            raise _error(name, line, f"unknown kind of measurement {kind!r}",
                         "known kinds: " + ", ".join(KINDS))
        if not isinstance(table, dict):
            raise _error(name, line, f"{kind} must be a table", f"[{kind}]\nfile = \"…\"")
        unknown = set(table) - {"file", "table", "timezone", "columns", "units", "interval",
                                "values"}
        if unknown:
            raise _error(name, line, f"unknown key {sorted(unknown)[0]!r} in [{kind}]",
                         "keys: file, table, timezone, columns, units, interval, values")
        engine_table = table.get("table")
        if engine_table is not None and not (isinstance(engine_table, str)
                                             and _TABLE.fullmatch(engine_table)):
            raise _error(name, line, f"{kind}.table must name a table: a name, or schema.name",
                         'table = "metrics.requests"')
        if engine_table is not None and "file" in table:
            raise _error(name, line, f"[{kind}] names both a file and a table",
                         "keep one: file = \"…\" for a file, table = \"…\" for a table in "
                         "the engine")
        interval = table.get("interval")
        if interval is not None and not (isinstance(interval, str)
                                         and re.fullmatch(r"[1-9][0-9]*[smh]", interval)):
            raise _error(name, line, f"{kind}.interval must be a length such as \"1m\"",
                         'interval = "1m" (s, m or h)')
        values = table.get("values", {})
        if not (isinstance(values, dict) and all(
                isinstance(m, dict) and all(isinstance(v, str) for v in m.values())
                for m in values.values())):
            raise _error(name, _find_line(text, f"[{kind}.values") if "values" in table
                         else line, f"{kind}.values must map each column to a table of "
                         "file value = model value", f'[{kind}.values]\npriority = '
                         '{ "Highest" = "1" }')
        columns = table.get("columns", {})
        units = table.get("units", {})
        if not (isinstance(columns, dict) and all(isinstance(v, str) for v in columns.values())):
            raise _error(name, line, f"{kind}.columns must map column names to strings")
        if not (isinstance(units, dict) and all(isinstance(v, str) for v in units.values())):
            raise _error(name, line, f"{kind}.units must map column names to unit names")
        for column, unit in units.items():
            allowed: tuple[str, ...] = tuple(LATENCY_UNITS) if column == "latency_ms" \
                else TIME_UNITS
            if unit not in allowed and not (column != "latency_ms" and "%" in unit):
                raise _error(name, line, f"unknown unit {unit!r} for {kind}.{column}",
                             "units: " + ", ".join(allowed)
                             + ("" if column == "latency_ms" else ", or a strptime format "
                                "such as \"%d/%m/%Y %H:%M\""))
        file = table.get("file")
        tz = table.get("timezone")
        if file is not None and not isinstance(file, str):
            raise _error(name, line, f"{kind}.file must be a string")
        if tz is not None:
            from .periods import zone

            if not isinstance(tz, str):
                raise _error(name, line, f"{kind}.timezone must be a string")
            zone(tz)
        kinds[kind] = KindBinding(file, tz, dict(columns), dict(units), interval, {
            col: {str(k).strip().lower(): v for k, v in m.items()} for col, m in values.items()},
            engine_table)
    return Bindings(kinds, name, extra)


#: A table name: one to three identifiers joined by dots (catalog.schema.table).
_TABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*){0,2}")


def _find_line(text: str, needle: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(needle):
            return i
    return 1


def _line_of(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m[1]) if m else 1


def _error(file: str, line: int, message: str, hint: str = "") -> SlaDataError:
    return SlaDataError([Diagnostic("D100", "error", message, Span.point(file, line, 1), hint)])

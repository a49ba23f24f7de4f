"""File columns converted to the data model's types in SQL (for ``sladsl.evaluate.data``).

Each conversion gives NULL for a value it cannot read, so that one query can flag the first
problem of each row.
"""

from __future__ import annotations

from dataclasses import dataclass

from .bindings import LATENCY_UNITS, KindBinding


@dataclass(frozen=True, slots=True)
class Col:
    """One column of the data model."""

    name: str
    type: str  # time | decimal | int | bool | text | priority | cause
    required: bool = False
    key: bool = False  # values must be unique


CAUSES = ("provider", "customer", "force_majeure", "third_party")
#: A ticket's status in the model: "waiting" stops the clock, "resolved"/"closed" resolve it.
STATUSES = ("open", "waiting", "resolved", "closed")
_TRUE = ("true", "t", "1", "yes", "y", "ok", "up", "success", "succeeded")
_FALSE = ("false", "f", "0", "no", "n", "down", "fail", "failed", "failure", "error")
WHAT = {"time": "a timestamp", "decimal": "a number", "int": "a whole number",
         "bool": "true or false", "priority": "a priority (1, P1)",
         "cause": "a cause (" + ", ".join(CAUSES) + ")", "text": "text",
         "status": "a status (" + ", ".join(STATUSES) + ")"}


def q(name: str) -> str:
    """A quoted SQL identifier (column names come from data files)."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def expr(col: Col, src: str, sqltype: str, unit: str | None) -> str:
    """The SQL that converts a file column to the model's type; NULL when unreadable.

    Casts come first because they are fast and accept surrounding spaces; the slower
    spellings (``yes``, ``P1``, ``down``) are tried only on what a cast could not read.
    """
    text = as_text(src, sqltype)
    trimmed = f"NULLIF(trim({text}), '')"
    t = col.type
    if t == "time":
        if unit in ("epoch_s", "epoch_ms", "epoch_us"):
            factor = {"epoch_s": 1_000_000, "epoch_ms": 1000, "epoch_us": 1}[unit]
            if sqltype.startswith(_INTEGERS):
                # What the DECIMAL(24,6) below reads (up to 18 digits), without the decimal
                # arithmetic (a scan of 43 million epoch times spent most of its time there).
                scaled = f"CAST({src} AS BIGINT)" if factor == 1 else \
                    f"TRY_CAST(CAST({src} AS HUGEINT) * {factor} AS BIGINT)"
                return (f"CASE WHEN {src} BETWEEN -999999999999999999 AND 999999999999999999 "
                        f"THEN {scaled} END")
            number = src if sqltype.startswith(_NUMERIC) else text
            return f"TRY_CAST(TRY_CAST({number} AS DECIMAL(24,6)) * {factor} AS BIGINT)"
        if unit is not None and "%" in unit:  # a strptime format, in the file's zone
            return (f"epoch_us(CAST(CAST(TRY_STRPTIME(trim({text}), {lit(unit)}) AS "
                    "TIMESTAMP) AS TIMESTAMPTZ))")
        if sqltype.startswith("TIMESTAMP WITH TIME ZONE"):
            return f"epoch_us({src})"
        # Under the file's zone (set by the caller), a naive timestamp or a text without an
        # offset becomes an instant in that zone; a text with an offset keeps its offset.
        if sqltype.startswith("TIMESTAMP") or sqltype == "DATE":
            return f"epoch_us(CAST(CAST({src} AS TIMESTAMP) AS TIMESTAMPTZ))"
        return f"epoch_us(TRY_CAST({text} AS TIMESTAMPTZ))"
    if t in ("decimal", "int"):
        if t == "int" and sqltype.startswith(_INTEGERS):
            # What the DECIMAL(18,6) below reads, without the decimal arithmetic.
            return (f"CASE WHEN {src} BETWEEN -999999999999 AND 999999999999 THEN "
                    f"CAST({src} AS BIGINT) END")
        value = f"TRY_CAST({src if sqltype.startswith(_NUMERIC) else text} AS DECIMAL(18,6))"
        if t == "int":
            return f"CASE WHEN {value} = floor({value}) THEN CAST({value} AS BIGINT) END"
        if col.name == "latency_ms" and unit:
            scale = LATENCY_UNITS[unit]
            return (f"CAST({value} * CAST({lit(scale)} AS DECIMAL(18,6)) "
                    "AS DECIMAL(18,6))")
        return value
    if t == "bool":
        if sqltype == "BOOLEAN":
            return src
        # DuckDB's own cast reads true/false, t/f, 1/0, yes/no, y/n: all words of ours.
        # The other words are looked up in one list (the true words first), only where
        # the cast gives NULL (a CASE branch runs on its rows alone; coalesce would look
        # every value up).
        words = ", ".join(map(lit, _TRUE + _FALSE))
        cast = f"TRY_CAST({text} AS BOOLEAN)"
        return (f"CASE WHEN {cast} IS NULL THEN list_position([{words}], "
                f"lower(trim({text}))) <= {len(_TRUE)} ELSE {cast} END")
    if t == "priority":
        if sqltype.startswith(_NUMERIC):
            return f"TRY_CAST({src} AS DECIMAL(9,3))"
        pattern = lit(r"^(?:[Pp](?:riority)?\s*)?([0-9]+(?:\.[0-9]+)?)$")
        return (f"TRY_CAST(NULLIF(regexp_extract({trimmed}, {pattern}, 1), '') "
                "AS DECIMAL(9,3))")
    if t == "status":
        return (f"CASE WHEN lower({trimmed}) IN ({', '.join(map(lit, STATUSES))}) "
                f"THEN lower({trimmed}) END")
    if t == "cause":
        norm = f"regexp_replace(lower({trimmed}), '[\\s-]+', '_', 'g')"
        return (f"CASE WHEN {trimmed} IS NULL THEN 'provider' "
                f"WHEN {norm} IN ({', '.join(map(lit, CAUSES))}) THEN {norm} END")
    # Text: trimmed only when it has spaces at an end (most values have none).
    return (f"CASE WHEN starts_with({text}, ' ') OR ends_with({text}, ' ') "
            f"THEN {trimmed} ELSE NULLIF({text}, '') END")


#: The SQL type of each model type once loaded.
SQL_TYPES = {"time": "BIGINT", "decimal": "DECIMAL(18,6)", "int": "BIGINT", "bool": "BOOLEAN",
              "priority": "DECIMAL(9,3)", "cause": "VARCHAR", "text": "VARCHAR",
              "status": "VARCHAR"}
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
             "UINTEGER", "UBIGINT")
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT", "DECIMAL", "DOUBLE", "FLOAT", "REAL")


def native(col: Col, sqltype: str, mapped: bool, unit: str | None) -> bool:
    """Whether a file column is of the model's kind already: its conversion is cheap, exact
    and the same in every time zone, so it can be done on each read of the file."""
    if mapped or (unit is not None and "%" in unit):
        return False
    if col.type == "time":
        return sqltype.startswith("TIMESTAMP WITH TIME ZONE") or (
            unit is not None and sqltype.startswith(_NUMERIC))
    if col.type in ("decimal", "int", "priority"):
        return sqltype.startswith(_NUMERIC)
    return sqltype == ("BOOLEAN" if col.type == "bool" else "VARCHAR")


def checked(col: Col, src: str, sqltype: str, unit: str | None) -> str:
    """What :func:`expr` gives for a native column (:func:`native`) once a scan has found no
    value it cannot read: the same values, read with plain casts. (A checking cast on each
    read costs a scan several times over: DuckDB cannot push the time range past it.)"""
    if col.type == "int" and sqltype.startswith(_INTEGERS):
        return f"CAST({src} AS BIGINT)"  # every value within the range the check allows
    if col.type == "decimal" and sqltype.startswith(_NUMERIC) and not (
            col.name == "latency_ms" and unit):
        return f"CAST({src} AS DECIMAL(18,6))"  # every value fits: none was NULL
    return expr(col, src, sqltype, unit)


def as_text(src: str, sqltype: str) -> str:
    """A file column as text (a cast unless it is text already)."""
    return src if sqltype == "VARCHAR" else f"CAST({src} AS VARCHAR)"


def hint(kind: str) -> str:
    return {
        "time": "write 2026-03-01T10:15:00+00:00, or 2026-03-01 10:15 for the agreement's zone",
        "decimal": "write a plain number such as 12.5",
        "int": "write a whole number such as 7",
        "bool": "write true or false",
        "priority": "write the priority number, e.g. 1 or P1",
        "cause": "one of: " + ", ".join(CAUSES),
        "status": "one of: " + ", ".join(STATUSES) + "; map the export's own statuses in the "
                  "bindings: [tickets.values] status = { \"Waiting for customer\" = \"waiting\" }",
    }.get(kind, "")


#: The types a CSV column is declared as on the first read: DuckDB parses them as the casts of
#: ``sladsl.evaluate.convert`` on text do (time in the session's zone), and fails where they
#: give NULL (``tests/test_csv_typed.py`` compares the two value by value).
DECLARED = {"time": "TIMESTAMPTZ", "decimal": "DECIMAL(18,6)", "bool": "BOOLEAN"}


def declared(schema: tuple[Col, ...], binding: KindBinding, names: list[str]) -> dict[str, str]:
    """The file columns of ``names`` to declare typed: model columns of a type in
    :data:`DECLARED` read as they are (no unit, no values mapped by the bindings)."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for col in schema:
        src = match(binding.columns.get(col.name, col.name), names)
        sqltype = DECLARED.get(col.type)
        if src is None or sqltype is None or col.name in binding.values \
                or binding.units.get(col.name):
            continue
        if out.setdefault(src, sqltype) != sqltype:
            clash.add(src)
    return {k: v for k, v in out.items() if k not in clash}


def text_columns(names: list[str], types: dict[str, str] | None = None) -> str:
    """The ``columns`` option of ``read_csv``: every column read as text, or as ``types``."""
    return ", ".join(f"{lit(name)}: {lit((types or {}).get(name, 'VARCHAR'))}" for name in names)


def match(wanted: str, names: list[str]) -> str | None:
    """The file's column for ``wanted``: the same name, else one that differs in case or
    surrounding spaces."""
    if wanted in names:
        return wanted
    folded = [n for n in names if n.strip().lower() == wanted.lower()]
    return folded[0] if folded else None


class Retry(Exception):
    """A typed read of a CSV file gave up: read it again as text (the loader's conversions
    of text find and name the first bad value)."""

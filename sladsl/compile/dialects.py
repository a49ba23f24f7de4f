"""The checkers' statements in other SQL dialects: DuckDB's own statements, transpiled.

The checkers write DuckDB SQL (:mod:`sladsl.evaluate`). For every other engine the same
statement is parsed by sqlglot and written in the target dialect; the few constructs sqlglot
does not translate are rewritten here, once, on the syntax tree, each with a test
(``tests/test_dialects.py``):

* ``ASOF LEFT JOIN t k ON x >= k.c`` (the business-hours clocks: the interval that starts last
  at or before an instant) becomes ``LEFT JOIN (SELECT *, lead(c) OVER (ORDER BY c) AS
  sladsl_next FROM t) k ON x >= k.c AND (k.sladsl_next IS NULL OR x < k.sladsl_next)``: the
  same row, since the intervals of a clock table start at distinct instants.
* ``CREATE OR REPLACE TEMP TABLE`` becomes ``DROP TABLE IF EXISTS`` and ``CREATE TEMP TABLE``
  on PostgreSQL, and a cached temporary view on Spark (which has no temporary tables).
* A subquery in ``FROM`` without a name gets one (PostgreSQL 15 requires it).
* ``a // b`` on PostgreSQL is ``a / b``, not ``div(a, b)`` (which computes in ``numeric``, ten
  times slower on millions of rows): the checkers divide only integers (microseconds), and both
  engines truncate an integer quotient toward zero.
* ``regexp_replace(s, p, r, 'g')``: every dialect but PostgreSQL replaces every match without
  the flag (and reads a fourth argument as something else, or not at all), so it is dropped.

Time zones never reach the SQL: timestamps are loaded as integer microseconds since the epoch
and every window bound is computed in Python (:mod:`sladsl.evaluate.periods`), so there is
nothing zone-dependent to rewrite. Parameters (``?``) are put into the statement as literals of
the source dialect before parsing, so each target writes them with its own quoting rules (Spark
doubles backslashes, PostgreSQL does not). A construct that cannot be carried over raises
:class:`Untranslatable`, naming it; nothing is approximated.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

#: The dialects ``sladsl compile --target sql --dialect`` writes (sqlglot's names).
DIALECTS = ("duckdb", "postgres", "spark", "bigquery", "snowflake", "trino")


class Untranslatable(Exception):
    """A statement uses a construct the target dialect cannot express (the message names it)."""


def literal(value: Any) -> str:
    """A parameter value as a DuckDB literal (strings with quotes doubled)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"CAST('{value}' AS DECIMAL(38,{max(0, -int(value.as_tuple().exponent))}))"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def inline(sql: str, params: Sequence[Any] | None) -> str:
    """``sql`` with each ``?`` outside string literals and quoted names replaced by its value."""
    if not params:
        return sql
    values = iter(params)
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            try:
                out.append(literal(next(values)))
            except StopIteration:
                raise Untranslatable("more ? placeholders than parameters") from None
            continue
        out.append(ch)
    return "".join(out)


def transpile(sql: str, dialect: str, params: Sequence[Any] | None = None) -> list[str]:
    """The statements that do in ``dialect`` what DuckDB's ``sql`` does (usually one)."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError, UnsupportedError

    text = inline(sql, params)
    if dialect == "duckdb":
        return [text]
    if dialect not in DIALECTS:
        raise Untranslatable(f"unknown dialect {dialect!r}; known: {', '.join(DIALECTS)}")
    try:
        tree = sqlglot.parse_one(text, read="duckdb")
    except ParseError as exc:
        raise Untranslatable(f"sqlglot cannot read the statement: {exc}") from None
    tree = _name_subqueries(tree)
    tree = tree.transform(_asof_join)
    if dialect != "postgres":
        tree = tree.transform(_global_replace)
    else:
        tree = tree.transform(_integer_division)
    before: list[str] = []
    if isinstance(tree, exp.Create) and tree.args.get("replace") and _temporary(tree):
        if dialect == "spark":
            name = tree.this.sql(dialect="spark")
            body = tree.expression.sql(dialect="spark", unsupported_level="RAISE")
            # A view computed once and kept: the checkers read it several times.
            return [f"DROP VIEW IF EXISTS {name}", f"CACHE TABLE {name} AS {body}"]
        tree.set("replace", False)
        before.append(f"DROP TABLE IF EXISTS {tree.this.sql(dialect=dialect)}")
    if isinstance(tree, exp.Drop) and dialect == "spark":
        tree.set("kind", "VIEW")
        tree.set("exists", True)
    try:
        return [*before, tree.sql(dialect=dialect, unsupported_level=sqlglot.ErrorLevel.RAISE)]
    except UnsupportedError as exc:
        raise Untranslatable(f"{dialect} cannot express it: {exc}") from None


def _temporary(tree: Any) -> bool:
    from sqlglot import exp

    props = tree.args.get("properties")
    return props is not None and any(isinstance(p, exp.TemporaryProperty)
                                     for p in props.expressions)


def _name_subqueries(tree: Any) -> Any:
    """Every subquery in ``FROM`` or a join gets a name (``sladsl_q1``, ...) if it has none."""
    from sqlglot import exp

    count = 0
    for sub in list(tree.find_all(exp.Subquery)):
        if sub.alias or not isinstance(sub.parent, (exp.From, exp.Join)):
            continue
        count += 1
        sub.set("alias", exp.TableAlias(this=exp.to_identifier(f"sladsl_q{count}")))
    return tree


def _asof_join(node: Any) -> Any:
    """``ASOF LEFT JOIN t k ON x >= k.c [AND k.p = y ...]`` as a range join on ``lead``."""
    from sqlglot import exp

    if not isinstance(node, exp.Join) or str(node.args.get("method") or "").upper() != "ASOF":
        return node
    on = node.args.get("on")
    if on is None:
        raise Untranslatable("ASOF join without ON")
    conditions = list(on.flatten()) if isinstance(on, exp.And) else [on]
    inequalities = [c for c in conditions if isinstance(c, (exp.GTE, exp.LTE))]
    equalities = [c for c in conditions if isinstance(c, exp.EQ)]
    right = node.this
    alias = right.alias_or_name
    if len(inequalities) != 1 or len(equalities) + 1 != len(conditions):
        raise Untranslatable(f"ASOF join on {on.sql(dialect='duckdb')}: only one >= with "
                             "equalities can be rewritten")
    cond = inequalities[0]
    probe, key = (cond.this, cond.expression) if isinstance(cond, exp.GTE) \
        else (cond.expression, cond.this)
    if not (isinstance(key, exp.Column) and key.table == alias):
        raise Untranslatable(f"ASOF join on {cond.sql(dialect='duckdb')}: the right side "
                             f"must be a column of {alias}")
    partition = [side for eq in equalities for side in (eq.this, eq.expression)
                 if isinstance(side, exp.Column) and side.table == alias]
    over = exp.Window(
        this=exp.Anonymous(this="lead", expressions=[exp.column(key.name)]),
        partition_by=[exp.column(c.name) for c in partition] or None,
        order=exp.Order(expressions=[exp.Ordered(this=exp.column(key.name))]))
    source = right.copy()
    source.set("alias", None)
    inner = exp.select("*", exp.alias_(over, "sladsl_next")).from_(source)
    nxt = exp.column("sladsl_next", table=alias)
    bound = exp.or_(exp.Is(this=nxt, expression=exp.Null()), exp.LT(this=probe.copy(),
                                                                    expression=nxt.copy()))
    joined = exp.Join(this=exp.Subquery(this=inner, alias=exp.TableAlias(
        this=exp.to_identifier(alias))), side="LEFT",
        on=exp.and_(on.copy(), exp.Paren(this=bound)))
    return joined


def _global_replace(node: Any) -> Any:
    """``regexp_replace`` with the ``'g'`` flag, for dialects that always replace every match."""
    from sqlglot import exp

    if isinstance(node, exp.RegexpReplace):
        flags = node.args.get("modifiers")
        if isinstance(flags, exp.Literal) and flags.this == "g":
            node.set("modifiers", None)
            node.set("single_replace", None)
        elif flags is not None:
            raise Untranslatable(f"regexp_replace with flags {flags.sql(dialect='duckdb')}")
    return node


#: How each dialect writes a named parameter (``$`` in DuckDB, ``@`` in BigQuery, else ``:``).
_PREFIX = {"duckdb": "$", "bigquery": "@"}


def param_name(name: str, dialect: str) -> str:
    """A parameter name (``$window_start``) as ``dialect`` writes it."""
    return _PREFIX.get(dialect, ":") + name.lstrip("$")


def dialect_statements(sql: str, params: Sequence[Any], dialect: str, names: dict[int, str],
                       start: int | None, end: int | None, sizes: set[int]) -> list[str]:
    """A recorded statement for ``sladsl compile --dialect``: transpiled, then each sentinel
    number (a window bound) replaced by its parameter's name.

    The number of slices in the window is written as a number in the recording; it becomes
    the DuckDB expression that computes it before transpiling, so the target writes its own
    integer division.
    """
    import re

    if start is not None and end is not None:
        for size in sorted(sizes):
            count = -(-(end - start) // size)
            sql = sql.replace(f"UNION ALL SELECT {count})",
                              f"UNION ALL SELECT ({end} - {start} + {size - 1}) // {size})")
    out = []
    for text in transpile(sql, dialect, params):
        for value, name in names.items():
            text = re.sub(rf"(?<![0-9.]){value}(?![0-9])", param_name(name, dialect), text)
        out.append(text)
    return out


def _integer_division(node: Any) -> Any:
    """``a // b`` as PostgreSQL's integer ``a / b`` (both truncate toward zero)."""
    from sqlglot import exp

    if isinstance(node, exp.IntDiv):
        return exp.Paren(this=exp.Div(this=node.this, expression=node.expression, typed=True))
    return node

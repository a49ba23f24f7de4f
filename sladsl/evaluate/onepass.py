"""One pass over a large CSV file: every checker's grouped counts from a single read.

A large CSV file (:data:`~sladsl.evaluate.data.ONE_PASS_BYTES`, or a converted table that would
not stay in memory) used to be read once into a table, in the spill folder past the limit, and
the checkers then read that table (200 million requests: the write cost as much as the parse).
Most of what the checkers ask of raw requests or probes is a grouped count over the kind's rows
(:class:`Grouped`): the availability slices of a window (service, slice → samples, failed), the
latency counts of a percentile (value → count), the hits and totals of a request ratio (per
part, where parts are averaged), the samples and failures of each interval of an interval
average. This module computes all of them in one read of the file.

1. **Planning.** :class:`~sladsl.evaluate.engine.Engine` first runs the evaluation with such a
   kind *deferred* (:attr:`~sladsl.evaluate.data.Dataset.deferred`): its view reads an empty
   table of the converted columns. Each :class:`Grouped` a checker asks for through
   :func:`relation` is recorded; the statements the checkers run are watched
   (:class:`Deferred`). That run's results are thrown away.
2. **The pass** (:func:`finish`). If every statement that named the kind went through
   :func:`relation`, one statement reads the file with the loader's own conversions (in the
   file's time zone) and computes every recorded grouping at once (``GROUPING SETS``), with
   the rows and the problems counted; counts without keys that differ only in their window
   (a ratio's rolling windows) share one count per quarter hour (:func:`_families`). A file
   with a problem, a value the typed read cannot take, a kind read otherwise, or too many
   groupings is loaded as before instead, which also names the first bad value by row and
   column: the messages do not change.
3. **The evaluation.** The checkers run again; each :func:`relation` is answered from the
   pass. A statement that names the kind anyway (a checker whose counts depend on what the
   planning run's empty data could not show) first loads the kind as before
   (:meth:`~sladsl.evaluate.data.Dataset.materialize`), so every answer is the loaded table's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .convert import Retry, q
from .grouped import Grouped as Grouped  # re-exported: the checkers ask through here

if TYPE_CHECKING:
    from .context import Context
    from .data import Dataset

#: At most this many groupings in one pass (each is a hash table every row goes through); a
#: report with more (many rolling windows) loads the file as before.
MAX_GROUPINGS = 32


def relation(ctx: Context, g: Grouped) -> str:
    """A relation holding the rows of ``g``: the one pass's, or ``g`` run on its own."""
    data = ctx.data
    found = data.passes.get(g)
    if found is not None:
        return found
    if data.planning and g.kind in data.deferred:
        plans = data.plans.setdefault(g.kind, [])
        if g not in plans:
            plans.append(g)
        # The same columns, no rows: the planning run goes on as on data without samples.
        name = q(f"_sladsl_plan_{g.kind}_{plans.index(g)}")
        data.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {g.sql()} LIMIT 0")
        return name
    return f"({g.sql()})"


def temporary(con: Any) -> set[tuple[str, str]]:
    """The temporary views and tables of a DuckDB connection: (name, ``VIEW`` or ``TABLE``)."""
    return {(str(name), kind) for name, kind in con.execute(
        "SELECT view_name, 'VIEW' FROM duckdb_views() WHERE temporary AND NOT internal "
        "UNION ALL SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE temporary").fetchall()}


def finish(data: Dataset, watched: Deferred) -> None:
    """After the planning run, on the run's own connection (it had no temporary objects
    before): what the checkers made is dropped, and each deferred kind is read in one pass,
    or loaded as before."""
    seen, watched.seen = watched.seen or [], None
    data.planning = False
    kept = re.compile(r"_data_|raw_|_sladsl_plan_[a-z_]+$")  # the loader's (not a grouping's)
    for name, what in sorted(temporary(data.con)):
        if name not in data.loaded and not kept.match(name):
            data.con.execute(f"DROP {what} IF EXISTS {q(name)}")
    for kind in list(data.deferred):
        plans = data.plans.get(kind, [])
        named = re.compile(rf"\b{kind}\b")
        done = bool(plans) and not any(named.search(s) for s in seen) and _pass(data, kind, plans)
        if done:
            watched.pending[kind] = lambda kind=kind: data.materialize(kind)  # type: ignore[misc]
        else:  # (a file with a problem: straight to the text read, which names it)
            data.materialize(kind, typed=done is not None)


#: A window's bounds and the rest of its condition, as the checkers write them.
_WINDOW = re.compile(r"time >= (\d+) AND time < (\d+) AND (.*)", re.S)
_COUNT = re.compile(r"count\(\*\)(?: FILTER \(WHERE .*\))?", re.S)
QUARTER_US = 900_000_000  # every zone's offset is a multiple of a quarter hour


def _families(plans: list[Grouped]) -> tuple[list[Grouped], dict[Grouped, tuple[Grouped, int,
                                                                                    int]]]:
    """The groupings the pass computes, and the counts read from one of them: counts without
    keys (a request ratio's hits and total) over windows on the quarter-hour grid whose other
    conditions are the same (the rolling windows of one target: one a day) are counted per
    quarter hour over all their windows at once, and each window adds up its quarter hours."""
    computed: list[Grouped] = []
    families: dict[tuple[str, str, Any], list[tuple[Grouped, int, int]]] = {}
    for g in plans:
        m = _WINDOW.fullmatch(g.where)
        if g.keys or m is None or int(m[1]) % QUARTER_US or int(m[2]) % QUARTER_US \
                or not _conjunction(m[3]) \
                or not all(_COUNT.fullmatch(a) for _, a in g.aggregates):
            computed.append(g)
        else:
            families.setdefault((g.kind, m[3], g.aggregates), []).append(
                (g, int(m[1]), int(m[2])))
    derived: dict[Grouped, tuple[Grouped, int, int]] = {}
    for (kind, rest, aggregates), members in families.items():
        if len(members) == 1:
            computed.append(members[0][0])
            continue
        lo, hi = min(a for _, a, _ in members), max(b for _, _, b in members)
        family = Grouped(kind, (("q", f"time // {QUARTER_US}"),), aggregates,
                         f"time >= {lo} AND time < {hi} AND {rest}")
        computed.append(family)
        for g, a, b in members:
            derived[g] = (family, a // QUARTER_US, b // QUARTER_US)
    return list(dict.fromkeys(computed)), derived


def _conjunction(rest: str) -> bool:
    """Whether ``rest`` has no ``OR`` outside parentheses and quotes: only then do the window's
    bounds before it bound every row of ``time >= a AND time < b AND rest``."""
    depth, quoted = 0, False
    for i, c in enumerate(rest):
        if c == "'":
            quoted = not quoted
        elif not quoted and c in "()":
            depth += 1 if c == "(" else -1
        elif not quoted and depth == 0 and rest[i:i + 4].upper() == " OR ":
            return False
    return not quoted and depth == 0


def _pass(data: Dataset, kind: str, asked: list[Grouped]) -> bool | None:
    """The one statement over the file: ``True`` when it answered every grouping, ``False``
    when there are too many groupings, ``None`` when the file has a problem or a value the
    typed read cannot take (the loader's text read then names the first)."""
    read = data.deferred[kind]
    plans, derived = _families(asked)
    if len(plans) > MAX_GROUPINGS:
        return False
    where: list[str] = []
    inner: list[str] = []
    sets: list[str] = []
    aggregates: dict[str, str] = {}  # SQL → column
    for j, g in enumerate(plans):
        keys = [f"_k{j}_{m}" for m in range(len(g.keys))]
        where.append(f"coalesce({g.where}, false) AS _w{j}")
        inner.append(f"_w{j} AS _p{j}")
        # Keys only where the grouping's rows are: its other rows make one group, not many.
        inner.extend(f"CASE WHEN _w{j} THEN {e} END AS {k}"
                     for (_, e), k in zip(g.keys, keys, strict=True))
        sets.append("(" + ", ".join([f"_p{j}", *keys]) + ")")
        for _, a in g.aggregates:
            aggregates.setdefault(a, f"_a{len(aggregates)}")
    outer = [f"GROUPING(_p{j}) AS _g{j}" for j in range(len(plans))]
    outer += [c for j, g in enumerate(plans)
              for c in [f"_p{j}", *(f"_k{j}_{m}" for m in range(len(g.keys)))]]
    outer += [f"{a} AS {c}" for a, c in aggregates.items()]
    outer += ["count(*) AS _rows", "count(*) FILTER (WHERE _bad IS NOT NULL) AS _problems"]
    # The rows as the kind's view shows them (without _row, which no grouping reads).
    rows = (f"(SELECT {', '.join(read.columns)}, _bad FROM (SELECT {', '.join(read.values)}, "
            f"{read.bad} FROM {read.source}))")
    table = q(f"_sladsl_pass_{kind}")
    statement = (f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {', '.join(outer)} FROM "
                 f"(SELECT *, {', '.join(inner)} FROM (SELECT *, {', '.join(where)} FROM {rows})) "
                 f"GROUP BY GROUPING SETS ({', '.join(sets)}, ())")
    con = data.con
    con.execute("SET preserve_insertion_order = false")  # a few rows per grouping: no order
    try:
        with data._in_zone(read.path, read.tz), data._reading(read.path, read.fmt, typed=True):
            con.execute(statement)
    except Retry:
        return None
    finally:
        con.execute("SET preserve_insertion_order = true")
    everything = " AND ".join(f"_g{j} = 1" for j in range(len(plans)))
    got = con.execute(f"SELECT _rows, _problems FROM {table} WHERE {everything}").fetchone()
    if got is None or int(got[1]):
        con.execute(f"DROP TABLE {table}")
        return None
    data.loaded[kind].rows = int(got[0])
    con.execute(f"DROP VIEW {q(kind)}")  # a statement naming it loads the kind first
    for j, g in enumerate(plans):
        cols = [f"_k{j}_{m} AS {q(a)}" for m, (a, _) in enumerate(g.keys)]
        cols += [f"{aggregates[e]} AS {q(a)}" for a, e in g.aggregates]
        data.passes[g] = f"(SELECT {', '.join(cols)} FROM {table} WHERE _g{j} = 0 AND _p{j})"
    for g, (family, first, end) in derived.items():  # one row, as a count without keys gives
        sums = ", ".join(f"coalesce(sum({q(c)}), 0) AS {q(c)}" for c, _ in g.aggregates)
        data.passes[g] = (f"(SELECT {sums} FROM {data.passes[family]} "
                          f"WHERE q >= {first} AND q < {end})")
    return True


class Deferred:
    """A connection that runs something first when a statement names a kind: ``pending``
    maps the kind to the statement that makes its view (``sladsl portfolio``: a customer's
    views, made only when needed) or to what loads it (:func:`finish`). With ``seen`` a
    list, every statement is also kept there (the planning run)."""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.pending: dict[str, str | Callable[[], None]] = {}
        self.used = False  # whether a statement ran (then there may be tables to drop)
        self.seen: list[str] | None = None

    def execute(self, sql: str, params: Any = None) -> Any:
        self._views(sql)
        return self.con.execute(sql) if params is None else self.con.execute(sql, params)

    def executemany(self, sql: str, params: Any) -> Any:
        self._views(sql)
        return self.con.executemany(sql, params)

    def _views(self, sql: str) -> None:
        if not sql.startswith("SET "):
            self.used = True
        if self.seen is not None:
            self.seen.append(sql)
        for kind in [k for k in self.pending if re.search(rf"\b{k}\b", sql)]:
            made = self.pending.pop(kind)
            if callable(made):
                made()
            else:
                self.con.execute(made)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)

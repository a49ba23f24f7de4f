"""``sladsl portfolio``: the data read once, every customer measured from it.

The files are read and checked once by the ordinary loader on DuckDB (:class:`SharedData`,
which keeps the ``customer`` column), into views named ``sladsl_all_<kind>``. On PostgreSQL or
Spark each of them is then written once as Parquet, which the engine reads under the same name
(:meth:`~sladsl.engines.base.Backend.share`: Spark where it lies, PostgreSQL copied into a
temporary table). Each customer's evaluation is the ordinary one
(:class:`~sladsl.evaluate.engine.Engine`; on another engine its reference statements, as for
``sladsl evaluate --engine …``) on one connection, over views of their rows (:class:`CustomerData`:
``requests`` is ``sladsl_all_requests`` where the customer is theirs or none), made when a
statement first names them (:class:`Deferred`). What would scan the large tables once per
customer is computed once for everyone on the same engine, grouped by customer, and handed to
each customer's checkers through their caches (:class:`Prefetch`): the availability slices of
every calendar window of the report periods, and the fees. Anything not prefetched is measured
on the customer's views as usual, so the reports are the ones a run per customer gives; only
the time differs.

A prefetch is used for a customer only where it is exact by construction: raw requests or
probes with a ``customer`` column and no shared rows, windows of the report periods, services
each named by one stored value in the customer's rows, and empty slices that count as
available unless DuckDB's bit strings give their runs.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import nodes as n
from ..evaluate.aggregates import BIT_BUDGET
from ..evaluate.availability import gaps_needed
from ..evaluate.convert import Col
from ..evaluate.data import SCHEMAS, Dataset, Loaded, lit, q
from ..evaluate.onepass import Deferred, temporary

if TYPE_CHECKING:
    from ..evaluate.bindings import Bindings
    from ..evaluate.context import Context
    from ..evaluate.engine import Evaluation
    from ..evaluate.periods import Period
    from ..evaluate.resources import Resources
    from ..model import Spec
    from .base import Backend
    from .customers import Customer

CUSTOMER = Col("customer", "text")


class SharedData(Dataset):
    """Every file of the data directory, read and checked once, with its customer column."""

    def __init__(self, con: Any, data_dir: Path, bindings: Bindings, time_zone: str,
                 priorities: list[Decimal]) -> None:
        super().__init__(con, data_dir, bindings, time_zone, priorities)
        #: Kinds read from a file (not derived from another kind), in the order read.
        self.files: list[str] = []
        #: Per kind: rows by customer id (``None``: the rows every customer shares).
        self.counts: dict[str, dict[str | None, int]] = {}
        #: Per kind read from a file: its columns in order, without the customer.
        self.columns: dict[str, list[str]] = {}

    def schema(self, kind: str) -> tuple[Col, ...]:
        return (*SCHEMAS[kind], CUSTOMER)

    def _load(self, kind: str, path: Path) -> None:
        super()._load(kind, path)
        self.files.append(kind)

    def load_all(self) -> None:
        """Reads every kind there is a file for, then names each view ``sladsl_all_<kind>``
        (a customer's views take the kinds' own names)."""
        # Each customer's views read the files' metadata when they are made: keep it.
        self.con.execute("SET parquet_metadata_cache = true")
        for kind in SCHEMAS:
            self.has(kind)
        for kind in list(self.loaded):
            if kind not in self.files:  # derived (ticket_pauses from ticket_statuses)
                self.con.execute(f"DROP VIEW {q(kind)}")
        for kind in self.files:
            self.con.execute(f"ALTER VIEW {q(kind)} RENAME TO {q('sladsl_all_' + kind)}")
            self.columns[kind] = [str(r[0]) for r in self.con.execute(
                f"DESCRIBE {q('sladsl_all_' + kind)}").fetchall() if r[0] != "customer"]

    def share(self, backend: Backend, folder: Path) -> None:
        """Writes every view to a Parquet file in ``folder`` that the backend reads as a
        table of the same name (one pass over each file's rows)."""
        for kind in self.files:
            path = folder / f"{kind}.parquet"
            self.con.execute(f"COPY (SELECT * FROM {q('sladsl_all_' + kind)}) TO "
                             f"{lit(str(path))} (FORMAT parquet)")
            backend.share("sladsl_all_" + kind, path)

    def rows_of(self, kind: str, customer: str) -> int:
        """A customer's rows of ``kind``, theirs and the shared ones (counted once for every
        customer, unless a prefetched scan that saw every row counted them already)."""
        if kind not in self.counts:
            self.counts[kind] = {None if c is None else str(c): int(k) for c, k in
                                 self.con.execute(f"SELECT customer, count(*) FROM "
                                                  f"{q('sladsl_all_' + kind)} GROUP BY 1")
                                 .fetchall()}
        counts = self.counts[kind]
        return counts.get(customer, 0) + counts.get(None, 0)


class CustomerData(Dataset):
    """One customer's rows of the shared data, as views named after the kinds."""

    def __init__(self, shared: SharedData, customer: Customer, con: Any) -> None:
        super().__init__(con, shared.dir, shared.bindings, shared.tz, shared.priorities)
        self.shared = shared
        self.customer = customer

    def _find(self, kind: str) -> Path | None:
        return self.shared.loaded[kind].path if kind in self.shared.files else None

    def _load(self, kind: str, path: Path) -> None:
        base = self.shared.loaded[kind]
        # The columns named (not ``* EXCLUDE``): the same statement on every engine.
        view = (f"CREATE TEMP VIEW {q(kind)} AS SELECT "
                f"{', '.join(q(c) for c in self.shared.columns[kind])} FROM "
                f"{q('sladsl_all_' + kind)} WHERE customer IS NULL OR customer = "
                f"{lit(self.customer.id)}")
        if isinstance(self.con, Deferred):
            self.con.pending[kind] = view
        else:
            self.con.execute(view)
        self.loaded[kind] = Loaded(kind, base.path, self.shared.rows_of(kind, self.customer.id),
                                   base.columns - {"customer"}, base.fmt)


def evaluations(con: Any, spec: Spec, customers: list[Customer], data_dir: Path,
                bindings: Bindings, periods: list[Period], limits: Resources | None,
                backend: Backend | None = None) -> Iterator[tuple[Customer, Evaluation]]:
    """Each customer's evaluation, in the order of the customers file: the data read on the
    DuckDB connection ``con``, the checkers run there or on ``backend``."""
    con.execute("SET preserve_insertion_order = true")  # as every evaluation's connection
    shared = SharedData(con, data_dir, bindings, spec.time_zone, sorted(spec.priorities))
    folder = None
    try:
        shared.load_all()
        if backend is not None:
            folder = Path(tempfile.mkdtemp(prefix="sladsl-portfolio-"))
            shared.share(backend, folder)
        yield from _each(con, spec, customers, data_dir, bindings, periods, limits, shared,
                         backend)
    finally:
        shared.release()  # the converted tables' database file, if any
        if backend is not None:
            backend.reset()  # the shared tables and anything left of the last customer
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _each(con: Any, spec: Spec, customers: list[Customer], data_dir: Path, bindings: Bindings,
          periods: list[Period], limits: Resources | None, shared: SharedData,
          backend: Backend | None) -> Iterator[tuple[Customer, Evaluation]]:
    from ..evaluate.engine import Engine
    from .base import attach
    from .customers import for_customer

    checked = con if backend is None else backend.connection()
    prefetch = Prefetch(shared, spec, periods, customers, checked)
    before = temporary(con) if backend is None else backend.temporary()
    for c in customers:
        runner = Engine(for_customer(spec, c), data_dir, bindings, resources=limits)
        if backend is not None:
            attach(runner, backend)  # the reference statements, on the backend
        deferred = runner.con = Deferred(checked)
        runner.prepare = prefetch

        def make(con: Any, *_: Any, customer: Customer = c) -> Dataset:
            return CustomerData(shared, customer, con)

        runner.make_data = make
        try:
            evaluation = runner.run(periods)
        finally:
            if deferred.used and backend is not None:
                backend.drop(backend.temporary() - before)
            elif deferred.used:  # drop what the customer's statements made
                for name, kind in sorted(temporary(con) - before):
                    con.execute(f"DROP {kind} IF EXISTS {q(name)}")
        yield c, evaluation


#: One customer's slices of one window, per stored service value: the runs of unavailable
#: slices, the totals, and the runs of empty slices (``None``: not found here).
Slices = dict[str | None, tuple[list[tuple[int, int]], tuple[int, int, int, int],
                                list[tuple[int, int]] | None]]


class Prefetch:
    """The availability slices of every customer, one grouped scan per window, and every
    customer's fees, on ``con`` (DuckDB's connection, or a backend's: the statements are
    DuckDB's, transpiled there like the checkers')."""

    def __init__(self, shared: SharedData, spec: Spec, periods: list[Period],
                 customers: list[Customer], con: Any) -> None:
        self.shared = shared
        self.customers = customers
        self.spec = spec
        self.periods = periods
        self.con = con
        #: (signature, window start, end) → customer → stored value → slices.
        self.windows: dict[tuple[Any, int, int], dict[str | None, Slices]] = {}
        self.norms: dict[str | None, str | None] = {}  # stored service value → normalised
        self.keys: dict[str, str | None] = {}  # service name → normalised
        self.fees: dict[str, list[tuple[str, str | None, Decimal]]] | None = None
        #: Whether the checkers list the runs of empty slices (an agreement that counts them
        #: as unavailable or excluded); only the bit strings can give them.
        self.gaps = gaps_needed(spec)

    def __call__(self, ctx: Context) -> None:
        customer = getattr(ctx.data, "customer", None)
        if customer is None:
            return
        if "fees" in self.shared.files:
            ctx._sladsl_fee_rows = self._fees().get(customer.id, [])  # type: ignore[attr-defined]
        for sig, window in self._wanted(ctx):
            counts = self._window(sig, window)
            if None in counts:  # rows every customer shares: each customer's own scan
                continue
            self._fill(ctx, sig, window, counts.get(customer.id, {}))

    def _fees(self) -> dict[str, list[tuple[str, str | None, Decimal]]]:
        """Each customer's rows of the fees table (with the rows every customer shares)."""
        if self.fees is None:
            rows = self.con.execute(
                "SELECT customer, period, name, amount FROM sladsl_all_fees ORDER BY _row"
            ).fetchall()
            shared = [(p, m, a) for c, p, m, a in rows if c is None]
            self.fees = {}
            for c, p, m, a in rows:
                if c is not None:
                    self.fees.setdefault(c, list(shared)).append((p, m, a))
            self.fees = {c.id: self.fees.get(c.id, shared) for c in self.customers}
        return self.fees

    def _wanted(self, ctx: Context) -> Iterator[tuple[Any, Period]]:
        """(signature, window) of each availability target measured from raw samples of a
        kind with a customer column and no shared rows, over a calendar window of the report
        periods or of the history before them (termination rights, a quarter's bill)."""
        from ..evaluate.availability import _signature, rule, source_of
        from ..evaluate.credits import history_start
        from ..evaluate.periods import calendar_period, previous_period, windows_ending_in

        first = self.periods[0]
        since = history_start(self.spec, first).start_us
        seen = set()
        for entry in ctx.spec.objectives:
            obj = entry.objective
            source = source_of(obj)
            if source not in ("requests", "probes") or source not in self.shared.files \
                    or rule(obj, n.IntervalAverageRule) is not None:
                continue
            if "customer" not in self.shared.loaded[source].columns:
                continue
            for target in obj.targets:
                window = getattr(target, "window", None)
                if not isinstance(target, n.AvailabilityTarget) \
                        or not isinstance(window, n.CalendarWindow):
                    continue
                sig = _signature(obj, source)
                earlier = []
                w = previous_period(calendar_period(window.unit, first.first_day, first.tz))
                while w.start_us >= since:
                    earlier.append(w)
                    w = previous_period(w)
                later = [w for report in self.periods
                         for w in windows_ending_in(window.unit, None, report)]
                for w in [*reversed(earlier), *later]:
                    if (sig, w.start_us, w.end_us) not in seen:
                        seen.add((sig, w.start_us, w.end_us))
                        yield sig, w

    def _window(self, sig: Any, window: Period) -> dict[str | None, Slices]:
        key = (sig, window.start_us, window.end_us)
        if key in self.windows:
            return self.windows[key]
        source, size, bad, cond = sig
        start, end = window.start_us, window.end_us
        out: dict[str | None, Slices] = {}
        table = q("sladsl_all_" + source)
        # Without a service column every row is the one service's: no key for it (a second
        # key of 43 million groups costs a tenth of the scan).
        k = "service" if "service" in self.shared.loaded[source].columns else \
            "CAST(NULL AS VARCHAR)"
        slice_sql = f"(time - {start}) // {size}"
        keys = "customer, " + ("service, " if k == "service" else "")
        # Statements every engine runs: no ``GROUP BY ALL``; the unavailable slices come
        # back unsorted (a few per customer) and are sorted here.
        # The services' names normalised by the same engine come with the answer (on Spark a
        # statement of its own is a job).
        services = {e.service.name for e in self.spec.objectives}
        names = sorted(services - set(self.keys))
        local = self.con is self.shared.con
        count = -(-(end - start) // size)
        groups = len(self.customers) * (len(services) + 1) + 1  # and the shared rows'
        spark = getattr(getattr(self.con, "backend", None), "dialect", None) == "spark"
        # The runs of empty slices come from DuckDB's bit strings only (elsewhere, or past
        # the budget, each customer's checkers find their own).
        bits = local and count * groups <= BIT_BUDGET
        gaps = self.gaps and bits
        if spark or bits:
            query = self._bits(table, k, slice_sql, count, start, end, bad, cond, names, spark,
                               gaps)
        else:
            query = (f"SELECT customer, {k}, lower(trim({k})), count(*), coalesce(sum(n), 0), "
                     f"coalesce(sum(bad), 0), count(*) FILTER (WHERE {cond}), "
                     f"list(i) FILTER (WHERE {cond}), NULL, NULL"
                     + "".join(f", lower({lit(name)})" for name in names)
                     + f" FROM (SELECT {keys}{slice_sql} AS i, "
                     f"count(*) AS n, count(*) FILTER (WHERE {bad}) AS bad FROM {table} "
                     f"WHERE time >= {start} AND time < {end} GROUP BY {keys}{slice_sql}) "
                     f"GROUP BY customer, {k}")
        if local:  # the answer is a few rows per customer: the scan need not keep order
            self.con.execute("SET preserve_insertion_order = false")
        try:
            found = self.con.execute(query).fetchall()
        finally:
            if local:
                self.con.execute("SET preserve_insertion_order = true")
        rows: dict[str | None, int] = {}
        for row in found[:1]:
            self.keys.update(zip(names, row[10:], strict=True))
        for customer, raw, norm, nonempty, samples, failed, bad_slices, down, marks, \
                candidates, *_ in found:
            stats = (int(nonempty), int(samples), int(failed), int(bad_slices))
            empty = _empty_runs(marks, candidates or [], count) if gaps else None
            out.setdefault(customer, {})[raw] = (_runs(sorted(down or [])), stats, empty)
            self.norms[raw] = norm
            rows[customer] = rows.get(customer, 0) + int(samples)  # raw events: one a row
        if sum(rows.values()) == self.shared.loaded[source].rows:  # the window saw every row
            self.shared.counts.setdefault(source, rows)
        self.windows[key] = out
        return out

    @staticmethod
    def _bits(table: str, k: str, slice_sql: str, count: int, start: int, end: int, bad: str,
              cond: str, names: list[str], spark: bool = False, gaps: bool = False) -> str:
        """The statement of :meth:`_window` without a group per customer and slice: one of 43
        million slices that each hold a row costs a hash table of as many entries. A slice can
        be unavailable only if one of its rows failed, so only those slices (the candidates,
        found by a scan of the failed rows) are grouped; every other row sets its slice's bit
        in a bit string per customer and service, whose set bits are the non-empty slices.
        Same answer, a fraction of the time (1,000 customers × 43,200 minutes on DuckDB: 2.0 s
        against 9.1 s). On DuckDB the bits are one ``bitstring_agg`` of the window's
        ``count`` slices; on Spark (the statement is transpiled there like every other), its
        own bitmaps, a group of at most 32,768 bits per bucket of slices, summed. With ``gaps``
        (DuckDB only), each customer's bit string and candidate slices come back too: the
        runs of empty slices are the runs of slices in neither (:func:`_empty_runs`)."""
        same = "w.customer IS NOT DISTINCT FROM c.customer AND w.i = c.i" + (
            " AND w.s IS NOT DISTINCT FROM c.s" if k == "service" else "")
        unavailable = f"ci IS NOT NULL AND {cond}"
        if spark:
            bucket = ", bitmap_bucket_number(w.i)"
            bits = "bitmap_construct_agg(bitmap_bit_position(w.i))"
            counted = "bitmap_count(bits)"
        else:
            bucket, bits, counted = "", f"bitstring_agg(w.i, 0, {count - 1})", "bit_count(bits)"
        return (f"WITH w AS (SELECT customer, {k} AS s, {slice_sql} AS i, ({bad}) AS f "
                f"FROM {table} WHERE time >= {start} AND time < {end}), "
                "c AS (SELECT DISTINCT customer, s, i FROM w WHERE f), "
                "g AS (SELECT w.customer, w.s, c.i AS ci, count(*) AS n, "
                f"count(*) FILTER (WHERE w.f) AS bad, {bits} FILTER (WHERE c.i IS NULL) AS bits "
                f"FROM w LEFT JOIN c ON {same} GROUP BY w.customer, w.s, c.i{bucket}) "
                "SELECT customer, s, lower(trim(s)), "
                f"count(ci) + coalesce(sum({counted}), 0), coalesce(sum(n), 0), "
                f"coalesce(sum(bad), 0), count(*) FILTER (WHERE {unavailable}), "
                f"list(ci) FILTER (WHERE {unavailable}), "
                + ("max(CAST(bits AS VARCHAR)), list(ci) FILTER (WHERE ci IS NOT NULL)" if gaps
                   else "NULL, NULL")
                + "".join(f", lower({lit(name)})" for name in names)
                + " FROM g GROUP BY customer, s")

    def _fill(self, ctx: Context, sig: Any, window: Period, counts: Slices) -> None:
        """Puts into the checkers' cache what
        :func:`~sladsl.evaluate.availability._window_slices` would have found for this
        customer, with the runs listed and summed up (nothing where it alone handles the case:
        a service named by several values)."""
        from ..evaluate.availability import _NO_RUNS, _services
        from ..evaluate.context import ctx_cache

        size = sig[1]
        length = window.end_us - window.start_us
        count = -(-length // size)
        listed: dict[str, Any] = {}
        summed: dict[str, Any] = {}
        for name in _services(ctx, sig):
            key = self._key(name)
            raws = [raw for raw in counts if raw is None or self.norms[raw] == key]
            if len(raws) > 1:
                return
            if raws:
                runs, stats, empty = counts[raws[0]]
                if self.gaps and empty is None:
                    return  # the checkers find the runs of empty slices themselves
                listed[name] = (runs, empty or [], stats, _NO_RUNS)
                summed[name] = ([], [], stats, _summed(runs, length, size))
            else:
                listed[name] = summed[name] = ([], [(0, count - 1)], (0, 0, 0, 0), _NO_RUNS)
        cache = ctx_cache(ctx, "_sladsl_slices")
        cache[(sig, window.start_us, window.end_us, False)] = listed
        cache[(sig, window.start_us, window.end_us, True)] = summed

    def _key(self, service: str) -> str | None:
        """A service name normalised by the engine, as
        :func:`~sladsl.evaluate.context.service_key` (and the reference statements') do."""
        if service not in self.keys:
            row = self.con.execute("SELECT lower(?)", [service]).fetchone()
            self.keys[service] = None if row is None else row[0]
        return self.keys[service]


def _empty_runs(marks: str | None, candidates: list[int], count: int
                ) -> list[tuple[int, int]]:
    """The runs of empty slices (first, last) of a window of ``count`` slices: those whose bit
    is not set in ``marks`` (a bit string, slice 0 first; ``None``: no bit set) and that are
    not ``candidates`` (the slices with a failed row, which are not empty either)."""
    seen = bytearray(marks.encode("ascii") if marks else b"0" * count)
    for c in candidates:
        seen[int(c)] = ord("1")
    return [(m.start(), m.end() - 1) for m in re.finditer(rb"0+", seen)]


def _runs(slices: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive slice numbers (sorted) as (first, last)."""
    out: list[tuple[int, int]] = []
    for i in slices:
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], int(i))
        else:
            out.append((int(i), int(i)))
    return out


def _summed(runs: list[tuple[int, int]], length: int, size: int) -> Any:
    """The runs summed up as :func:`~sladsl.evaluate.availability._summed` does: how many,
    their length, the five longest (longest first, then earliest) and the text, in
    microseconds from the window's start."""
    from ..evaluate.availability import _NO_RUNS

    if not runs:
        return _NO_RUNS
    spans = [(a * size, min(length, (b + 1) * size) - a * size) for a, b in runs]
    longest = sorted(spans, key=lambda s: (-s[1], s[0]))[:5]
    text = " ".join(f"{o // 1_000_000}+{k // 1_000_000}" for o, k in spans)
    return (len(spans), sum(k for _, k in spans), [(o, o + k) for o, k in longest], text)

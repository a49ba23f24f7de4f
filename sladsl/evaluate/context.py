"""What every checker sees: the context of one evaluation, and the checker interface.

Every checker imports this module; it imports none of them. :mod:`sladsl.evaluate.engine`
builds the context (:func:`~sladsl.evaluate.engine.open_context`) and dispatches each target to
its checker by node class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .. import nodes as n
from ..model import ObjectiveEntry, Spec
from .calendars import BusinessCalendar, Clocks
from .data import Dataset, lit, q
from .periods import US_PER_DAY, Period
from .results import Line
from .timeline import ExclusionSet

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    import duckdb


class ExclusionSource(Protocol):
    """The exclusions of each service (:class:`sladsl.evaluate.exclusions.Exclusions`)."""

    def of(self, service: str) -> ExclusionSet: ...


Checker = Callable[["Context", ObjectiveEntry, Any, Period], Line]
#: A hook that sees (and may replace) each line a checker measured: worked examples use it to
#: put the values their facts state into an otherwise real evaluation.
Measure = Callable[[ObjectiveEntry, n.Node, Period, Line], Line]


@dataclass
class Context:
    """What every checker needs: the spec, the connection, the data, calendars, the range."""

    spec: Spec
    con: duckdb.DuckDBPyConnection
    data: Dataset
    clocks: Clocks
    tz: ZoneInfo
    first_us: int
    last_us: int
    #: ``sladsl compile --target sql`` sets this to record the reference statements: one
    #: target at a time, the same SQL whatever the data (see ``exclusions.portable``).
    portable: bool = False
    #: Set by :func:`sladsl.evaluate.engine.open_context` (the exclusions read the context).
    exclusions: ExclusionSource = field(init=False)

    def clock_table(self, cal: BusinessCalendar | None) -> str | None:
        """The business-clock table of ``cal`` covering every ticket timestamp, or ``None``."""
        if cal is None:
            return None
        hi = self.last_us
        if self.data.has("tickets"):
            row = self.con.execute(
                "SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), "
                "coalesce(closed_at, 0), opened_at)) FROM tickets").fetchone()
            if row and row[0] is not None:
                hi = max(hi, int(row[0]))
        return self.clocks.table(self.con, cal, self.first_us - 40 * US_PER_DAY, hi)



class Judge(Protocol):
    """The evaluation as credits and termination rights see it: the spec, the context, and
    the verdicts of earlier periods (:class:`sladsl.evaluate.engine.Engine`)."""

    spec: Spec
    ctx: Context | None

    def history(self, entry: ObjectiveEntry, unit: str, end: Period, count: int
                ) -> list[tuple[Period, bool | None]]: ...

    def objective_lines(self, entry: ObjectiveEntry, report: Period) -> list[Line]: ...


def service_filter(service: str, column: str = "service") -> str:
    """Rows of one service; rows with no service apply to every service.

    This is the definition of which rows belong to a service; :func:`service_where` gives the
    same rows without a string function per row.
    """
    return f"({column} IS NULL OR lower(trim({column})) = lower({lit(service)}))"


def portable(ctx: Context) -> bool:
    """Whether the checkers must run their reference statements: one target at a time, the
    same SQL whatever the data, nothing reused from an earlier target.

    ``sladsl compile --target sql`` records those statements (through a recording connection,
    on empty tables) for engineers to run on their own data; ``sladsl evaluate`` runs faster
    statements that give the same numbers: they read which service values the data holds,
    and keep what one target computed for the next (:func:`ctx_cache`). A context says which
    it wants with its ``portable`` field.
    """
    return ctx.portable


def ctx_cache(ctx: Context, name: str) -> dict[Any, Any]:
    """A cache kept on the context: it lives exactly as long as the connection and the data."""
    cache = vars(ctx).get(name)
    if cache is None:
        cache = {}
        setattr(ctx, name, cache)
    return cache


def service_values(ctx: Context, kind: str, service: str) -> list[str] | None:
    """The stored service values of ``kind`` that name ``service`` (``None``: no such column).

    The distinct values of the column are read once per table (a handful of services), and
    matched with :func:`service_filter`'s own rule, so filters can compare plain strings.
    """
    if not ctx.data.has_column(kind, "service"):
        return None
    cache = ctx_cache(ctx, "_sladsl_service_values")
    if kind not in cache:
        # (stored value, its normalised form): one scan of the table, whatever the services.
        cache[kind] = ctx.con.execute(
            f"SELECT raw, lower(trim(raw)) FROM (SELECT DISTINCT service AS raw FROM {q(kind)} "
            "WHERE service IS NOT NULL) ORDER BY 1").fetchall()
    key = service_key(ctx, service)
    return [str(raw) for raw, norm in cache[kind] if norm == key]


def service_key(ctx: Context, service: str) -> str | None:
    """A spec's service name normalised as :func:`service_filter` does (by DuckDB, so the
    rule is the same one), cached."""
    keys = ctx_cache(ctx, "_sladsl_service_keys")
    if service not in keys:
        row = ctx.con.execute("SELECT lower(?)", [service]).fetchone()
        keys[service] = None if row is None else row[0]
    key: str | None = keys[service]
    return key


def service_where(ctx: Context, kind: str, service: str, column: str = "service") -> str:
    """SQL condition for the rows of ``kind`` (a loaded table) that belong to ``service``.

    The same rows as :func:`service_filter`, but compared with the stored values that name
    the service, so no row pays for ``lower(trim(…))`` (240 scans of ten million probes did).
    """
    if portable(ctx) or kind in ctx.data.deferred:
        # (A kind read in one pass: the same condition before and after its rows are read.)
        return service_filter(service, column)
    values = service_values(ctx, kind, service)
    if values is None:
        return "true"  # no service column: every row applies to every service
    if not values:
        return f"{column} IS NULL"
    return f"({column} IS NULL OR {column} IN ({', '.join(lit(v) for v in values)}))"

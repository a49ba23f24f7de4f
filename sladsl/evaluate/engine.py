"""The evaluation: every target of every objective over the windows of each report period.

:class:`Engine` opens one in-memory DuckDB connection, loads only the data the spec needs,
dispatches each target to its checker by node class (a target with no checker fails loudly,
naming its type), and hands the lines to :mod:`sladsl.evaluate.credits` for credits and
termination rights. Nothing here reads the wall clock: the evaluation's "now" is the end of the
last report period, so the same data always gives the same report.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import nodes as n
from ..model import ObjectiveEntry, Spec
from .availability import availability
from .bindings import Bindings
from .calendars import Clocks
from .context import Checker, Context, Measure
from .data import Dataset
from .exclusions import Exclusions
from .objectives import average, nps, percentile, request_ratio, score_ratio
from .onepass import Deferred, finish
from .periods import Period, calendar_period, previous_period, windows_ending_in, zone
from .resources import Resources, connection, plain_failures
from .results import Line
from .tickets import closure_rate, ticket_time

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    import duckdb

    from .credits import CreditSummary, TerminationResult
    from .duties import Duty

CHECKERS: dict[type[n.Node], Checker] = {
    n.AvailabilityTarget: availability,
    n.PercentileTarget: percentile,
    n.AverageTarget: average,
    n.RequestRatioTarget: request_ratio,
    n.TicketTimeTarget: ticket_time,
    n.TicketRatioTarget: ticket_time,
    n.ClosureRateTarget: closure_rate,
    n.NpsTarget: nps,
    n.ScoreRatioTarget: score_ratio,
}


def open_context(spec: Spec, con: duckdb.DuckDBPyConnection, data: Dataset, clocks: Clocks,
                 tz: ZoneInfo, first_us: int, last_us: int, portable: bool = False) -> Context:
    """A context with its exclusions, ready for the checkers."""
    ctx = Context(spec, con, data, clocks, tz, first_us, last_us, portable=portable)
    ctx.exclusions = Exclusions(ctx)
    return ctx


@dataclass
class PeriodReport:
    """One report period: its lines, responsibilities and credits."""

    period: Period
    lines: list[Line]
    duties: list[Duty] = field(default_factory=list)
    credits: CreditSummary | None = None

    @property
    def missed(self) -> list[Line]:
        return [ln for ln in self.lines if ln.verdict == "missed"]


@dataclass
class Evaluation:
    """Everything a report shows."""

    spec: Spec
    data_dir: Path
    files: dict[str, tuple[str, int]]
    periods: list[PeriodReport]
    terminations: list[TerminationResult]
    notes: list[str]


class Engine:
    """Evaluates a spec on a data directory; use :meth:`run` with the report periods."""

    def __init__(self, spec: Spec, data_dir: Path, bindings: Bindings | None = None,
                 progress: Callable[[str], None] | None = None,
                 measure: Measure | None = None, resources: Resources | None = None) -> None:
        self.spec = spec
        self.resources = resources
        self.measure = measure
        #: Run the reference statements instead of the fast ones (a cross-check; see
        #: ``exclusions.portable``). Both must give the same report.
        self.portable = False
        self.data_dir = data_dir
        self.bindings = bindings or Bindings()
        self.tz = zone(spec.time_zone)
        self.progress = progress or (lambda _msg: None)
        self._lines: dict[tuple[int, str], list[Line]] = {}
        self.ctx: Context | None = None
        #: Another engine to run the checkers on (``sladsl.engines``): DuckDB still reads the
        #: files, the backend gets the loaded tables and runs the reference statements.
        self.backend: Any = None
        #: A DuckDB connection whose database many runs share (``sladsl portfolio``): each run
        #: gets a connection of its own to it (``cursor()``: its own temporary tables) instead
        #: of a new database, which costs tenths of a second.
        self.database: Any = None
        #: A connection to run on as it is, left open (``sladsl portfolio``: every customer's
        #: views over the data read once), and a hook that sees the context before the
        #: checkers run (it fills their caches with what was computed for every customer).
        self.con: Any = None
        self.prepare: Callable[[Context], None] | None = None
        #: What makes the run's :class:`Dataset` (same arguments), if not the usual loader.
        self.make_data: Callable[..., Dataset] | None = None

    def run(self, periods: list[Period]) -> Evaluation:
        opened = contextlib.nullcontext(self.con) if self.con is not None else \
            connection(self.resources) if self.database is None else \
            contextlib.closing(self.database.cursor())
        with opened as con, plain_failures(self.resources), contextlib.ExitStack() as stack:
            if self.con is None:  # a connection given is set up by its owner
                con.execute("SET preserve_insertion_order = true")
            make = self.make_data or (Dataset if self.backend is None
                                      else self.backend.dataset)
            data = make(con, self.data_dir, self.bindings, self.spec.time_zone,
                        sorted(self.spec.priorities))
            stack.callback(data.release)  # a shared database keeps no tables of this run
            # A connection given is the checkers' also with a backend (``sladsl portfolio``
            # on Spark: the backend's, with every customer's views over the shared tables).
            checked = con if self.backend is None or self.con is not None \
                else self.backend.connection()
            if not self._one_pass():
                return self._evaluate(checked, data, periods)
            return self._planned(con, data, periods)

    def _one_pass(self) -> bool:
        """Whether a large CSV file may be read in one pass (:mod:`sladsl.evaluate.onepass`):
        a plain evaluation on a DuckDB connection of its own, with nothing to see or replace
        what it measures."""
        return (self.con is None and self.backend is None and self.database is None
                and self.make_data is None and self.prepare is None and self.measure is None
                and not self.portable)

    def _planned(self, con: Any, data: Dataset, periods: list[Period]) -> Evaluation:
        """The evaluation, as the planning run of the one pass: a large CSV file of raw
        requests or probes is deferred (its kind's view has the columns and no rows) and
        what the checkers ask of it is recorded. Where nothing was deferred, this run is the
        evaluation; else the pass follows and the evaluation runs again on its answers."""
        watched = Deferred(con)
        watched.seen, data.planning = [], True
        # Progress is said once: up to the first deferral by this run, then by the next.
        progress, shown = self.progress, []

        def planning(message: str) -> None:
            if not data.deferred:
                shown.append(message)
                progress(message)

        def again(message: str) -> None:
            if shown and shown[0] == message:
                shown.pop(0)
            else:
                progress(message)

        self.progress = planning
        try:
            evaluation = self._evaluate(watched, data, periods)
        except Exception:
            if not data.deferred:
                raise
            data.plans.clear()  # the run again will say what is wrong, with every kind loaded
        finally:
            data.planning = False
            self.progress = progress
        if not data.deferred:
            watched.seen = None
            return evaluation
        self._lines.clear()
        finish(data, watched)
        self.progress = again
        try:
            return self._evaluate(watched, data, periods)
        finally:
            self.progress = progress

    def _evaluate(self, checked: Any, data: Dataset, periods: list[Period]) -> Evaluation:
        from .credits import credits_for, history_start, terminations
        from .duties import check_duties

        first = history_start(self.spec, periods[0])
        clocks = Clocks(self.spec)
        self.ctx = open_context(self.spec, checked, data, clocks, self.tz, first.start_us,
                                periods[-1].end_us,
                                portable=self.portable or self.backend is not None)
        if self.prepare is not None:
            self.prepare(self.ctx)
        reports = []
        for i, p in enumerate(periods, 1):
            self.progress(f"evaluating {p.label} ({i} of {len(periods)})")
            lines = [ln for e in self.spec.objectives for ln in self.objective_lines(e, p)]
            report = PeriodReport(p, lines)
            report.duties = check_duties(self.ctx, p)
            report.credits = credits_for(self, p, lines)
            reports.append(report)
        self.progress("checking termination rights")
        terms = terminations(self, periods)
        files = {k: (str(v.path), v.rows) for k, v in sorted(data.loaded.items())}
        # Exclusions change availability only: notes about their data only where measured.
        notes = sorted({note for e in self.spec.objectives
                        if any(isinstance(t, n.AvailabilityTarget) for t in e.objective.targets)
                        for note in self.ctx.exclusions.of(e.service.name).notes})
        return Evaluation(self.spec, self.data_dir, files, reports, terms, notes)

    def objective_lines(self, entry: ObjectiveEntry, report: Period) -> list[Line]:
        """The lines of one objective in one report period (one per target and window)."""
        out: list[Line] = []
        for target in entry.objective.targets:
            out.extend(self.target_lines(entry, target, report))
        return out

    def target_lines(self, entry: ObjectiveEntry, target: n.Node, report: Period) -> list[Line]:
        key = (id(target), report.label + report.unit)
        if key in self._lines:
            return self._lines[key]
        window = getattr(target, "window", None)
        unit = window.unit if isinstance(window, n.CalendarWindow) else None
        days = int(window.days) if isinstance(window, n.RollingWindow) else None
        windows = list(windows_ending_in(unit, days, report))
        if not windows:
            pending = calendar_period(unit or report.unit, report.last_day, self.tz)
            line = Line(entry.service.name, entry.objective.name, target, pending,
                        _metric(target), "not due",
                        note=f"judged on {pending.label}, which ends after {report.label}")
            out = [line]
        elif days is not None:
            out = [self._rolling(entry, target, windows)]
        else:
            out = [self.check(entry, target, w) for w in windows]
        self._lines[key] = out
        return out

    def check(self, entry: ObjectiveEntry, target: n.Node, window: Period) -> Line:
        checker = CHECKERS.get(type(target))
        if checker is None:
            raise NotImplementedError(f"no checker for target {type(target).__name__}")
        assert self.ctx is not None
        line = checker(self.ctx, entry, target, window)
        line.samples = _counted(line)
        if self.measure is not None:
            line = self.measure(entry, target, window, line)
        return minimum_samples(entry, line)

    def _rolling(self, entry: ObjectiveEntry, target: n.Node, windows: list[Period]) -> Line:
        """Every rolling window ending in the period; the line shown is the worst one."""
        lines = [self.check(entry, target, w) for w in windows]
        judged = [ln for ln in lines if ln.margin is not None]
        missed = [ln for ln in lines if ln.verdict == "missed"]
        worst = min(judged, key=lambda ln: (ln.margin, -ln.window.end_day.toordinal())) if judged \
            else lines[-1]
        worst.details["rolling windows"] = f"{len(lines)} evaluated, {len(missed)} missed"
        worst.details["worst window"] = worst.window.label
        return worst

    def history(self, entry: ObjectiveEntry, unit: str, end: Period, count: int
                ) -> list[tuple[Period, bool | None]]:
        """Missed (True), met (False) or unknown (None) for ``count`` periods ending at ``end``."""
        out: list[tuple[Period, bool | None]] = []
        p = calendar_period(unit, end.last_day, self.tz)
        term = self.spec.agreement.term
        effective = term.effective_date if term else None
        until = term.until_date if term else None  # a period after the term ends is not in force
        for _ in range(count):
            if effective is not None and p.end_day <= effective \
                    or until is not None and p.first_day > until:
                out.append((p, None))
            else:
                lines = self.objective_lines(entry, p)
                verdicts = {ln.verdict for ln in lines}
                out.append((p, True if "missed" in verdicts else
                            None if verdicts <= {"no data", "not due", "not assessed"}
                            else False))
            p = previous_period(p)
        return list(reversed(out))



def _counted(line: Line) -> int | None:
    for key in ("answers", "tickets", "tickets opened"):
        if key in line.details and line.details[key].isdigit():
            return int(line.details[key])
    return None


def minimum_samples(entry: ObjectiveEntry, line: Line) -> Line:
    """``the objective applies only when at least 20 responses were received``: with fewer,
    the line is *not assessed* (neither met nor missed; no credit, no termination count)."""
    rule = next((r for r in entry.objective.rules if isinstance(r, n.MinimumSampleRule)), None)
    if rule is None or line.samples is None or line.verdict == "not due" \
            or line.samples >= int(rule.count):
        return line
    line.verdict = "not assessed"
    line.budget = None  # nothing was allowed or used: the objective did not apply
    line.details[f"minimum {rule.samples}"] = str(int(rule.count))
    line.note = (f"not assessed: {line.samples} {rule.samples} received, and the objective "
                 f"applies only when at least {int(rule.count)} {rule.samples} were received")
    return line


def _metric(target: n.Node) -> str:
    return type(target).__name__.removesuffix("Target").lower()

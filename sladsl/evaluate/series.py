"""Chart data: what the report's charts draw, beside the verdicts.

:func:`chart_model` turns an evaluation into one plain, JSON-ready entry per chart (strings,
never floats, like the rest of the report model), grouped by the spec's targets across every
report period, so a year of monthly reports draws one timeline per objective, not twelve:

* ``availability``: per window the counted downtime runs, the excluded time, the runs the
  minimum-run rule ignored, and the error budget; the credit tier thresholds of the
  objective's tier tables, as a share of the error budget;
* ``daily``: a latency, ratio or survey target measured day by day (week by week in windows
  longer than 45 days) against its target; the values per day come from
  :class:`ChartingEngine`, which runs the same checker on each day of a window;
* ``tickets``: the attainment of each priority of a ticket objective per window, and the
  worst tickets with the time they took against their limit.

Nothing here draws: :mod:`sladsl.evaluate.charts` renders the model, so the charts can be
drawn again from the JSON report.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from typing import Any

from .. import nodes as n
from ..clauses import clause_index
from ..model import ObjectiveEntry
from ..quantities import Percent, magnitude
from .engine import CHECKERS, Engine, Evaluation
from .periods import Period, rolling
from .results import Line, shown

Model = dict[str, Any]
US_PER_MINUTE = 60_000_000
_TICKETS = (n.TicketTimeTarget, n.TicketRatioTarget)


class ChartingEngine(Engine):
    """An :class:`Engine` that also measures every judged line day by day, for the charts.

    The values per day come from the target's own checker run on one-day windows (seven-day
    windows in windows longer than 45 days), so a chart can never disagree with a verdict
    about what is measured. Availability and ticket lines need nothing more: their checkers
    already keep the intervals and the worst tickets.
    """

    def check(self, entry: ObjectiveEntry, target: n.Node, window: Period) -> Line:
        line = super().check(entry, target, window)
        if self._rolling_now or isinstance(target, n.AvailabilityTarget | n.TicketTimeTarget
                                               | n.TicketRatioTarget):
            return line
        return self._daily(entry, target, line)

    _rolling_now = False

    def _rolling(self, entry: ObjectiveEntry, target: n.Node, windows: list[Period]) -> Line:
        # The days of the worst window only: not every day of thirty overlapping windows.
        self._rolling_now = True
        try:
            line = super()._rolling(entry, target, windows)
        finally:
            self._rolling_now = False
        if isinstance(target, n.AvailabilityTarget | n.TicketTimeTarget | n.TicketRatioTarget):
            return line
        return self._daily(entry, target, line)

    def _daily(self, entry: ObjectiveEntry, target: n.Node, line: Line) -> Line:
        assert self.ctx is not None
        window = line.window
        checker = CHECKERS[type(target)]
        points: list[tuple[Period, Any]] = []
        for part in parts(window):
            points.append((part, checker(self.ctx, entry, target, part).measured))
        line.chart["daily"] = points
        return line


def parts(window: Period) -> list[Period]:
    """The days of a window (weeks, the last one shorter, for windows over 45 days)."""
    days = (window.end_day - window.first_day).days
    step = 1 if days <= 45 else 7
    out = []
    day = window.first_day
    while day < window.end_day:
        end = min(day + timedelta(days=step), window.end_day)
        out.append(rolling((end - day).days, end, window.tz))
        day = end
    return out


def _minutes(us: int | Fraction) -> str:
    return shown(Fraction(us) / US_PER_MINUTE, places=2)


def _num(value: Any) -> str | None:
    return None if value is None else shown(value, places=4)


def _lines_by_target(ev: Evaluation) -> dict[int, list[Line]]:
    """Each target's lines over every report period, one per distinct window, in order."""
    out: dict[int, list[Line]] = {}
    seen: set[tuple[int, int, int]] = set()
    for report in ev.periods:
        for ln in report.lines:
            key = (id(ln.target), ln.window.start_us, ln.window.end_us)
            if key in seen or ln.verdict == "not due":
                continue
            seen.add(key)
            out.setdefault(id(ln.target), []).append(ln)
    return out


def chart_model(ev: Evaluation) -> list[Model]:
    """The report's charts, in the order of the spec's objectives."""
    from ..render.english import English

    index = clause_index(ev.spec)
    english = English(ev.spec, index)
    by_target = _lines_by_target(ev)
    out: list[Model] = []
    for entry in ev.spec.objectives:
        tickets: list[Line] = []
        for target in entry.objective.targets:
            lines = by_target.get(id(target), [])
            if not lines:
                continue
            if isinstance(target, _TICKETS):
                tickets.extend(lines)
                continue
            found = index.get(target)
            head = {"clause": found.number if found else "",
                    "anchor": found.anchor if found else "",
                    "service": entry.service.name, "objective": entry.objective.name,
                    "sentence": english.plain(target)}
            if isinstance(target, n.AvailabilityTarget):
                out.append(head | _availability(ev, entry, lines))
            else:
                out.append(head | _daily(lines))
        if tickets:
            found = index.get(entry.objective)
            out.append({"clause": found.number if found else "",
                        "anchor": found.anchor if found else "",
                        "service": entry.service.name, "objective": entry.objective.name,
                        "sentence": " ".join(english.plain(t) for t in entry.objective.targets
                                             if isinstance(t, _TICKETS)),
                        "sentences": {index.of(t).number: english.plain(t)
                                      for t in entry.objective.targets
                                      if isinstance(t, _TICKETS)}}
                       | _tickets(tickets))
    return out


def _tiers(ev: Evaluation, entry: ObjectiveEntry, goal: Fraction) -> list[Model]:
    """The credit tier thresholds of the objective's tier tables, as shares of the budget."""
    out: list[Model] = []
    seen: set[Fraction] = set()
    for item in ev.spec.items(n.Credits):
        if not isinstance(item, n.TierTable) or ev.spec.objective(item.objective) is not entry:
            continue
        for tier in item.tiers:
            for bound in tier.bounds:
                if not isinstance(bound.value, Percent):
                    continue
                value = Fraction(magnitude(bound.value))
                if value in seen or value >= 100 or goal >= 100:
                    continue
                seen.add(value)
                share = (100 - value) * 100 / (100 - goal)
                out.append({"percent": shown(value, places=4),
                            "budget_percent": shown(share, places=1),
                            "label": f"credit tier at {shown(value, places=4)}%"})
    return sorted(out, key=lambda t: Fraction(t["budget_percent"]))


def _availability(ev: Evaluation, entry: ObjectiveEntry, lines: list[Line]) -> Model:
    goal = Fraction(lines[0].goal or 0)
    min_run = lines[0].chart.get("min_run_us")
    windows = []
    for ln in lines:
        w = ln.window
        budget = ln.budget
        windows.append({
            "label": w.label, "start": w.start.isoformat(), "end": w.end.isoformat(),
            "verdict": ln.verdict, "measured": _num(ln.measured),
            "budget_minutes": None if budget is None else _minutes(budget.allowed
                                                                  * US_PER_MINUTE),
            "down": _runs(ln.chart.get("down", []), w),
            "excluded": _runs(ln.chart.get("excluded", []), w),
            "short": _runs(ln.chart.get("short", []), w),
        })
    return {"kind": "availability", "goal": shown(goal, places=4),
            "min_run": None if not min_run else _minutes(min_run) + " min",
            "tiers": _tiers(ev, entry, goal), "time_zone": ev.spec.time_zone,
            "windows": windows}


def _runs(runs: list[tuple[int, int]] | str, window: Period) -> str:
    """Intervals of a window as the report carries them (``docs/report-schema.md``): each
    ``OFFSET+LENGTH`` in seconds from the window's start, exact, in order, space-separated.
    (Runs summed up in DuckDB come as this text already.)"""
    if isinstance(runs, str):
        return runs
    start = window.start_us
    return " ".join(f"{seconds(a - start)}+{seconds(b - a)}" for a, b in runs)


def seconds(us: int) -> str:
    """Microseconds as exact decimal seconds: ``60000000`` → ``60``, ``1500000`` → ``1.5``."""
    whole, part = divmod(abs(us), 1_000_000)
    sign = "-" if us < 0 else ""
    return f"{sign}{whole}" if not part else f"{sign}{whole}.{part:06d}".rstrip("0")


def _daily(lines: list[Line]) -> Model:
    first = lines[0]
    points = []
    for ln in lines:
        for part, value in ln.chart.get("daily", []):
            points.append({"day": part.first_day.isoformat(), "label": part.label,
                           "window": ln.window.label, "value": _num(value)})
    return {"kind": "daily", "metric": first.metric, "unit": first.unit,
            "comparator": (first.comparator or "").replace("_", " "),
            "target": None if first.goal is None else shown(first.goal, places=6),
            "points": points,
            "windows": [{"label": ln.window.label, "start": ln.window.start.isoformat(),
                         "end": ln.window.end.isoformat(), "measured": _num(ln.measured),
                         "verdict": ln.verdict} for ln in lines]}


def _attainment(ln: Line) -> Fraction | None:
    if ln.unit == "%" and ln.measured is not None:
        return Fraction(ln.measured)
    met, missed = ln.details.get("within the limit"), ln.details.get("missed")
    if met is None or missed is None or int(met) + int(missed) == 0:
        return None
    return Fraction(int(met) * 100, int(met) + int(missed))


def _tickets(lines: list[Line]) -> Model:
    bars = []
    worst = []
    for ln in lines:
        target = ln.target
        prio = getattr(target, "priority", None)
        priority = "all" if prio is None else shown(prio)
        value = _attainment(ln)
        bars.append({"window": ln.window.label, "priority": priority, "metric": ln.metric,
                     "attainment": _num(value), "verdict": ln.verdict,
                     "met": ln.details.get("within the limit"),
                     "missed": ln.details.get("missed"),
                     "pending": ln.details.get("pending")})
        limit = ln.chart.get("limit_us")
        statuses = {w["ticket"]: w.get("status", "") for w in ln.worst}
        dues = {w["ticket"]: w.get("due", "") for w in ln.worst}
        for ticket, elapsed in ln.chart.get("worst_us", []):
            worst.append({"ticket": ticket, "window": ln.window.label, "metric": ln.metric,
                          "elapsed_hours": shown(Fraction(elapsed, 3_600_000_000), places=2),
                          "limit_hours": None if limit is None
                          else shown(Fraction(limit, 3_600_000_000), places=2),
                          "due": dues.get(ticket, ""),
                          "status": statuses.get(ticket, ""), "_order": elapsed})
    worst.sort(key=lambda w: (-w["_order"], w["ticket"]))
    for w in worst:
        del w["_order"]
    return {"kind": "tickets", "bars": bars, "worst": worst[:8]}

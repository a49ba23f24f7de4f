"""Worked examples run as tests: ``sladsl test SPEC...`` and the pytest plugin.

An example describes a world in which nothing happens but its facts. The runner evaluates the
spec with the real :class:`~sladsl.evaluate.engine.Engine` (its windows, daylight-saving period
lengths, credit tiers, fees, minimum and de minimis credits, caps, rounding and termination
rights) on empty measurement tables, and puts each fact into the measurement layer through the
engine's ``measure`` hook:

* ``N minutes of downtime [of SERVICE] in PERIOD``: the downtime starts when the period starts;
  each availability target of the service (of every service when none is named) measures
  ``(window − downtime in it) ÷ window`` exactly, and carries the downtime for fee credits;
* ``N missed [priority P] tickets in PERIOD``: each ticket-time target of that priority (of no
  priority when none is named) counts N missed tickets in the windows that overlap the period;
* ``a measured OBJECTIVE of VALUE in PERIOD``: each target of the objective measures VALUE in
  the windows that overlap the period;
* ``N responses were received in PERIOD`` (or ``tickets``): each objective with a minimum
  number of them counts N in the windows that overlap the period (an objective with a
  minimum and no such fact is taken to have enough).

A target no fact speaks of has no data. The report periods are the months from the first
fact's period to the last one's. Outcomes are compared exactly: a value after rounding the
measured value half up to the digits written; a credit as the sum of the credits paid in the
evaluated periods against the amount written, rounded as the spec rounds credits.
"""

from __future__ import annotations

import atexit
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import nodes as n
from ..evaluate.availability import averaged_per
from ..evaluate.averaging import availability_parts, boundaries, mean
from ..evaluate.timeline import merge
from ..model import ObjectiveEntry, Spec
from ..quantities import Duration, Money, magnitude

if TYPE_CHECKING:
    from ..evaluate.engine import Evaluation
    from ..evaluate.periods import Period
    from ..evaluate.results import Line

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_UNIT_SECONDS = {"ms": Decimal("0.001"), "seconds": Decimal(1), "minutes": Decimal(60),
                 "hours": Decimal(3600), "days": Decimal(86400)}


@dataclass
class Check:
    """One outcome of an example: what it says, and what the evaluation gave."""

    text: str
    line: int
    passed: bool
    expected: str
    actual: str


@dataclass
class ExampleResult:
    """An example and the checks of its outcomes."""

    file: str
    name: str
    line: int
    checks: list[Check] = field(default_factory=list)
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and all(c.passed for c in self.checks)

    def failure_text(self) -> str:
        """The readable explanation of a failure: each failed outcome, expected and actual."""
        if self.error:
            return self.error
        out = []
        for c in self.checks:
            if not c.passed:
                out.append(f"line {c.line}: {c.text}\n  expected: {c.expected}\n"
                           f"  actual:   {c.actual}")
        return "\n".join(out)


# ---------------------------------------------------------------- periods


def parse_example_period(text: str, tz: object) -> Period:
    """``April 2026``, ``2026-04``, ``Q3 2026``, ``2026-Q3``, ``2026`` or ``2026-W10``."""
    from ..evaluate.periods import parse_period

    t = " ".join(text.split())
    m = re.fullmatch(r"([A-Za-z]+) (\d{4})", t)
    if m and m[1].lower() in _MONTHS:
        t = f"{m[2]}-{_MONTHS.index(m[1].lower()) + 1:02d}"
    m = re.fullmatch(r"[Qq]([1-4]) (\d{4})", t)
    if m:
        t = f"{m[2]}-Q{m[1]}"
    return parse_period(t, tz)  # type: ignore[arg-type]


def _months(first: Period, last: Period) -> list[Period]:
    from ..evaluate.periods import calendar_period, next_period

    p = calendar_period("month", first.first_day, first.tz)
    out = [p]
    while out[-1].end_day < last.end_day:
        out.append(next_period(out[-1]))
    return out


# ---------------------------------------------------------------- the example's world


class World:
    """The facts of one example, as the engine's ``measure`` hook sees them."""

    def __init__(self, spec: Spec, example: n.Example, tz: object) -> None:
        self.spec = spec
        self.facts = [(f, parse_example_period(f.period, tz)) for f in example.facts]

    def measure(self, entry: ObjectiveEntry, target: n.Node, window: Period,
                line: Line) -> Line:
        from ..evaluate.results import judge

        line.budget, line.worst, line.exclusions, line.note = None, [], [], ""
        line.downtime_us, line.missed_by_priority = 0, {}
        line.samples = None  # unknown unless a fact counts them: minimums are taken as met
        value: Fraction | int | None = None
        downs: list[tuple[int, int]] = []
        for fact, period in self.facts:
            if not (period.start_us < window.end_us and window.start_us < period.end_us):
                continue
            if isinstance(fact, n.DowntimeFact) and isinstance(target, n.AvailabilityTarget) \
                    and _same_service(fact.service, entry):
                down = _downtime_us(fact.downtime)
                a, b = max(period.start_us, window.start_us), \
                    min(period.start_us + down, window.end_us)
                line.downtime_us += max(0, b - a)
                line.period_us = window.length_us
                value = Fraction(window.length_us - line.downtime_us, window.length_us) * 100
                downs.append((a, b))
                per = averaged_per(entry.objective)
                if per is not None:  # the mean of each day's (hour's …) own availability
                    parts = availability_parts(boundaries(window, per), [], merge(downs))
                    value = mean(parts) if parts else value
            elif isinstance(fact, n.MissedTicketsFact) \
                    and isinstance(target, n.TicketTimeTarget) \
                    and target.priority == fact.priority:
                count = int(fact.count)
                line.missed_by_priority[fact.priority] = \
                    line.missed_by_priority.get(fact.priority, 0) + count
                value = (value or 0) + count
            elif isinstance(fact, n.MeasuredFact) and self.spec.objective(fact.objective) \
                    == entry:
                value = _in_unit(fact.value, line.unit)
            elif isinstance(fact, n.SamplesFact) and any(
                    isinstance(r, n.MinimumSampleRule) and r.samples == fact.samples
                    for r in entry.objective.rules):
                line.samples = (line.samples or 0) + int(fact.count)
        if value is None:
            line.note = "the example states no fact for it"
        return judge(line, value)


def _same_service(name: str | None, entry: ObjectiveEntry) -> bool:
    return name is None or name.strip().lower() == entry.service.name.strip().lower()


def _downtime_us(q: object) -> int:
    seconds = q.seconds if isinstance(q, Duration) else None
    return int((seconds or Decimal(0)) * 1_000_000)


def _in_unit(q: object, unit: str) -> Fraction:
    """A measured quantity in the unit the target's line is measured in."""
    if isinstance(q, Duration) and q.seconds is not None and unit in _UNIT_SECONDS:
        return Fraction(q.seconds) / Fraction(_UNIT_SECONDS[unit])
    return Fraction(magnitude(q))  # type: ignore[arg-type]


# ---------------------------------------------------------------- running


@cache
def empty_data_dir() -> Path:
    """A directory with an empty, typed Parquet file of every kind of the data model (typed
    columns load without the text checks a CSV needs, which keeps examples fast)."""
    from ..evaluate.data import SCHEMAS
    from ..evaluate.resources import connect

    types = {"time": "TIMESTAMPTZ", "decimal": "DECIMAL(18,6)", "int": "BIGINT",
             "bool": "BOOLEAN"}
    folder = Path(tempfile.mkdtemp(prefix="sladsl-examples-"))
    atexit.register(shutil.rmtree, folder, True)
    con = connect()
    try:
        for kind, cols in SCHEMAS.items():
            select = ", ".join(f"CAST(NULL AS {types.get(c.type, 'VARCHAR')}) AS \"{c.name}\""
                               for c in cols)
            target = str(folder / f"{kind}.parquet").replace("'", "''")
            con.execute(f"COPY (SELECT {select} LIMIT 0) TO '{target}' (FORMAT parquet)")
    finally:
        con.close()
    return folder


def examples_of(spec: Spec) -> list[n.Example]:
    return [x for x in spec.items(n.Examples) if isinstance(x, n.Example)]


def run_examples(spec: Spec) -> list[ExampleResult]:
    return [run_example(spec, x) for x in examples_of(spec)]


#: What a value given per customer is in a worked example: an example states credits as shares
#: of it (``validate`` refuses a sum of money there, S133), so any amount checks the shares.
STAND_IN = Decimal(10_000)


def with_stand_ins(spec: Spec) -> Spec:
    """``spec`` with each value given per customer set to :data:`STAND_IN`."""
    if not spec.per_customer:
        return spec
    from ..engines.customers import Customer, for_customer

    values = {name: Money(STAND_IN, spec.currency) for name in spec.per_customer}
    return for_customer(spec, Customer(0, "the worked examples", "", values))


def run_example(spec: Spec, example: n.Example) -> ExampleResult:
    """Evaluates one example and checks each of its outcomes."""
    from ..errors import SlaError
    from ..evaluate.engine import Engine
    from ..evaluate.periods import zone

    spec = with_stand_ins(spec)
    result = ExampleResult(spec.file, example.name, example.span.line)
    tz = zone(spec.time_zone)
    try:
        world = World(spec, example, tz)
        if not world.facts:
            result.error = "the example states no facts"
            return result
        starts = sorted((p for _f, p in world.facts), key=lambda p: p.start_us)
        ends = sorted((p for _f, p in world.facts), key=lambda p: p.end_us)
        periods = _months(starts[0], ends[-1])
        engine = Engine(spec, empty_data_dir(), measure=world.measure)
        evaluation = engine.run(periods)
    except SlaError as exc:
        result.error = exc.render()
        return result
    lines = spec.source.split("\n")
    for outcome in example.outcomes:
        text = " ".join(lines[outcome.span.line - 1].split())
        expected, actual, passed = _judge(spec, engine, evaluation, outcome)
        result.checks.append(Check(text, outcome.span.line, passed, expected, actual))
    return result


def _judge(spec: Spec, engine: object, ev: Evaluation,
           outcome: n.Node) -> tuple[str, str, bool]:
    """Expected text, actual text and whether they agree, for one outcome."""
    from ..evaluate.credits import Money2

    if isinstance(outcome, n.ValueOutcome | n.VerdictOutcome):
        entry = spec.objective(outcome.objective)
        if entry is None:
            return outcome.objective.name, "no such objective", False
        found = [ln for p in ev.periods for ln in p.lines
                 if ln.service == entry.service.name and ln.objective == entry.objective.name
                 and ln.verdict in ("met", "missed", "not assessed")]
        if isinstance(outcome, n.VerdictOutcome):
            verdicts = {ln.verdict for ln in found}
            actual = "missed" if "missed" in verdicts else "met" if "met" in verdicts \
                else "not assessed" if verdicts else "no data"
            return outcome.verdict, actual, actual == outcome.verdict
        want = magnitude(outcome.value)
        places = max(0, -int(want.as_tuple().exponent))
        from ..evaluate.results import shown

        measured = sorted({Fraction(ln.measured) for ln in found if ln.measured is not None})
        values = sorted({_round(v, places) for v in measured})
        unit = found[0].unit if found else ""
        actual = ", ".join(_with_unit(v, unit) for v in values) or "no measured value"
        if measured:
            actual += " (measured " + ", ".join(
                _with_unit(Decimal(shown(v, places=places + 4)), unit) for v in measured) + ")"
        return str(outcome.value), actual, values == [want.quantize(Decimal(1).scaleb(-places))]
    if isinstance(outcome, n.CreditOutcome):
        money = Money2(engine)  # type: ignore[arg-type]
        paid = sum((p.credits.total for p in ev.periods if p.credits is not None), Decimal(0))
        party = spec.party(outcome.party)
        if party is None or party.role != "customer":
            return (f"a credit to {outcome.party.text}",
                    "credits are paid to the customer only", False)
        cur = money.currency
        actual = f"{cur} {paid:,}".strip() if paid else "no credit"
        if outcome.amount is None:
            return "no credit", actual, paid == 0
        owed = money.round(_amount(spec, outcome.amount))
        return (f"{cur} {owed:,}".strip() + f" ({_amount_text(outcome.amount)})", actual,
                owed == paid)
    if isinstance(outcome, n.TerminationOutcome):
        party = spec.party(outcome.party)
        rights = [t for t in ev.terminations if spec.party(t.clause.party) == party]
        if not rights:
            return "may terminate", f"{outcome.party.text} has no termination right", False
        hit = [t for t in rights if t.triggered]
        actual = "may terminate" if hit else "; ".join(t.explanation for t in rights)
        return "may terminate", actual, bool(hit)
    raise NotImplementedError(f"no check for outcome {type(outcome).__name__}")


def _round(value: Fraction, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    # Enough digits that rounding the quotient agrees with rounding the fraction.
    with localcontext() as c:
        c.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(q, rounding=ROUND_HALF_UP)


def _with_unit(value: Decimal, unit: str) -> str:
    return f"{value}%" if unit == "%" else f"{value} {unit}".strip()


def _amount(spec: Spec, amount: n.Node) -> Fraction:
    """The money an amount in an outcome names: a share of a defined fee, or a sum."""
    if isinstance(amount, n.PercentOfFee):
        fee = spec.amounts.get(amount.fee.name)
        base = fee.value.amount if fee is not None and isinstance(fee.value, Money) else 0
        return Fraction(base) * Fraction(magnitude(amount.percent)) / 100
    if isinstance(amount, n.FixedAmount):
        return Fraction(magnitude(amount.value))
    raise NotImplementedError(f"no amount for {type(amount).__name__} in an outcome")


def _amount_text(amount: n.Node) -> str:
    if isinstance(amount, n.PercentOfFee):
        return f"{amount.percent} of the {amount.fee.name}"
    return str(getattr(amount, "value", ""))


# ---------------------------------------------------------------- reporting


def listing(results: list[ExampleResult]) -> str:
    """The readable pass/fail listing ``sladsl test`` prints."""
    out: list[str] = []
    current = None
    for r in results:
        if r.file != current:
            current = r.file
            out.append(r.file)
        out.append(f"  {'PASS' if r.passed else 'FAIL'}  {r.name} (line {r.line})")
        if not r.passed:
            out.extend("        " + x for x in r.failure_text().split("\n"))
    failed = sum(1 for r in results if not r.passed)
    out.append(f"{len(results)} examples, {len(results) - failed} passed, {failed} failed")
    return "\n".join(out) + "\n"


def junit_xml(results: list[ExampleResult]) -> str:
    """JUnit XML for CI: a suite per spec, a case per example."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="sladsl examples")
    suites: dict[str, ET.Element] = {}
    for r in results:
        suite = suites.get(r.file)
        if suite is None:
            suite = suites[r.file] = ET.SubElement(root, "testsuite", name=r.file)
        case = ET.SubElement(suite, "testcase", classname=r.file, name=r.name,
                             file=r.file, line=str(r.line))
        if not r.passed:
            failure = ET.SubElement(case, "failure", message=r.failure_text().split("\n")[0])
            failure.text = r.failure_text()
    for suite in [root, *suites.values()]:
        cases = suite.iter("testcase")
        all_cases = list(cases)
        suite.set("tests", str(len(all_cases)))
        suite.set("failures", str(sum(1 for c in all_cases if c.find("failure") is not None)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


@click.command(name="test")
@click.argument("specs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--junit-xml", "junit", type=click.Path(dir_okay=False),
              help="also write the results as JUnit XML to this file")
def test(specs: tuple[str, ...], junit: str | None) -> None:
    """Run the worked examples of SPECS; exit 1 if any fails."""
    from ..api import load
    from ..errors import SlaError
    from ..exits import fail

    results: list[ExampleResult] = []
    for path in specs:
        try:
            spec = load(path)
        except SlaError as exc:
            fail(exc)
        found = run_examples(spec)
        if not found:
            click.echo(f"{path}: no examples", err=True)
        results.extend(found)
    click.echo(listing(results), nl=False)
    if junit:
        from ..atomic import write_atomically

        write_atomically(Path(junit), junit_xml(results))
    sys.exit(0 if all(r.passed for r in results) else 1)


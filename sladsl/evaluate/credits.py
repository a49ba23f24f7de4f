"""Service credits per billing period, claim deadlines, forfeiture, and termination rights.

For each billing period (:mod:`sladsl.check.billing`: stated, else derived from the cap, the claim
clause, the fees' names and the objectives' windows, else a calendar month):

1. each tier table pays the row that applies to the measured value (compared exactly): the
   only matching row of a banded table, the most severe (narrowest) matching row of a
   cumulative one (:func:`sladsl.check.tiers.pick_tier`), for every window of its objective
   that ends in the billing period; a value that misses the objective but matches no row is
   reported as falling in a gap of the contract, with no credit; a per-event credit pays per
   missed ticket or full hour of downtime; a when-missed credit pays once if any target of
   its objective was missed; an objective *not assessed* (too few samples) earns nothing;
2. amounts are a percentage of a fee (the fees data's row for the billing period, else the
   rows of the months or quarters that make it up when every one is there, else the amount
   the spec defines; ``of the previous calendar month`` uses the previous period), a fixed
   amount, or a multiple of the fees paid during the downtime
   (fee × downtime ÷ length of the billing period, both in minutes in the report);
3. each credit is rounded as declared (default: half up to the currency's minor unit), raised
   to the minimum credit, and dropped when below the de minimis amount (or equal to it, for
   ``credits of USD 1 or less``);
4. with ``a credit not claimed in time is forfeited``, a credit with no claim (from the claims
   data: a row for the billing period naming its objective, or no objective) made before the
   claim deadline is forfeited once the deadline has passed;
5. the sum is cut to the cap, if any.

The claim deadline is the end of the claim clause's period (the one containing the end of the
billing period) plus the claim window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal, localcontext
from fractions import Fraction
from typing import TYPE_CHECKING

from .. import nodes as n
from ..check.billing import billing
from ..check.tiers import pick_tier
from ..errors import Diagnostic, SlaUsageError, Span
from ..quantities import Count, Duration, Money, Percent, Score, magnitude
from .data import lit
from .periods import US_PER_HOUR, Period, calendar_period, previous_period, windows_ending_in
from .results import Line, compare, shown

if TYPE_CHECKING:
    from ..model import Spec
    from .context import Context, Judge

#: ISO 4217 minor units that are not 2.
MINOR_UNITS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "XOF": 0, "XAF": 0,
               "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "IQD": 3, "LYD": 3}
_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN,
          "up": ROUND_UP}


@dataclass
class CreditLine:
    """One credit earned, before the cap."""

    clause: n.Node
    objective: str
    reason: str
    amount: Decimal
    notes: list[str] = field(default_factory=list)


@dataclass
class CreditSummary:
    """The credits of one billing period."""

    period: str
    currency: str
    lines: list[CreditLine]
    subtotal: Decimal
    cap: Decimal | None
    capped: bool
    total: Decimal
    claim_deadline: date | None = None
    claim_status: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class TerminationResult:
    """Whether a termination right can be exercised at the end of the evaluated range."""

    clause: n.TerminationRight
    objective: str
    triggered: bool
    history: list[tuple[str, str]]  # (period label, missed | met | unknown)
    explanation: str
    triggered_in: list[str] = field(default_factory=list)


def billing_unit(spec: Spec) -> str:
    """The billing period's unit (:func:`sladsl.billing.billing`; a calendar month if the
    spec's own is ambiguous, which ``validate`` refuses)."""
    return billing(spec).unit or "month"


def to_decimal(value: Fraction) -> Decimal:
    with localcontext() as c:
        c.prec = 60
        return Decimal(value.numerator) / Decimal(value.denominator)


class Money2:
    """Fees and rounding for one spec and dataset."""

    def __init__(self, engine: Judge) -> None:
        self.engine = engine
        self.spec = engine.spec
        items = self.spec.items(n.Credits)
        self.currency = self.spec.currency or next(
            (a.value.currency for a in self.spec.amounts.values()
             if isinstance(a.value, Money) and a.value.currency), "") or ""
        rounding = next((x for x in items if isinstance(x, n.Rounding)), None)
        places = int(rounding.places) if rounding else MINOR_UNITS.get(self.currency, 2)
        self.quantum = Decimal(1).scaleb(-places)
        self.mode = _MODES[rounding.mode] if rounding else ROUND_HALF_UP
        self.rounding_text = (f"{rounding.mode.replace('_', ' ')} to {places} places"
                              if rounding else f"half up to {places} places (default)")

    def round(self, value: Fraction) -> Decimal:
        return to_decimal(value).quantize(self.quantum, rounding=self.mode)

    def fee(self, name: str | None, period: Period) -> tuple[Fraction, str]:
        """The fee of a period: the fees data's row for it, else the defined amount."""
        ctx = self.engine.ctx
        assert ctx is not None
        if ctx.data.has("fees"):
            named = ""
            if name and ctx.data.has_column("fees", "name"):
                named = f" AND (name IS NULL OR name = {lit(name)})"
            given = vars(ctx).get("_sladsl_fee_rows")  # every fees row, read beforehand
            for labels in _fee_periods(period):
                if given is not None:
                    rows = _fee_sums(given, labels, name if named else None)
                else:
                    rows = ctx.con.execute(
                        "SELECT period, sum(amount) FROM fees WHERE list_contains(?, period)"
                        f"{named} GROUP BY period", [labels]).fetchall()
                if len(rows) == len(labels):
                    total = sum((Fraction(Decimal(r[1])) for r in rows), Fraction(0))
                    which = ", ".join(labels)
                    return total, f"fees data, row{'s' if len(labels) > 1 else ''} {which}"
        amounts = self.spec.amounts
        defn = amounts.get(name) if name else next(
            (a for a in amounts.values() if isinstance(a.value, Money)), None)
        if defn is not None and isinstance(defn.value, Money):
            if defn.name in self.spec.filled:
                return Fraction(defn.value.amount), f'"{defn.name}" given for {self.spec.customer}'
            return Fraction(defn.value.amount), f'"{defn.name}" as defined'
        open_value = self.spec.per_customer.get(name or "") or (
            None if name else next(iter(self.spec.per_customer.values()), None))
        if open_value is not None:
            raise per_customer_missing(self.spec, open_value, period)
        return Fraction(0), f"no fee {name or ''} defined or in the fees data"

    def amount(self, amount: n.Node, period: Period, downtime_us: int = 0
               ) -> tuple[Fraction, str]:
        if isinstance(amount, n.PercentOfFee):
            p = period
            if amount.fee.previous:
                p = previous_period(calendar_period(amount.fee.previous, period.first_day,
                                                    period.tz))
            fee, source = self.fee(amount.fee.name, p)
            pct = Fraction(magnitude(amount.percent))
            return fee * pct / 100, f"{amount.percent} of {_money(fee, self.currency)} ({source})"
        if isinstance(amount, n.FixedAmount):
            return Fraction(magnitude(amount.value)), str(amount.value)
        if isinstance(amount, n.FeeMultiple):
            fee, source = self.fee(None, period)
            share = Fraction(downtime_us, period.length_us)
            return (Fraction(amount.multiple) * fee * share,
                    f"{amount.multiple} × {_money(fee, self.currency)} ({source}) × "
                    f"{shown(Fraction(downtime_us, 60_000_000), places=2)} min downtime "
                    f"÷ {shown(Fraction(period.length_us, 60_000_000), places=0)} min")
        return Fraction(0), "unknown amount"


def per_customer_missing(spec: Spec, value: n.CustomerValue, period: Period) -> SlaUsageError:
    """A credit priced on a value each customer's order form sets, evaluated for no one."""
    return SlaUsageError([Diagnostic(
        "E902", "error", f'a credit in {period.label} is priced on the "{value.name}", which '
        f"the agreement gives per customer (line {value.span.line}); no customer was given and "
        f"the fees data has no row for {period.label}",
        Span.point(spec.file, value.span.line, value.span.column),
        f'evaluate it with `sladsl portfolio {spec.file} --customers customers.csv …` (a '
        f'"{value.name}" column), or give the fee in the fees data')])


def _fee_sums(given: list[tuple[str, str | None, Decimal]], labels: list[str],
              name: str | None) -> list[tuple[str, Decimal]]:
    """The fees query's answer from the rows of the fees table (``sladsl portfolio`` reads
    every customer's at once): the sum of the amounts of each of ``labels`` that has a row
    (of the fee ``name``, or of none, when a name is given)."""
    sums: dict[str, Decimal] = {}
    for label, fee_name, amount in given:
        if label in labels and (name is None or fee_name is None or fee_name == name):
            sums[label] = sums.get(label, Decimal(0)) + amount
    return list(sums.items())


def _fee_periods(period: Period) -> list[list[str]]:
    """The fees rows that give the fee of a billing period, in order of preference: its own
    row, then the rows of the quarters or months that make it up."""
    out = [[period.label]]
    for unit in ("quarter", "month"):
        if (period.unit, unit) in (("year", "quarter"), ("year", "month"), ("quarter", "month")):
            labels, p = [], calendar_period(unit, period.first_day, period.tz)
            while p.first_day < period.end_day:
                labels.append(p.label)
                p = calendar_period(unit, p.end_day, period.tz)
            out.append(labels)
    return out


def _money(value: Fraction | Decimal, currency: str) -> str:
    return f"{currency} {shown(value, places=2)}".strip()


def history_start(spec: Spec, first: Period) -> Period:
    """The first period evaluated: earlier than the report when termination needs history,
    or when the billing period (a quarter) starts before the first report period (a month)."""
    start = first
    if spec.items(n.Credits):
        bill = calendar_period(billing_unit(spec), first.first_day, first.tz)
        if bill.first_day < start.first_day:
            start = bill
    for item in spec.items(n.Credits):
        if isinstance(item, n.TerminationRight):
            count = int(item.out_of or item.misses)
            p = calendar_period(item.period, first.first_day, first.tz)
            for _ in range(count - 1):
                p = previous_period(p)
            if p.first_day < start.first_day:
                start = p
    return start


def credits_for(engine: Judge, period: Period, report_lines: list[Line]) -> CreditSummary | None:
    spec = engine.spec
    items = spec.items(n.Credits)
    if not items:
        return None
    unit = billing_unit(spec)
    bills = list(windows_ending_in(unit, None, period))
    if not bills:
        return None
    money = Money2(engine)
    # One summary per report period: billing periods inside it are summed (usually just one).
    lines: list[CreditLine] = []
    for bill in bills:
        # A billing period longer than the report period (a quarter, reported monthly) takes
        # every window that ends in it, also those the earlier reports showed.
        judged = report_lines if bill.start_us >= period.start_us else [
            ln for e in spec.objectives for ln in engine.objective_lines(e, bill)]
        lines.extend(_earned(engine, money, judged, bill, items))
    bill = bills[-1]
    notes = [f"billing period: calendar {unit} ({billing(spec).reason})",
             f"rounding: {money.rounding_text}"]
    minimum = next((x for x in items if isinstance(x, n.MinimumCredit)), None)
    floor = next((x for x in items if isinstance(x, n.DeMinimis)), None)
    for cl in lines:
        if minimum is not None and cl.amount > 0:
            least = money.round(money.amount(minimum.amount, bill)[0])
            if cl.amount < least:
                cl.notes.append(f"raised from {cl.amount} to the minimum credit of {least}")
                cl.amount = least
        if floor is not None and cl.amount > 0:
            threshold = money.round(money.amount(floor.amount, bill)[0])
            if cl.amount < threshold or (floor.inclusive and cl.amount == threshold):
                rule = (f"credits of {threshold} or less are not {floor.verb}"
                        if floor.inclusive else
                        f"credits below {threshold} are not {floor.verb}")
                cl.notes.append(f"{cl.amount} is not {floor.verb}: {rule}")
                cl.amount = Decimal(0) * money.quantum
    claim = next((x for x in items if isinstance(x, n.ClaimDeadline)), None)
    deadline = claim_deadline(calendar_period(claim.period, bill.last_day, bill.tz),
                              claim.within) \
        if claim is not None and isinstance(claim.within, Duration) else None
    earned = sum((cl.amount for cl in lines), Decimal(0))
    if deadline is not None and any(isinstance(x, n.Forfeiture) for x in items):
        _forfeit(engine, bill, deadline, lines, money)
    subtotal = sum((cl.amount for cl in lines), Decimal(0) * money.quantum)
    cap_clause = next((x for x in items if isinstance(x, n.CreditCap)), None)
    cap = money.round(money.amount(cap_clause.amount, bill)[0]) if cap_clause else None
    capped = cap is not None and subtotal > cap
    total = cap if capped and cap is not None else subtotal
    summary = CreditSummary(bill.label if len(bills) == 1 else period.label,
                            money.currency, lines, subtotal, cap, capped, total, notes=notes)
    if deadline is not None:
        summary.claim_deadline = deadline
        summary.claim_status = _claim_status(engine, bill, summary, earned)
        forfeited = sum(1 for cl in lines if any(x.startswith("forfeited") for x in cl.notes))
        if forfeited:
            summary.claim_status += (f"; {forfeited} of {len(lines)} credit"
                                     f"{'s' if len(lines) > 1 else ''} forfeited")
    return summary


def claim_deadline(bill: Period, within: Duration) -> date:
    """The last day on which a credit for ``bill`` may be claimed."""
    if within.unit in ("month", "year"):
        months = int(within.value) * (12 if within.unit == "year" else 1)
        index = bill.end_day.year * 12 + bill.end_day.month - 1 + months
        end = date(index // 12, index % 12 + 1, min(bill.end_day.day, 28))
    else:
        days = (within.seconds or Decimal(0)) / 86400
        end = bill.end_day + timedelta(days=int(days))
    return end - timedelta(days=1)


def _forfeit(engine: Judge, bill: Period, deadline: date, lines: list[CreditLine],
             money: Money2) -> None:
    """Forfeits each credit not claimed before the deadline, once the deadline has passed."""
    ctx = engine.ctx
    assert ctx is not None
    from .periods import local_midnight, to_us

    limit = to_us(local_midnight(deadline + timedelta(days=1), ctx.tz))
    claims: list[tuple[str | None, int]] = []
    if ctx.data.has("claims"):
        objective = "objective" if ctx.data.has_column("claims", "objective") else "NULL"
        claims = [(None if o is None else str(o).strip().lower(), int(t))
                  for o, t in ctx.con.execute(
                      f"SELECT {objective}, claimed_at FROM claims WHERE period = ?",
                      [bill.label]).fetchall()]
    for cl in lines:
        if cl.amount <= 0:
            continue
        mine = [t for o, t in claims if o is None or o == cl.objective.strip().lower()]
        if any(t < limit for t in mine):
            continue
        if not mine and limit > ctx.last_us:
            continue  # the deadline has not passed yet: the credit can still be claimed
        why = (f"claimed only on {_day(min(mine), ctx)}, after the deadline" if mine
               else "not claimed")
        cl.notes.append(f"forfeited: {money.currency} {cl.amount} {why} "
                        f"(claim deadline {deadline.isoformat()}; a credit not claimed in time "
                        "is forfeited)")
        cl.amount = Decimal(0) * money.quantum


def _day(us: int, ctx: Context) -> str:
    from .periods import from_us

    return from_us(us, ctx.tz).date().isoformat()


def _claim_status(engine: Judge, bill: Period, summary: CreditSummary,
                  earned: Decimal | None = None) -> str:
    ctx = engine.ctx
    assert ctx is not None and summary.claim_deadline is not None
    if (summary.total if earned is None else earned) <= 0:
        return "nothing to claim"
    if not ctx.data.has("claims"):
        return f"claim by {summary.claim_deadline.isoformat()}"
    from .periods import local_midnight, to_us

    limit = to_us(local_midnight(summary.claim_deadline + timedelta(days=1), ctx.tz))
    row = ctx.con.execute(f"SELECT min(claimed_at) FROM claims WHERE period = {lit(bill.label)}"
                          ).fetchone()
    if row is None or row[0] is None:
        return "not claimed" + ("" if limit > ctx.last_us else "; the deadline has passed")
    return "claimed in time" if int(row[0]) < limit else "claimed after the deadline"


def _lines_of(report_lines: list[Line], engine: Judge, ref: n.ObjectiveRef, bill: Period
              ) -> tuple[str, list[Line]]:
    entry = engine.spec.objective(ref)
    if entry is None:
        return ref.name, []
    lines = [ln for ln in report_lines if ln.service == entry.service.name
             and ln.objective == entry.objective.name
             and ln.verdict not in ("not due", "not assessed")
             and bill.start_us < ln.window.end_us <= bill.end_us]
    return entry.objective.name, lines


def _earned(engine: Judge, money: Money2, report_lines: list[Line], bill: Period,
            items: list[n.Node]) -> list[CreditLine]:
    out: list[CreditLine] = []
    for item in items:
        if isinstance(item, n.TierTable):
            name, lines = _lines_of(report_lines, engine, item.objective, bill)
            for ln in lines:
                if ln.measured is None or not _comparable(item, ln):
                    continue
                matches = [t for t in item.tiers if all(
                    compare(ln.measured, b.comparator, magnitude(b.value)) for b in t.bounds)]
                value_text = shown(ln.measured, ln.goal, ln.comparator) + ln.unit
                if not matches:
                    if ln.verdict == "missed":
                        out.append(CreditLine(item, name, f"{ln.metric} {value_text} in "
                                              f"{ln.window.label} falls in no credit tier (a gap "
                                              f"in the contract at {value_text}: no row of the "
                                              f"table on line {item.span.line} covers it)",
                                              Decimal(0) * money.quantum))
                    continue
                tier = pick_tier(item, matches)
                if tier is None:  # overlapping bands (refused by validate): the dearest
                    tier = max(matches, key=lambda t: money.amount(t.amount, bill,
                                                                   ln.downtime_us)[0])
                value, how = money.amount(tier.amount, bill, ln.downtime_us)
                bounds = " and ".join(f"{b.comparator.replace('_', ' ')} {b.value}"
                                      for b in tier.bounds)
                first = tier.bounds[0]
                value_text = shown(ln.measured, magnitude(first.value), first.comparator)
                why = (f"{ln.metric} {value_text}{ln.unit} in {ln.window.label} is {bounds}: "
                       f"{how}")
                if len(matches) > 1:
                    why += (f" (the most severe of the {len(matches)} rows it matches, "
                            f"line {tier.span.line})")
                notes = [] if ln.verdict == "missed" else [
                    "this row pays although the objective was met (as the contract is written)"]
                out.append(CreditLine(tier, name, why, money.round(value), notes))
        elif isinstance(item, n.EventCredit):
            name, lines = _lines_of(report_lines, engine, item.objective, bill)
            if item.event == "missed_ticket":
                count = sum(c for ln in lines for p, c in ln.missed_by_priority.items()
                            if item.priority is None or p == item.priority)
                what = "missed " + (f"priority {item.priority} " if item.priority else "") \
                    + "ticket"
            else:
                count = sum(ln.downtime_us // US_PER_HOUR for ln in lines)
                what = "full hour of downtime"
            if count:
                each, how = money.amount(item.amount, bill)
                out.append(CreditLine(item, name, f"{count} × {how} for each {what}",
                                      money.round(each * count)))
        elif isinstance(item, n.MissedCredit):
            name, lines = _lines_of(report_lines, engine, item.objective, bill)
            missed = [ln for ln in lines if ln.verdict == "missed"]
            if missed:
                value, how = money.amount(item.amount, bill,
                                          sum(ln.downtime_us for ln in missed))
                out.append(CreditLine(item, name, f"missed in {missed[0].window.label}: {how}",
                                      money.round(value)))
    return out


def _comparable(table: n.TierTable, ln: Line) -> bool:
    """Whether a line's value is of the kind the tiers bound: a percentage, a score, a number
    (a net promoter score); ticket counts and durations are never priced by tiers."""
    bound = next((b.value for t in table.tiers for b in t.bounds), None)
    if isinstance(bound, Percent):
        return ln.unit == "%"
    if isinstance(bound, Score):
        return ln.unit == "" or ln.unit.startswith("out of")
    if isinstance(bound, Count):
        return ln.unit == ""
    return False


def terminations(engine: Judge, periods: list[Period]) -> list[TerminationResult]:
    out = []
    for item in engine.spec.items(n.Credits):
        if not isinstance(item, n.TerminationRight):
            continue
        entries = engine.spec.objectives if item.objective is None else \
            [e for e in [engine.spec.objective(item.objective)] if e is not None]
        name = "any objective" if item.objective is None else item.objective.name
        misses, window = int(item.misses), int(item.out_of or item.misses)
        triggered_in = []
        last: list[tuple[str, str]] = []
        for p in periods:
            flags: dict[str, str] = {}
            for e in entries:
                for period, missed in engine.history(e, item.period, p, window):
                    state = "missed" if missed else "unknown" if missed is None else "met"
                    if flags.get(period.label) != "missed":
                        flags[period.label] = state
            last = sorted(flags.items())
            count = sum(1 for _, s in last if s == "missed")
            if count >= misses and (item.out_of or all(s == "missed" for _, s in last)):
                triggered_in.append(p.label)
        count = sum(1 for _, s in last if s == "missed")
        rule = f"{misses} consecutive" if item.out_of is None else f"{misses} of any {window}"
        triggered = bool(triggered_in) and triggered_in[-1] == periods[-1].label
        explanation = (f"{name} missed in {count} of the last {window} "
                       f"{item.period}s; the right needs {rule}")
        out.append(TerminationResult(item, name, triggered, last, explanation, triggered_in))
    return out

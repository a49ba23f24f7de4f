"""How a value moved between two versions, and whether that favours the customer.

Each helper takes the old and new value of one part of a clause (a target, a time limit, a
window, an amount, a tier table) and returns ``(effect, kind, summary)``. The summary always
names both values. A value restated without changing (``300 ms`` as ``0.3 seconds``, ``10%``
as ``10.0%``) is *wording only*; a change whose direction cannot be told (a different kind of
quantity, a comparator turned round, tiers that pay more here and less there) is *changes
meaning: needs review*, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from .. import nodes as n
from ..fmt.command import structure
from ..quantities import Duration, Money, Percent, Quantity, magnitude

Effect = Literal["weaker", "stronger", "review", "wording", "neutral"]
Finding = tuple[Effect, str, str]
DAYS = {"week": Decimal(7), "month": Decimal(30), "quarter": Decimal(91), "year": Decimal(365)}


def up_word(up: bool) -> str:
    return "raised" if up else "lowered"


def less_word(x: object, y: object, less: str = "reduced", more: str = "increased") -> str:
    return less if x < y else more  # type: ignore[operator]


def _comparable(a: Quantity, b: Quantity) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Money) and isinstance(b, Money):
        return a.currency == b.currency
    if isinstance(a, Duration) and isinstance(b, Duration):
        return a.on_calendar == b.on_calendar and (a.seconds is None) == (b.seconds is None)
    return True


def target_move(ca: str, va: Quantity, cb: str, vb: Quantity,
                 what: str) -> Finding:
    """A target's comparator or value changed: which way does it move?"""
    text = f"{what} changed from {_cmp(ca)} {va} to {_cmp(cb)} {vb}"
    upward = {"at_least": True, "more_than": True, "at_most": False, "less_than": False}
    if upward[ca] != upward[cb] or not _comparable(va, vb):
        return "review", f"{what.replace(' ', '-')}-changed", text
    xa, xb = magnitude(va), magnitude(vb)
    if xa == xb and ca == cb:
        return "wording", f"{what.replace(' ', '-')}-restated", \
            f"{what} restated from {_cmp(ca)} {va} to {_cmp(cb)} {vb} (the same value)"
    if xa == xb:
        # Same number: only strictness changed ("at least 99%" → "more than 99%").
        stricter = cb in ("more_than", "less_than")
        return ("stronger" if stricter else "weaker"), f"{what.replace(' ', '-')}-changed", text
    raised = xb > xa
    stronger = raised == upward[ca]
    verb = "raised" if raised else "lowered"
    return ("stronger" if stronger else "weaker",
            f"{what.replace(' ', '-')}-{verb}", text.replace("changed", verb, 1))


def _cmp(c: str) -> str:
    return c.replace("_", " ")


def longer(a: Quantity, b: Quantity, what: str,
            weaker_if_longer: bool) -> Finding:
    kind = what.replace(" ", "-")
    if not _comparable(a, b):
        if isinstance(a, Duration) and isinstance(b, Duration) and a.on_calendar != b.on_calendar:
            # Counting in business hours only makes a limit longer in elapsed time.
            longer = b.on_calendar
        else:
            return "review", f"{kind}-changed", f"{what} changed from {a} to {b}"
    else:
        if magnitude(b) == magnitude(a):
            return "wording", f"{kind}-restated", f"{what} restated from {a} to {b} (the same)"
        longer = magnitude(b) > magnitude(a)
    verb = "lengthened" if longer else "shortened"
    weaker = longer == weaker_if_longer
    return ("weaker" if weaker else "stronger", f"{kind}-{verb}",
            f"{what} {verb} from {a} to {b}")


def limit_move(a: n.TicketEvent, b: n.TicketEvent) -> Finding:
    if a.kind != b.kind or a.limit is None or b.limit is None:
        return "review", "ticket-event-changed", "what must happen to the ticket changed"
    clock = f"time limit now counted in {b.calendar or 'elapsed time'} " \
        f"(was {a.calendar or 'elapsed time'})"
    # Counting in business hours stretches a limit in elapsed time; the other way shortens it.
    effect: Effect = "weaker" if b.calendar is not None and a.calendar is None else \
        "stronger" if a.calendar is not None and b.calendar is None else "review"
    if a.calendar != b.calendar and structure(a.limit) == structure(b.limit):
        return effect, "clock-changed", clock
    what = "response time" if a.kind == "first_response" else "resolution time"
    moved = longer(a.limit, b.limit, what, weaker_if_longer=True)
    if a.calendar != b.calendar and moved[0] != effect:
        # The number and the clock moved in different directions (or one cannot be told).
        return "review", "ticket-limit-changed", f"{moved[2]}; {clock}"
    return moved if a.calendar == b.calendar else (moved[0], moved[1], f"{moved[2]}; {clock}")


def _window_days(w: n.Window) -> Decimal:
    return DAYS[w.unit] if isinstance(w, n.CalendarWindow) else w.days


def window_move(a: n.Window | None, b: n.Window | None,
                 weaker_if_longer: bool = True) -> list[Finding]:
    if structure(a) == structure(b):
        return []
    if a is None or b is None:
        return [("review", "window-changed", f"measurement window changed from "
                 f"{_window_text(a)} to {_window_text(b)}")]
    da, db = _window_days(a), _window_days(b)
    if da == db:
        return [("review", "window-changed",
                 f"window changed from {_window_text(a)} to {_window_text(b)}")]
    longer = db > da
    verb = "lengthened" if longer else "shortened"
    return [("weaker" if longer == weaker_if_longer else "stronger", f"window-{verb}",
             f"window {verb} from {_window_text(a)} to {_window_text(b)}")]


def _window_text(w: n.Window | None) -> str:
    if w is None:
        return "the default window"
    return f"each calendar {w.unit}" if isinstance(w, n.CalendarWindow) \
        else f"each rolling {w.days} days"


def _amount_value(amount: n.Amount) -> tuple[str, Decimal] | None:
    if isinstance(amount, n.PercentOfFee) and isinstance(amount.percent, Percent):
        return f"fee:{amount.fee.name}:{amount.fee.previous}", amount.percent.value
    if isinstance(amount, n.FixedAmount) and isinstance(amount.value, Money):
        return f"money:{amount.value.currency}", amount.value.amount
    if isinstance(amount, n.FeeMultiple):
        return "multiple", amount.multiple
    return None


def _amount_text(amount: n.Amount) -> str:
    if isinstance(amount, n.PercentOfFee):
        return f"{amount.percent} of the {amount.fee.name}"
    if isinstance(amount, n.FixedAmount):
        return str(amount.value)
    return f"{amount.multiple} times the fees"


def amount_move(a: n.Amount, b: n.Amount, what: str) -> Finding:
    """An amount that the customer receives changed (credits, caps, minimums)."""
    va, vb = _amount_value(a), _amount_value(b)
    text = f"{what} changed from {_amount_text(a)} to {_amount_text(b)}"
    kind = what.replace(" ", "-")
    if va is not None and vb is not None and va == vb:
        return "wording", f"{kind}-restated", text.replace("changed", "restated", 1) + \
            " (the same amount)"
    if va is None or vb is None or va[0] != vb[0]:
        return "review", f"{kind}-changed", text
    up = vb[1] > va[1]
    verb = "raised" if up else "cut"
    return ("stronger" if up else "weaker"), f"{kind}-{verb}", text.replace("changed", verb, 1)


def _tier_credit(table: n.TierTable, x: Decimal) -> tuple[str, Decimal, str]:
    """What a tier table pays at measured value ``x``: (kind of amount, number, text)."""
    from ..check.tiers import pick_tier, tier_interval

    matches = [t for t in table.tiers if tier_interval(t).contains(x)]
    tier = pick_tier(table, matches) or (matches[0] if matches else None)
    if tier is not None:  # a cumulative table pays its most severe matching row
        kind, value = _amount_value(tier.amount) or ("?", Decimal(0))
        return kind, value, _amount_text(tier.amount)
    return "none", Decimal(0), "no credit"


def _at(a: n.TierTable, x: Decimal) -> str:
    """``x`` written with the unit of the table's thresholds."""
    first = next((bd.value for t in a.tiers for bd in t.bounds), None)
    return f"{x.normalize():f}%" if isinstance(first, Percent) else f"{x.normalize():f}"


def _samples(a: n.TierTable, b: n.TierTable) -> Iterator[Decimal]:
    points = sorted({magnitude(bd.value) for t in (*a.tiers, *b.tiers) for bd in t.bounds})
    if not points:
        return
    yield points[0] - 1
    for lo, hi in zip(points, points[1:], strict=False):
        yield lo
        yield (lo + hi) / 2
    yield points[-1]
    yield points[-1] + 1


def tier_move(a: n.TierTable, b: n.TierTable) -> Finding:
    """Compares what two tier tables pay at every threshold either names, and between."""
    worse = better = False
    examples: list[str] = []
    for x in _samples(a, b):
        ca, cb = _tier_credit(a, x), _tier_credit(b, x)
        if (ca[0] != cb[0] and "none" not in (ca[0], cb[0])) or \
                ("?" in (ca[0], cb[0]) and ca[2] != cb[2]):
            return "review", "tiers-changed", "credit tiers changed to a different kind of " \
                f"amount (at {_at(a, x)}: {ca[2]} -> {cb[2]})"
        worse |= cb[1] < ca[1]
        better |= cb[1] > ca[1]
        if cb[1] != ca[1]:
            examples.append(f"at {_at(a, x)}: {ca[2]} -> {cb[2]}")
    values = f" ({'; '.join(examples[:3])})" if examples else ""
    same_bounds = [[structure(x) for x in t.bounds] for t in a.tiers] == \
        [[structure(x) for x in t.bounds] for t in b.tiers]
    what = "tier credit" if same_bounds else "tier thresholds"
    if worse and not better:
        verb = "cut" if same_bounds else "moved against the customer"
        return "weaker", f"{what.replace(' ', '-')}-{verb.split()[0]}", f"{what} {verb}{values}"
    if better and not worse:
        verb = "raised" if same_bounds else "moved in the customer's favour"
        return "stronger", f"{what.replace(' ', '-')}-{verb.split()[0]}", f"{what} {verb}{values}"
    if not examples:
        return "wording", "tiers-restated", "credit tiers restated (every value pays the same)"
    return "review", "tiers-changed", \
        f"credit tiers changed: some values pay more, some less{values}"


def weekly_minutes(cal: n.CalendarDefinition) -> int:
    total = 0
    for span in cal.spans:
        h1, m1 = (int(x) for x in span.start.split(":"))
        h2, m2 = (int(x) for x in span.end.split(":"))
        days = (span.last_day - span.first_day) % 7 + 1
        total += max(0, (h2 * 60 + m2) - (h1 * 60 + m1)) * days
    return total


"""The checker's ground floor: reporting, references to names, and single values.

:class:`Checks` collects diagnostics for one :class:`~sladsl.model.Spec`; its methods check
one reference (an objective, a party) or one value (a percentage, a duration, an amount, a
date, a zone) and report what is wrong with it. :class:`sladsl.check.checker.Checker` walks
the document's clauses with them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from .. import nodes as n
from ..errors import Diagnostic, Span
from ..model import ObjectiveEntry, Spec
from ..quantities import Count, Duration, Money, Percent, Quantity, Score, kind_of, magnitude
from ..syntax.lexer import PATTERNS

#: Compiled through the lexer's pattern store on first use (see :mod:`sladsl.syntax.lexer`).
_PERIOD = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (?P<year>\d{4})|Q(?P<q>[1-4]) (?P<qyear>\d{4})|(?P<iy>\d{4})-(?P<im>\d{2})"
)
_TIME = r"(\d{1,2}):(\d{2})"
#: Larger numbers are not real amounts or durations; refusing them keeps exact arithmetic
#: (and the people-formatting of numbers) within Decimal's default precision.
_TOO_LARGE = Decimal(10) ** 15


class Checks:
    """Collects diagnostics for one :class:`Spec`."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.out: list[Diagnostic] = []
        self._nodes: list[n.Node] | None = None

    @property
    def nodes(self) -> list[n.Node]:
        """Every node of the document, walked once and shared by the checks."""
        if self._nodes is None:
            self._nodes = n.walk(self.spec.document)
        return self._nodes

    # ---- reporting

    def error(self, code: str, span: Span, message: str, hint: str) -> None:
        self.out.append(Diagnostic(code, "error", message, span, hint))

    def warn(self, code: str, span: Span, message: str, hint: str) -> None:
        self.out.append(Diagnostic(code, "warning", message, span, hint))

    # ---- references

    def objective_refs(self) -> Iterable[n.ObjectiveRef]:
        for node in self.nodes:
            if isinstance(node, n.ObjectiveRef):
                yield node

    def objective_ref(self, ref: n.ObjectiveRef) -> ObjectiveEntry | None:
        entry = self.spec.objective(ref)
        if entry is not None:
            return entry
        if ref.service is not None and ref.service not in self.spec.services:
            self.unknown(ref.span, "service", ref.service, list(self.spec.services),
                         f'"{ref.name}" of "Compute API"')
            return None
        candidates = [e.objective.name for e in self.spec.objectives
                      if ref.service is None or e.service.name == ref.service]
        if ref.name in candidates:
            return None  # ambiguous; reported in services()
        self.unknown(ref.span, "objective", ref.name, candidates, 'for "Monthly Availability":')
        return None

    def party(self, ref: n.PartyRef) -> n.Party | None:
        party = self.spec.party(ref)
        if party is None:
            called = [p.called for p in self.spec.agreement.parties]
            self.unknown(ref.span, "party", ref.text, called, "refer to a party by what it is "
                         'called in the header, e.g. provider "Acme Ltd." called "the Provider"')
        return party

    def unknown(self, span: Span, what: str, name: str, known: list[str], hint: str) -> None:
        import difflib  # only on this path: it is slow to import
        near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        self.error("S102", span, f"unknown {what} `{name}`" + mean_of(near), hint)

    # ---- values

    def unit(self, q: Quantity, span: Span, message: str, hint: str) -> None:
        self.error("S103", span, message + f" (found {kind_of(q)} {q})", hint)

    def percent(self, q: Quantity, span: Span, what: str,
                upper: Decimal | None = Decimal(100)) -> None:
        if not isinstance(q, Percent):
            self.unit(q, span, f"{what} must be a percentage",
                      f"write the % sign: {magnitude(q)}%")
        elif q.value < 0 or (upper is not None and q.value > upper):
            self.error("S104", span, f"{what} of {q} is out of range",
                       "a percentage lies between 0% and 100%")

    def duration(self, q: Quantity, span: Span, what: str, allow_zero: bool = False) -> None:
        if not isinstance(q, Duration):
            self.unit(q, span, f"{what} must be a length of time",
                      f"give a unit: {magnitude(q)} ms, {magnitude(q)} minutes, "
                      f"{magnitude(q)} hours, {magnitude(q)} business days")
        elif q.value >= _TOO_LARGE:
            self.error("S104", span, f"{what} of {q} is too long to be a real duration",
                       "15 minutes, 4 hours, 2 business days")
        elif q.value < 0 or (q.value == 0 and not allow_zero):
            self.error("S104", span, f"{what} must be longer than zero, not {q}",
                       "15 minutes, 4 hours, 2 business days")

    def score(self, q: Quantity, span: Span) -> None:
        if not isinstance(q, Score):
            self.unit(q, span, "a satisfaction score is written with its scale",
                      f"{magnitude(q)} out of 5")
        elif q.scale <= 0 or not Decimal(0) <= q.value <= q.scale:
            self.error("S104", span, f"a score of {q} is out of range",
                       "the score lies between 0 and its scale: 4.2 out of 5")

    def money(self, q: Quantity, span: Span, what: str) -> None:
        currency = self.spec.currency
        if isinstance(q, Count):
            example = f"{currency or 'EUR'} {q.value:,}"
            self.error("S103", span, f"{what} is money and needs a currency",
                       f"write the currency code before the amount: {example}")
        elif not isinstance(q, Money):
            self.unit(q, span, f"{what} must be an amount of money", "EUR 12,000")
        elif q.amount < 0:
            self.error("S104", span, f"{what} cannot be negative", "EUR 12,000")
        elif q.amount >= _TOO_LARGE:
            self.error("S104", span, f"{what} is too large to be a real amount",
                       "write an amount below 1,000,000,000,000,000")
        elif currency is not None and q.currency != currency:
            self.error("S103", span, f"{what} is in {q.currency}, but the agreement's currency "
                       f"is {currency}", f"write {currency} {q.amount:,}")

    def positive_int(self, value: Decimal, span: Span, what: str) -> None:
        if value <= 0 or value != value.to_integral_value():
            self.error("S104", span, f"{what} must be a whole number above zero, not {value}",
                       "priority 1, in each rolling 30 days, in 3 consecutive calendar months")

    def priority(self, level: Decimal | None, span: Span) -> None:
        if level is None:
            return
        self.positive_int(level, span, "a priority")
        if self.spec.priorities and level not in self.spec.priorities:
            known = ", ".join(str(p) for p in sorted(self.spec.priorities))
            self.error("S102", span, f"priority {level} is not defined (defined: {known})",
                       f'define it: priority {level} means "…".')

    def date(self, text: str | None, span: Span, what: str) -> date | None:
        if text is None:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.error("S105", span, f"{what} {text} is not a real date",
                       "write a date that exists, as YYYY-MM-DD: 2026-02-28")
            return None

    def time_of_day(self, text: str, span: Span) -> int | None:
        m = PATTERNS.compile(_TIME).fullmatch(text)
        if m is None or int(m.group(2)) > 59 or int(m.group(1)) > 24 or (
                int(m.group(1)) == 24 and m.group(2) != "00"):
            self.error("S105", span, f"{text} is not a time of day", "use 24-hour times: 17:30")
            return None
        return int(m.group(1)) * 60 + int(m.group(2))

    def period(self, text: str, span: Span) -> None:
        m = PATTERNS.compile(_PERIOD).fullmatch(text)
        if m is not None and m.group("im") is not None and not 1 <= int(m.group("im")) <= 12:
            self.error("S105", span, f"{text} is not a month", "in 2026-04, or in April 2026")



# ---- helpers shared with the evaluator


@functools.cache
def known_zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def valid_zone(name: str) -> bool:
    """Whether zoneinfo knows the zone (tzdata is a dependency, so this works everywhere)."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: "America" names a directory of the tz database, not a zone.
        return False
    return True


def mean_of(near: list[str]) -> str:
    return f"; did you mean `{near[0]}`?" if near else ""



"""PromQL and YAML pieces for the Prometheus target: literals, durations, selectors, calendars.

Everything from a spec reaches a rules file through :func:`yaml_string` (a double-quoted YAML
scalar, which is a JSON string) or :func:`promql_string` (a PromQL string literal, Go's
escapes); nothing is pasted in raw. Numbers are written from exact fractions.

Calendar periods are cut in the agreement's zone (a London month starts at 23:00 UTC in
summer) with the same code ``sladsl evaluate`` uses, and written out as the UTC instants of
their boundaries: PromQL has no time zones, but ``time() >= bool <instant>`` is exact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .. import nodes as n
from ..errors import Diagnostic, SlaUsageError, Span
from ..model import ObjectiveEntry

#: (severity, long window, short window, share of the period's budget spent when it fires).
BURN_ROWS = ((("page", 3600, 300, Fraction(2, 100)), ("page", 21600, 1800, Fraction(5, 100)),
              ("ticket", 86400, 7200, Fraction(10, 100)),
              ("ticket", 259200, 21600, Fraction(10, 100))))
#: Nominal period lengths for the burn factors (a calendar month counts as 30 days).
NOMINAL_DAYS = {"week": 7, "month": 30, "quarter": 90, "year": 365}
#: A vector selector as bindings may give it: a metric name and/or label matchers.
_SELECTOR = re.compile(r"^(?:[A-Za-z_:][A-Za-z0-9_:]*)?(?:\{[^{}\n]*\})?$")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (a JSON string: every YAML 1.2 parser reads it back)."""
    return json.dumps(text, ensure_ascii=True)


def promql_string(text: str) -> str:
    """A PromQL string literal (Go escapes, which JSON's are a subset of)."""
    return json.dumps(text, ensure_ascii=False)


def number(value: Fraction | Decimal | int) -> str:
    """An exact decimal when the value has one (0.0005), else 17 significant digits."""
    frac = Fraction(value)
    den = frac.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den == 1:
        text = format(Decimal(frac.numerator) / Decimal(frac.denominator), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return repr(float(frac))


def duration(seconds: int) -> str:
    """A PromQL duration: ``1h30m``, ``5m``, ``30d``."""
    if seconds <= 0:
        raise ValueError("a PromQL duration must be positive")
    out = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            out.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(out)


def selector(text: str, where: str) -> str:
    """A selector from the bindings, checked to be one (a usage error otherwise)."""
    text = text.strip()
    if not text or not _SELECTOR.match(text):
        raise SlaUsageError([Diagnostic(
            "E910", "error", f"{where}: {text!r} is not a PromQL vector selector",
            Span.point("<bindings>", 1, 1),
            'write a metric name and label matchers: http_requests_total{job="api"}')])
    return text


def template_safe(text: str) -> str:
    """Text for an alert's labels and annotations, which Prometheus expands as Go templates:
    ``{{`` is written as an action that prints it."""
    return text.replace("{{", '{{"{{"}}')


def with_matcher(sel: str, label: str, value: str) -> str:
    """``sel`` with one more label matcher (its value escaped)."""
    matcher = f"{label}={promql_string(value)}"
    if sel.endswith("}"):
        inner = sel[sel.index("{") + 1:-1].strip()
        return sel[:sel.index("{")] + "{" + (inner + ", " if inner else "") + matcher + "}"
    return sel + "{" + matcher + "}"


def le_matcher(seconds: Decimal) -> str:
    """A matcher for the histogram bucket whose bound is ``seconds`` however the exporter
    spelled it (``0.3``, ``0.30``, ``1``, ``1.0``, ``1e+00`` is not matched)."""
    text = format(seconds.normalize(), "f")
    if "." in text:
        whole, frac = text.split(".")
        pattern = re.escape(whole) + r"\." + re.escape(frac.rstrip("0")) + "0*"
    else:
        pattern = re.escape(text) + r"(\.0*)?"
    return f"le=~{promql_string(pattern)}"


@dataclass(frozen=True)
class Calendar:
    """The boundaries of one kind of calendar period in one zone, as UTC seconds."""

    unit: str
    zone: str
    bounds: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"calendar {self.unit}"

    @property
    def longest(self) -> int:
        """The longest period in seconds (the range that surely covers one)."""
        return max(b - a for a, b in zip(self.bounds, self.bounds[1:], strict=False))

    # A rule evaluated at t measures the slice (t − slice, t]: it belongs to the period that
    # holds its start, so a boundary b is passed when t > b (not t >= b).

    def index(self) -> str:
        """How many boundaries have passed: the number of the current period (scalar)."""
        return " + ".join(f"(time() > bool {b})" for b in self.bounds)

    def start(self) -> str:
        """The current period's start in UTC seconds (scalar; 0 before the first)."""
        terms = [f"{self.bounds[0]} * (time() > bool {self.bounds[0]})"]
        terms += [f"{b - a} * (time() > bool {b})"
                  for a, b in zip(self.bounds, self.bounds[1:-1], strict=False)]
        return " + ".join(terms)

    def length(self) -> str:
        """The current period's length in seconds (scalar)."""
        first = self.bounds[1] - self.bounds[0]
        terms = [str(first)]
        for a, b, c in zip(self.bounds, self.bounds[1:], self.bounds[2:], strict=False):
            if (c - b) != (b - a):
                terms.append(f"{(c - b) - (b - a)} * (time() > bool {b})")
        return " + ".join(terms)


def calendar(unit: str, zone_name: str, first: date, last: date) -> Calendar:
    """The boundaries of every ``unit`` period from the one holding ``first`` through the one
    holding ``last`` (plus the end of that one)."""
    from ..evaluate.periods import calendar_period, next_period, zone

    tz = zone(zone_name)
    period = calendar_period(unit, first, tz)
    bounds = [period.start_us // 1_000_000]
    while True:
        bounds.append(period.end_us // 1_000_000)
        if period.last_day >= last:
            break
        period = next_period(period)
    return Calendar(unit, zone_name, tuple(bounds))


@dataclass
class Rule:
    """One recording or alerting rule."""

    kind: str  # record | alert
    name: str
    expr: str
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    comment: str = ""


@dataclass
class Group:
    name: str
    interval: int  # seconds
    comment: str
    rules: list[Rule] = field(default_factory=list)


@dataclass
class Objective:
    """What the rules of one target need to know."""

    entry: ObjectiveEntry
    target: n.Node
    sid: str  # sla_id: a slug, safe anywhere
    labels: dict[str, str]
    sentence: str
    budget: Fraction  # the error budget as a share of the measure
    period_s: int  # nominal period length for burn factors
    cal: Calendar | None
    rolling_s: int | None
    slice_s: int = 0  # availability cut into slices: windows shorter than a slice are dropped


def burn_rows(obj: Objective) -> list[tuple[str, int, int, Fraction]]:
    """The rows of the burn table that make sense for this period: (severity, long window,
    short window, factor), the factor ``share × period ÷ long window`` at least 1 and the long
    window shorter than the period."""
    out = []
    for sev, long_w, short_w, share in BURN_ROWS:
        factor = share * obj.period_s / long_w
        if factor >= 1 and long_w < obj.period_s and short_w >= obj.slice_s:
            out.append((sev, long_w, short_w, factor))
    return out


def camel(slug: str) -> str:
    """An alert name from a slug: ``compute_api_latency`` → ``SlaComputeApiLatency``."""
    return "Sla" + "".join(p.capitalize() for p in slug.split("_"))

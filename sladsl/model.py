"""The checked model: a parsed document with its names resolved, ready for the back-ends.

:class:`Spec` is what :func:`sladsl.loads` returns. It holds the AST, the warnings the checker
found, and lookups by name (parties, defined terms, fees, calendars, priorities, services,
objectives) so that renderers and checkers never search the tree themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from . import nodes as n
from .errors import Diagnostic
from .frozen import frozen_record

DEFAULT_TIME_ZONE = "UTC"

# What applies when an objective does not say otherwise. The contract text states these
# defaults (sladsl.render.measurement) and the checkers apply them (sladsl.evaluate); both
# read them from here, so the two cannot drift apart.
DEFAULT_SLICE_SECONDS = 60  # one-minute time slices
DEFAULT_SLICE_CONDITION = "all"  # a slice is unavailable when every sample in it fails
DEFAULT_EMPTY_SLICE = "available"
DEFAULT_EXCLUDED_TIME = "available"
DEFAULT_AGGREGATION = "pooled"
DEFAULT_PERCENTILE_METHOD = "nearest_rank"
#: The contract's sentence for each percentile method.
PERCENTILE_METHODS = {
    "nearest_rank": "Percentiles are computed by the nearest-rank method.",
    "linear_interpolation": "Percentiles are computed by linear interpolation between the "
                            "closest ranks.",
    "nearest_rank_within_histogram_buckets":
        "Percentiles are estimated from histogram buckets, which count the responses at most "
        "as slow as each bucket's upper bound: the percentile p of N responses is the upper "
        "bound of the first bucket whose count reaches p/100 × N rounded up to a whole number "
        "(in the last, unbounded bucket, the highest finite bound).",
    "linear_interpolation_within_histogram_buckets":
        "Percentiles are estimated from histogram buckets, which count the responses at most "
        "as slow as each bucket's upper bound: the percentile p of N responses lies in the "
        "first bucket whose count reaches p/100 × N, and is interpolated linearly between "
        "that bucket's lower and upper bounds by where p/100 × N falls between the counts "
        "of the bucket below and of that bucket (the first bucket starts at zero; in the "
        "last, unbounded bucket the percentile is the highest finite bound).",
}
_S = TypeVar("_S", bound=n.Node)


@frozen_record
class ObjectiveEntry:
    """An objective with the service it belongs to and its clause key."""

    service: n.Service
    objective: n.Objective

    @property
    def key(self) -> str:
        """``Compute API/Monthly Availability``: unique within a spec."""
        return f"{self.service.name}/{self.objective.name}"


@dataclass
class Spec:
    """A checked agreement. Build it with :func:`sladsl.loads` or :func:`sladsl.load`."""

    document: n.Document
    source: str
    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: For the agreement as signed with one customer (:func:`sladsl.engines.customers.\
    #: for_customer`): who, and the amounts that were given per customer.
    customer: str = ""
    filled: tuple[str, ...] = ()

    parties: dict[str, n.Party] = field(init=False)
    terms: dict[str, n.TermDefinition] = field(init=False)
    amounts: dict[str, n.AmountDefinition] = field(init=False)
    #: Amounts the agreement leaves to each customer (``"Monthly Fee" is given per customer``).
    per_customer: dict[str, n.CustomerValue] = field(init=False)
    calendars: dict[str, n.CalendarDefinition] = field(init=False)
    priorities: dict[Decimal, n.PriorityDefinition] = field(init=False)
    services: dict[str, n.Service] = field(init=False)
    objectives: list[ObjectiveEntry] = field(init=False)

    def __post_init__(self) -> None:
        doc = self.document
        self.parties = {}
        for p in doc.agreement.parties:
            self.parties.setdefault(called_key(p.called), p)
        self.terms, self.amounts, self.calendars, self.priorities = {}, {}, {}, {}
        self.per_customer = {}
        for d in self.of_type(n.Definitions):
            for item in d.items:
                if isinstance(item, n.TermDefinition):
                    self.terms.setdefault(item.name, item)
                elif isinstance(item, n.AmountDefinition):
                    self.amounts.setdefault(item.name, item)
                elif isinstance(item, n.CustomerValue):
                    self.per_customer.setdefault(item.name, item)
                elif isinstance(item, n.CalendarDefinition):
                    self.calendars.setdefault(item.name, item)
                elif isinstance(item, n.PriorityDefinition):
                    self.priorities.setdefault(item.level, item)
        self.services = {}
        self.objectives = []
        for s in self.of_type(n.Service):
            self.services.setdefault(s.name, s)
            self.objectives.extend(ObjectiveEntry(s, o) for o in s.objectives)
        self._by_name: dict[str, list[ObjectiveEntry]] = {}
        for e in self.objectives:
            self._by_name.setdefault(e.objective.name, []).append(e)
        self._credits: dict[int, list[n.Node]] | None = None
        self._rule_owners: dict[int, n.Objective] | None = None

    # ---- sections

    def of_type(self, cls: type[_S]) -> Iterator[_S]:
        """Top-level sections of one kind, in source order."""
        return (s for s in self.document.sections if isinstance(s, cls))

    def items(self, cls: type[_S]) -> list[n.Node]:
        """All items of every section of one kind (sections may be split in a file)."""
        out: list[n.Node] = []
        for section in self.of_type(cls):
            out.extend(getattr(section, "items", ()))
        return out

    @property
    def agreement(self) -> n.Agreement:
        return self.document.agreement

    @property
    def time_zone(self) -> str:
        """The zone every period is cut in; UTC when the agreement names none."""
        return self.agreement.time_zone or DEFAULT_TIME_ZONE

    @property
    def currency(self) -> str | None:
        return self.agreement.currency

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    # ---- lookups

    def party(self, ref: n.PartyRef) -> n.Party | None:
        return self.parties.get(called_key(ref.text)) or self.parties.get(called_key(ref.name))

    def objective(self, ref: n.ObjectiveRef) -> ObjectiveEntry | None:
        """The objective a reference names; ``None`` if unknown or ambiguous."""
        found = [e for e in self._by_name.get(ref.name, ())
                 if ref.service is None or e.service.name == ref.service]
        return found[0] if len(found) == 1 else None

    def objective_named(self, name: str) -> list[ObjectiveEntry]:
        return list(self._by_name.get(name, ()))

    def objective_with_rule(self, rule: n.Node) -> n.Objective | None:
        """The first objective whose measurement rules include ``rule``."""
        if self._rule_owners is None:
            # Indexed once: the checks ask this for every rule of a large spec.
            self._rule_owners = {}
            for e in self.objectives:
                for x in e.objective.rules:
                    self._rule_owners.setdefault(id(x), e.objective)
        found = self._rule_owners.get(id(rule))
        if found is not None:
            return found
        return next((e.objective for e in self.objectives if rule in e.objective.rules), None)

    def credit_clauses(self, entry: ObjectiveEntry) -> list[n.Node]:
        """Tier tables, per-event and when-missed credits that name this objective."""
        if self._credits is None:
            # Indexed once: a large spec asks this for every objective.
            self._credits = {}
            for item in self.items(n.Credits):
                ref = getattr(item, "objective", None)
                found = self.objective(ref) if isinstance(ref, n.ObjectiveRef) else None
                if found is not None:
                    self._credits.setdefault(id(found.objective), []).append(item)
        return list(self._credits.get(id(entry.objective), ()))


#: Units a percentage can be averaged over (``… the average of the percentages for each day``).
AVERAGED_UNITS = ("minute", "hour", "day", "week", "month")


def availability_source(objective: n.Objective) -> str:
    """Where availability is measured from: the objective's source rule, else the samples its
    slice rules name, else requests for an average of interval error rates, else recorded
    incidents."""
    for r in objective.rules:
        if isinstance(r, n.SourceRule):
            return r.source
    for r in objective.rules:
        if isinstance(r, n.SliceRule | n.EmptySliceRule):
            return r.samples
    if any(isinstance(r, n.IntervalAverageRule) for r in objective.rules):
        return "requests"
    return "incidents"


def called_key(called: str) -> str:
    """``"the Customer"`` and ``"Customer"`` name the same party."""
    text = " ".join(called.split())
    return text[4:] if text.lower().startswith("the ") else text


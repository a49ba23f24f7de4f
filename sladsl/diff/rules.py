"""Semantic comparison of two versions of an agreement, change by change, with who it favours.

Both specs are cut into places and units (:mod:`sladsl.diff.units`) and paired place by place
(:mod:`sladsl.diff.pairing`). A pair whose structures differ is compared by the rule for its
node class, which names the change and classifies it:

* *weaker* or *stronger for the customer*, when the direction is certain (a lowered target, a
  new exclusion of any kind, a removed one, a longer time limit …);
* *changes meaning: needs review*, for every change sladsl cannot judge mechanically: operative
  prose (an exclusion, a responsibility or any other clause written in words), the meaning of
  a defined term or of a priority, and any part of a structured clause that no rule examines;
* *wording only*, only for changes proven not to alter meaning: white space, reflowed lines,
  typographic quotes, comments, and structured clauses restated with the same value;
* *neutral/other*, for changes of record that favour nobody (the version, the title).

The direction of a target comes from its comparator: lowering ``at least 99.95%`` weakens it,
lowering ``at most 300 ms`` strengthens it. Tier tables are compared as the credit each would
pay at every threshold either table names, so moving a boundary is judged by its effect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from .. import nodes as n
from ..fmt.command import structure
from ..model import Spec
from .moves import (
    DAYS,
    Effect,
    Finding,
    amount_move,
    less_word,
    limit_move,
    longer,
    target_move,
    tier_move,
    up_word,
    weekly_minutes,
    window_move,
)
from .pairing import Match, is_prose, match, normalise_prose
from .units import Key, places

EFFECTS: tuple[Effect, ...] = ("weaker", "stronger", "review", "wording", "neutral")
EFFECT_TEXT = {"weaker": "weaker for the customer", "stronger": "stronger for the customer",
               "review": "changes meaning: needs review", "wording": "wording only",
               "neutral": "neutral/other"}
__all__ = ["EFFECTS", "EFFECT_TEXT", "Change", "Effect", "compare"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the versions and what it means for the customer.

    ``old_text`` and ``new_text`` carry the values of a change that has no node (a header
    field, the comments); a change with nodes shows their text.
    """

    effect: Effect
    kind: str  # a stable identifier, e.g. "target-lowered"
    summary: str  # for people: "target lowered from at least 99.95% to at least 99.9%"
    label: str  # what it touches: 'objective "Latency" of "Compute API"'
    old: n.Node | None
    new: n.Node | None
    old_text: str | None = None
    new_text: str | None = None


#: Fields each class's rule examines. A field outside this set that differs is reported as
#: *needs review*, so no difference passes unjudged because no rule looked at it.
_TARGET = frozenset({"comparator", "value", "score_comparator", "score", "percentile", "event",
                     "within", "any_time", "window"})
EXAMINED: dict[type[n.Node], frozenset[str]] = {
    **{cls: _TARGET for cls in (n.AvailabilityTarget, n.PercentileTarget, n.AverageTarget,
                                n.RequestRatioTarget, n.TicketTimeTarget, n.TicketRatioTarget,
                                n.ClosureRateTarget, n.NpsTarget, n.ScoreRatioTarget)},
    n.Prose: frozenset({"text"}), n.TermDefinition: frozenset({"name", "meaning"}),
    n.PriorityDefinition: frozenset({"level", "meaning"}),
    n.CalendarDefinition: frozenset({"name", "spans", "holidays"}),
    n.AmountDefinition: frozenset({"name", "value"}),
    n.CustomerValue: frozenset({"name"}),
    n.SliceRule: frozenset({"threshold", "condition"}),
    n.EmptySliceRule: frozenset({"counts_as"}), n.MinimumRunRule: frozenset({"length"}),
    n.SlowRequestRule: frozenset({"limit"}),
    n.Responsibility: frozenset({"party", "action", "deadline"}),
    n.MaintenanceExclusion: frozenset({"kind", "notice", "allowance", "allowance_window"}),
    n.TierTable: frozenset({"objective", "tiers", "prose"}),
    n.EventCredit: frozenset({"objective", "amount", "event", "priority"}),
    n.MissedCredit: frozenset({"objective", "amount"}),
    n.CreditCap: frozenset({"amount", "period"}), n.MinimumCredit: frozenset({"amount"}),
    n.DeMinimis: frozenset({"amount", "inclusive"}), n.ClaimDeadline: frozenset({"within"}),
    n.BillingPeriod: frozenset({"period"}), n.IntervalAverageRule: frozenset({"interval"}),
    n.MinimumSampleRule: frozenset({"count", "samples"}),
    n.TerminationRight: frozenset({"objective", "party", "misses", "out_of"}),
    n.ReportingClause: frozenset({"party", "period"}),
    n.Example: frozenset({"name", "facts", "outcomes", "prose"}),
}
#: Blocks whose own fields are their name and their contents, compared unit by unit.
_BLOCKS = (n.Service, n.Objective, n.Definitions, n.Responsibilities, n.Exclusions, n.Credits,
           n.Reporting, n.Examples)


# ---------------------------------------------------------------- comparing


class Comparer:
    """Pairs the units of two specs and classifies every difference."""

    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def compare(self) -> list[Change]:
        self._header()
        for m in match(places(self.old), places(self.new)):
            self.changes.extend(self.matched(m))
        self._comments()
        return self.changes

    def matched(self, m: Match) -> list[Change]:
        if m.old is None and m.new is not None:
            effect, kind = presence(m.new.node, self.new, True, m.place.key)
            return [Change(effect, f"{kind}-added", f"{_thing(m.new.node, kind)} added",
                           m.new.label, None, m.new.node)]
        if m.new is None and m.old is not None:
            effect, kind = presence(m.old.node, self.old, False, m.place.key)
            return [Change(effect, f"{kind}-removed", f"{_thing(m.old.node, kind)} removed",
                           m.old.label, m.old.node, None)]
        assert m.old is not None and m.new is not None
        out: list[Change] = []
        if m.moved is not None:
            # Structured clauses mean the same in any order; prose may refer to its neighbours.
            prose = is_prose(m.new)
            out.append(Change("review" if prose else "wording",
                              f"{'prose' if prose else kindword(m.new.node)}-moved",
                              f"{what(m.new.node)} moved from position {m.moved[0]} to "
                              f"{m.moved[1]} in {m.place.label}", m.new.label,
                              m.old.node, m.new.node))
        if not isinstance(m.new.node, _BLOCKS) and structure(m.old.node) != structure(m.new.node):
            out.extend(self.changed(m.old.node, m.new.node, m.new.label))
        return out

    # ---- the parts without units

    def _header(self) -> None:
        a, b = self.old.agreement, self.new.agreement
        header: tuple[tuple[str, str, Effect], ...] = (
            ("title", "title", "neutral"),
            ("version", "version", "neutral"), ("time_zone", "time zone", "review"),
            ("currency", "currency", "review"), ("review", "review cadence", "neutral"))
        for attr, name, effect in header:
            x, y = getattr(a, attr), getattr(b, attr)
            if x != y:
                self.changes.append(Change(effect, f"{attr.replace('_', '-')}-changed",
                                           f"{name} changed from {x or 'none'} to {y or 'none'}",
                                           "the agreement header", None, None,
                                           x and str(x), y and str(y)))

    def _comments(self) -> None:
        # Compared as a collection: a comment that travelled with its clause is not a change.
        a = Counter(c.text.rstrip() for c in self.old.document.comments)
        b = Counter(c.text.rstrip() for c in self.new.document.comments)
        if a != b:
            gone, came = list((a - b).elements()), list((b - a).elements())
            self.changes.append(Change("wording", "comments-changed",
                                       f"comments changed ({a.total()} before, {b.total()} after)",
                                       "comments", None, None, "\n".join(gone) or None,
                                       "\n".join(came) or None))

    # ---- changed

    def changed(self, a: n.Node, b: n.Node, label: str) -> list[Change]:
        rule: Callable[[n.Node, n.Node], list[Finding]] | None = getattr(
            self, "compare_" + type(a).__name__, None)
        found = rule(a, b) if rule is not None else []
        examined = EXAMINED.get(type(a), frozenset()) if rule is not None else frozenset()
        other = [f.name for f in fields(a) if f.name != "span" and not f.name.endswith("_span")
                 and f.name not in examined
                 and structure(getattr(a, f.name)) != structure(getattr(b, f.name))]
        if other or not found:
            found.append(("review", "changed", f"{what(a)} changed in a way sladsl cannot "
                          "judge" + (f" ({', '.join(o.replace('_', ' ') for o in other)})"
                                     if other else "")))
        return [Change(effect, kind, text, label, a, b) for effect, kind, text in found]

    def customer(self, party: n.PartyRef, spec: Spec) -> bool:
        found = spec.party(party)
        return found is not None and found.role == "customer"

    def compare_Prose(self, a: n.Prose, b: n.Prose) -> list[Finding]:
        return [_words(a.text, b.text, "prose")]

    def compare_TermDefinition(self, a: n.TermDefinition,
                               b: n.TermDefinition) -> list[Finding]:
        return [_words(a.meaning, b.meaning, f'definition of "{a.name}"', "definition")]

    def compare_PriorityDefinition(self, a: n.PriorityDefinition,
                                   b: n.PriorityDefinition) -> list[Finding]:
        return [_words(a.meaning, b.meaning, f"definition of priority {a.level}", "definition")]

    def compare_CalendarDefinition(self, a: n.CalendarDefinition,
                                   b: n.CalendarDefinition) -> list[Finding]:
        out: list[Finding] = []
        ha, hb = weekly_minutes(a), weekly_minutes(b)
        if ha != hb:
            # Fewer business hours stretch every deadline counted in them.
            out.append(("weaker" if hb < ha else "stronger", "hours-" + less_word(hb, ha),
                        f'"{a.name}" {less_word(hb, ha, "shortened", "lengthened")} from '
                        f"{ha / 60:g} to {hb / 60:g} hours a week"))
        elif structure(a.spans) != structure(b.spans):
            out.append(("review", "hours-moved", f'the hours of "{a.name}" moved (still '
                        f"{ha / 60:g} hours a week)"))
        if a.holidays != b.holidays:
            effect: Effect = "weaker" if a.holidays is None else \
                "stronger" if b.holidays is None else "review"
            out.append((effect, "holidays-changed", f'public holidays of "{a.name}" changed '
                        f"from {a.holidays or 'none'} to {b.holidays or 'none'}"))
        return out

    def compare_AmountDefinition(self, a: n.AmountDefinition,
                                 b: n.AmountDefinition | n.CustomerValue) -> list[Finding]:
        if isinstance(b, n.CustomerValue):  # one amount for all becomes each customer's own
            return [("review", "amount-per-customer", f'"{a.name}" changed from {a.value} to '
                     "a value given per customer")]
        return [("neutral", "amount-changed", f'"{a.name}" changed from {a.value} to {b.value}')]

    def compare_CustomerValue(self, a: n.CustomerValue,
                              b: n.CustomerValue | n.AmountDefinition) -> list[Finding]:
        if isinstance(b, n.AmountDefinition):
            return [("review", "amount-per-customer", f'"{a.name}" changed from a value given '
                     f"per customer to {b.value}")]
        return []

    # targets: every target class compares comparator, value, window, and its own extras

    def compare_target(self, a: n.Node, b: n.Node) -> list[Finding]:
        out: list[Finding] = []
        ca, cb = getattr(a, "comparator", None), getattr(b, "comparator", None)
        va, vb = getattr(a, "value", None), getattr(b, "value", None)
        if ca is not None and cb is not None and va is not None and vb is not None \
                and (ca, structure(va)) != (cb, structure(vb)):
            out.append(target_move(ca, va, cb, vb, "target"))
        if isinstance(a, n.ScoreRatioTarget) and isinstance(b, n.ScoreRatioTarget) \
                and structure((a.score_comparator, a.score)) != structure(
                    (b.score_comparator, b.score)):
            out.append(target_move(a.score_comparator, a.score, b.score_comparator, b.score,
                                   "score threshold"))
        if isinstance(a, n.PercentileTarget) and isinstance(b, n.PercentileTarget) \
                and a.percentile != b.percentile:
            up = b.percentile > a.percentile
            # A higher percentile under an upper limit is harder to meet; over a lower limit
            # ("the 90th percentile of scores at least 4") it is easier.
            effect: Effect = ("stronger" if up else "weaker") if a.comparator in (
                "at_most", "less_than") else ("weaker" if up else "stronger")
            out.append((effect, "percentile-" + up_word(up),
                        f"percentile {up_word(up)} from {a.percentile} to {b.percentile}"))
        ea, eb = getattr(a, "event", None), getattr(b, "event", None)
        if isinstance(ea, n.TicketEvent) and isinstance(eb, n.TicketEvent) \
                and structure(ea) != structure(eb):
            out.append(limit_move(ea, eb))
        wa, wb = getattr(a, "within", None), getattr(b, "within", None)
        if structure(wa) != structure(wb):
            out.append(longer(wa, wb, "time limit", weaker_if_longer=True)
                       if wa is not None and wb is not None else
                       ("review", "time-limit-changed", f"time limit changed from {wa} to {wb}"))
        if isinstance(a, n.TicketTimeTarget) and isinstance(b, n.TicketTimeTarget) \
                and a.any_time != b.any_time:
            out.append(("weaker" if a.any_time else "stronger", "clock-changed",
                        "clock changed from any time to "
                        "the default hours" if a.any_time else "clock changed to any time"))
        out.extend(window_move(getattr(a, "window", None), getattr(b, "window", None)))
        return out

    compare_AvailabilityTarget = compare_PercentileTarget = compare_AverageTarget = \
        compare_RequestRatioTarget = compare_TicketTimeTarget = compare_TicketRatioTarget = \
        compare_ClosureRateTarget = compare_NpsTarget = compare_ScoreRatioTarget = \
        compare_target

    # measurement rules

    def compare_SliceRule(self, a: n.SliceRule, b: n.SliceRule) -> list[Finding]:
        out: list[Finding] = []
        if structure(a.threshold) != structure(b.threshold):
            if a.threshold is None or b.threshold is None:
                out.append(("review", "outage-threshold-changed", "share of failures before a "
                            f"slice counts as unavailable changed from {a.threshold or 'none'} "
                            f"to {b.threshold or 'none'}"))
            else:
                out.append(longer(a.threshold, b.threshold, "share of failures before a slice "
                                  "counts as unavailable", weaker_if_longer=True))
                # "lengthened" reads oddly for a share: say raised/lowered.
                e, k, t = out[-1]
                out[-1] = (e, k.replace("share-of-failures-before-a-slice-counts-as-unavailable",
                                        "outage-threshold").replace("lengthened", "raised")
                           .replace("shortened", "lowered"),
                           t.replace("lengthened", "raised").replace("shortened", "lowered"))
        if a.condition != b.condition:
            order = {"any_probe": 0, "share": 1, "all_probes": 2}
            effect: Effect = "weaker" if order[b.condition] > order[a.condition] else "stronger"
            out.append((effect, "outage-condition-changed", "condition for unavailability "
                        f"changed from {a.condition} to {b.condition}"))
        return out

    def compare_EmptySliceRule(self, a: n.EmptySliceRule,
                               b: n.EmptySliceRule) -> list[Finding]:
        order = {"unavailable": 0, "excluded": 1, "available": 2}
        if a.counts_as == b.counts_as:
            return []
        effect: Effect = "weaker" if order[b.counts_as] > order[a.counts_as] else "stronger"
        return [(effect, "empty-slices-changed", f"slices without samples now count as "
                 f"{b.counts_as} (were {a.counts_as})")]

    def compare_MinimumRunRule(self, a: n.MinimumRunRule,
                               b: n.MinimumRunRule) -> list[Finding]:
        return [longer(a.length, b.length, "minimum outage length", weaker_if_longer=True)]

    def compare_SlowRequestRule(self, a: n.SlowRequestRule,
                                b: n.SlowRequestRule) -> list[Finding]:
        return [longer(a.limit, b.limit, "slow-request limit", weaker_if_longer=True)]

    # responsibilities and exclusions

    def compare_Responsibility(self, a: n.Responsibility,
                               b: n.Responsibility) -> list[Finding]:
        da, db = a.deadline, b.deadline
        same_rest = structure(da) == structure(replace(db, within=da.within))
        if da.within is not None and db.within is not None and same_rest:
            moved = longer(da.within, db.within, "deadline", weaker_if_longer=True)
            if self.customer(a.party, self.old):
                # More time for the customer's own duty is better for the customer.
                flip: dict[str, Effect] = {"weaker": "stronger", "stronger": "weaker"}
                moved = (flip.get(moved[0], moved[0]), moved[1], moved[2])
            return [moved]
        return [("review", "deadline-changed", "deadline changed")]

    def compare_MaintenanceExclusion(self, a: n.MaintenanceExclusion,
                                     b: n.MaintenanceExclusion) -> list[Finding]:
        out: list[Finding] = []
        if structure(a.notice) != structure(b.notice):
            out.append(longer(a.notice, b.notice, "maintenance notice", weaker_if_longer=False))
        if structure(a.allowance) != structure(b.allowance):
            if a.allowance is None or b.allowance is None:
                unlimited = b.allowance is None
                out.append(("weaker" if unlimited else "stronger",
                            "allowance-" + ("removed" if unlimited else "added"),
                            f"maintenance allowance of {a.allowance} removed (maintenance is "
                            "unlimited)" if unlimited else f"maintenance allowance of "
                            f"{b.allowance} added (maintenance was unlimited)"))
            else:
                out.append(longer(a.allowance, b.allowance, "maintenance allowance",
                                  weaker_if_longer=True))
        if a.allowance is not None and b.allowance is not None:
            out.extend((e, k, t.replace("window", "allowance window"))
                       for e, k, t in window_move(a.allowance_window, b.allowance_window,
                                                  weaker_if_longer=False))
        return out

    # credits

    def compare_TierTable(self, a: n.TierTable, b: n.TierTable) -> list[Finding]:
        out: list[Finding] = []
        if structure(a.tiers) != structure(b.tiers):
            out.append(tier_move(a, b))
        pa, pb = [p.text for p in a.prose], [p.text for p in b.prose]
        if pa != pb:
            out.append(_words("\n\n".join(pa), "\n\n".join(pb), "prose in the credit table"))
        return out

    def compare_EventCredit(self, a: n.EventCredit, b: n.EventCredit) -> list[Finding]:
        return [amount_move(a.amount, b.amount, "credit")]

    def compare_MissedCredit(self, a: n.MissedCredit, b: n.MissedCredit) -> list[Finding]:
        return [amount_move(a.amount, b.amount, "credit")]

    def compare_CreditCap(self, a: n.CreditCap, b: n.CreditCap) -> list[Finding]:
        out = [amount_move(a.amount, b.amount, "cap")] \
            if structure(a.amount) != structure(b.amount) else []
        if a.period != b.period:
            more = DAYS[b.period] > DAYS[a.period]
            out.append(("weaker" if more else "stronger", "cap-period-changed",
                        f"cap period changed from {a.period} to {b.period}"))
        return out

    def compare_MinimumCredit(self, a: n.MinimumCredit, b: n.MinimumCredit) -> list[Finding]:
        return [amount_move(a.amount, b.amount, "minimum credit")]

    def compare_DeMinimis(self, a: n.DeMinimis, b: n.DeMinimis) -> list[Finding]:
        out: list[Finding] = []
        if structure(a.amount) != structure(b.amount):
            effect, kind, text = amount_move(a.amount, b.amount, "de minimis threshold")
            flip: dict[str, Effect] = {"weaker": "stronger", "stronger": "weaker"}
            out.append((flip.get(effect, effect), kind, text))
        if a.inclusive != b.inclusive:  # "or less" also withholds a credit equal to it
            out.append(("weaker" if b.inclusive else "stronger", "de-minimis-inclusive"
                        if b.inclusive else "de-minimis-exclusive", "credits equal to the de "
                        f"minimis threshold are {'no longer' if b.inclusive else 'now'} paid"))
        return out

    def compare_BillingPeriod(self, a: n.BillingPeriod, b: n.BillingPeriod) -> list[Finding]:
        # A longer billing period changes both the fee and the windows a credit sums:
        # whom it favours depends on the fees and the data.
        return [("review", "billing-period-changed",
                 f"billing period changed from calendar {a.period} to calendar {b.period}")]

    def compare_IntervalAverageRule(self, a: n.IntervalAverageRule,
                                    b: n.IntervalAverageRule) -> list[Finding]:
        return [("review", "error-rate-interval-changed", "error-rate interval changed from "
                 f"{a.interval} to {b.interval}")]

    def compare_MinimumSampleRule(self, a: n.MinimumSampleRule,
                                  b: n.MinimumSampleRule) -> list[Finding]:
        if a.samples != b.samples:
            return [("review", "minimum-sample-changed", f"minimum counts {b.samples} instead "
                     f"of {a.samples}")]
        up = b.count > a.count  # a higher minimum: the objective applies less often
        return [("weaker" if up else "stronger", "minimum-sample-" + ("raised" if up else "cut"),
                 f"minimum number of {b.samples} {'raised' if up else 'cut'} from {a.count} "
                 f"to {b.count}")]

    def compare_ClaimDeadline(self, a: n.ClaimDeadline, b: n.ClaimDeadline) -> list[Finding]:
        if structure(a.within) == structure(b.within):
            return []
        return [longer(a.within, b.within, "claim deadline", weaker_if_longer=False)]

    def compare_TerminationRight(self, a: n.TerminationRight,
                                 b: n.TerminationRight) -> list[Finding]:
        out: list[Finding] = []
        if a.misses != b.misses:
            up = b.misses > a.misses
            out.append(("weaker" if up else "stronger", "termination-misses-" + up_word(up),
                        f"misses needed to terminate {up_word(up)} from {a.misses} to "
                        f"{b.misses}"))
        if a.out_of != b.out_of:
            if a.out_of is None or b.out_of is None:
                out.append(("review", "termination-window-changed", "window for the misses "
                            f"changed from {a.out_of or 'consecutive'} to "
                            f"{b.out_of or 'consecutive'}"))
            else:
                up = b.out_of > a.out_of
                out.append(("stronger" if up else "weaker", "termination-window-" + up_word(up),
                            f"window for the misses {up_word(up)} from {a.out_of} to "
                            f"{b.out_of}"))
        return out

    def compare_ReportingClause(self, a: n.ReportingClause,
                                b: n.ReportingClause) -> list[Finding]:
        if a.period != b.period:
            more = DAYS[b.period] > DAYS[a.period]
            return [("weaker" if more else "stronger", "reporting-period-changed",
                     f"reports every {b.period} instead of every {a.period}")]
        return []

    def compare_Example(self, a: n.Example, b: n.Example) -> list[Finding]:
        return [("neutral", "example-changed", f'worked example "{a.name}" changed')]


def _words(a: str, b: str, what_: str, kind: str = "prose") -> Finding:
    """Two texts of operative words: wording only when they differ in layout alone."""
    if normalise_prose(a) == normalise_prose(b):
        return "wording", f"{kind}-reflowed", f"{what_} reflowed (the same words)"
    return "review", f"{kind}-changed", f"{what_} changed: sladsl cannot judge what new words " \
        "mean; read both texts"


def what(node: n.Node) -> str:
    words = {"Objective": "objective", "Service": "service", "Prose": "prose",
             "TierTable": "credit tier table", "Example": "worked example",
             "Definitions": "the definitions section", "Credits": "the service credits section",
             "Responsibilities": "the responsibilities section", "Reporting":
             "the reporting section", "Exclusions": "the exclusions section",
             "Examples": "the worked examples section"}
    name = type(node).__name__
    if name in words:
        return words[name]
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()


def _thing(node: n.Node, kind: str) -> str:
    """What was added or removed, for the summary."""
    if isinstance(node, n.Prose):
        return "exclusion in words (its reach is whatever the words say)" \
            if kind == "exclusion" else "prose clause"
    return what(node)


def kindword(node: n.Node) -> str:
    return what(node).replace(" ", "-")


def _combined(effects: list[Effect]) -> Effect:
    """The effect of adding a whole section: its items' effects, when they agree."""
    found = set(effects) - {"wording", "neutral"}
    if not found:
        return "neutral"
    return found.pop() if len(found) == 1 else "review"


def presence(node: n.Node, spec: Spec, added: bool, place: Key) -> tuple[Effect, str]:
    """Effect and kind of adding (or removing) ``node`` in ``place``."""
    good: Effect = "stronger" if added else "weaker"
    bad: Effect = "weaker" if added else "stronger"
    if isinstance(node, n.Service | n.Objective | n.Target):
        return good, "objective" if not isinstance(node, n.Service) else "service"
    if isinstance(node, _BLOCKS):
        items = getattr(node, "items", ())
        inner = ("section", "exclusions") if isinstance(node, n.Exclusions) else ()
        return _combined([presence(i, spec, added, inner)[0] for i in items]), "section"
    if isinstance(node, n.Exclusion) and (place[:2] == ("section", "exclusions")
                                          or not isinstance(node, n.Prose)):
        # Any new exclusion, however worded, takes something out of what the provider owes.
        return bad, "exclusion"
    if isinstance(node, n.Prose):
        return "review", "prose"
    if isinstance(node, n.TermDefinition | n.PriorityDefinition | n.CalendarDefinition
                  | n.AmountDefinition | n.CustomerValue):
        return "review", "definition"
    if isinstance(node, n.MinimumRunRule | n.PauseRule):
        # Both take time out of what counts against the provider.
        return bad, "minimum-outage" if isinstance(node, n.MinimumRunRule) else "clock-pause"
    if isinstance(node, n.SlowRequestRule):
        return good, "slow-request-rule"
    if isinstance(node, n.TierTable | n.EventCredit | n.MissedCredit | n.MinimumCredit):
        return good, "credit"
    if isinstance(node, n.CreditCap | n.DeMinimis):
        return bad, "cap" if isinstance(node, n.CreditCap) else "de-minimis"
    if isinstance(node, n.SoleRemedy):
        return bad, "sole-remedy"
    if isinstance(node, n.ClaimDeadline):
        return bad, "claim-deadline"
    if isinstance(node, n.Forfeiture | n.MinimumSampleRule):
        return bad, "forfeiture" if isinstance(node, n.Forfeiture) else "minimum-sample"
    if isinstance(node, n.TerminationRight):
        customer = _role(node.party, spec) == "customer"
        return (good if customer else bad), "termination-right"
    if isinstance(node, n.Responsibility):
        customer = _role(node.party, spec) == "customer"
        return (bad if customer else good), "responsibility"
    if isinstance(node, n.ReportingClause):
        return good, "reporting"
    if isinstance(node, n.Example):
        return "neutral", "example"
    # Anything else (a measurement rule, rounding, a party, the term): sladsl cannot say.
    return "review", kindword(node)


def _role(party: n.PartyRef, spec: Spec) -> str | None:
    found = spec.party(party)
    return found.role if found is not None else None


def compare(old: Spec, new: Spec) -> list[Change]:
    """Every semantic difference between two versions of an agreement."""
    return Comparer(old, new).compare()

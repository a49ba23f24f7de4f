"""Cutting a spec into comparable units for :mod:`sladsl.diff.pairing` and :mod:`.rules`.

A spec is a tree of *places*: the document (its sections, services and top-level prose), the
agreement header, each section (definitions, exclusions, credits …), each service and each
objective. A place holds *units* in document order: statements, prose blocks, and the blocks
that are places themselves (a service, an objective, a section). A structured unit has an
identity within its place (``("TermDefinition", "Monthly Fee")``, a target's class and what
tells it from its siblings); a prose block has none, and is paired by its place in the
sequence and its text (:mod:`sladsl.diff.pairing`). Units are never compared across places.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import nodes as n
from ..model import Spec

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unit:
    """One comparable part of a spec: its identity in its place, its node, a label for people,
    and, for a block, the key of the place it opens."""

    key: Key  # ("prose",) for prose: no identity beyond position and text
    node: n.Node
    label: str
    inner: Key | None = None


@dataclass(slots=True)
class Place:
    """A sequence of sibling units: a section, a service, an objective, the header …"""

    key: Key
    label: str  # "the exclusions", 'objective "Latency" of "API"'
    units: list[Unit] = field(default_factory=list)


_SECTION_WORDS = {"Definitions": "definitions", "Responsibilities": "responsibilities",
                  "Exclusions": "exclusions", "Credits": "service credits",
                  "Reporting": "reporting", "Examples": "worked examples"}


def places(spec: Spec) -> dict[Key, Place]:
    """Every place of a spec with its units, in document order (the document first)."""
    out: dict[Key, Place] = {}
    doc = spec.document
    top = _place(out, ("document",), "the document")
    header = _place(out, ("header",), "the agreement header")
    for party in doc.agreement.parties:
        header.units.append(Unit(("party", party.role), party, f"the {party.role}"))
    if doc.agreement.term is not None:
        header.units.append(Unit(("term",), doc.agreement.term, "the term"))
    for p in doc.agreement.prose:
        header.units.append(Unit(("prose",), p, "prose in the agreement header"))
    seen: dict[str, int] = {}
    for section in doc.sections:
        if isinstance(section, n.Prose):
            top.units.append(Unit(("prose",), section, "a prose section"))
        elif isinstance(section, n.Service):
            top.units.append(_service(out, section))
        else:
            cls = type(section).__name__
            count = seen[cls] = seen.get(cls, 0) + 1
            words = _SECTION_WORDS.get(cls, cls.lower())
            key: Key = ("section", words) + ((f"#{count}",) if count > 1 else ())
            place = _place(out, key, f"the {words}")
            top.units.append(Unit(key, section, f"the {words} section", place.key))
            for item in getattr(section, "items", ()):
                if isinstance(item, n.Prose):
                    label = "an exclusion in words" if isinstance(section, n.Exclusions) \
                        else f"prose in the {words}"
                    place.units.append(Unit(("prose",), item, label))
                else:
                    place.units.append(_item_unit(item))
    return out


def _place(out: dict[Key, Place], key: Key, label: str) -> Place:
    """A new place; a draft that repeats a name (two services "API") gets ``key + ("#2",)``."""
    count = 1
    while key + ((f"#{count}",) if count > 1 else ()) in out:
        count += 1
    key = key + ((f"#{count}",) if count > 1 else ())
    place = out[key] = Place(key, label)
    return place


def _service(out: dict[Key, Place], service: n.Service) -> Unit:
    skey: Key = ("service", service.name)
    label = f'service "{service.name}"'
    place = _place(out, skey, label)
    for item in service.items:
        if isinstance(item, n.Objective):
            okey: Key = ("objective", service.name, item.name)
            olabel = f'objective "{item.name}" of "{service.name}"'
            inner = _place(out, okey, olabel)
            place.units.append(Unit(("objective", item.name), item, olabel, inner.key))
            for child in item.items:
                if isinstance(child, n.Prose):
                    inner.units.append(Unit(("prose",), child, f"prose in the {olabel}"))
                else:
                    inner.units.append(Unit((type(child).__name__, *_discriminator(child)),
                                            child, olabel))
        elif isinstance(item, n.Prose):
            place.units.append(Unit(("prose",), item, f"prose in the {label}"))
    return Unit(skey, service, label, place.key)


def _discriminator(item: n.Node) -> tuple[str, ...]:
    """What tells two targets of one class apart within an objective."""
    if isinstance(item, n.TicketTimeTarget | n.TicketRatioTarget):
        return (item.event.kind, str(item.priority))
    if isinstance(item, n.PercentileTarget | n.AverageTarget):
        return (item.metric,)
    if isinstance(item, n.RequestRatioTarget):
        return ("fail" if item.outcome == "fail" else "succeed",)
    return ()


def _ref(ref: n.ObjectiveRef | None) -> str:
    if ref is None:
        return "any objective"
    return f'"{ref.name}"' + (f' of "{ref.service}"' if ref.service else "")


def _ident(ref: n.ObjectiveRef | None) -> tuple[str, str]:
    return ("", "") if ref is None else (ref.name, ref.service or "")


def _item_unit(item: n.Node) -> Unit:
    """The unit of one item of a definitions, responsibilities, exclusions, credits … section."""
    cls = type(item).__name__
    if isinstance(item, n.TermDefinition | n.AmountDefinition | n.CalendarDefinition):
        return Unit((cls, item.name), item, f'definition of "{item.name}"')
    if isinstance(item, n.CustomerValue):  # an amount that became per customer, or back
        return Unit(("AmountDefinition", item.name), item, f'definition of "{item.name}"')
    if isinstance(item, n.PriorityDefinition):
        return Unit((cls, str(item.level)), item, f"definition of priority {item.level}")
    if isinstance(item, n.Responsibility):
        return Unit((cls, item.party.name, item.action), item,
                    f"responsibility of {item.party.text}: {item.action}")
    if isinstance(item, n.MaintenanceExclusion):
        return Unit((cls, item.kind or ""), item,
                    f"{item.kind or ''} maintenance exclusion".strip())
    if isinstance(item, n.CausedByExclusion | n.LateReportExclusion):
        return Unit((cls, item.party.name), item, "exclusion")
    if isinstance(item, n.TierTable):
        return Unit((cls, *_ident(item.objective)), item,
                    f"credit tiers for {_ref(item.objective)}")
    if isinstance(item, n.EventCredit):
        return Unit((cls, *_ident(item.objective), item.event, str(item.priority)), item,
                    f"per-event credit for {_ref(item.objective)}")
    if isinstance(item, n.MissedCredit):
        return Unit((cls, *_ident(item.objective)), item, f"credit for {_ref(item.objective)}")
    if isinstance(item, n.TerminationRight):
        return Unit((cls, *_ident(item.objective), item.party.name), item,
                    f"termination right on {_ref(item.objective)}")
    if isinstance(item, n.ReportingClause):
        return Unit((cls, item.party.name), item, "reporting")
    if isinstance(item, n.Example):
        return Unit((cls, item.name), item, f'worked example "{item.name}"')
    label = {"ForceMajeureExclusion": "force majeure exclusion", "MinimumCredit":
             "minimum credit", "DeMinimis": "de minimis threshold", "Rounding": "rounding",
             "SoleRemedy": "sole remedy", "ClaimDeadline": "claim deadline",
             "CreditCap": "credit cap", "Forfeiture": "forfeiture of unclaimed credits",
             "BillingPeriod": "billing period"}.get(cls, cls)
    return Unit((cls,), item, label)

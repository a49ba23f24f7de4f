"""Cutting a spec into comparable units for :mod:`sladsl.diff.rules`.

Every statement, objective, service and prose block becomes a :class:`Unit` with a key that
says what it is about (``("objective", "Compute API", "Latency")``), so that the same clause
in two versions of an agreement can be paired however much the file around it moved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import nodes as n
from ..model import Spec


@dataclass(frozen=True, slots=True)
class Unit:
    """One comparable part of a spec: its key, its node, and a label for people."""

    key: tuple[str, ...]
    node: n.Node
    label: str
    parent: tuple[str, ...] | None = None


# ---------------------------------------------------------------- cutting specs into units


def units(spec: Spec) -> list[Unit]:
    """Every comparable unit of a spec, in document order."""
    out: list[Unit] = []
    doc = spec.document
    for party in doc.agreement.parties:
        out.append(Unit(("party", party.role), party, f"the {party.role}"))
    if doc.agreement.term is not None:
        out.append(Unit(("term",), doc.agreement.term, "the term"))
    _prose(out, doc.agreement.prose, ("header",), "the agreement header")
    counters: dict[str, int] = {}
    for section in doc.sections:
        if isinstance(section, n.Prose):
            i = counters["top"] = counters.get("top", -1) + 1
            out.append(Unit(("prose", "top", str(i)), section, "a prose section"))
        elif isinstance(section, n.Service):
            _service(out, section)
        else:
            items = getattr(section, "items", ())
            name = type(section).__name__.lower()
            for item in items:
                if isinstance(item, n.Prose):
                    i = counters[name] = counters.get(name, -1) + 1
                    out.append(Unit(("prose", name, str(i)), item, f"a prose clause in {name}"))
                else:
                    out.extend(_item_units(item))
    return _unique(out)


def _unique(out: list[Unit]) -> list[Unit]:
    """Keys made unique in document order: two units with the same key (two responsibilities
    of one party with the same action, say) become ``key`` and ``key + ("#2",)``, so each is
    compared with its counterpart in the other version, not both with the first."""
    seen: dict[tuple[str, ...], int] = {}
    for i, u in enumerate(out):
        count = seen[u.key] = seen.get(u.key, 0) + 1
        if count > 1:
            out[i] = replace(u, key=(*u.key, f"#{count}"))
    return out


def _prose(out: list[Unit], prose: tuple[n.Prose, ...], where: tuple[str, ...],
           label: str, parent: tuple[str, ...] | None = None) -> None:
    for i, p in enumerate(prose):
        out.append(Unit(("prose", *where, str(i)), p, f"prose in {label}", parent))


def _service(out: list[Unit], service: n.Service) -> None:
    skey = ("service", service.name)
    out.append(Unit(skey, service, f'service "{service.name}"'))
    _prose(out, tuple(x for x in service.items if isinstance(x, n.Prose)), skey,
           f'service "{service.name}"', skey)
    for obj in service.objectives:
        okey = ("objective", service.name, obj.name)
        label = f'objective "{obj.name}" of "{service.name}"'
        out.append(Unit(okey, obj, label, skey))
        seen: dict[tuple[str, ...], int] = {}
        for item in (*obj.targets, *obj.rules):
            key = (*okey, type(item).__name__, *_discriminator(item))
            seen[key] = seen.get(key, -1) + 1
            out.append(Unit((*key, str(seen[key])), item, label, okey))
        _prose(out, obj.prose, okey, label, okey)


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


def _item_units(item: n.Node) -> list[Unit]:
    """Units of one item of a definitions, responsibilities, exclusions, credits … section."""
    cls = type(item).__name__
    if isinstance(item, n.TermDefinition | n.AmountDefinition | n.CalendarDefinition):
        return [Unit((cls, item.name), item, f'definition of "{item.name}"')]
    if isinstance(item, n.PriorityDefinition):
        return [Unit((cls, str(item.level)), item, f"definition of priority {item.level}")]
    if isinstance(item, n.Responsibility):
        return [Unit((cls, item.party.name, item.action), item,
                     f"responsibility of {item.party.text}: {item.action}")]
    if isinstance(item, n.MaintenanceExclusion):
        return [Unit((cls, item.kind or ""), item, f"{item.kind or ''} maintenance exclusion"
                     .strip())]
    if isinstance(item, n.CausedByExclusion | n.LateReportExclusion):
        return [Unit((cls, item.party.name), item, "exclusion")]
    if isinstance(item, n.TierTable):
        label = f"credit tiers for {_ref(item.objective)}"
        return [Unit((cls, item.objective.name), item, label)]
    if isinstance(item, n.EventCredit):
        return [Unit((cls, item.objective.name, item.event, str(item.priority)), item,
                     f"per-event credit for {_ref(item.objective)}")]
    if isinstance(item, n.MissedCredit):
        return [Unit((cls, item.objective.name), item, f"credit for {_ref(item.objective)}")]
    if isinstance(item, n.CreditCap):
        return [Unit((cls,), item, "credit cap")]
    if isinstance(item, n.TerminationRight):
        name = item.objective.name if item.objective else ""
        return [Unit((cls, name, item.party.name), item,
                     f"termination right on {_ref(item.objective)}")]
    if isinstance(item, n.ReportingClause):
        return [Unit((cls, item.party.name), item, "reporting")]
    if isinstance(item, n.Example):
        return [Unit((cls, item.name), item, f'worked example "{item.name}"')]
    label = {"ForceMajeureExclusion": "force majeure exclusion", "MinimumCredit":
             "minimum credit", "DeMinimis": "de minimis threshold", "Rounding": "rounding",
             "SoleRemedy": "sole remedy", "ClaimDeadline": "claim deadline",
             "Forfeiture": "forfeiture of unclaimed credits",
             "BillingPeriod": "billing period"}.get(cls, cls)
    return [Unit((cls,), item, label)]

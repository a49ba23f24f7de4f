"""The example agreements in ``specs/``: each loads cleanly, is substantial and has examples.

Together they must show the six kinds of service the language is for; each kind is recognised
by the objectives it carries, not by its file name, so a renamed file still counts.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import permutations
from pathlib import Path

import pytest

import sladsl
from sladsl import nodes as n
from sladsl.model import Spec

SPECS = sorted((Path(__file__).resolve().parent.parent / "specs").glob("*.sla"))


@pytest.fixture(scope="module")
def loaded() -> dict[str, Spec]:
    return {path.stem: sladsl.load(path) for path in SPECS}


def _targets(spec: Spec) -> list[n.Node]:
    return [t for entry in spec.objectives for t in entry.objective.targets]


def _has(spec: Spec, cls: type[n.Node], test: Callable[[n.Node], bool] = lambda _: True) -> bool:
    return any(isinstance(t, cls) and test(t) for t in _targets(spec))


def _percent(t: n.Node) -> str:
    value = getattr(t, "value", None)
    return str(value) if value is not None else ""


def _business(t: n.Node) -> bool:
    event = getattr(t, "event", None)
    limit = getattr(event, "limit", None)
    return bool(getattr(event, "calendar", None) or getattr(limit, "business", False))


#: What makes a spec an example of each kind of service in the issue.
KINDS: dict[str, Callable[[Spec], bool]] = {
    "cloud infrastructure with tiered availability credits": lambda s: (
        _has(s, n.AvailabilityTarget)
        and any(isinstance(c, n.TierTable) and len(c.tiers) >= 3 for c in s.items(n.Credits))),
    "SaaS with latency and error-rate objectives": lambda s: (
        _has(s, n.PercentileTarget, lambda t: getattr(t, "metric", "") == "response time")
        and _has(s, n.RequestRatioTarget, lambda t: getattr(t, "outcome", "") == "fail")),
    "service desk with P1-P4 times in business hours": lambda s: (
        {t.priority for t in _targets(s)
         if isinstance(t, n.TicketTimeTarget | n.TicketRatioTarget)} >= {1, 2, 3, 4}
        and _has(s, n.TicketTimeTarget, _business)),
    "telecom network at 99.999%": lambda s: (
        _has(s, n.AvailabilityTarget, lambda t: _percent(t) == "99.999%")),
    "business process: turnaround, first contact resolution, closure rate": lambda s: (
        _has(s, n.AverageTarget, lambda t: getattr(t, "metric", "") == "turnaround time")
        and _has(s, n.TicketRatioTarget,
                 lambda t: getattr(getattr(t, "event", None), "kind", "") == "first_contact")
        and _has(s, n.ClosureRateTarget)),
    "customer experience: satisfaction and net promoter score": lambda s: (
        _has(s, n.AverageTarget, lambda t: getattr(t, "metric", "") == "satisfaction score")
        and _has(s, n.ScoreRatioTarget) and _has(s, n.NpsTarget)),
}


def test_there_are_six_specs() -> None:
    assert len(SPECS) >= 6


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_spec_loads_without_errors(path: Path) -> None:
    spec = sladsl.load(path)  # raises SlaError, with every diagnostic, on any error
    assert all(d.severity == "warning" for d in spec.diagnostics)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_spec_is_substantial(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 60, f"{path.name} has only {len(lines)} lines"


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_spec_has_worked_examples(path: Path, loaded: dict[str, Spec]) -> None:
    examples = [x for x in loaded[path.stem].items(n.Examples) if isinstance(x, n.Example)]
    assert examples, f"{path.name} has no examples: section"
    for example in examples:
        assert example.facts and example.outcomes, f'example "{example.name}" is incomplete'


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_spec_reads_like_a_contract(path: Path, loaded: dict[str, Spec]) -> None:
    """Prose where a lawyer would write it, comments where an engineer would."""
    spec = loaded[path.stem]
    assert spec.agreement.parties and spec.agreement.term is not None
    assert spec.agreement.time_zone and spec.agreement.currency
    assert any(isinstance(x, n.Prose) for x in n.walk(spec.document))
    assert spec.document.comments


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_service_is_present(kind: str, loaded: dict[str, Spec]) -> None:
    matching = [name for name, spec in loaded.items() if KINDS[kind](spec)]
    assert matching, f"no spec in specs/ is an example of: {kind}"


def test_kinds_are_distinct_specs(loaded: dict[str, Spec]) -> None:
    """Six kinds need six specs: no one file may stand in for two kinds alone."""
    kinds = sorted(KINDS)
    fits = {(kind, name) for kind in kinds for name, spec in loaded.items() if KINDS[kind](spec)}
    # A perfect matching of kinds to specs; a few hundred orderings at most, so try them all.
    assert any(all((kind, name) in fits for kind, name in zip(kinds, order, strict=False))
               for order in permutations(sorted(loaded), len(kinds))), \
        "the specs do not cover the six kinds of service with six different files"

"""The fast statements `sladsl evaluate` runs and the reference statements `sladsl compile`
records give byte-identical reports on the same data."""

from __future__ import annotations

from pathlib import Path

import pytest

import sladsl
from sladsl.evaluate.bindings import Bindings
from sladsl.evaluate.engine import Engine
from sladsl.evaluate.periods import parse_period, zone
from sladsl.evaluate.report import build, to_json
from sladsl.samples import generate, sample_months

SPECS = Path(__file__).resolve().parent.parent / "specs"


@pytest.mark.parametrize("name", ["cloud-platform", "service-desk", "saas-analytics"])
def test_fast_and_reference_statements_agree(name: str, tmp_path: Path) -> None:
    spec = sladsl.load(SPECS / f"{name}.sla")
    generate(spec, tmp_path)
    tz = zone(spec.time_zone)
    periods = [parse_period(m, tz) for m in sample_months(spec)]
    reports = []
    for portable in (False, True):
        engine = Engine(spec, tmp_path, Bindings())
        engine.portable = portable
        reports.append(to_json(build(engine.run(periods))))
    assert reports[0] == reports[1]

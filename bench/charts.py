"""Workload 6: the report's charts for a year of a 20-objective agreement.

The year is evaluated once (the probes recipe of workload 2: one availability objective per
service, a year of one-minute probes, maintenance); then drawing every chart of its report
(:func:`sladsl.evaluate.charts.figures_html`: matplotlib, inline SVG) is timed against
evaluating the year itself (``sladsl evaluate --from 2026-01 --to 2026-12``): drawing what was
measured should cost less than measuring it, and less than 2 s.
"""

from __future__ import annotations

from pathlib import Path

from . import datagen as g
from . import evaluation as ev
from .harness import Row, alternate


def charts(root: Path, services: int, reps: int) -> tuple[list[Row], list[str]]:
    from sladsl.evaluate.charts import figures_html

    spec = g.write_spec(root, "charts.sla", g.probes_spec(services))
    data = root / "charts"
    g.write_probes(data, services)
    out = root / "charts.json"

    def evaluate() -> object:
        return ev.sladsl_evaluate(spec, data, out, first="2026-01", last="2026-12")

    report = evaluate()
    assert isinstance(report, dict)
    a, b = alternate(lambda: figures_html(report), evaluate, reps)
    html = figures_html(report)
    problems = []
    if html.count("<svg") != services or html.count("<figcaption>") != services:
        problems.append(f"charts: {html.count('<svg')} pictures for {services} objectives")
    windows = sum(len(c["windows"]) for c in report["charts"])
    return [Row(f"6. charts, {services} objectives × 1 year ({windows} windows)",
                "figures_html (matplotlib SVG)", "sladsl evaluate of the year", a, b, "<= 1x",
                f"charts in {a:.2f} s (target < 2 s: {'met' if a < 2 else 'missed'}); "
                f"{len(html) // 1024} KiB of HTML")], problems

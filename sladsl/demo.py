"""``sladsl demo``: the whole job on one agreement, for a first look and for the README.

It validates the agreement, renders the contract, generates deterministic sample
measurements (a month that meets every objective and one that misses several), evaluates
both months and prints the report with its service credits. Everything it writes goes to one
output folder, atomically; nothing else on the machine is touched.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from . import exits

BUNDLED = "cloud-platform.sla"


@click.command()
@click.argument("spec", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", "out", default="sladsl-demo", show_default=True,
              type=click.Path(file_okay=False), help="folder for the contract, data and report")
def demo(spec: str | None, out: str) -> None:
    """Validate, render, evaluate and report on SPEC (default: a bundled agreement)."""
    from .api import analyse
    from .atomic import write_atomically
    from .errors import SlaError
    from .evaluate.bindings import load_bindings
    from .evaluate.periods import parse_period, zone
    from .evaluate.report import build, to_html, to_json, to_text
    from .evaluate.series import ChartingEngine
    from .exits import fail
    from .render import render
    from .samples import generate, sample_months

    if spec is None:
        text = resources.files("sladsl.specs").joinpath(BUNDLED).read_text(encoding="utf-8")
        name = BUNDLED
    else:
        text = Path(spec).read_text(encoding="utf-8")
        name = spec
    folder = Path(out)
    model, diags = analyse(text, name)
    lines = text.splitlines()
    for d in diags:
        click.echo(d.render(lines), err=True)
    if model is None or any(d.severity == "error" for d in diags):
        click.echo(f"{name}: not valid; nothing was written", err=True)
        sys.exit(exits.WANTING)
    warnings = sum(d.severity == "warning" for d in diags)
    click.echo(f"1. validated {name}: {len(model.objectives)} objectives, {warnings} warning(s)")

    contract = folder / "contract.html"
    write_atomically(contract, str(render(model, "html")))
    write_atomically(folder / "contract.md", str(render(model, "markdown")))
    click.echo(f"2. rendered the contract: {contract} and {folder / 'contract.md'}")

    data = folder / "data"
    files = generate(model, data)
    good, bad = sample_months(model)
    click.echo(f"3. generated sample measurements in {data}/ ({len(files)} files): "
               f"{good} meets every objective, {bad} misses several")

    try:
        tz = zone(model.time_zone)
        periods = [parse_period(good, tz), parse_period(bad, tz)]
        evaluation = ChartingEngine(model, data, load_bindings(None),
                                    lambda _m: None).run(periods)
    except SlaError as exc:
        fail(exc)
    report = build(evaluation)
    write_atomically(folder / "report.html", to_html(report, contract="contract.html"))
    write_atomically(folder / "report.json", to_json(report))
    click.echo(f"4. evaluated {good} and {bad}: {folder / 'report.html'} and "
               f"{folder / 'report.json'}\n")
    click.echo(to_text(report), nl=False)

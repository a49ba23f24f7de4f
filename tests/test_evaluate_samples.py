"""Every spec in specs/ evaluates on its generated sample data, in every report format."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import sladsl
from sladsl.cli import main
from sladsl.evaluate.engine import Engine, Evaluation
from sladsl.evaluate.periods import parse_period, zone
from sladsl.evaluate.report import RENDERERS, build
from sladsl.samples import generate, sample_months

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Evaluation]]:
    out = {}
    for path in SPECS:
        spec = sladsl.load(path)
        folder = tmp_path_factory.mktemp(path.stem)
        generate(spec, folder)
        tz = zone(spec.time_zone)
        good, bad = sample_months(spec)
        periods = [parse_period(good, tz), parse_period(bad, tz)]
        out[path.stem] = (folder, Engine(spec, folder).run(periods))
    return out


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_good_month_meets_everything_and_bad_month_breaches(
        evaluated: dict[str, tuple[Path, Evaluation]], path: Path) -> None:
    _folder, ev = evaluated[path.stem]
    good, bad = ev.periods
    assert not good.missed, [(ln.objective, ln.metric) for ln in good.missed]
    assert not any(ln.verdict == "no data" for ln in good.lines)
    assert len({ln.objective for ln in bad.missed}) >= 2


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_format_renders(evaluated: dict[str, tuple[Path, Evaluation]], path: Path) -> None:
    _folder, ev = evaluated[path.stem]
    model = build(ev)
    for fmt, render in RENDERERS.items():
        text = render(model)
        assert text == render(build(ev)), f"{fmt} is not deterministic"
        if fmt == "json":
            assert json.loads(text)["schema"] == "sladsl-report/2"
        if fmt == "html":
            HTMLParser().feed(text)
            assert text.count("<h2 id=\"period-") == len(ev.periods)


def test_samples_are_deterministic(tmp_path: Path) -> None:
    spec = sladsl.load(ROOT / "specs" / "cloud-platform.sla")
    first = generate(spec, tmp_path / "a")
    second = generate(spec, tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_cli_report_golden(evaluated: dict[str, tuple[Path, Evaluation]],
                           golden: Callable[[str, str], None],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the report names the spec as given on the command line
    folder, _ev = evaluated["cloud-platform"]
    spec = "specs/cloud-platform.sla"
    runner = CliRunner()
    for fmt, name in (("text", "cloud-platform-2026-06.txt"),
                      ("json", "cloud-platform-2026-06.json")):
        result = runner.invoke(main, ["evaluate", spec, "--data", str(folder), "--period",
                                      "2026-06", "--format", fmt])
        assert result.exit_code == 0, result.output
        golden(f"report/{name}", result.output)
    breach = runner.invoke(main, ["evaluate", spec, "--data", str(folder), "--period",
                                  "2026-06", "--fail-on-breach"])
    assert breach.exit_code == 1
    fine = runner.invoke(main, ["evaluate", spec, "--data", str(folder), "--period", "2026-03",
                                "--fail-on-breach", "--format", "markdown"])
    assert fine.exit_code == 0 and "no objective was missed" in fine.output

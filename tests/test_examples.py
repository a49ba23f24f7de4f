"""Worked examples execute: ``sladsl test``, JUnit XML, and the pytest plugin."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sladsl.examples.worked import parse_example_period
from sladsl.examples.worked import test as run_command

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))

WRONG = '''
  example "A wrong sum":
    given 45 minutes of downtime in April 2026
    then "Monthly Availability" is 99.89%
    and "Monthly Availability" is met
    and the Customer receives a credit of 25% of the Monthly Fee.
'''


@pytest.fixture(scope="module")
def all_specs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    junit = tmp_path_factory.mktemp("junit") / "examples.xml"
    result = CliRunner().invoke(run_command, [*map(str, SPECS), "--junit-xml", str(junit)])
    return result, junit


def test_every_example_of_every_spec_passes(all_specs: tuple[Result, Path]) -> None:
    result, _junit = all_specs
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    assert result.output.rstrip().endswith("46 examples, 46 passed, 0 failed")
    assert "  PASS  The clocks go back in October (line 135)" in result.output


def test_junit_xml_lists_every_example(all_specs: tuple[Result, Path]) -> None:
    _result, junit = all_specs
    root = ET.fromstring(junit.read_text(encoding="utf-8"))
    assert root.get("tests") == "46" and root.get("failures") == "0"
    assert len(root.findall("testsuite")) == len(SPECS)


@pytest.fixture
def wrong_spec(tmp_path: Path) -> Path:
    path = tmp_path / "wrong.sla"
    path.write_text((ROOT / "specs" / "cloud-platform.sla").read_text(encoding="utf-8") + WRONG,
                    encoding="utf-8")
    return path


def test_a_wrong_example_fails_showing_expected_and_actual(wrong_spec: Path,
                                                           tmp_path: Path) -> None:
    junit = tmp_path / "out.xml"
    result = CliRunner().invoke(run_command, [str(wrong_spec), "--junit-xml", str(junit)])
    assert result.exit_code == 1
    out = result.output
    assert "  PASS  A 45-minute outage in April" in out
    assert "  FAIL  A wrong sum (line 103)" in out
    assert "expected: 99.89%\n" in out
    assert "actual:   99.90% (measured 99.895833%)\n" in out
    assert "expected: met\n" in out and "actual:   missed\n" in out
    assert "expected: EUR 3,000.00 (25% of the Monthly Fee)" in out
    assert "actual:   EUR 1,200.00" in out
    assert out.rstrip().endswith("2 examples, 1 passed, 1 failed")
    failure = ET.fromstring(junit.read_text(encoding="utf-8")).find(".//failure")
    assert failure is not None and "99.895833%" in (failure.text or "")


def test_pytest_plugin_runs_examples_as_items(pytester: pytest.Pytester,
                                              wrong_spec: Path) -> None:
    folder = pytester.mkdir("specs")
    (folder / "wrong.sla").write_text(wrong_spec.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.txt").write_text("not a spec", encoding="utf-8")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "specs")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*example 'A wrong sum' failed:*", "*expected: 99.89%*",
                                 "*actual:   99.90% (measured 99.895833%)*"])


def test_pytest_plugin_leaves_other_sla_files_alone(pytester: pytest.Pytester) -> None:
    pytester.makefile(".sla", fixture='agreement "broken"\n  nonsense\n')
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", ".")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    named = pytester.runpytest_inprocess("-p", "no:cacheprovider", "fixture.sla")
    named.assert_outcomes(failed=1)
    named.stdout.fnmatch_lines(["*fixture.sla:*error*"])


def test_pytest_plugin_collects_the_sla_paths_folders(pytester: pytest.Pytester,
                                                     wrong_spec: Path) -> None:
    # As docs/quickstart-engineers.md shows it: sla_paths in pyproject.toml.
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\nsla_paths = ["contracts"]\n')
    folder = pytester.mkdir("contracts")
    (folder / "wrong.sla").write_text(wrong_spec.read_text(encoding="utf-8"), encoding="utf-8")
    pytester.mkdir("specs")
    (pytester.path / "specs" / "broken.sla").write_text('agreement "x"\n  nonsense\n')
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", ".")
    result.assert_outcomes(passed=1, failed=1)  # contracts/ only: specs/ is no longer named


@pytest.mark.parametrize(("text", "label"), [
    ("April 2026", "2026-04"), ("2026-04", "2026-04"), ("Q3 2026", "2026-Q3"),
    ("2026-Q1", "2026-Q1"), ("2026", "2026")])
def test_example_periods(text: str, label: str) -> None:
    from sladsl.evaluate.periods import zone

    assert parse_example_period(text, zone("Europe/London")).label == label

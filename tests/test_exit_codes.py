"""One exit-code rule for every command: 0 success, 1 input found wanting, 2 usage, 3 no data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sladsl.cli import main
from sladsl.exits import HELP

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "specs" / "cloud-platform.sla"
BROKEN = 'agreement "x"\n  currency\n'


def invoke(*args: str) -> int:
    return CliRunner().invoke(main, list(args)).exit_code


def commands() -> list[str]:
    return main.list_commands(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", commands())
def test_every_help_states_the_rule(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Exit codes: 0 success; 1 the input was understood and found wanting" in \
        " ".join(result.output.split())


def test_the_group_help_and_readme_state_the_same_rule() -> None:
    assert "Exit codes:" in CliRunner().invoke(main, ["--help"]).output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, words in [(0, "success"), (1, "found wanting"), (2, "usage error"),
                        (3, "data missing for a period")]:
        assert f"| {code} |" in readme and words in readme
    assert HELP.startswith("\b")


@pytest.fixture()
def broken(tmp_path: Path) -> str:
    path = tmp_path / "broken.sla"
    path.write_text(BROKEN, encoding="utf-8")
    return str(path)


SPEC_ERROR_COMMANDS = [
    ["validate"], ["render"], ["compile"], ["fmt", "--check"], ["test"],
    ["evaluate", "--data", ".", "--period", "2026-04"],
]


@pytest.mark.parametrize("args", SPEC_ERROR_COMMANDS, ids=lambda a: a[0])
def test_a_spec_with_errors_exits_1(args: list[str], broken: str) -> None:
    assert invoke(args[0], broken, *args[1:]) == 1


def test_diff_and_demo_on_a_broken_spec_exit_1(broken: str) -> None:
    assert invoke("diff", str(GOOD), broken) == 1
    assert invoke("diff", broken, str(GOOD)) == 1
    assert invoke("demo", broken, "-o", str(Path(broken).parent / "out")) == 1


@pytest.mark.parametrize("command", ["validate", "render", "compile", "fmt", "test", "show",
                                     "evaluate", "diff", "demo"])
def test_a_missing_file_is_a_usage_error(command: str, tmp_path: Path) -> None:
    args = [command, str(tmp_path / "nowhere.sla")]
    if command == "diff":
        args.append(str(GOOD))
    assert invoke(*args) == 2


def test_an_unknown_option_is_a_usage_error() -> None:
    assert invoke("validate", "--no-such-option", str(GOOD)) == 2
    assert invoke("no-such-command") == 2


def test_a_bad_period_is_a_usage_error(tmp_path: Path) -> None:
    assert invoke("evaluate", str(GOOD), "--data", str(tmp_path), "--period", "2026-13") == 2


def test_no_data_for_a_period_exits_3(tmp_path: Path) -> None:
    import sladsl
    from sladsl.samples import generate

    generate(sladsl.load(GOOD), tmp_path)  # sample months of 2026; nothing in 2024
    assert invoke("evaluate", str(GOOD), "--data", str(tmp_path), "--period", "2024-04",
                  "-o", str(tmp_path / "r.json"), "--format", "json") == 3


def test_a_missing_data_file_is_data_found_wanting(tmp_path: Path) -> None:
    assert invoke("evaluate", str(GOOD), "--data", str(tmp_path), "--period", "2026-04") == 1


def test_success_exits_0(tmp_path: Path) -> None:
    assert invoke("validate", str(GOOD)) == 0
    assert invoke("render", str(GOOD), "-o", str(tmp_path / "c.md"), "--format",
                  "markdown") == 0


def test_python_dash_m_sladsl_is_the_same_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "sladsl", "validate", str(GOOD)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "ok" in done.stdout
    usage = subprocess.run([sys.executable, "-m", "sladsl", "--help"], capture_output=True,
                           text=True)
    assert usage.returncode == 0 and usage.stdout.startswith("Usage: sladsl ")


def test_fmt_that_cannot_write_back_is_a_usage_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An output that cannot be written is a usage error (2), and the file is left as it was."""
    import sladsl.fmt.command as fmt_command

    path = tmp_path / "messy.sla"
    messy = GOOD.read_text(encoding="utf-8").replace("\n\n", "\n\n\n", 1)
    path.write_text(messy, encoding="utf-8")

    def refuse(target: object, text: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fmt_command, "write_atomically", refuse)
    result = CliRunner().invoke(main, ["fmt", str(path)])
    assert result.exit_code == 2, result.output
    assert "cannot write the file: Permission denied" in result.output
    assert path.read_text(encoding="utf-8") == messy

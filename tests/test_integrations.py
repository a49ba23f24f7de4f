"""The integrations a user meets on day one: the pre-commit hooks and ``validate -``.

The hooks in ``.pre-commit-hooks.yaml`` are checked as pre-commit reads them (every entry a
real ``sladsl`` command, run here on real files: ``sladsl-fmt`` rewrites, ``sladsl-fmt-check``
prints the diff and fails, ``sladsl-test`` runs the worked examples). When pre-commit itself is
installed, ``pre-commit try-repo`` runs the hooks end to end from this repository.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sladsl.cli import main

ROOT = Path(__file__).parent.parent
HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
UNFORMATTED = (ROOT / "tests" / "diff_cases" / "base.sla").read_text(encoding="utf-8")
SPEC = ROOT / "specs" / "cloud-platform.sla"


def hook(name: str, *files: str) -> tuple[int, str, str]:
    """Runs a hook's entry as pre-commit would: the entry, then the file names."""
    words = shlex.split(HOOKS[name]["entry"])
    assert words[0] == "sladsl"
    result = CliRunner().invoke(main, [*words[1:], *files])
    return result.exit_code, result.stdout, result.stderr


def test_the_hook_file_has_what_pre_commit_needs() -> None:
    assert set(HOOKS) == {"sladsl-fmt", "sladsl-fmt-check", "sladsl-validate", "sladsl-test"}
    for h in HOOKS.values():
        assert {"id", "name", "entry", "language", "files"} <= set(h)
        assert h["language"] == "python" and h["files"] == r"\.sla$"


def test_sladsl_fmt_hook_rewrites_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.sla"
    path.write_text(UNFORMATTED, encoding="utf-8")
    code, _, err = hook("sladsl-fmt", str(path))
    assert code == 0 and "reformatted" in err
    assert path.read_text(encoding="utf-8") != UNFORMATTED
    assert hook("sladsl-fmt-check", str(path))[0] == 0


def test_sladsl_fmt_check_hook_prints_the_diff_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "a.sla"
    path.write_text(UNFORMATTED, encoding="utf-8")
    code, out, _ = hook("sladsl-fmt-check", str(path))
    assert code == 1 and "+++ " in out and "would reformat" in out
    assert path.read_text(encoding="utf-8") == UNFORMATTED


def test_sladsl_test_hook_runs_the_worked_examples(tmp_path: Path) -> None:
    code, out, _ = hook("sladsl-test", str(SPEC))
    assert code == 0 and " passed" in out and " 0 failed" in out
    broken = tmp_path / "b.sla"
    text = SPEC.read_text(encoding="utf-8")
    wrong = "receives a credit of 11% of the Monthly Fee"
    broken.write_text(text.replace("receives a credit of 10% of the Monthly Fee", wrong, 1),
                      encoding="utf-8")
    assert wrong in broken.read_text(encoding="utf-8")
    code, out, _ = hook("sladsl-test", str(broken))
    assert code == 1 and " 1 failed" in out


def test_validate_reads_standard_input() -> None:
    result = CliRunner().invoke(main, ["validate", "-"], input=SPEC.read_text(encoding="utf-8"))
    assert result.exit_code == 0 and "<stdin>: ok" in result.stdout
    bad = 'agreement "x"\n  provider "A" called "the Provider"\n'
    result = CliRunner().invoke(main, ["validate", "-"], input=bad)
    assert result.exit_code == 1 and "<stdin>:1:1: error" in result.stderr


def test_validate_prints_errors_before_warnings() -> None:
    bad = 'agreement "x"\n  provider "A" called "the Provider"\n'
    result = CliRunner().invoke(main, ["validate", "-"], input=bad)
    kinds = [line.split(": ")[1].split("[")[0] for line in result.stderr.splitlines()
             if line.startswith("<stdin>:") and "[" in line]
    assert "error" in kinds and "warning" in kinds
    assert kinds == sorted(kinds, key=lambda k: k != "error"), kinds


@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None
                    or not os.environ.get("SLADSL_TRY_REPO"),
                    reason="pre-commit try-repo builds a fresh environment from the index; "
                    "set SLADSL_TRY_REPO=1 with pre-commit installed to run it")
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.sla").write_text(UNFORMATTED, encoding="utf-8")
    shutil.copy(SPEC, tmp_path / "b.sla")
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".cache")}
    check = subprocess.run(["pre-commit", "try-repo", str(ROOT), "sladsl-fmt-check", "--files",
                            "a.sla", "b.sla"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=900)
    assert check.returncode == 1 and "+++ a.sla (formatted)" in check.stdout, check.stdout
    for name in ("sladsl-validate", "sladsl-test"):
        ok = subprocess.run(["pre-commit", "try-repo", str(ROOT), name, "--files", "b.sla"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
        assert ok.returncode == 0, ok.stdout
    rewrite = subprocess.run(["pre-commit", "try-repo", str(ROOT), "sladsl-fmt", "--files",
                              "a.sla"], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=900)
    assert rewrite.returncode == 1 and "files were modified by this hook" in rewrite.stdout
    assert (tmp_path / "a.sla").read_text(encoding="utf-8") != UNFORMATTED


def test_the_readme_command_table_lists_every_command() -> None:
    import click

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `sladsl ")]
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        assert any(line.startswith(f"| `sladsl {name}") for line in table), name


def test_reviewing_page_shows_the_real_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/reviewing.md's transcript is what `sladsl diff` prints for its negotiation step."""
    page = (ROOT / "docs" / "reviewing.md").read_text(encoding="utf-8")
    shown = page.split("```text\n", 1)[1].split("\n```", 1)[0] + "\n"
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["diff", "specs/cloud-platform.sla",
                                       "docs/reviewing/proposed.sla"])
    assert result.exit_code == 0 and result.stdout == shown
    for flag in ("--fail-on-weaker", "--fail-on-review"):
        assert CliRunner().invoke(main, ["diff", "specs/cloud-platform.sla",
                                         "docs/reviewing/proposed.sla", flag]).exit_code == 1
    redline = CliRunner().invoke(main, ["diff", "specs/cloud-platform.sla",
                                        "docs/reviewing/proposed.sla", "--format", "html"])
    assert '<del class="sla-del">99.95%</del> <ins class="sla-ins">99.9%</ins>' in redline.stdout
    assert "Any degradation of the Service caused by a third-party DNS" in redline.stdout

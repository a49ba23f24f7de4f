"""The built wheel works on its own: installed in a clean environment, run from elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(ROOT)],
        check=True, cwd=out,
    )
    (found,) = out.glob("sladsl-*.whl")
    return found


@pytest.fixture(scope="module")
def bindir(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only the wheel installed in it.

    The dependencies are borrowed from this environment by path: a plain path in a .pth file
    does not run that directory's own .pth files, so the editable install of the source tree
    stays invisible while lark, click, duckdb and the rest are found without a network.
    """
    env_dir = tmp_path_factory.mktemp("env")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True)
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return bindir


def test_wheel_ships_the_grammar_and_the_bundled_agreements(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "sladsl/grammar/sla.lark" in names
    assert "sladsl/specs/cloud-platform.sla" in names
    assert not any(name.startswith(("tests/", "specs/", "bench/")) for name in names)


def test_installed_wheel_validates_a_spec_outside_the_source_tree(
        bindir: Path, tmp_path: Path) -> None:
    shutil.copy(ROOT / "specs" / "cloud-platform.sla", tmp_path / "agreement.sla")
    where = subprocess.run([str(bindir / "python"), "-c", "import sladsl; print(sladsl.__file__)"],
                           cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert str(bindir.parent) in where and str(ROOT) not in where
    done = subprocess.run([str(bindir / "sladsl"), "validate", "agreement.sla"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "agreement.sla: ok" in done.stdout


def test_installed_wheel_runs_the_demo_on_its_bundled_agreement(
        bindir: Path, tmp_path: Path) -> None:
    done = subprocess.run([str(bindir / "sladsl"), "demo", "-o", "out"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Total credit for" in done.stdout
    for name in ("contract.html", "contract.md", "report.html", "report.json"):
        assert (tmp_path / "out" / name).stat().st_size > 0

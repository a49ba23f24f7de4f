"""The built wheel works on its own: installed in a clean environment, run from elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
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


def test_wheel_ships_the_grammar(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "sladsl/grammar/sla.lark" in names
    assert not any(name.startswith(("tests/", "specs/")) for name in names)


def test_installed_wheel_validates_a_spec_outside_the_source_tree(
        wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    # Install the wheel alone, and borrow the dependencies from this environment by path (a
    # plain path in a .pth file does not run that directory's own .pth files, so the editable
    # install of the source tree stays invisible).
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True)
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(ROOT / "specs" / "cloud-platform.sla", work / "agreement.sla")
    where = subprocess.run([str(python), "-c", "import sladsl; print(sladsl.__file__)"],
                           cwd=work, check=True, capture_output=True, text=True).stdout
    assert str(site) in where and str(ROOT) not in where
    done = subprocess.run([str(bindir / "sladsl"), "validate", "agreement.sla"],
                          cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "agreement.sla: ok" in done.stdout

"""Nothing lost: outputs are written whole or not at all, and a failed run keeps the old ones.

Each command that writes a file is run twice with the same ``-o``: once with good input,
then with bad input (or with a crash injected into the write). The first output must still
be there, byte for byte, with no temporary file left beside it. ``evaluate`` over many
periods must finish, or name exactly the periods it could not evaluate.
"""

from __future__ import annotations

import importlib.util
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_evaluate_helpers import HEADER

from sladsl import atomic
from sladsl.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "specs" / "cloud-platform.sla").read_text(encoding="utf-8")
BAD = GOOD.replace("at least 99.95%", "at least 99.95 %%")  # a syntax error, line 27
SMALL = HEADER + '''service "API":
  objective "Uptime":
    the service shall be available at least 99% of the time in each calendar month.
    availability is measured from requests.
  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.
'''
# Requests in March, April and June: May has none, so "Latency" cannot be judged there.
REQUESTS = "time,latency_ms,success\n" + "".join(
    f"2026-{m:02d}-{d:02d} 10:00,{100 + d},true\n" for m in (3, 4, 6) for d in (1, 2, 3))


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "good.sla").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.sla").write_text(BAD, encoding="utf-8")
    (tmp_path / "small.sla").write_text(SMALL, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "requests.csv").write_text(REQUESTS, encoding="utf-8")
    bad_data = tmp_path / "bad-data"
    bad_data.mkdir()
    (bad_data / "requests.csv").write_text(REQUESTS + "yesterday,100,true\n", encoding="utf-8")
    return tmp_path


# Each case: the arguments of a good run and of a failing run, both writing to "out".
CASES: dict[str, tuple[list[str], list[str]]] = {
    "render-html": (["render", "{d}/good.sla", "-f", "html"],
                    ["render", "{d}/bad.sla", "-f", "html"]),
    "render-docx": (["render", "{d}/good.sla", "-f", "docx"],
                    ["render", "{d}/bad.sla", "-f", "docx"]),
    "render-markdown": (["render", "{d}/good.sla", "-f", "markdown"],
                        ["render", "{d}/bad.sla", "-f", "markdown"]),
    "evaluate-bad-spec": (["evaluate", "{d}/small.sla", "--data", "{d}/data", "--period",
                           "2026-04"],
                          ["evaluate", "{d}/bad.sla", "--data", "{d}/data", "--period",
                           "2026-04"]),
    "evaluate-bad-data": (["evaluate", "{d}/small.sla", "--data", "{d}/data", "--period",
                           "2026-04", "--format", "json"],
                          ["evaluate", "{d}/small.sla", "--data", "{d}/bad-data", "--period",
                           "2026-04", "--format", "json"]),
    "diff": (["diff", "{d}/good.sla", "{d}/small.sla"], ["diff", "{d}/good.sla", "{d}/bad.sla"]),
    "compile-python": (["compile", "{d}/small.sla", "--target", "python"],
                       ["compile", "{d}/bad.sla", "--target", "python"]),
}


def _args(template: list[str], folder: Path, out: Path) -> list[str]:
    return [a.replace("{d}", str(folder)) for a in template] + ["-o", str(out)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_failed_run_keeps_the_earlier_output(files: Path, case: str) -> None:
    if case.startswith("compile") and importlib.util.find_spec("sladsl.compile") is None:
        pytest.skip("sladsl compile is not there yet")
    good, bad = CASES[case]
    out = files / "out" / "result"
    out.parent.mkdir()
    first = invoke(*_args(good, files, out))
    assert first.exit_code == 0, first.output
    before = out.read_bytes()
    assert before

    second = invoke(*_args(bad, files, out))
    assert second.exit_code != 0, second.output
    assert second.exception is None or isinstance(second.exception, SystemExit), second.output
    assert "Traceback" not in second.output
    assert out.read_bytes() == before
    assert _leftovers(out.parent) == []


def _crash(exc: BaseException) -> Callable[..., None]:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise exc

    return crash


@pytest.mark.parametrize("where", ["os.replace", "os.fsync"])
@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "interrupt"])
def test_a_crash_mid_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              where: str, exc: BaseException) -> None:
    target = tmp_path / "contract.html"
    atomic.write_atomically(target, "old contract\n")
    monkeypatch.setattr(f"sladsl.atomic.{where}", _crash(exc))
    with pytest.raises(type(exc)):
        atomic.write_atomically(target, "new contract, half written" * 1000)
    assert target.read_text(encoding="utf-8") == "old contract\n"
    assert _leftovers(tmp_path) == []


def test_commands_report_a_failed_write_without_a_traceback(
        files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = files / "contract.html"
    assert invoke("render", str(files / "good.sla"), "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    monkeypatch.setattr("sladsl.atomic.os.replace", _crash(OSError(28, "No space left")))
    for args in (["render", str(files / "small.sla"), "-o", str(out)],
                 ["evaluate", str(files / "small.sla"), "--data", str(files / "data"),
                  "--period", "2026-04", "-o", str(out)],
                 ["diff", str(files / "good.sla"), str(files / "small.sla"), "-o", str(out)]):
        result = invoke(*args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert "No space left" in result.output and "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit), result.exception
        assert out.read_bytes() == before
    assert _leftovers(files) == []


def test_fmt_keeps_a_file_it_cannot_write(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    messy = files / "messy.sla"
    messy.write_text(SMALL.replace("  currency EUR", "  currency   EUR  "), encoding="utf-8")
    before = messy.read_bytes()
    monkeypatch.setattr("sladsl.atomic.os.replace", _crash(OSError(13, "Permission denied")))
    result = invoke("fmt", str(messy))
    # An output that cannot be written is a usage error (2) by the exit-code rule.
    assert result.exit_code == 2 and "Permission denied" in result.output
    assert messy.read_bytes() == before and _leftovers(files) == []


def test_permissions_are_kept_or_follow_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("x", encoding="utf-8")
    kept.chmod(0o640)
    atomic.write_atomically(kept, b"y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_bytes() == b"y"

    old = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.txt"
        atomic.write_atomically(fresh, "z")
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640  # not mkstemp's private 0o600


def test_text_is_written_exactly(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    atomic.write_atomically(target, "a\r\nb\n€")
    assert target.read_bytes() == "a\r\nb\n€".encode()


def test_only_the_atomic_module_replaces_files() -> None:
    """Every writer shares one helper: no private temp-file-and-rename copies elsewhere."""
    offenders = []
    for path in sorted((ROOT / "sladsl").rglob("*.py")):
        if path.name == "atomic.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"\bos\.replace\(|\bmkstemp\(|\bos\.rename\(", source):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# ---------------------------------------------------------------- many periods


def test_many_periods_name_the_ones_without_data(files: Path) -> None:
    out = files / "report.json"
    result = invoke("evaluate", str(files / "small.sla"), "--data", str(files / "data"),
                    "--from", "2026-01", "--to", "2026-08", "--format", "json", "-o", str(out))
    assert result.exit_code == 3, result.output
    lines = [ln for ln in result.output.splitlines() if "could not evaluate" in ln]
    assert [re.search(r"evaluate (\S+):", ln).group(1) for ln in lines] == [  # type: ignore[union-attr]
        "2026-01", "2026-02", "2026-05", "2026-07", "2026-08"]
    assert all('"Latency"' in ln for ln in lines)
    assert "5 of 8 period(s) could not be evaluated: 2026-01, 2026-02, 2026-05, 2026-07, " \
           "2026-08" in result.output
    # Nothing else is lost: the report is written, with every period in it.
    report = out.read_text(encoding="utf-8")
    for month in range(1, 9):
        assert f'"2026-{month:02d}"' in report


def test_many_periods_with_data_finish(files: Path) -> None:
    result = invoke("evaluate", str(files / "small.sla"), "--data", str(files / "data"),
                    "--from", "2026-03", "--to", "2026-04")
    assert result.exit_code == 0, result.output
    assert "could not" not in result.output


def test_atomic_writer_creates_the_output_folder(tmp_path: Path) -> None:
    from sladsl.atomic import write_atomically

    target = tmp_path / "new" / "deeper" / "report.txt"
    write_atomically(target, "ok\n")
    assert target.read_text(encoding="utf-8") == "ok\n"
    assert [p.name for p in target.parent.iterdir()] == ["report.txt"]


@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "interrupt"])
def test_many_files_replace_their_targets_together(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   exc: BaseException) -> None:
    """``sladsl portfolio``'s reports: all written, or (a flush failing for one of them)
    every target as it was and no temporary file left, in either folder."""
    targets = {tmp_path / "summary.json": "new summary\n"}
    targets.update({tmp_path / "customers" / f"{i:05d}.json": f"report {i}\n"
                    for i in range(1, 41)})
    atomic.write_files_atomically({path: "old\n" for path in targets})
    (tmp_path / "summary.json").chmod(0o640)
    flushed: list[int] = []
    fsync = os.fsync

    def flaky(fd: int) -> None:
        flushed.append(fd)
        if len(flushed) == 17:
            raise exc
        fsync(fd)

    monkeypatch.setattr("sladsl.atomic.os.fsync", flaky)
    with pytest.raises(type(exc)):
        atomic.write_files_atomically(targets)
    assert all(path.read_text(encoding="utf-8") == "old\n" for path in targets)
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "customers") == []
    monkeypatch.setattr("sladsl.atomic.os.fsync", fsync)
    atomic.write_files_atomically(targets)
    assert all(path.read_text(encoding="utf-8") == text for path, text in targets.items())
    assert stat.S_IMODE((tmp_path / "summary.json").stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "customers") == []

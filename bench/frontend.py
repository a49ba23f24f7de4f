"""Workloads 4 and 5: the front end on a large spec, and the start-up of ``sladsl validate``."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .harness import Row, alternate
from .specgen import large_spec

SMALL_SPEC = Path(__file__).resolve().parent.parent / "specs" / "cloud-platform.sla"
HEAVY = ("duckdb", "docx", "pyarrow")


def raw_parse(text: str) -> Any:
    """Lark's LALR parse of ``text`` with the parser sladsl uses, and nothing else."""
    from sladsl.syntax.layout import CURRENT_LAYOUT, Layout
    from sladsl.syntax.parser import lark_parser

    token = CURRENT_LAYOUT.set(Layout())  # the layout postlexer collects comments here
    try:
        return lark_parser().parse(text + "\n", start="start")
    finally:
        CURRENT_LAYOUT.reset(token)


def frontend(lines: int, reps: int) -> list[Row]:
    """``sladsl.loads`` and ``render(spec, "html")`` against the raw parse of the same text."""
    import sladsl
    from sladsl.render import render

    text = large_spec(lines)
    real = len(text.splitlines())
    raw_parse(text)  # builds the cached parser outside the timings
    spec = sladsl.loads(text)
    # CPU time: both sides are single-threaded Python in this process.
    loads_s, parse_s = alternate(lambda: sladsl.loads(text), lambda: raw_parse(text), reps,
                                 clock=time.process_time)
    render_s, parse2_s = alternate(lambda: render(spec, "html"), lambda: raw_parse(text), reps,
                                   clock=time.process_time)
    return [
        Row(f"4. front end, {real:,}-line spec", "sladsl.loads (parse, build, check)",
            "Lark LALR parse", loads_s, parse_s, "<= 1.3x", "CPU time"),
        Row(f"4. front end, {real:,}-line spec", 'render(spec, "html")', "Lark LALR parse",
            render_s, parse2_s, "<= 2x", "CPU time"),
    ]


def cpu_seconds(args: list[str]) -> float:
    """The user and system CPU time of one run of ``args`` (from ``os.wait4``)."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), args)
    return usage.ru_utime + usage.ru_stime


#: The environment of the timed processes: Python may write byte code, as ``pip install`` does
#: for an installed package (``PYTHONDONTWRITEBYTECODE`` would make every run compile sladsl's
#: sources again, while lark and click, installed, come compiled).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def startup(reps: int) -> list[Row]:
    """``sladsl validate`` on a small spec against ``python -c "import lark, click"``."""
    validate = [sys.executable, "-m", "sladsl", "validate", str(SMALL_SPEC)]
    imports = [sys.executable, "-c", "import lark, click"]
    # Each is run once untimed first: byte code is written and the user cache (parse tables,
    # compiled lexer patterns, holiday regions) filled, as after a user's first run. Then the
    # CPU time each process used, alternating (wall-clock start-up on a shared machine is
    # mostly waiting for a core).
    cpu_seconds(validate), cpu_seconds(imports)
    a_runs, b_runs = [], []
    for _ in range(reps):
        a_runs.append(cpu_seconds(validate))
        b_runs.append(cpu_seconds(imports))
    a, b = statistics.median(a_runs), statistics.median(b_runs)
    heavy = heavy_imports()
    note = "CPU time of the process; heavy modules imported: " + (", ".join(heavy) if heavy
                                                                   else "none")
    return [Row("5. start-up", "sladsl validate (small spec)", 'python -c "import lark, click"',
                a, b, "<= 1.5x", note)]


def heavy_imports() -> list[str]:
    """Heavy top-level modules that ``sladsl validate`` imports (from ``-X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sladsl", "validate", str(SMALL_SPEC)],
        capture_output=True, text=True, check=False)
    found = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:"):
            name = line.rsplit("|", 1)[-1].strip()
            if name.split(".")[0] in HEAVY:
                found.add(name.split(".")[0])
    return sorted(found)

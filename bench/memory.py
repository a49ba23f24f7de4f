"""Peak resident memory of one side of a workload, measured in a fresh child process.

``peak("bench.evaluation:requests_sql", path)`` runs that function in a new Python process
(``python -m bench.memory``) and returns the process's peak resident set size in bytes
(Python, DuckDB and every buffer together), so sladsl and its baseline are
measured apart and neither inherits the other's memory. Positional arguments are paths,
keyword arguments plain values. The memory limit of the run (``--memory-limit``) is passed
on, so both sides work under the same limit.
"""

from __future__ import annotations

import importlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


#: The CPU seconds (every thread of the child, user and system) of the last :func:`measure`:
#: on a shared machine, far less disturbed by other jobs than the wall-clock seconds.
last_cpu = 0.0


def measure(function: str, *paths: Path, **options: Any) -> tuple[float, int, Any]:
    """Seconds, peak RSS in bytes and result (its JSON, numbers as text) of
    ``function(*paths, **options)`` in a child process (the seconds of the call alone; its
    CPU seconds in :data:`last_cpu`)."""
    global last_cpu
    from . import evaluation as ev

    job = {"function": function, "paths": [str(p) for p in paths], "options": options,
           "memory_limit": ev.MEMORY_LIMIT}
    result = subprocess.run([sys.executable, "-m", "bench.memory", json.dumps(job)], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{function} failed in its child process:\n{result.stderr}")
    done = json.loads(result.stdout.strip().splitlines()[-1])
    last_cpu = float(done["cpu"])
    return float(done["seconds"]), int(done["peak"]), done["result"]


def peak(function: str, *paths: Path, **options: Any) -> int:
    """Peak RSS in bytes of ``function(*paths, **options)`` in a child process."""
    return measure(function, *paths, **options)[1]


def main() -> None:
    from . import evaluation as ev

    job = json.loads(sys.argv[1])
    ev.MEMORY_LIMIT = job["memory_limit"]
    module, name = job["function"].split(":")
    call = getattr(importlib.import_module(module), name)
    import duckdb  # noqa: F401  (imports before the clock, for both sides alike)

    import sladsl.evaluate.command  # noqa: F401
    t0, c0 = time.perf_counter(), time.process_time()
    result = call(*map(Path, job["paths"]), **job["options"])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    # A process this one started (the Spark JVM, which lives until this process ends) adds
    # its own peak: the sum is an upper bound of the peak of the two together.
    peak = high_water() + sum(high_water(pid) for pid in descendants())
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak": peak, "result": result},
                     default=str))


def descendants() -> list[int]:
    """The live processes under this one (children, their children, ...), from ``/proc``."""
    import os

    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
    mine = os.getpid()
    found = []
    for pid in parents:
        up = parents.get(pid)
        while up is not None and up != mine and up > 1:
            up = parents.get(up)
        if up == mine:
            found.append(pid)
    return found


def high_water(pid: int | None = None) -> int:
    """The peak resident set size in bytes of this process (or of process ``pid``):
    ``VmHWM`` of ``/proc/…/status``.

    Not ``getrusage``: Linux carries ``ru_maxrss`` over ``fork`` and ``execve``, so a child
    would report at least its parent's peak (the benchmark process, with the other side's
    memory in it)."""
    try:
        with open(f"/proc/{pid or 'self'}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    if pid is not None:
        return 0  # gone meanwhile
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB elsewhere


if __name__ == "__main__":
    main()

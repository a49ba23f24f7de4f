"""Timing, the results table and the machine description.

A workload runs sladsl and its baseline in the same process, alternating (A B A B …), so that
drift in the machine's state (caches, frequency, other load) falls on both alike; the table
reports the median of each and their ratio.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    """One line of the table: a workload, its two medians, the ratio and the target."""

    workload: str
    subject: str
    baseline: str
    subject_s: float
    baseline_s: float
    target: str  # "<= 1.5x" (subject/baseline) or ">= 10x" (baseline/subject)
    note: str = ""
    subject_rss: int | None = None  # peak resident memory in bytes (bench.memory), if measured
    baseline_rss: int | None = None

    @property
    def ratio(self) -> float:
        if self.target.startswith(">="):
            return self.baseline_s / self.subject_s
        return self.subject_s / self.baseline_s

    @property
    def met(self) -> bool:
        limit = float(self.target.split()[1].rstrip("x"))
        return self.ratio >= limit if self.target.startswith(">=") else self.ratio <= limit


def alternate(subject: Callable[[], object], baseline: Callable[[], object], reps: int,
              warmup: bool = True,
              clock: Callable[[], float] = time.perf_counter) -> tuple[float, float]:
    """Median seconds of ``subject`` and ``baseline``, run alternately ``reps`` times each.

    ``clock`` is wall-clock time by default; single-threaded Python work is timed with
    ``time.process_time`` (CPU time), which other jobs on a shared machine disturb far less.
    """
    if warmup:
        subject()
        baseline()
    a: list[float] = []
    b: list[float] = []
    for _ in range(reps):
        t0 = clock()
        subject()
        t1 = clock()
        baseline()
        t2 = clock()
        a.append(t1 - t0)
        b.append(t2 - t1)
    return statistics.median(a), statistics.median(b)


def machine() -> dict[str, str]:
    """Core count, memory, CPU model, Python and library versions."""
    import duckdb
    import lark

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cores": str(os.cpu_count()), "memory": f"{mem / 2**30:.1f} GiB", "cpu": cpu,
            "python": platform.python_version(), "duckdb": duckdb.__version__,
            "lark": lark.__version__, "os": platform.platform()}


def _fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _fmt_rss(n: int | None) -> str:
    return "–" if n is None else f"{n / 2**30:.2f} GiB"


def table(rows: list[Row]) -> str:
    """The results as a Markdown table (also readable as plain text)."""
    head = ["workload", "sladsl", "baseline", "sladsl median", "baseline median", "ratio",
            "target", "met", "sladsl peak RSS", "baseline peak RSS"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.workload, r.subject, r.baseline, _fmt_s(r.subject_s), _fmt_s(r.baseline_s),
                 f"{r.ratio:.2f}x", r.target.replace("<=", "≤").replace(">=", "≥"),
                 "yes" if r.met else "**no**", _fmt_rss(r.subject_rss), _fmt_rss(r.baseline_rss)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)

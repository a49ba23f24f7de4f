"""Start-up in CPU time: ``python -m sladsl validate`` against ``python -c "import lark, click"``.

Wall-clock start-up is noisy on a shared machine; the CPU time the process used (from
``os.wait4``) is less so. Run: ``python -m bench.startup_cpu [--reps 7]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from .frontend import SMALL_SPEC, cpu_seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=7)
    reps = parser.parse_args(argv).reps
    sladsl = [sys.executable, "-m", "sladsl", "validate", str(SMALL_SPEC)]
    baseline = [sys.executable, "-c", "import lark, click"]
    cpu_seconds(sladsl), cpu_seconds(baseline)  # byte code and the parser cache, untimed
    a = statistics.median(cpu_seconds(sladsl) for _ in range(reps))
    b = statistics.median(cpu_seconds(baseline) for _ in range(reps))
    print(f"sladsl validate {a * 1000:.0f} ms CPU; baseline {b * 1000:.0f} ms; "
          f"ratio {a / b:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()

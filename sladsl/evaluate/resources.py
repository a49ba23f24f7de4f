"""Bounded memory: every evaluation's DuckDB connection has a memory limit and a folder to
spill to, so that the peak memory does not grow with the input.

DuckDB works out of core: past its ``memory_limit`` it writes intermediate results and the
blocks of loaded tables to its ``temp_directory`` instead of failing. The limit defaults to
half of the machine's physical memory (:data:`DEFAULT_FRACTION`); ``--memory-limit`` takes an
amount (``4GiB``, ``512MB``) or a share of the machine (``25%``). The spill folder is a fresh
folder under ``--temp-dir`` (default: the system's temporary folder), removed when the
evaluation ends, also when it fails or is interrupted. When even spilling cannot finish (the
disk is full, the limit is too small for one group), :func:`out_of_memory` turns DuckDB's
error into one in plain words that names the setting to change.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, SlaUsageError, Span

if TYPE_CHECKING:
    import duckdb

DEFAULT_FRACTION = Fraction(1, 2)
#: Below this DuckDB cannot run even small queries; refusing it early gives a clearer error.
MINIMUM_BYTES = 64 * 2**20
#: The name of every spill folder starts so (``sladsl.evaluate.data`` keeps tables there).
SPILL_PREFIX = "sladsl-spill-"
_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
_AMOUNT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*|%)\s*")


def machine_memory() -> int:
    """The machine's physical memory in bytes."""
    return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))


def _usage(message: str, hint: str) -> SlaUsageError:
    return SlaUsageError([Diagnostic("E905", "error", message, Span.point("<command>", 1, 1),
                                     hint)])


def parse_memory(text: str, total: int | None = None) -> int:
    """Bytes from ``4GiB``, ``512MB``, ``2.5GB`` or ``25%`` (of ``total``, the machine's)."""
    m = _AMOUNT.fullmatch(text)
    unit = m.group(2).lower() if m else ""
    if m is None or (unit != "%" and unit not in _UNITS):
        raise _usage(f"--memory-limit {text!r} is not an amount of memory",
                     "write it like 4GiB, 512MB or 25% (of this machine's memory)")
    value = Decimal(m.group(1))
    if unit == "%":
        if not 0 < value <= 100:
            raise _usage(f"--memory-limit {text} is not a share of the machine's memory",
                         "give a percentage above 0% and at most 100%")
        amount = int(value * (total if total is not None else machine_memory()) / 100)
    else:
        amount = int(value * _UNITS[unit])
    if amount < MINIMUM_BYTES:
        raise _usage(f"--memory-limit {text} is too small to evaluate anything",
                     "give at least 64MiB")
    return amount


@dataclass(frozen=True)
class Resources:
    """How much memory an evaluation may use, and where it spills."""

    memory_limit: int | None = None  # bytes; None: DEFAULT_FRACTION of the machine
    temp_dir: str | None = None  # parent of the spill folder; None: the system's

    @property
    def limit_bytes(self) -> int:
        if self.memory_limit is not None:
            return self.memory_limit
        return int(machine_memory() * DEFAULT_FRACTION)

    @staticmethod
    def from_options(memory_limit: str | None, temp_dir: str | None) -> Resources:
        limit = parse_memory(memory_limit) if memory_limit else None
        if temp_dir is not None and not os.path.isdir(temp_dir):
            raise _usage(f"--temp-dir {temp_dir!r} is not a folder",
                         "name an existing folder with free space to spill to")
        return Resources(limit, temp_dir)


def connect(**config: Any) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection that draws no progress bar (DuckDB draws one on
    standard output, even into a pipe, for any statement of more than two seconds: it would
    end up in a report written there)."""
    import duckdb

    con = duckdb.connect(":memory:", config=config)
    con.execute("SET enable_progress_bar = false")  # a setting of the session, not of config
    return con


@contextlib.contextmanager
def connection(resources: Resources | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB connection limited to the memory of ``resources``, spilling to a
    fresh folder that is removed afterwards (also on an error or an interrupt)."""
    res = resources or Resources()
    spill = tempfile.mkdtemp(prefix=SPILL_PREFIX, dir=res.temp_dir)
    try:
        con = connect(memory_limit=f"{max(res.limit_bytes // 2**20, 1)}MiB",
                      temp_directory=spill)
        try:
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)


@contextlib.contextmanager
def plain_failures(resources: Resources | None) -> Iterator[None]:
    """Re-raises DuckDB's out-of-memory and disk-full failures as :func:`out_of_memory` says."""
    import duckdb

    try:
        yield
    except duckdb.Error as exc:
        plain = out_of_memory(exc, resources)
        if plain is None:
            raise
        raise plain from exc


def out_of_memory(exc: Exception, resources: Resources | None) -> SlaUsageError | None:
    """DuckDB's failure to stay within its memory (or to spill) in plain words, else None."""
    import duckdb

    res = resources or Resources()
    text = str(exc)
    limit = f"{res.limit_bytes / 2**30:.1f} GiB"
    if isinstance(exc, duckdb.OutOfMemoryException) or "Out of Memory" in text:
        return _usage(f"the evaluation needs more memory than its limit of {limit}, even "
                      "when it spills to disk",
                      "raise --memory-limit (e.g. --memory-limit 75%), or evaluate fewer "
                      "periods at once; nothing was written")
    if isinstance(exc, duckdb.IOException) and ("No space left" in text or "disk" in text.lower()):
        where = res.temp_dir or tempfile.gettempdir()
        return _usage(f"the evaluation ran out of disk space while spilling to {where}",
                      "free space there, or give --temp-dir a folder on a larger disk; "
                      "nothing was written")
    return None


#: A converted table is kept in memory when its estimate (:func:`table_bytes`) is at most this
#: share of the memory limit and at most :data:`IN_MEMORY_MAX` bytes (so that the peak stays
#: well under 3 GiB); a larger one goes into a database file that DuckDB compresses as it
#: writes (``sladsl.evaluate.data``), which costs more time to write but little memory.
IN_MEMORY_SHARE = Fraction(1, 4)
IN_MEMORY_MAX = 2 * 2**30
#: Bytes per stored value of each SQL type, and what DuckDB's in-memory row groups add on top
#: (validity masks, partly filled vectors: 10 million requests take 27 bytes a row for 21 of
#: values), rounded up.
_WIDTHS = {"BIGINT": 8, "DECIMAL(18,6)": 8, "DECIMAL(9,3)": 4, "BOOLEAN": 1, "INTEGER": 4}
_OVERHEAD = Fraction(3, 2)
_SAMPLE = 1 << 16


def table_bytes(path: os.PathLike[str], sqltypes: list[str]) -> int:
    """An upper estimate of the memory a converted table of the CSV file ``path`` takes, with
    columns of ``sqltypes``: its rows (the file's size over the mean length of its first lines)
    times their width (text: a string header and at most a whole line of characters)."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        sample = handle.read(_SAMPLE)
    lines = sample.count(b"\n")
    line = max(len(sample) // max(lines, 1), 1)
    width = sum(_WIDTHS.get(t, 16 + line) for t in sqltypes)
    return int(size // line * width * _OVERHEAD)


def in_memory(con: duckdb.DuckDBPyConnection, estimate: int, held: int = 0) -> bool:
    """Whether a table of ``estimate`` bytes stays in memory under ``con``'s memory limit,
    beside tables of ``held`` bytes (estimated alike) kept there already."""
    got = con.execute("SELECT current_setting('memory_limit')").fetchone()
    try:
        limit = parse_memory(str(got[0] if got else "").replace(" ", ""))
    except SlaUsageError:
        return False
    return held + estimate <= min(int(limit * IN_MEMORY_SHARE), IN_MEMORY_MAX)
